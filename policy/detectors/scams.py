"""Scams and spam, by their parts: a lure (a prize, money, a shortcut, a job), a route off the page
(a link, a DM), something to hand over (a fee, card details), posing as the Trust, and things only the
NHS may give (medicines, fit notes) offered for money.
"""

from __future__ import annotations

import re

from policy.detectors.base import Cue, cue
from policy.phrases import Hit
from policy.reading import Reading

# A link or a bare web address that is not the NHS's own ("kgh-verify.com", "bit.ly/x").
_LINK = re.compile(
    r"https?://(?![\w.-]*nhs\.uk)\S+|\bwww\.(?![\w.-]*nhs\.uk)\S+|\b(?:bit\.ly|tinyurl|linktr\.ee)\S*"
    r"|\b[a-z0-9-]+\.(?:com|co\.uk|shop|net|info|xyz|online|store|site|io|biz|top|click|link)\b"
    r"|\b[a-z0-9-]+\[\.\][a-z]{2,}|\b[a-z0-9-]+ dot (?:com|net|shop|info|co)\b"
)
# "Is this real?", "got a text saying...": a person checking a scam they were sent.
_ASKING = re.compile(
    r"\bis (?:this|it|that) (?:real|legit|genuine|a scam)|\bscam\w*\b.*\?|\bgot a (?:text|message|call|email)"
    r"|\bsaw an ad\b|\bdo (?:you|u|u lot|you lot) (?:charge|ask)\b|\bflagging\b|\bin case others\b|\bbeware\b"
    r"|\bwho do i report\b|\bnot allowed\?|\bis (?:that|this) allowed\b|\bwarning:"
    # "Is the recruitment day on the 7th genuine?", "someone sent me a link ... is that actually you?"
    r"|\bis (?:the|this|that|it)\b[^?.!]{0,80}\b(?:real|legit|genuine|actually you|really you|from you)\s*\?"
    r"|\b(?:someone|somebody|a friend) (?:sent|forwarded|messaged) me\b|\bseems? (?:dodgy|fishy|suspicious)\b"
)
# "Is the hospital shop open on Sundays? ...": a post that opens by asking is not selling.
_OPENS_WITH_A_QUESTION = re.compile(r"\s*(?:is|are|does|do|can|could|where|when|what time|how)\b[^?.!]*\?")
# A dose or a count of tablets: "10mg", "x 100".
_DOSE = re.compile(r"\b\d+(?:\.\d+)?\s?(?:mg|mcg|ml)\b|\bx\s?\d+\b|\b\d+\s?(?:tabs|tablets|pills)\b")
# Money or a discount on offer: "£300", "$5k", "500 pounds", "80% off".
_MONEY = re.compile(r"[£$€]\s?\d[\d,.]*k?|\b\d[\d,.]*k? ?(?:pounds|quid|grand)\b|\b\d{1,2}% off\b")


_CUES = tuple(
    f"scams.{g}"
    for g in (
        "prize",
        "money",
        "channel",
        "payment",
        "posing",
        "jobs",
        "followers",
        "claims",
        "medicines",
        "trade",
        "documents",
        "pressure",
        "romance",
        "fake_appeal",
        "commercial",
    )
)


def _match_hit(r: Reading, m: re.Match[str] | None, group: str) -> Hit | None:
    if m is None or not r.tokens:
        return None
    first = next((i for i, t in enumerate(r.tokens) if t.end > m.start()), len(r.tokens) - 1)
    return Hit(group, first, first, m.start(), m.end(), r.tokens[first].clause)


def scams(r: Reading) -> list[Cue]:
    link = _match_hit(r, _LINK.search(r.text), "found.link")
    money = _match_hit(r, _MONEY.search(r.text), "found.amount")
    if not (link or money or r.has(*_CUES)):
        return []  # no lure, link, money or payment
    # "Please don't send me DMs", "will never ask for your bank details": routes and payments refused.
    channel = next((h for h in r.get("scams.channel") if not r.negated(h)), None) or link
    payment = next((h for h in r.get("scams.payment") if not r.negated(h, within=4)), None)
    lure = r.first("scams.prize", "scams.posing", "scams.jobs", "scams.money")
    found: list[Cue] = []
    medicine, trade = r.first("scams.medicines"), r.first("scams.trade")
    appeal = r.first("scams.fake_appeal")
    if appeal and r.has("scams.appeal", "scams.charity") and not _asking(r):
        return [cue("scam", r, appeal)]  # untraceable money for "a cause" is a scam whatever the cause
    # "Diazepam 10mg x 100. DM": a dose or a count of a medicine, and a route off the page.
    dosed = _DOSE.search(r.text) is not None
    if medicine and (trade or ((money or dosed) and channel)) and not _asking(r):
        found.append(cue("medicine_sale", r, trade or money, medicine))
    documents = r.first("scams.documents")
    if documents and (money or trade) and not _asking(r):
        found.append(cue("scam", r, documents, money or trade))
    # Asked for ("your card number"), not refused ("will never ask you to DM your card details").
    credentials = next(
        (
            h
            for h in r.get("scams.credentials")
            if h.first > 0 and r.tokens[h.first - 1].text in ("your", "ur") and not r.negated(h, within=7)
        ),
        None,
    )
    if payment and lure and not _asking(r):
        found.append(cue("scam", r, lure, payment))
    elif credentials and channel and not _asking(r):
        # "Please DM us your card number, expiry and CVV": nobody honest asks for these in a message.
        found.append(cue("scam", r, credentials, channel))
    elif r.has("scams.prize") and (channel or money) and not (_asking(r) or r.has("scams.charity")):
        found.append(cue("scam", r, r.first("scams.prize"), channel or money))
    elif r.has("scams.posing") and (channel or payment) and not _asking(r):
        found.append(cue("scam", r, r.first("scams.posing"), channel or payment))
    elif payment and link and money and not (_asking(r) or r.has("scams.charity")):
        # Details or money handed over through an address that is not the NHS's own: phishing.
        found.append(cue("scam", r, payment, link))
    elif (link or payment) and r.has("scams.pressure") and not _asking(r):
        found.append(cue("scam", r, r.first("scams.pressure"), link or payment))
    elif _romance(r) and not _asking(r):
        found.append(cue("scam", r, *_romance(r)[:2]))
    if found:
        return found[:1] if found[0].kind == "scam" else found
    if r.has("scams.charity"):
        return []  # raising money for the hospital or a cause, whatever the link
    followers = r.first("scams.followers")
    if followers:
        return [cue("spam", r, followers)]
    claims = r.get("scams.claims")
    if claims and (channel or len(claims) >= 2):
        return [cue("spam", r, claims[0], channel)]
    earning = r.first("scams.money")
    if earning and (channel or money) and not _asking(r):
        return [cue("spam", r, earning, channel or money)]
    selling = r.first("scams.commercial")
    # "Follow @bestdeals4u for the best deals": an account to go to is a route off the page.
    channel = channel or _mention(r)
    # A price alone is a complaint about prices; "Is the hospital shop open on Sundays?" a question.
    if selling and channel and not _asking(r) and not _OPENS_WITH_A_QUESTION.match(r.text):
        return [cue("spam", r, selling, channel)]
    return []


def _mention(r: Reading) -> Hit | None:
    """An account the post sends people to: "follow @bestdeals4u"."""
    for start, end in r.mentions():
        first = next((i for i, t in enumerate(r.tokens) if t.end > start), len(r.tokens) - 1)
        if first > 0 and r.tokens[first - 1].text == "follow":
            return Hit("found.mention", first, first, start, end, r.tokens[first].clause)
    return None


def _romance(r: Reading) -> list[Hit]:
    """Flattery or loneliness with a second lure or a move off the page."""
    hits = r.get("scams.romance")
    distinct = {r.tokens[h.first].text for h in hits}
    return hits if len(distinct) >= 2 or (hits and r.has("scams.channel")) else []


def _asking(r: Reading) -> bool:
    """Someone asking whether a message they got is real is warning others, not scamming them."""
    return _ASKING.search(r.text) is not None
