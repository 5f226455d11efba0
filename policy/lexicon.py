"""The words and phrases the engine looks for, grouped by what they signal.

Patterns are matched against folded text (lower case, disguises undone: see policy/folding.py).
They are data, kept apart from the logic in policy/signals.py so that the Trust's comms team can
review them without reading code. Each group is a tuple of regular-expression sources.
"""

from __future__ import annotations

# Someone may harm themselves: escalate at once, never block.
AT_RISK = (
    r"\b(?:kill|hurt|harm|cut)(?:ing)? (?:my ?self|her ?self|him ?self|them ?selves)\b",
    r"\bend (?:it all|my life|things)\b",
    r"\btake my (?:own )?life\b",
    r"\bsuicid\w*",
    r"\b(?:take|taking|took|swallow|swallowing|swallowed|necking|down) (?:all|every one|the whole (?:box|packet|lot)|a load)"
    r" (?:of )?(?:my |these |the )?(?:tablets|pills|meds|medication|paracetamol)\b",
    r"\b(?:won'?t|will not) (?:be here|wake up) (?:tomorrow|in the morning|much longer)\b",
    r"\b(?:this is my last (?:post|message)|goodbye cruel world)\b",
    r"\b(?:want|wanna|going) to die\b",
    r"\bdon'?t want to (?:be here|live|wake up|go on)\b",
    r"\bno (?:point|reason) (?:in )?(?:living|to live|going on)\b",
    r"\bbetter off (?:dead|without me)\b",
    r"\bcan'?t (?:go on|cope) (?:any ?more|like this)\b",
    r"\b(?:i'?ve been|i am|i'?m) self[- ]?harm\w*",
    r"\b(?:going to|gonna) (?:jump off|overdose|od)\b",
    r"\boverdose tonight\b",
)

# Something dangerous is happening on site now: escalate to security / 999.
DANGER_NOW = (
    r"\b(?:waving|with|carrying|holding|brandishing|pulled out|pulling out|swinging)"
    r" (?:a |an |some |his |her )?(?:baseball )?(?:bat|knife|knives|machete|gun|firearm|weapon|axe|hammer|blade|crowbar|sword)s?\b",
    r"\b(?:someone|somebody|a man|a woman|a guy|a bloke|a lad|people|a gang|two men|lads) (?:is |are )?"
    r"(?:fighting|attacking|stabbing|smashing up|setting fire)\b",
    r"\b(?:gunman|shooting|stabbing|bomb threat|suspicious package)\b",
    # Someone doing violence on site now: a person, a violent act, and "now" in one sentence.
    r"\b(?:someone|somebody|a man|a woman|a guy|a bloke|a lad|lads|people|a gang|a group|two men|a patient|"
    r"a visitor|youths|kids)\b[^.!?\n]{0,40}\b(?:smashing|fighting|attacking|stabbing|punching|kicking|"
    r"hitting|threatening|brandishing|setting fire)\b(?![^.!?\n]{0,4}\b(?:for|to|against|cancer|strike)\b)"
    r"(?=[^.!?\n]{0,60}\b(?:right now|now|at the moment|currently|as we speak)\b)",
    r"\b(?:fire(?! alarm| exit| door| drill| safety| escape)|smoke|flames)\b[^.!?\n]{0,30}\b(?:coming (?:from|out)|in|on|at|from)\b"
    r"[^.!?\n]{0,30}\b(?:ward|hospital|building|car park|corridor|roof|kitchen|theatre|entrance|a&e)\b",
    r"\b(?:someone|somebody|a man|a woman|a patient|an old \w+|an elderly \w+|a child|a baby|a lady|a guy) "
    r"(?:has |is |just )?(?:collapsed|fallen and can'?t get up|unconscious|not breathing|bleeding heavily|"
    r"having a (?:seizure|fit|heart attack))\b",
)

_TARGET = (
    r"(?:you|ya|u|yous|him|her|them|the lot of you|staff|nurses?|doctors?|receptionists?|consultants?|"
    r"surgeons?|midwi(?:fe|ves)|porters?|managers?|security|the (?:\w+ )?(?:nurse|doctor|receptionist|"
    r"consultant|surgeon|midwife|porter|manager|staff|chief executive|ceo|guard)s?|your (?:staff|nurses|"
    r"doctors|receptionists)|every(?:one|body))"
)

# Threats against people: threatening (and escalate to security or police).
THREAT = (
    r"\b(?:i'?ll|i will|i'?m going to|im going to|i'?m gonna|im gonna|gonna|going to|we'?ll|we will|"
    r"i'?d like to|i want to|someone should|someone needs to)\s+(?:\w+\s+){0,5}?"
    r"(?:kill|murder|hurt|stab|shoot|batter|beat up|beat|punch|smack|smash|slap|strangle|knock out|glass|"
    r"attack|burn|bomb|find|hunt down|track down|come for|deal with|sort out|get even with|wait for)\s+"
    + _TARGET
    + r"\b",
    r"\bmake (?:you|him|her|them|yous|the \w+) (?:pay|suffer|regret)\b",
    r"\b(?:sort|teach) (?:him|her|them|you|that \w+|the \w+) (?:out|a lesson)\b",
    r"\b(?:you'?ll|you will|you'?re going to|you'?re gonna|ur gonna|they'?ll|she'?ll|he'?ll) "
    r"(?:pay for|regret|be sorry|get what'?s coming|suffer)\b",
    r"\bwatch (?:your|ur|yer) backs?\b",
    r"\byou'?ve been warned\b",
    r"\bnext time (?:it'?ll|it will) be (?:a|the|you|your|one of)\b",
    r"\b(?:deserves?|should) (?:to )?(?:die|be shot|be hanged|be killed|get hurt|be strung up)\b",
    r"\bhope (?:you|he|she|they|u) (?:die|dies|get cancer|gets cancer|rot)\b",
    r"\bburn (?:the|this|that|your) (?:place|hospital|building|ward)(?: down)?\b",
    r"\bsee (?:you|u) (?:outside|after (?:your|ur) shift|in the car park)\b",
    r"\bwait (?:till|until|til) i (?:get|find|see|catch) (?:you|him|her|them|that \w+|the \w+)\b",
    # Weapons in emoji beside a person or a meeting.
    r"(?:🔪|🔫|💣|⚰️|⚰)[^.!?\n]{0,40}\b(?:see you|coming for (?:you|them|her|him)|you'?re next|watch (?:out|your back)|"
    r"outside|waiting for (?:you|her|him))\b",
    r"\b(?:see you|coming for (?:you|them|her|him)|you'?re next|watch (?:out|your back)|outside|waiting for (?:you|her|him))\b"
    r"[^.!?\n]{0,40}(?:🔪|🔫|💣|⚰️|⚰)",
    r"\b(?:won'?t|will not|wont) be (?:walking|breathing|smiling|working|laughing) (?:out|again|for long|much longer)\b",
)

# Violence the author did or applauds: aggressive or violent.
VIOLENCE = (
    r"\b(?:i|we|i'?ve|i just|we just)\s+(?:just\s+)?(?:punched|slapped|kicked|headbutted|head-butted|decked|"
    r"battered|assaulted|attacked|spat at|spat on|shoved|smacked|floored|lamped|glassed)\b",
    r"\b(?:i|we)\s+(?:just\s+)?hit (?:the|a|my|him|her|them|that) (?:\w+ )?(?:nurse|doctor|receptionist|"
    r"guard|wall|staff|security|porter|door|window)\b",
    r"\b(?:i|we)\s+(?:just\s+)?threw (?:my|a|his|her|the|some) (?:\w+ )?(?:at|over)\b",
    r"\b(?:i|we)\s+(?:just\s+)?smashed (?:up|the (?:window|door|screen|place|machine|waiting room))\b",
    r"\b(?:she|he|they) (?:had|has) it coming\b",
    r"(?:^|[.!?]\s*)(?:just )?(?:punched|kicked|smashed|headbutted|slapped|decked) (?:a|the|his|her|that|some)\b",
    r"\b(?:i|we) (?:kicked off|lost it) (?:at|with|on) (?:the|a|her|him|them)\b",
)

# Words without one of which no VIOLENCE pattern can match: checked first, because most posts have none.
VIOLENCE_GATE = frozenset(
    """
    punched slapped kicked headbutted butted decked battered assaulted attacked spat shoved smacked
    floored lamped glassed hit threw smashed coming lost
    """.split()
)

# Targeting an individual: stalking, doxxing, sexual harassment, brigading.
HARASSMENT = (
    r"\bi know (?:where|which \w+|what \w+|when|what time) (?:you|u|she|he|they|the \w+|your \w+)"
    r" (?:live|lives|park|parks|go|goes|work|works|drive|drives|finish|finishes|leave|leaves|sleep|are|is)\b",
    r"\b(?:i'?ve been|been|i am|i'?m) (?:watching|following) (?:you|u|her|him)\b",
    r"\bi'?ll be waiting (?:for you|outside)\b",
    r"\bwhat time (?:does|do) (?:she|he|nurse \w+|dr \w+|sister \w+) (?:finish|leave|get off)\b",
    r"\blives (?:at|on) (?:number \d+|\d+|[a-z]+ (?:road|street|close|avenue|lane|drive|way|crescent|gardens))\b",
    r"\bwhen (?:her|his|your|ur) shift (?:ends|finishes)\b",
    r"\b(?:she|he|you) knows? what (?:she|he|you) (?:did|done)\b",
    r"\b(?:her|his) (?:home )?(?:address|phone number|number|mobile|car reg) is\b",
    r"\b(?:sexy|fit|hot|tasty) (?:nurse|nurses|doctor|receptionist|midwife|physio)s?\b",
    r"\bsend (?:me )?(?:nudes|pics|photos of (?:you|yourself))\b",
    r"\b(?:everyone|let'?s all|let'?s|we should all|all of you) (?:report|spam|flood|bombard|brigade|troll)\b",
)

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

# Insults: abusive or insulting. Whole words; letters may be repeated ("idiooots") or masked ("f***").
INSULT_WORDS = tuple(
    """
    moron idiot imbecile cretin muppet numpty numpties halfwit dimwit dunce nitwit clowns scum
    scumbag vermin parasite lowlife subhuman loser tosser twat prick dickhead knobhead bellend
    wanker arsehole asshole bastard bitch slag cunt fuckwit fuckface dumbass dipshit shitbag
    jobsworth pillock plonker donkeys wankers butchers
    """.split()
)
INSULT_PHRASES = (
    r"\bthick as (?:mince|shit|pigshit|two short planks|a brick|a plank|they come)\b",
    r"\bshower of (?:useless |absolute |total )?(?:shite|shit|morons|idiots|clowns|\w+)\b",
    r"\bwastes? of (?:space|oxygen|skin|air)\b",
    r"\bbrain ?dead\b",
    r"\bstupid (?:cow|bitch|woman|man|people|idiots?|morons?|fools?)\b",
    r"\buseless (?:bunch|lot|shower|pricks|twats|bastards|cows|gits|sods)\b",
    r"\bpond ?life\b",
    r"\b(?:you'?re|you are|ur|u r|she'?s|he'?s|she is|he is) (?:so |really |such an? |an? )?"
    r"(?:ugly|fat|worthless|vile|thick|stupid|dumb|a waste of space|a disgrace to)\b",
    r"🖕",
)
# Words (or characters) without one of which no INSULT_PHRASES pattern can match.
INSULT_PHRASES_GATE = frozenset(
    """
    thick shower waste wastes brain braindead stupid useless pond pondlife ugly fat worthless vile dumb
    disgrace 🖕
    """.split()
)
DIRECTED_PROFANITY = (
    r"\b(?:fuck|fck|fuk|fcuk|fk|screw|sod|frig)\s+(?:you|u|yous|off|yourselves|yourself|the lot of you|kgh|the nhs|them|this place|"
    r"the hospital|the trust)(?![a-z])",
    r"\bgo (?:fuck|screw|frig) (?:yourselves|yourself|off)(?![a-z])",
    r"\bget fucked\b",
    r"\bstfu\b",
    r"\bpiss off\b",
    r"\bup yours\b",
    r"\bshove it up\b",
)
# Slurs and sexual abuse: severe enough to block on a first post.
# Telling people to leave the country, or that staff of a nationality should go: hate, blocked.
HATE = (
    r"\bgo back (?:to|where) (?:your own country|your country|where you came from|you came from)\b",
    r"\b(?:foreign|immigrant|migrant|black|asian|muslim|polish|indian|african) (?:doctors|nurses|staff|people)"
    r" (?:should|must|need to|ought to) (?:go|leave|be sent|be deported|get out)\b",
    r"\b(?:send|ship|deport) (?:them|the lot of them|these \w+) (?:all )?back\b",
)
SLUR_WORDS = tuple(
    """
    retard retards retarded spastic spaz mong paki pakis nigger nigga chink wog coon kike towelhead
    faggot fag tranny poofter
    """.split()
)

# Reported speech and self-deprecation are not abuse by the author.
NOT_ABUSE_BEFORE = (
    r"\bcalled (?:me|us|my \w+|him|her|them) (?:an? |a bloody |a fucking )?$",
    r"\b(?:i|i'?m|i am|i was|i felt|i feel|i look|i looked|made me (?:feel|look)|treated (?:me|us) like)"
    r" (?:like )?(?:an? |such an? |a complete |a total |an absolute )?$",
    r"\bnot (?:an? )?$",
    r"\b(?:told|telling|asked) (?:me|us|my \w+|him|her|them) to $",
    r"\b(?:said|says|shouted|yelled|swore|screamed)(?: at me| to me| at us)?:? ['\"“‘]?$",
    # Inside a quotation the author is reporting: 'he said "you are a moron" to my mum'.
    r"\b(?:said|says|shouted|yelled|screamed|called|wrote|told (?:me|us))\b[^\"“]{0,12}[\"“][^\"”]{0,30}$",
)

# Medical misinformation: a health subject near a false or frightening claim, or advice to refuse care.
MISINFO_SUBJECT = (
    r"\b(?:vaccin\w*|vax\w*|jabs?|flu jab|mmr|boosters?|immunis\w*|chemo\w*|antibiotics?|medication|meds|"
    r"insulin|statins?|fluorid\w*|5g|face ?masks?|covid|radiotherapy|paracetamol|calpol)\b"
)
MISINFO_CLAIM = (
    r"\b(?:micro ?chips?|chipp?ed|poison\w*|autism|autistic|depopulat\w*|sterilis\w*|steriliz\w*|"
    r"alters? (?:your |our )?dna|track(?:ing|s)? (?:you|people|us)|experiment\w*|bio ?weapons?|hoax|plandemic|"
    r"nanobots?|mind control|graphene|kill(?:s|ing)? (?:people|kids|children|babies|you)|"
    r"causes? (?:cancer|autism|infertility|death)|secretly)\b"
)
MISINFO_CALL = (
    r"\bdon'?t let (?:them|the nurses|the doctors|the hospital|anyone) (?:near|vaccinate|jab|inject|touch)\b",
    r"\b(?:don'?t|never|do not) (?:get|take|have|give) (?:the|your|a|them|their|any) "
    r"(?:jab|jabs|vaccine|vaccines|flu jab|booster|mmr|chemo|medication)\b",
    r"\bstop taking (?:your|their|ur) (?:meds|medication|insulin|tablets|chemo)\b",
    r"\b(?:bleach|turpentine|ivermectin|apricot kernels?|colloidal silver|black salve) (?:cures?|kills|treats)\b",
    r"\bcures? cancer (?:with|naturally|by)\b",
    r"\b(?:they|the government|big pharma|the nhs) (?:don'?t|do not) want you to know\b",
)

# Information that helps someone get in or do harm: door codes, unlocked doors, blind spots.
SECURITY_INFO = (
    r"\b(?:door|keypad|key pad|entry|entrance|access|gate|lock|alarm|wifi|wi-fi|staff room|drug room|"
    r"drugs cupboard|cd cupboard|pharmacy|ward|lift) ?(?:door )?(?:code|pin|password|combination|combo)s?\b"
    r"[^.!?\n]{0,40}?[0-9#*]{3,}",
    r"\b(?:easiest|best|quickest|sneakiest) way (?:in|to get in|to sneak in|into)\b",
    r"\b(?:back|side|fire|staff|rear) (?:door|entrance|exit)s?(?: \w+){0,3}? (?:is |are |gets |get )?(?:always |usually |often )?"
    r"(?:open|unlocked|propped(?: open)?|broken|left open)\b",
    r"\b(?:cameras|cctv) (?:don'?t|do not|doesn'?t) (?:work|cover)\b",
    r"\b(?:code|pin|password|passcode)\b[^.!?\n]{0,50}?\b(?:is|=|:)\s*[0-9#*]{3,}",
)

# Scams and phishing: detrimental to the Trust (and its name used to lend them credibility).
SCAM = (
    r"\b(?:you(?:'ve| have)?|u have|you are|you'?re) (?:won|been selected|a winner|the winner)\b",
    r"\b(?:lottery|prize|giveaway|giving away|raffle|voucher|refund|grant|reward|free (?:ipads?|iphones?|gift cards?))\b[^.!?\n]{0,80}"
    r"\b(?:bank details|card details|account details|sort code|pin|password|fee|click|claim|verify|dm|inbox)\b",
    r"\b(?:send|give|enter|confirm|verify) (?:us |me )?(?:your )?(?:bank|card|account|login|payment) "
    r"(?:details|number|info)\b",
    r"\bclaim (?:your|it|now)\b[^.!?\n]{0,40}\b(?:link|click|dm|fee|details)\b",
    # Posing as the Trust, or asking for personal details by private message.
    r"\b(?:this is the|we are the|we'?re the|i am the|i'?m the) (?:official|real|genuine) (?:kgh|kettering|nhs|hospital|trust)\b",
    r"\b(?:dm|message|inbox|send|text) (?:us|me) (?:your )?(?:personal |bank |card )?(?:details|nhs number|date of birth|dob|"
    r"bank details|card number|password)\b",
    r"\b(?:click|tap) (?:here|the link|this link|below)\b[^.!?\n]{0,60}\b(?:claim|refund|prize|winnings|free)\b",
    r"\b(?:nhs|covid|hmrc|tax) (?:refund|rebate|grant|payment)\b[^.!?\n]{0,60}(?:https?://|bit\.ly|tinyurl|click|claim)",
)

# Commercial spam and self-promotion: unwanted; blocked as spam.
SPAM = (
    r"\b(?:earn|make|making|earning) (?:£|\$|€|up to £|up to \$)?\d[\d,.]*k? ?(?:a day|per day|a week|per week|"
    r"daily|weekly|a month|per month|from home|an hour)\b",
    r"\bwork(?:ing)? from home\b[^.!?\n]{0,60}(?:£|\$|earn|income|cash)",
    r"\b(?:click|link|check|see|visit) (?:in |the link in )?(?:my |the )?bio\b",
    r"\b(?:dm|message|inbox|pm) me (?:for|to|now)\b",
    r"\b(?:crypto|bitcoin|forex|nft|binary options?)\b[^.!?\n]{0,40}\b(?:invest\w*|profits?|trading|signals|earn)\b",
    r"\b(?:free followers|buy followers|follow for follow|f4f|onlyfans|only fans|hot singles|18\+ content)\b",
    r"\b(?:cheap|discount\w*|buy) (?:\w+ )?(?:meds|pills|viagra|cialis|weight loss|steroids)\b",
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
INSIDER_SOURCE = (
    r"\b(?:works? (?:in|at|on) (?:records|the ward|a&e|admin|medical records|kgh|the hospital|reception)|"
    r"(?:my|a) (?:mate|friend|cousin|sister|brother|mum|aunt|auntie|neighbour|pal) (?:who )?(?:is a|works)|"
    r"heard (?:from|that)|a nurse (?:told|said)|someone (?:in|from) (?:records|the ward|a&e|admin)|"
    r"i saw (?:his|her|their) (?:notes|records|file|chart)|(?:says|said|told me) (?:that )?(?:the|her|his))"
)
IDENTIFIABLE_PERSON = (
    r"\b(?:the|that|our) (?:footballer|mayor|mp|vicar|headteacher|head teacher|celebrity|councillor|"
    r"presenter|singer|actor|actress|boxer|influencer|weatherman|newsreader)(?:'s \w+)?\b|\bsomeone famous\b|"
    r"\b(?:a|the) (?:local )?celeb(?:rity)?\b"
)
# A patient placed by bed or bay: with a third person and a clinical detail, someone else's information.
LOCATED_PATIENT = r"\b(?:bed|bay|cubicle|side room) \d+\b"
THIRD_PERSON = (
    r"\b(?:she|he|her|his|the (?:man|woman|lady|guy|bloke|patient|old \w+|young \w+|girl|boy|kid)|"
    r"this (?:man|woman|lady|patient|guy|bloke))\b"
)
GOSSIP = (r"🤫|🤐|\bdon'?t tell anyone\b|\bkeep it quiet\b|\byou didn'?t hear it from me\b",)

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
# Someone describing a medical emergency to a social media account: tell them where to get help now.
URGENT_MEDICAL = (
    r"\b(?:my waters (?:have )?(?:broken|broke|gone)|waters (?:have )?broken|chest pains?|can'?t breathe|"
    r"struggling to breathe|bleeding (?:heavily|a lot|won'?t stop)|(?:i'?m|i am|i think i'?m) having a "
    r"(?:stroke|heart attack|seizure|fit|miscarriage)|swallowed (?:bleach|pills|a battery|tablets))\b"
)
COMPLAINT = (
    r"\b(?:complain\w*|concerns?|unhappy|disgust\w*|appall\w*|shocking|terrible|awful|failed|neglect\w*|"
    r"rude|ignored|nobody listened|no one listened|not good enough|unacceptable|disgrace\w*|lost|cancel\w*|"
    r"delayed|wet chair|left for hours|sat for hours|treatment of|let down|worst|waited|waiting|lazy|incompetent|"
    r"useless|shambles|joke|missed|wrong|inhumane|trolley|corridor|outrage\w*|scandal\w*|\d+ hours)\b"
)

# Thanks and praise: reply with the compliment wording.
PRAISE = (
    r"\b(?:thank(?:s| you)|thankyou|ta very much|well done|amazing|brilliant|fantastic|wonderful|lovely|"
    r"great (?:job|work|team|care|effort)|so kind|grateful|superstars?|heroes|angels?|congrat\w*|proud of|"
    r"kudos|shout ?out|looked after|credit to|bravo|nice one|excellent|outstanding|couldn'?t fault|"
    r"smashed it|smashed my|killing it|good luck|best wishes|great job|stars?|superb|incredible|"
    r"the best (?:care|team|staff|nurses|doctors|midwives|hospital|service)|"
    r"first class|so grateful|legends?|top notch|fair play|spotless|hats off|impressed|cheers to)\b",
    r"❤️|❤|💙|🙏|👏|🏅|💪|🥰|😍|⭐|🌟",
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
QUESTION_START = r"^\s*(?:what|where|when|how|is|are|can|could|do|does|will|would|who|which|why|any ?one)\b"
