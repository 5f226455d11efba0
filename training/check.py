"""Leave-one-set-out figures for the second reader: train on all sets but one, then score the one
left out through the engine, as the Trust scores a release. The threshold is chosen from these."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from policy import second_reader
from policy.cli import assess_stream
from policy.pack import default_pack
from training.train import fit, training_examples

# (threshold when the leading kind is a threat or a person at risk, threshold when it is removal,
# threshold for a threat or a risk where the rules read criticism), as the engine applies them.
GRID = (
    (2.0, 2.0, 2.0),
    (0.5, 0.5, 0.5),
    (0.5, 0.5, 0.6),
    (0.5, 0.5, 0.7),
    (0.6, 0.5, 0.6),
    (0.6, 0.6, 0.6),
    (0.6, 0.7, 0.6),
)
CRITICISM = "Criticism of the Trust"
# Thresholds for offering the criteria the reader suggests, at the pack's thresholds for attention.
CRITERION_GRID = (2.0, 0.6, 0.7, 0.8, 0.9)
LIGHT = {"no_action", "reply", "signpost"}
SEVERE = {"hide", "block", "restrict", "escalate"}


def _rules_only(path: Path) -> list[dict[str, object]]:
    pack = default_pack()
    off = dataclasses.replace(
        pack,
        thresholds=dataclasses.replace(pack.thresholds, second_reader_risk=2.0, second_reader_removal=2.0),
    )
    lines = path.read_text(encoding="utf-8").splitlines()
    return list(assess_stream(lines, off, lambda: datetime(2026, 11, 30, tzinfo=UTC)))


def leave_one_out(sets: Sequence[Path]) -> None:
    for left_out in sets:
        model = second_reader.Model.from_json(fit(training_examples([s for s in sets if s != left_out])))
        gold = {
            item["id"]: item["expect"]
            for item in map(json.loads, left_out.read_text(encoding="utf-8").splitlines())
            if "expect" in item
        }
        texts_by_id = {
            item["id"]: item["text"]
            for item in map(json.loads, left_out.read_text(encoding="utf-8").splitlines())
            if "expect" in item
        }
        outputs = [o for o in _rules_only(left_out) if o.get("id") in gold]
        opinions = {o["id"]: second_reader.read(texts_by_id[o["id"]], model) for o in outputs}
        for t_risk, t_remove, t_criticism in GRID:
            ok = severe = 0
            for o in outputs:
                action = o["action"]
                opinion = opinions[o["id"]]
                if action in LIGHT and _escalates(o, opinion, t_risk, t_remove, t_criticism):
                    action = "escalate"
                expect = gold[o["id"]]
                ok += action in expect["action_any"]
                severe += set(expect["action_any"]) <= SEVERE and action in LIGHT
            name = (
                "rules alone"
                if t_risk > 1
                else f"threat or risk >= {t_risk}, remove >= {t_remove}, criticism >= {t_criticism}"
            )
            print(f"{left_out.name}: {name}: action {ok / len(outputs):.3f}, severe misses {severe}")
        pack = default_pack().thresholds
        for t_criterion in CRITERION_GRID:
            need = hit = clean = flagged = 0
            for o in outputs:
                criteria = {str(c) for c in o["criteria"]}  # type: ignore[attr-defined]
                opinion = opinions[o["id"]]
                bars = (pack.second_reader_risk, pack.second_reader_removal, pack.second_reader_criticism)
                if o["action"] in LIGHT and _escalates(o, opinion, *bars):
                    criteria |= {c for c, p in opinion.criteria.items() if p >= t_criterion}
                expect = gold[o["id"]]
                need += len(expect["criteria_all"])
                hit += len(set(expect["criteria_all"]) & criteria)
                if expect["criteria_none"]:
                    clean += 1
                    flagged += bool(criteria & set(expect["criteria_none"]))
            name = "no criteria suggested" if t_criterion > 1 else f"criteria suggested >= {t_criterion}"
            print(
                f"{left_out.name}: {name}: criteria recall {hit / max(need, 1):.3f}, "
                f"clean false flags {flagged / max(clean, 1):.3f}"
            )


def _escalates(
    output: dict[str, object],
    opinion: second_reader.Opinion,
    t_risk: float,
    t_remove: float,
    t_criticism: float,
) -> bool:
    """Whether the engine's second look escalates a post the rules left light (`policy.engine`)."""
    criticism = any(CRITICISM in str(note) for note in output.get("notes", []))  # type: ignore[attr-defined]
    if opinion.needed == "remove":
        return not criticism and opinion.attention >= t_remove
    return opinion.attention >= (max(t_risk, t_criticism) if criticism else t_risk)
