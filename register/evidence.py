"""The evidence pack for one account: what Security or the police are sent.

Everything the register holds about the account, in the order it was logged: every check (London
time, action, the criteria with the policy's own clause, the redacted text, the link), advice given,
blocks with their rationale and who decided, reviews and lifts, with the register's integrity check
(`register.integrity`) and the pack's version. `gather` builds it (data only); `register.evidence_files`
writes it as HTML and CSV, and `cards.evidence` summarises it in Teams. Only what the register stores
goes in, and it stores texts redacted: a post's full text is never kept, so it cannot leak here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from policy.pack import PolicyPack
from register import readable
from register.base import Register
from register.integrity import Integrity, check_integrity
from register.model import AuditEvent, normalise_account

# The evidence pack's own format: bumped when what it holds or how it is laid out changes.
PACK_VERSION = "1"

_LABELS = {
    "assessed": "Post checked",
    "advised": "Account advised",
    "block_created": "Block recorded",
    "block_kept": "Block kept at review",
    "block_snoozed": "Block review snoozed",
    "block_lifted": "Block lifted",
}


@dataclass(frozen=True)
class Criterion:
    id: str
    title: str
    clause: str  # the policy's own sentence


@dataclass(frozen=True)
class Entry:
    """One thing that happened, as the pack shows it; `row` is the same event as audit.csv has it."""

    label: str
    event: AuditEvent
    criteria: tuple[Criterion, ...]
    row: dict[str, str]


@dataclass(frozen=True)
class EvidencePack:
    account: str
    platform: str | None  # only this platform's checks and blocks, when given
    generated_at: datetime
    policy: str  # the policy's title and the policy pack's version
    integrity: Integrity
    entries: tuple[Entry, ...]

    @property
    def counts(self) -> Counter[str]:
        return Counter(entry.event.kind for entry in self.entries)

    @property
    def checks_by_action(self) -> Counter[str]:
        return Counter(entry.row["action"] for entry in self.entries if entry.event.kind == "assessed")

    @property
    def title(self) -> str:
        on = f" on {self.platform}" if self.platform else ""
        return f"Evidence pack: {self.account}{on}"


def _criteria(ids: object, pack: PolicyPack) -> tuple[Criterion, ...]:
    found = []
    for criterion_id in ids if isinstance(ids, list | tuple) else ():
        try:
            known = pack.criterion(str(criterion_id))
            found.append(Criterion(known.id, known.title, known.clause))
        except KeyError:
            found.append(Criterion(str(criterion_id), str(criterion_id), "(not in the current policy pack)"))
    return tuple(found)


def _on_platform(events: list[AuditEvent], platform: str) -> list[AuditEvent]:
    """The account's events on `platform`: its checks and blocks there (a block's reviews go with it)
    and the advice given, which belongs to the account wherever it posts."""
    blocks_there = {
        event.block_id
        for event in events
        if event.kind == "block_created" and event.details.get("platform") == platform
    }
    return [
        event
        for event in events
        if event.kind == "advised"
        or (event.kind == "assessed" and event.details.get("platform") == platform)
        or (event.block_id is not None and event.block_id in blocks_there)
    ]


async def gather(
    register: Register, account: str, pack: PolicyPack, now: datetime, platform: str | None = None
) -> EvidencePack:
    """The pack for `account` (and only `platform`'s checks and blocks, when given), as of `now`."""
    handle = normalise_account(account)
    events = [event for event in await register.audit(account=handle) if event.kind in _LABELS]
    if platform is not None:
        events = _on_platform(events, platform)
    rows = readable.rows(events)
    entries = tuple(
        Entry(_LABELS[event.kind], event, _criteria(event.details.get("criteria"), pack), row)
        for event, row in zip(events, rows, strict=True)
    )
    return EvidencePack(
        account=handle,
        platform=platform,
        generated_at=now,
        policy=f"{pack.policy_title}, policy pack version {pack.version}",
        integrity=await check_integrity(register),
        entries=entries,
    )
