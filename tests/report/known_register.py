"""A register filled with known events for November 2026, and every figure its report must show.

November 2026 in London is GMT, so the times below are London times too. Its weeks (Monday to Sunday,
cut at the month's ends): Sun 1, 2-8, 9-15, 16-22, 23-29, Mon 30.

    c1  Mon 2 Nov 10:00   x          hide      threatening         monitored   Not right?: block (+trolling)
    c2  Sun 1 Nov 12:00   facebook   no_action                     out of hours
    c3  Tue 3 Nov 18:30   x          block     repetitive          out of hours   block B1 from its card
    c4  Mon 9 Nov 11:00   (none)     signpost                      monitored   marked advised
    c5  Mon 30 Nov 23:30  instagram  hide      patient_conf.       out of hours   left
    c6  Sat 31 Oct 23:30  x          block     (October: not in the month)      block B2 from its card

    B3  recorded 15 Oct, due 2 Nov: kept 2 Nov (on time), next review 20 Nov, then left alone
    B2  recorded 2 Nov 10:00 from c6, due 5 Nov: snoozed 5 Nov to 6 Nov; kept 9 Nov (3 days late) to 12 Nov
    B1  recorded 4 Nov 09:30 from c3, due 10 Nov: lifted 12 Nov (2 days late)

As at 1 Dec 2026, B3 (due 20 Nov) and B2 (due 12 Nov) are overdue.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from register.base import Register
from register.model import Actor, Assessment, NewBlock
from register.verdicts import record_verdict

EDITOR = Actor("Alex Smith", "11111111-aaaa-4bbb-8ccc-000000000001")
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def at(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


async def _check(
    register: Register,
    check_id: str,
    when: datetime,
    platform: str | None,
    action: str,
    criteria: tuple[str, ...],
) -> None:
    assessment = Assessment(
        "@poster", platform, when, "a post", action, criteria, check_id=check_id, pack_version="1"
    )
    await register.add_assessment(assessment, EDITOR)


def _block(due: date, criteria: tuple[str, ...], check_id: str | None = None) -> NewBlock:
    return NewBlock("x", "@poster", criteria, "why", "evidence", due, check_id=check_id)


async def fill_november(register: Register) -> None:
    b3 = await register.add_block(_block(date(2026, 11, 2), ("trolling_harassment",)), EDITOR, at(10, 15, 10))
    await _check(register, "cc00000006", at(10, 31, 23, 30), "x", "block", ("repetitive_unwanted",))
    await _check(register, "cc00000002", at(11, 1, 12), "facebook", "no_action", ())
    await _check(register, "cc00000001", at(11, 2, 10), "x", "hide", ("threatening_abusive_insulting",))
    await record_verdict(
        register,
        check_id="cc00000001",
        account="@poster",
        source="not_right",
        actor=EDITOR,
        at=at(11, 2, 10, 5),
        action="block",
        criteria=("threatening_abusive_insulting", "trolling_harassment"),
    )
    b3 = await register.keep_block(b3.id, b3.revision, EDITOR, at(11, 2, 9, 15), "still", date(2026, 11, 20))
    b2 = await register.add_block(
        _block(date(2026, 11, 5), ("repetitive_unwanted",), "cc00000006"), EDITOR, at(11, 2, 10)
    )
    await _check(register, "cc00000003", at(11, 3, 18, 30), "x", "block", ("repetitive_unwanted",))
    b1 = await register.add_block(
        _block(date(2026, 11, 10), ("repetitive_unwanted",), "cc00000003"), EDITOR, at(11, 4, 9, 30)
    )
    b2 = await register.snooze_block(b2.id, b2.revision, EDITOR, at(11, 5, 9), date(2026, 11, 6))
    await _check(register, "cc00000004", at(11, 9, 11), None, "signpost", ())
    await record_verdict(
        register,
        check_id="cc00000004",
        account="@poster",
        source="advised",
        actor=EDITOR,
        at=at(11, 9, 11, 2),
    )
    await register.keep_block(b2.id, b2.revision, EDITOR, at(11, 9, 10), "still", date(2026, 11, 12))
    await register.lift_block(b1.id, b1.revision, EDITOR, at(11, 12, 10), "apologised")
    await _check(
        register, "cc00000005", at(11, 30, 23, 30), "instagram", "hide", ("patient_confidentiality",)
    )
    await record_verdict(
        register, check_id="cc00000005", account="@poster", source="left", actor=EDITOR, at=at(12, 1, 9)
    )


W = (
    "2026-11-01/2026-11-01",
    "2026-11-02/2026-11-08",
    "2026-11-09/2026-11-15",
    "2026-11-16/2026-11-22",
    "2026-11-23/2026-11-29",
    "2026-11-30/2026-11-30",
)


def weekly(section: str, item: str, counts: tuple[int, ...]) -> list[tuple[str, str, str, str]]:
    rows = [(section, item, week, str(n)) for week, n in zip(W, counts, strict=True)]
    return [*rows, (section, item, "month", str(sum(counts)))]


def agreement(
    section: str, item: str, judged: int, agreed: int, share: str
) -> list[tuple[str, str, str, str]]:
    return [
        (section, f"{item}: with a verdict", "month", str(judged)),
        (section, f"{item}: agreed", "month", str(agreed)),
        (section, f"{item}: share agreed", "month", share),
    ]


# Every row of figures.csv for November 2026, in order.
EXPECTED_ROWS = [
    ("checks", "posts checked", "month", "5"),
    ("checks", "out of monitored hours", "month", "3"),
    ("checks", "share out of monitored hours", "month", "60.0%"),
    *weekly("checks by action", "hide", (0, 1, 0, 0, 0, 1)),
    *weekly("checks by action", "block", (0, 1, 0, 0, 0, 0)),
    *weekly("checks by action", "no_action", (1, 0, 0, 0, 0, 0)),
    *weekly("checks by action", "signpost", (0, 0, 1, 0, 0, 0)),
    *weekly("checks by criterion", "patient_confidentiality", (0, 0, 0, 0, 0, 1)),
    *weekly("checks by criterion", "repetitive_unwanted", (0, 1, 0, 0, 0, 0)),
    *weekly("checks by criterion", "threatening_abusive_insulting", (0, 1, 0, 0, 0, 0)),
    *weekly("checks by platform", "x", (0, 2, 0, 0, 0, 0)),
    *weekly("checks by platform", "facebook", (1, 0, 0, 0, 0, 0)),
    *weekly("checks by platform", "instagram", (0, 0, 0, 0, 0, 1)),
    *weekly("checks by platform", "not given", (0, 0, 1, 0, 0, 0)),
    ("blocks", "recorded", "month", "2"),
    ("blocks", "kept", "month", "2"),
    ("blocks", "lifted", "month", "1"),
    ("blocks", "snoozed", "month", "1"),
    ("blocks", "overdue now", "month", "2"),
    ("reviews", "on time", "month", "1"),
    ("reviews", "late", "month", "2"),
    ("reviews", "days late, median", "month", "2.5"),
    ("reviews", "days late, longest", "month", "3"),
    ("reviews", "days late, total", "month", "5"),
    ("agreement", "checks with the team's verdict", "month", "4"),
    ("agreement", "agreed with the engine", "month", "2"),
    *agreement("agreement by action", "hide", 2, 0, "0.0%"),
    *agreement("agreement by action", "block", 1, 1, "100.0%"),
    *agreement("agreement by action", "signpost", 1, 1, "100.0%"),
    *agreement("agreement by criterion", "repetitive_unwanted", 1, 1, "100.0%"),
    *agreement("agreement by criterion", "threatening_abusive_insulting", 1, 1, "100.0%"),
    *agreement("agreement by criterion", "trolling_harassment", 1, 0, "0.0%"),
    ("check to block", "blocks recorded from a check", "month", "2"),
    ("check to block", "median time", "month", "24 h 45 min"),
]
