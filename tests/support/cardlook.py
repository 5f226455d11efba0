"""Renders cards as Teams shows them and measures what a reader sees: text contrast and phone layout.

Each card is rendered by the official `adaptivecards` JS renderer in headless Chromium with one of
Microsoft's Teams host configurations (light or dark, from the `adaptivecards-designer` npm package,
with the designer's Teams stylesheet for buttons and inputs) at a given width. From the rendered page,
not from the card JSON, it then measures:

- contrast: for every visible piece of text (text nodes, input values and placeholders) its computed
  colour against its effective background, the page's background colours composited from the root
  down, alpha included, under WCAG 2.2's formula and thresholds (4.5:1, or 3:1 for large text:
  at least 24 px, or 18.66 px and bold);
- layout: whether anything sticks out of the card (the page would scroll sideways), and whether any
  element cuts its content off (a button title ending in an ellipsis, clipped text).

A screenshot of each card is written for a person to look at. One browser and one page serve a whole
run: every card of one theme and width is rendered onto the page at once and measured in one call.
The browser lives on a worker thread of its own, like the card checker's, so that any test can use it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.support.cardcheck import RENDERER_JS
from tests.support.chromium import CHROMIUM, PageThread

REPO = Path(__file__).resolve().parents[2]
DESIGNER = REPO / "node_modules" / "adaptivecards-designer"
THEMES = ("light", "dark")
# A phone held upright (WCAG's reflow width) and a desktop chat pane.
WIDTHS = (320, 1000)
SCREENSHOTS = REPO / ".pytest_cache" / "card-screenshots"

NORMAL_TEXT = 4.5
LARGE_TEXT = 3.0


def host_config(theme: str) -> dict[str, Any]:
    """Microsoft's Teams host configuration for `theme` ("light" or "dark")."""
    path = DESIGNER / "lib" / "hostConfigs" / f"microsoft-teams-{theme}.json"
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: run `npm ci` (make test-deps)")
    config: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return config


def host_stylesheet(theme: str) -> str:
    """The designer's Teams stylesheet for `theme`: buttons, inputs, links as Teams draws them."""
    return (DESIGNER / "dist" / "containers" / f"teams-container-{theme}.css").read_text(encoding="utf-8")


@dataclass(frozen=True)
class Contrast:
    """One piece of text that is not readable enough: where, how much contrast, how much is needed."""

    text: str
    ratio: float
    needed: float
    foreground: str
    background: str

    def __str__(self) -> str:
        return (
            f"{self.ratio:.2f}:1 < {self.needed}:1 for {self.text!r} ({self.foreground} on {self.background})"
        )


@dataclass(frozen=True)
class Look:
    """What one card looks like in one theme at one width."""

    card_id: str
    theme: str
    width: int
    texts: int  # how many pieces of text were measured
    low_contrast: tuple[Contrast, ...]
    # Low contrast in what the host draws, not the card: placeholders (the client's colour) and the
    # required-field cue (the host config's). Listed for a person to see; no card can change them.
    host_chrome: tuple[Contrast, ...]
    overflow: tuple[str, ...]  # elements sticking out of the card, or cut off inside it
    screenshot: Path


# Renders every card into its own host element (the message bubble: the default container's
# background, `width` wide) and measures each. Colours come from getComputedStyle, so whatever the
# host config and stylesheet decided is what is measured.
_LOOK_JS = """
({cards, hostConfig, background}) => {
  const AC = window.AdaptiveCards;
  AC.SerializableObject.defaultMaxVersion = AC.Versions.v1_5;
  const config = new AC.HostConfig(hostConfig);
  document.body.replaceChildren();

  const parse = (value) => {
    const m = value.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, under) => {
    const a = top[3];
    return [0, 1, 2].map((i) => top[i] * a + under[i] * (1 - a)).concat([1]);
  };
  const luminance = (c) => {
    const [r, g, b] = c.slice(0, 3).map((v) => {
      const s = v / 255;
      return s <= 0.04045 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a, b) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  const hex = (c) => "#" + c.slice(0, 3).map((v) => Math.round(v).toString(16).padStart(2, "0")).join("");
  const pageColour = parse(background);
  // The background behind an element: every ancestor's background colour, composited top down.
  const backdrop = (element) => {
    const chain = [];
    for (let e = element; e; e = e.parentElement) chain.push(e);
    let colour = pageColour;
    for (const e of chain.reverse()) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) colour = over(c, colour);
    }
    return colour;
  };
  const visible = (element) => {
    const style = getComputedStyle(element);
    return style.visibility === "visible" && style.display !== "none" && Number(style.opacity) > 0;
  };

  const hosts = cards.map(({id, payload}) => {
    const host = document.createElement("div");
    host.className = "card-host";
    host.dataset.card = id;
    host.style.cssText = `width:${hostConfig.__width}px;background:${background};margin:0 0 24px 0;`;
    const card = new AC.AdaptiveCard();
    card.hostConfig = config;
    card.parse(payload, new AC.SerializationContext(AC.Versions.v1_5));
    host.appendChild(card.render());
    document.body.appendChild(host);
    return host;
  });

  return hosts.map((host) => {
    const box = host.getBoundingClientRect();
    const low = [];
    const overflow = [];
    let count = 0;
    const chrome = [];
    const measure = (label, element, colourText, large, hostChrome = false) => {
      count += 1;
      const back = backdrop(element);
      const fore = over(parse(colourText), back);
      const r = ratio(fore, back);
      const needed = large ? 3 : 4.5;
      const found = {
        text: label.slice(0, 80), ratio: r, needed, foreground: hex(fore), background: hex(back),
      };
      if (r < needed) (hostChrome ? chrome : low).push(found);
    };
    const isLarge = (style) => {
      const size = parseFloat(style.fontSize);
      return size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    };
    const outside = (rect) => rect.width > 0 && (rect.right > box.right + 0.5 || rect.left < box.left - 0.5);

    const walker = document.createTreeWalker(host, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const words = node.textContent.trim();
      const parent = node.parentElement;
      if (!words || !parent || parent.closest("select") || !visible(parent)) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const rect = range.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0) continue;
      const style = getComputedStyle(parent);
      // The required-field cue ("*" after a label) is the host's: its colour is the host config's
      // `inputs.label.requiredInputs.suffixColor`, and it is hidden from screen readers.
      const cue = parent.closest("[aria-hidden='true']") !== null && parent.closest("label") !== null;
      measure(words, parent, style.color, isLarge(style), cue);
      if (outside(rect)) overflow.push(`text sticks out of the card: ${words.slice(0, 60)}`);
    }
    for (const field of host.querySelectorAll("input, textarea, select")) {
      if (!visible(field) || ["checkbox", "radio"].includes(field.type)) continue;
      const style = getComputedStyle(field);
      const shown = field.tagName === "SELECT" ? field.selectedOptions[0]?.textContent : field.value;
      if (shown) {
        measure(`${field.tagName.toLowerCase()} value: ${shown}`, field, style.color, isLarge(style));
      } else if (field.placeholder) {
        const hint = getComputedStyle(field, "::placeholder");
        measure(`placeholder: ${field.placeholder}`, field, hint.color, isLarge(hint), true);
      }
      if (outside(field.getBoundingClientRect())) {
        overflow.push(`a ${field.tagName.toLowerCase()} sticks out of the card`);
      }
    }
    for (const element of host.querySelectorAll("*")) {
      if (!visible(element)) continue;
      const style = getComputedStyle(element);
      const clips = style.overflowX !== "visible" || style.textOverflow === "ellipsis";
      // Cut off: content wider than the box that hides it (a button title ending in "…").
      if (clips && element.scrollWidth > element.clientWidth + 1 && element.textContent.trim()) {
        const words = element.textContent.trim().slice(0, 60);
        overflow.push(`cut off (${element.scrollWidth}px in ${element.clientWidth}px): ${words}`);
      }
      if (element.matches("button") && outside(element.getBoundingClientRect())) {
        overflow.push(`a button sticks out of the card: ${element.textContent.trim().slice(0, 60)}`);
      }
    }
    if (host.scrollWidth > host.clientWidth + 1) {
      overflow.push(`the card scrolls sideways (${host.scrollWidth}px wide)`);
    }
    return {texts: count, low, chrome, overflow: [...new Set(overflow)]};
  });
}
"""


class CardLook:
    """One headless Chromium page that renders cards under Teams' host configs and measures them."""

    def __init__(self, screenshots: Path = SCREENSHOTS, chromium: Path = CHROMIUM) -> None:
        if not RENDERER_JS.is_file():
            raise FileNotFoundError(f"{RENDERER_JS} is missing: run `npm ci` (make test-deps)")
        self._screenshots = screenshots
        self._browser = PageThread("cardlook", chromium)

    def _look(self, cards: Mapping[str, Mapping[str, Any]], theme: str, width: int) -> list[Look]:
        config = host_config(theme)
        background = config["containerStyles"]["default"]["backgroundColor"]
        page = self._browser.page
        page.set_viewport_size({"width": width, "height": 800})
        page.set_content("<!doctype html><html><head><meta charset='utf-8'></head><body></body></html>")
        page.add_style_tag(content=host_stylesheet(theme) + "body{margin:0}")
        page.add_script_tag(path=str(RENDERER_JS))
        found: list[dict[str, Any]] = page.evaluate(
            _LOOK_JS,
            {
                "cards": [{"id": key, "payload": dict(card)} for key, card in cards.items()],
                "hostConfig": {**config, "__width": width},
                "background": _css_colour(background),
            },
        )
        folder = self._screenshots / f"{theme}-{width}"
        folder.mkdir(parents=True, exist_ok=True)
        looks = []
        for key, result in zip(cards, found, strict=True):
            shot = folder / f"{key}.png"
            page.locator(f".card-host[data-card='{key}']").screenshot(path=str(shot))
            looks.append(
                Look(
                    card_id=key,
                    theme=theme,
                    width=width,
                    texts=result["texts"],
                    low_contrast=tuple(Contrast(**item) for item in result["low"]),
                    host_chrome=tuple(Contrast(**item) for item in result["chrome"]),
                    overflow=tuple(result["overflow"]),
                    screenshot=shot,
                )
            )
        return looks

    def look(self, cards: Mapping[str, Mapping[str, Any]], theme: str, width: int) -> list[Look]:
        """Every card rendered in `theme` at `width` px: contrast and layout problems, a screenshot."""
        return self._browser.run(self._look, cards, theme, width)

    def close(self) -> None:
        self._browser.close()


def _css_colour(value: str) -> str:
    """A host config colour (#RRGGBB or #AARRGGBB, alpha first) as CSS."""
    digits = value.lstrip("#")
    alpha, rgb = (int(digits[:2], 16) / 255, digits[2:]) if len(digits) == 8 else (1.0, digits)
    return f"rgba({int(rgb[0:2], 16)}, {int(rgb[2:4], 16)}, {int(rgb[4:6], 16)}, {alpha:.3f})"
