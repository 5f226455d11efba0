"""The monthly report's figures, computed from the register's audit log and blocks. Pure: no I/O.

Everything is counted by the Trust's clock and calendar: an event belongs to the month (and the week,
Monday to Sunday, cut at the month's ends) in which its time falls in London, and "out of hours" is
the policy's monitored hours less England's public holidays (`policy.hours`).

- checks: every stored check ("assessed" with an id) by the engine's action, by each criterion it
  flagged and by platform, week by week, and how many came out of monitored hours;
- blocks recorded, kept, lifted and snoozed in the month;
- reviews (a Keep or a Lift) on time or late against the review date in force when they were made
  (a snooze moves that date), and each late one: whose block, who reviewed it and how late;
- blocks overdue now: active, with a review date before today, the longest overdue first;
- agreement with the team: of the month's checks that have the team's verdict
  (`register.verdicts`), how many it agreed with, by the engine's action and by criterion (a
  criterion is judged on a check when the engine or the team named it, and agreed when both did),
  and the checks it disagreed with;
- the median time from a check to a block recorded from its card.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from policy.hours import is_monitored
from policy.pack import PolicyPack
from register.model import AuditEvent, Block
from register.verdicts import JudgedCheck, disagreements, judged_checks

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
NO_PLATFORM = "not given"


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        """ "2026-11" as a month; anything else is a ValueError saying how to write one."""
        found = _MONTH.match(text.strip())
        # Years 1 to 9998: the month's first day and the day after its last are calendar dates.
        if found is None or not 1 <= int(found.group(2)) <= 12 or not 1 <= int(found.group(1)) <= 9998:
            raise ValueError(f"{text!r} is not a month: write it as YYYY-MM, e.g. 2026-11")
        return cls(int(found.group(1)), int(found.group(2)))

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    @property
    def first(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last(self) -> date:
        following = date(self.year + self.month // 12, self.month % 12 + 1, 1)
        return following - timedelta(days=1)

    @property
    def label(self) -> str:
        return f"{self.first:%B %Y}"

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def weeks(self) -> list[tuple[date, date]]:
        """Monday-to-Sunday weeks, the first and last cut at the month's ends."""
        weeks = []
        start = self.first
        while start <= self.last:
            end = min(start + timedelta(days=6 - start.weekday()), self.last)
            weeks.append((start, end))
            start = end + timedelta(days=1)
        return weeks


@dataclass(frozen=True)
class Agreement:
    judged: int
    agreed: int

    @property
    def share(self) -> float | None:
        return self.agreed / self.judged if self.judged else None


@dataclass(frozen=True)
class LateReview:
    """A Keep or a Lift made after the block's review date in force then."""

    account: str | None
    lifted: bool
    due: date
    done: date  # London date
    by: str

    @property
    def days_late(self) -> int:
        return (self.done - self.due).days


@dataclass(frozen=True)
class Figures:
    month: Month
    weeks: tuple[tuple[date, date], ...]
    checks: int
    by_action: dict[str, tuple[int, ...]]  # per week, in `weeks` order
    by_criterion: dict[str, tuple[int, ...]]
    by_platform: dict[str, tuple[int, ...]]
    out_of_hours: int
    blocks_recorded: int
    blocks_kept: int
    blocks_lifted: int
    blocks_snoozed: int
    reviews_on_time: int
    late_reviews: tuple[LateReview, ...]  # oldest first
    overdue: tuple[Block, ...]  # active blocks past their review date now, the longest overdue first
    verdicts: int
    agreement_by_action: dict[str, Agreement]
    agreement_by_criterion: dict[str, Agreement]
    disagreements: tuple[JudgedCheck, ...]  # the month's checks the team's verdict differs from
    check_to_block: tuple[timedelta, ...]  # for each block recorded from a check's card this month

    @property
    def days_late(self) -> tuple[int, ...]:
        """How late each late review was, in days, oldest first."""
        return tuple(review.days_late for review in self.late_reviews)

    @property
    def overdue_now(self) -> int:
        return len(self.overdue)

    @property
    def out_of_hours_share(self) -> float | None:
        return self.out_of_hours / self.checks if self.checks else None

    @property
    def reviews_late(self) -> int:
        return len(self.days_late)

    @property
    def agreed(self) -> int:
        return sum(a.agreed for a in self.agreement_by_action.values())

    @property
    def median_check_to_block(self) -> timedelta | None:
        if not self.check_to_block:
            return None
        seconds = statistics.median(span.total_seconds() for span in self.check_to_block)
        return timedelta(seconds=seconds)


def _weekly(
    keys_per_item: Iterable[tuple[int, Iterable[str]]], week_count: int
) -> dict[str, tuple[int, ...]]:
    """Counts per key per week from (week index, keys) pairs, keys sorted by their month's total."""
    counts: dict[str, list[int]] = {}
    for week, keys in keys_per_item:
        for key in keys:
            counts.setdefault(key, [0] * week_count)[week] += 1
    ordered = sorted(counts.items(), key=lambda item: (-sum(item[1]), item[0]))
    return {key: tuple(values) for key, values in ordered}


def _agreement(judged: Sequence[JudgedCheck]) -> tuple[dict[str, Agreement], dict[str, Agreement]]:
    by_action: dict[str, list[int]] = {}
    by_criterion: dict[str, list[int]] = {}
    for item in judged:
        verdict = item.verdict
        if verdict is None:
            continue
        tally = by_action.setdefault(item.check.action, [0, 0])
        tally[0] += 1
        tally[1] += bool(item.agrees)
        if verdict.criteria is None:
            continue  # the answer named no criteria ("advised"): nothing to compare
        engine, team = set(item.check.criteria), set(verdict.criteria)
        for criterion in engine | team:
            tally = by_criterion.setdefault(criterion, [0, 0])
            tally[0] += 1
            tally[1] += criterion in engine and criterion in team

    def agreements(tallies: dict[str, list[int]]) -> dict[str, Agreement]:
        return {key: Agreement(*tallies[key]) for key in sorted(tallies, key=lambda k: (-tallies[k][0], k))}

    return agreements(by_action), agreements(by_criterion)


def _due_dates(events: Sequence[AuditEvent]) -> dict[str, date]:
    """For each review event (by id): the block's review date in force just before it."""
    due: dict[str, date] = {}
    before: dict[str, date] = {}
    for event in events:
        block_id, details = event.block_id, event.details
        if block_id is None:
            continue
        if event.kind in ("block_kept", "block_lifted", "block_snoozed") and block_id in due:
            before[event.id] = due[block_id]
        if event.kind == "block_created" and "review_due" in details:
            due[block_id] = date.fromisoformat(details["review_due"])
        elif event.kind == "block_kept" and "next_review" in details:
            due[block_id] = date.fromisoformat(details["next_review"])
        elif event.kind == "block_snoozed" and "until" in details:
            due[block_id] = date.fromisoformat(details["until"])
    return before


def compute_figures(
    events: Sequence[AuditEvent], blocks: Iterable[Block], month: Month, pack: PolicyPack, now: datetime
) -> Figures:
    """The month's figures from the audit log (oldest first: at least every event from the month's
    start on and the earlier events of the blocks and checks those name) and every block, as at `now`."""
    zone: ZoneInfo = pack.timezone

    def local_day(at: datetime) -> date:
        return at.astimezone(zone).date()

    weeks = month.weeks()
    # The month's bounds as moments, so that most events are placed by one comparison each.
    start = datetime.combine(month.first, time(0), tzinfo=zone)
    end = datetime.combine(month.last + timedelta(days=1), time(0), tzinfo=zone)

    def week_of(at: datetime) -> int:
        day = local_day(at)
        return next(index for index, (first, last) in enumerate(weeks) if first <= day <= last)

    in_month = [e for e in events if start <= e.at < end]
    # The month's checks, with verdicts given on them then or since.
    judged = judged_checks(e for e in events if e.at >= start and (e.kind != "assessed" or e.at < end))
    weekly = [(week_of(j.check.at), j) for j in judged]
    # When each check was made (a block this month may come from last month's check).
    checked_at = {
        e.details.get("check_id"): e.at for e in events if e.kind == "assessed" and "check_id" in e.details
    }
    kinds = Counter(e.kind for e in in_month)
    due_before = _due_dates(events)
    on_time = 0
    late: list[LateReview] = []
    for event in in_month:
        if event.kind not in ("block_kept", "block_lifted") or event.id not in due_before:
            continue
        review = LateReview(
            event.account,
            event.kind == "block_lifted",
            due_before[event.id],
            local_day(event.at),
            event.actor.name,
        )
        if review.days_late > 0:
            late.append(review)
        else:
            on_time += 1
    today = local_day(now)
    overdue = sorted(
        (b for b in blocks if b.status == "active" and b.review_due < today),
        key=lambda b: (b.review_due, b.id),
    )
    to_block = [
        event.at - checked_at[event.details["check_id"]]
        for event in in_month
        if event.kind == "block_created" and event.details.get("check_id") in checked_at
    ]
    by_action, by_criterion = _agreement(judged)
    return Figures(
        month=month,
        weeks=tuple(weeks),
        checks=len(judged),
        by_action=_weekly(((w, [j.check.action]) for w, j in weekly), len(weeks)),
        by_criterion=_weekly(((w, j.check.criteria) for w, j in weekly), len(weeks)),
        by_platform=_weekly(((w, [j.check.platform or NO_PLATFORM]) for w, j in weekly), len(weeks)),
        out_of_hours=sum(not is_monitored(j.check.at, pack) for j in judged),
        blocks_recorded=kinds["block_created"],
        blocks_kept=kinds["block_kept"],
        blocks_lifted=kinds["block_lifted"],
        blocks_snoozed=kinds["block_snoozed"],
        reviews_on_time=on_time,
        late_reviews=tuple(late),
        overdue=tuple(overdue),
        verdicts=sum(j.verdict is not None for j in judged),
        agreement_by_action=by_action,
        agreement_by_criterion=by_criterion,
        disagreements=tuple(disagreements(judged)),
        check_to_block=tuple(to_block),
    )
