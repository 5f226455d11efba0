"""Load and validate the policy pack (policy/pack.toml) into typed, read-only data.

A pack that does not validate stops start-up with a message naming the file, the key and the problem.
"""

from __future__ import annotations

import json
import string
import tomllib
from dataclasses import dataclass
from datetime import time
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import jsonschema

from policy.model import ACTIONS

DEFAULT_PACK = Path(__file__).with_name("pack.toml")

# The ids the rest of the product relies on: the engine, the cards and the tests name them.
REQUIRED_CRITERIA = (
    "patient_confidentiality",
    "safety_risk",
    "threatening_abusive_insulting",
    "aggressive_violent",
    "trolling_harassment",
    "repetitive_unwanted",
    "detrimental_to_trust",
    "continued_contact_after_advice",
)
REQUIRED_WORDING = (
    "individual_case",
    "complaints_pals",
    "compliment",
    "blocked_service_info",
    "staff_personal_accounts",
    "sharing_not_endorsement",
    "monitoring_hours",
    "house_rules_removed",
)
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class PackError(ValueError):
    """The policy pack cannot be used; the message names the file, the key and the problem."""


@dataclass(frozen=True)
class ActionInfo:
    id: str
    title: str
    summary: str
    colour: str
    # The only wording that fits this action ("hide" offers house rules, not a compliment); None: any.
    wording: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Criterion:
    id: str
    title: str
    clause: str


@dataclass(frozen=True)
class Wording:
    id: str
    title: str
    keywords: tuple[str, ...]
    version: str
    approved_by: str
    approved_on: str
    text: str


@dataclass(frozen=True)
class Hours:
    weekdays: frozenset[int]  # Monday is 0
    start: time
    end: time
    holidays_country: str
    holidays_subdivision: str | None
    clause: str

    def describe(self) -> str:
        days = [DAY_NAMES[d] for d in sorted(self.weekdays)]
        span = f"{days[0].title()}–{days[-1].title()}" if len(days) > 1 else days[0].title()
        return f"{self.start:%H:%M}–{self.end:%H:%M}, {span}, excluding public holidays"


@dataclass(frozen=True)
class Thresholds:
    repeat_window_minutes: int
    repeat_min_posts: int
    near_repeat_similarity: float
    near_repeat_window_hours: int
    advice_memory_days: int
    max_post_chars: int
    second_reader_risk: float
    second_reader_removal: float
    second_reader_criterion: float
    second_reader_criticism: float


@dataclass(frozen=True)
class PolicyPack:
    source: str
    trust: str
    policy_title: str
    version: str
    timezone: ZoneInfo
    contacts: dict[str, str]
    hours: Hours
    review_interval_days: int
    review_clause: str
    thresholds: Thresholds
    actions: tuple[ActionInfo, ...]
    criteria: tuple[Criterion, ...]
    wording: tuple[Wording, ...]

    def criterion(self, criterion_id: str) -> Criterion:
        for c in self.criteria:
            if c.id == criterion_id:
                return c
        raise KeyError(criterion_id)

    def action(self, action_id: str) -> ActionInfo:
        for a in self.actions:
            if a.id == action_id:
                return a
        raise KeyError(action_id)

    def wording_entry(self, wording_id: str) -> Wording:
        for w in self.wording:
            if w.id == wording_id:
                return w
        raise KeyError(wording_id)

    def render(self, wording_id: str) -> str:
        """The approved text with the pack's contact details and hours filled in."""
        values = dict(self.contacts, hours=self.hours.describe())
        return self.wording_entry(wording_id).text.format(**values)


def _schema() -> dict[str, Any]:
    text = resources.files("policy").joinpath("pack_schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def _key_path(error: jsonschema.ValidationError) -> str:
    parts = [f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path]
    return "".join(parts).lstrip(".") or "(top level)"


def _parse_time(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def _unique_ids(raw: dict[str, Any], section: str, where: str) -> None:
    seen: set[str] = set()
    for i, entry in enumerate(raw[section]):
        if entry["id"] in seen:
            raise PackError(f"{where}: {section}[{i}].id: duplicate id {entry['id']!r}")
        seen.add(entry["id"])


def _check_semantics(raw: dict[str, Any], where: str) -> None:
    for section in ("actions", "criteria", "wording"):
        _unique_ids(raw, section, where)
    for section, required in (
        ("actions", ACTIONS),
        ("criteria", REQUIRED_CRITERIA),
        ("wording", REQUIRED_WORDING),
    ):
        present = {e["id"] for e in raw[section]}
        missing = [r for r in required if r not in present]
        if missing:
            raise PackError(f"{where}: {section}: missing required id(s) {', '.join(missing)}")
    wording_ids = {w["id"] for w in raw["wording"]}
    for i, action in enumerate(raw["actions"]):
        unknown_ids = sorted(set(action.get("wording", ())) - wording_ids)
        if unknown_ids:
            raise PackError(f"{where}: actions[{i}].wording: unknown wording id(s) {', '.join(unknown_ids)}")
    known = set(raw["contacts"]) | {"hours"}
    for i, entry in enumerate(raw["wording"]):
        fields = {f for _, f, _, _ in string.Formatter().parse(entry["text"]) if f}
        unknown = sorted(fields - known)
        if unknown:
            raise PackError(
                f"{where}: wording[{i}].text: unknown placeholder(s) {', '.join(unknown)} "
                f"(known: {', '.join(sorted(known))})"
            )
    hours = raw["hours"]
    if _parse_time(hours["start"]) >= _parse_time(hours["end"]):
        raise PackError(f"{where}: hours.start: must be before hours.end")
    try:
        ZoneInfo(raw["pack"]["timezone"])
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise PackError(f"{where}: pack.timezone: unknown time zone {raw['pack']['timezone']!r}") from exc


def _optional_ids(entry: dict[str, Any], key: str) -> tuple[str, ...] | None:
    return tuple(entry[key]) if key in entry else None


def parse_pack(raw: dict[str, Any], where: str = "<pack>") -> PolicyPack:
    """Validate a pack already read from TOML and turn it into typed data."""
    errors = sorted(jsonschema.Draft7Validator(_schema()).iter_errors(raw), key=lambda e: list(e.path))
    if errors:
        first = errors[0]
        raise PackError(f"{where}: {_key_path(first)}: {first.message}")
    _check_semantics(raw, where)
    hours = raw["hours"]
    return PolicyPack(
        source=where,
        trust=raw["pack"]["trust"],
        policy_title=raw["pack"]["policy_title"],
        version=raw["pack"]["version"],
        timezone=ZoneInfo(raw["pack"]["timezone"]),
        contacts=dict(raw["contacts"]),
        hours=Hours(
            weekdays=frozenset(DAY_NAMES.index(d) for d in hours["days"]),
            start=_parse_time(hours["start"]),
            end=_parse_time(hours["end"]),
            holidays_country=hours["holidays_country"],
            holidays_subdivision=hours.get("holidays_subdivision"),
            clause=hours["clause"],
        ),
        review_interval_days=raw["reviews"]["interval_days"],
        review_clause=raw["reviews"]["clause"],
        thresholds=Thresholds(**raw["thresholds"]),
        actions=tuple(
            ActionInfo(**{**a, "wording": tuple(a["wording"]) if "wording" in a else None})
            for a in raw["actions"]
        ),
        criteria=tuple(Criterion(**c) for c in raw["criteria"]),
        wording=tuple(Wording(**{**w, "keywords": tuple(w["keywords"])}) for w in raw["wording"]),
    )


def load_pack(path: Path | str | None = None) -> PolicyPack:
    """Read and validate a pack file; the default is the Trust's pack shipped with Social Desk."""
    file = Path(path) if path is not None else DEFAULT_PACK
    try:
        raw = tomllib.loads(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PackError(f"{file}: cannot read the policy pack: {exc.strerror or exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise PackError(f"{file}: not valid TOML: {exc}") from exc
    return parse_pack(raw, str(file))


@cache
def default_pack() -> PolicyPack:
    """The shipped pack, read once per process."""
    return load_pack()
