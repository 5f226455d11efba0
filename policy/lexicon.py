"""The everyday patterns the engine still reads as regular expressions: own cases, complaints,
praise, questions the wording answers, and the older confidentiality cues.

Everything about risk, threats, abuse, hate, scams and hazards has moved to the vocabulary
(policy/vocabulary/*.toml) and its detectors (policy/detectors/); these groups are next to move.
Patterns are matched against folded text (lower case: see policy/folding.py).
"""

from __future__ import annotations

# Mockery: combined with an insult or disparagement it is trolling.
DERISION = (
    r"\bimagine (?:being|working|going|paying|thinking)\b",
    r"\b(?:lol|lmao|lmfao|rofl|kek|ha(?:ha)+)\b",
    r"🤣|😂|🤡|🥱",
    r"\bcry (?:more|about it)\b",
    r"\b(?:cope|seethe|ratio)\b",
    r"\b(?:go on|go ahead),? block me\b",
)
DISPARAGE = (
    r"\b(?:dump|shithole|shit ?hole|hellhole|hell hole|cesspit|circus|clown show|joke of a)\b",
    r"\blosers?\b",
)

# The author says they will keep posting until answered: unwanted repetition announced.
PERSISTENCE = (
    r"\b(?:i'?ll|i will|gonna|going to|i'?m going to) (?:keep )?(?:spam|spamming|flood|flooding|bombard|"
    r"keep posting|keep asking|keep commenting|post this every|tag you every|keep tagging)\b",
)
# Pressing for a public answer: on its own nothing, after advice it is continued contact.
PUBLIC_PRESSURE = (
    r"\buntil (?:someone|somebody|you) (?:answers?|replies|responds|gets back)\b",
    r"\btell me (?:here|on here|publicly)\b",
    r"\bstill no (?:answer|reply|response)\b",
    r"\bkeep asking (?:publicly|here|on here)\b",
    r"\b(?:don'?t|do not|won'?t|will not) (?:want to )?(?:phone|ring|call|email) (?:anyone|pals|them)\b",
)

# Confidential patient information about someone else.
CLINICAL_CONTEXT = (
    r"\b(?:bed|bay|resus|ward|a&e|icu|itu|hdu|scbu|nicu|admitted|brought in|blue[- ]lighted|overdose|od'?d|"
    r"diagnos\w*|surgery|operation|treated for|treatment for|dying|died|passed away|cancer|chemo|stroke|"
    r"heart attack|miscarr\w*|pregnan\w*|termination|abortion|hiv|std|sti|dementia|sectioned|psych ward|"
    r"mental health unit|rehab|detox|discharged|in hospital|on the ward|in theatre|biopsy|test results|"
    r"hasn'?t been fed|not been fed|bed sores?|fractured?|broken (?:hip|leg|arm)|died|mortuary)\b"
)
# A patient placed by bed or bay: with a third person and a clinical detail, someone else's information.
LOCATED_PATIENT = r"\b(?:bed|bay|cubicle|side room) \d+\b"
THIRD_PERSON = (
    r"\b(?:she|he|her|his|the (?:man|woman|lady|guy|bloke|patient|old \w+|young \w+|girl|boy|kid)|"
    r"this (?:man|woman|lady|patient|guy|bloke))\b"
)

# The author's own (or their family's) care: signpost, don't discuss in public.
FAMILY = (
    r"\bmy (?:mum|mom|mother|dad|father|wife|husband|partner|son|daughter|baby|child|kid|kids|children|nan|"
    r"nanna|nana|gran|granny|grandma|grandad|grandpa|grandfather|grandmother|brother|sister|aunt|auntie|"
    r"uncle|niece|nephew|fiance|fiancee|boyfriend|girlfriend|family|relative|little one|toddler|newborn|"
    r"twins|step ?\w+|father-in-law|mother-in-law)(?:'s)?\b"
)
CARE_NOUNS = (
    r"\b(?:appointments?|operations?|ops?|surgery|scans?|x-?rays?|mri|ct|results|referral|letters?|treatment|"
    r"care|complaint|tests?|procedures?|consultant|medication|prescription|discharge|follow[- ]?up|"
    r"waiting list|admission|diagnosis|notes|records|records?|blood tests?|biopsy|clinic letter|"
    r"phone number|address|details|gp|bed|stay|birth|labour|delivery)\b"
)
OWN_CASE = (
    r"\b(?:i|we) (?:was|were|have been|'ve been|am|'m|had been) (?:seen|admitted|discharged|treated|waiting|"
    r"told|sent|left|ignored|kept waiting|refused|turned away|given|sent home|misdiagnosed)\b",
    r"\bwaiting (?:for|on) (?:a|my|the|her|his|our) (?:call|letter|appointment|results|operation|scan|referral)\b",
    r"\bmine was\b",
    r"\b(?:i|we)(?:'ve| have)? (?:had to )?wait(?:ed)? (?:\d+|over|nearly|almost|hours|weeks|months|ages)\b",
    r"\b(?:nobody|no one|no-one) (?:listened|cared|came|helped|answered)\b",
    r"\bfailed (?:us|me|my|our)\b",
    r"\bcan you (?:check|look into|find out|chase|tell me)\b",
    r"\bwhen will (?:i|my|we|our)\b",
    r"\bwhy (?:has|was|is|did|have|were) (?:my|our|i|we)\b",
    r"\bwho do i (?:chase|contact|speak to|call|ring)\b",
    r"\b(?:i|we) (?:want|wish|would like|need) to (?:complain|make a complaint|raise a concern|speak to someone)\b",
    r"\bmy complaint\b",
    # "I want this looked into properly", "I want to know how that happened", "how do I complain".
    r"\b(?:i|we) (?:want|need) (?:this|it|that) (?:looked into|investigated|sorted)\b",
    r"\b(?:i|we) want to know (?:why|how|who)\b",
    r"\bhow (?:do|can) (?:i|we) (?:complain|make a complaint|raise a concern)\b",
    # "waited 14 weeks for an ENT appointment then got cancelled": the author's own wait, said without "I".
    r"^\s*(?:waited|been waiting|sat|spent) (?:\d+|over|nearly) (?:hours|hrs|weeks|months)\b",
    r"\b(?:told|called|shouted at|swore at|yelled at|was rude to|spoke to|laughed at) (?:me|us|my \w+)\b",
    r"\bsaid (?:i|we) (?:was|were|am|are)\b",
)
# Mentioning one's own care: their case, unless it is only a practical question ("can I bring a pillow
# for my operation?"), which is answered with service information.
MY_CARE = (
    r"\b(?:my|our) (?:\w+ ){0,2}?(?:appointment|operation|op|surgery|scan|x-?ray|mri|results|referral|letter|"
    r"treatment|care|tests?|procedure|consultant|medication|prescription|discharge|follow[- ]?up|admission|"
    r"diagnosis|notes|records|blood tests?|biopsy|phone number|address|details|bed|stay)\b"
)
PRACTICAL_QUESTION = (
    r"^\s*(?:(?:can|could|may) (?:i|we)|(?:is|are) (?:there|it ok|it okay|dogs|children|kids|visitors)|"
    r"(?:where|how) (?:do|can|should) (?:i|we)|what time|am i allowed|do i need|is it possible)\b"
)
COMPLAINT = (
    r"\b(?:complain\w*|concerns?|unhappy|disgust\w*|appall\w*|shocking|terrible|awful|failed|neglect\w*|"
    r"rude|ignored|nobody listened|no one listened|not good enough|unacceptable|disgrace\w*|cancel\w*|"
    # Lost things, not "lost without her phone".
    r"lost (?:my|his|her|their|our)|(?:they|you|you've|youve) lost|(?:has|have) been lost|lost in the post|"
    r"delayed|wet chair|left for hours|sat for hours|treatment of|let down|worst|waited|waiting|lazy|incompetent|"
    r"useless|shambles|joke|missed|wrong|inhumane|trolley|corridor|outrage\w*|scandal\w*|\d+ hours? (?:wait|waiting|on a trolley|in a&e|in the corridor))\b"
)

# Praise that means the opposite: the post is a complaint, not a compliment.
SARCASM = (
    r"🙄|😒|🤦|\byeah right\b|(?<!\w)/s\b|\bthanks for nothing\b|\bcheers for nothing\b",
    r"\b(?:well done|great job|nice one|thanks|bravo)\b[^.!?\n]{0,30}\banother\b",
)

# Questions the approved wording answers.
SHARING_QUESTION = (
    r"\b(?:why (?:did|do|are|have) you|you) (?:re-?)?(?:tweet\w*|retweet\w*|share\w*|sharing|post\w*|repost\w*|"
    r"promot\w*|like\w*)\b",
    r"\bendors\w*\b",
    r"\bare you (?:supporting|backing|behind|with) (?:their|his|her|them|this|that)\b",
)
STAFF_ACCOUNT_QUESTION = (
    r"\b(?:tiktok|instagram|insta|twitter|facebook|youtube|account|page|profile|channel|videos?|posts?)\b"
    r"[^.!?\n]{0,60}\b(?:official|legit|real|endorsed|affiliated|yours|speak for)\b",
    r"\b(?:official|legit|endorsed|affiliated)\b[^.!?\n]{0,60}\b(?:tiktok|instagram|insta|twitter|facebook|"
    r"youtube|account|page|profile|channel)\b",
    r"\b(?:nurse|doctor|member of staff|staff member|employee|works? (?:in|at|for) (?:your|the|kgh))\b"
    r"[^.!?\n]{0,60}\b(?:her|his|their|own) (?:tiktok|instagram|insta|twitter|facebook|youtube|account|page|"
    r"channel|videos?)\b",
)
HOURS_QUESTION = (
    r"\b(?:what|which) (?:hours|times?|days)\b[^.!?\n]{0,40}\b(?:staffed|monitored|manned|answer\w*|repl\w*|"
    r"respond\w*|online|check\w*)\b",
    r"\b(?:no (?:reply|response|answer)|got nothing|nobody (?:replied|answered)|no one (?:replied|answered)|"
    r"ignored my (?:message|dm|post))\b",
    r"\b(?:when|how long) (?:do|will|does|did) (?:you|someone|this page|anyone) (?:take to )?"
    r"(?:reply|respond|answer|get back)\b",
    r"\b(?:is|are) (?:this page|this account|you|anyone) (?:monitored|staffed|manned)\b",
    r"\b(?:hasn'?t|has not|haven'?t|have not) (?:anyone|anybody|someone|you) (?:replied|responded|answered|got back)\b",
    r"\b(?:does|do|is|will) (?:anyone|anybody|someone|you) (?:actually |ever )?(?:read|check|monitor|look at|answer|reply to)"
    r" (?:the |your )?(?:messages|comments|this page|dms|posts)\b",
)
SERVICE_TOPIC = (
    r"\b(?:visiting|visit|visitors?|parking|park|car park|open|opening|closed|hours|times?|pharmacy|clinic|"
    r"a&e|minor injuries|eye casualty|directions|bus|address|cafe|canteen|shop|cash machine|wifi|jobs|"
    r"vacancies|volunteer\w*|blood tests?|phlebotomy|x-?ray|walk[- ]in|treatment centre|ward|maternity|"
    r"children'?s ward|tests?|hearing|services?|referrals?|waiting (?:times?|list)|wait|update|register|"
    r"flu jab|vaccin\w*|appointments?)\b"
)
QUESTION_START = (
    r"^\s*(?:what|whats|where|wheres|when|how|hows|is|are|can|could|do|does|will|would|who|whos|which|why|"
    r"any ?one)\b"
)
