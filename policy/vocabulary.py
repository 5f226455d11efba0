"""Load the engine's vocabulary (policy/vocabulary/*.toml) and check it before it is used.

Each file holds groups of terms; a group is named `file.table` ("harms.violence"). A group without a
note, without terms, or with a term the matcher cannot read stops start-up with a message naming the
file, the group and the problem, like a broken policy pack.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from policy.folding import fold
from policy.phrases import PhraseMatcher, tokenise

VOCABULARY = Path(__file__).with_name("vocabulary")


class VocabularyError(ValueError):
    """A vocabulary file cannot be used; the message names the file, the group and the problem."""


@dataclass(frozen=True)
class Group:
    name: str  # "harms.violence"
    note: str
    terms: tuple[str, ...]
    maskable: bool


@dataclass(frozen=True, eq=False)  # compared (and cached) by identity
class Vocabulary:
    groups: dict[str, Group]
    matcher: PhraseMatcher

    def require(self, *names: str) -> None:
        """Refuse a vocabulary that lacks a group the detectors read."""
        missing = [n for n in names if n not in self.groups]
        if missing:
            raise VocabularyError(f"{VOCABULARY}: missing group(s) {', '.join(missing)}")


def _group(path: Path, table: str, raw: object) -> Group:
    where = f"{path.name} [{table}]"
    if not isinstance(raw, dict):
        raise VocabularyError(f"{where}: must be a table with 'note' and 'terms'")
    note, terms, maskable = raw.get("note"), raw.get("terms"), raw.get("maskable", False)
    unknown = set(raw) - {"note", "terms", "maskable"}
    if unknown:
        raise VocabularyError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    if not isinstance(note, str) or not note.strip():
        raise VocabularyError(f"{where}: 'note' must say what the group means")
    if not isinstance(terms, list) or not terms:
        raise VocabularyError(f"{where}: 'terms' must be a non-empty list")
    if not isinstance(maskable, bool):
        raise VocabularyError(f"{where}: 'maskable' must be true or false")
    for term in terms:
        if not isinstance(term, str) or not term.strip() or term.strip() != term:
            raise VocabularyError(f"{where}: term {term!r} must be words without spaces around them")
        if term.split()[0] == "*":
            raise VocabularyError(f"{where}: term {term!r} cannot start with '*'")
        if any(not piece.endswith("*") and not tokenise(fold(piece).text) for piece in term.split()):
            raise VocabularyError(
                f"{where}: term {term!r} has a word a post can never contain (only punctuation)"
            )
    return Group(f"{path.stem}.{table}", note, tuple(terms), maskable)


def load_vocabulary(folder: Path = VOCABULARY) -> Vocabulary:
    groups: dict[str, Group] = {}
    files = sorted(folder.glob("*.toml"))
    if not files:
        raise VocabularyError(f"{folder}: no vocabulary files")
    for path in files:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise VocabularyError(f"{path.name}: cannot be read: {exc}") from exc
        for table, raw in data.items():
            group = _group(path, table, raw)
            groups[group.name] = group
    matcher = PhraseMatcher(
        {name: g.terms for name, g in groups.items()}, maskable=[n for n, g in groups.items() if g.maskable]
    )
    return Vocabulary(groups, matcher)


@cache
def default_vocabulary() -> Vocabulary:
    return load_vocabulary()
