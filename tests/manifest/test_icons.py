"""The icons: sizes Teams requires, and an outline icon that is white on fully transparent."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from manifest.icons import NHS_BLUE, color_icon, outline_icon, write_icons

MANIFEST_DIR = Path(__file__).resolve().parents[2] / "manifest"


def _pixels(image: Image.Image) -> list[tuple[int, ...]]:
    return [image.getpixel((x, y)) for y in range(image.height) for x in range(image.width)]  # type: ignore[misc]


def _check_color(image: Image.Image) -> None:
    assert image.size == (192, 192)
    assert image.mode in ("RGB", "RGBA")
    rgb = image.convert("RGB")
    colours = set(_pixels(rgb))
    # A real drawing: the background colour, white and the blends between them.
    assert NHS_BLUE in colours
    assert (255, 255, 255) in colours
    assert rgb.getpixel((0, 0)) == NHS_BLUE  # full-colour background, no transparent corners


def _check_outline(image: Image.Image) -> None:
    assert image.size == (32, 32)
    assert image.mode == "RGBA"
    pixels = _pixels(image)
    visible = [p for p in pixels if p[3] > 0]
    assert all(p[:3] == (255, 255, 255) for p in visible), "outline icon pixels must be white"
    transparent = sum(1 for p in pixels if p[3] == 0)
    assert transparent > len(pixels) // 3, "the background must be fully transparent"
    assert any(p[3] == 255 for p in pixels), "the outline must have solid strokes"
    assert image.getpixel((0, 0))[3] == 0  # type: ignore[index]


@pytest.mark.parametrize("source", ["committed", "drawn"])
def test_color_icon(source: str):
    image = Image.open(MANIFEST_DIR / "color.png") if source == "committed" else color_icon()

    _check_color(image)


@pytest.mark.parametrize("source", ["committed", "drawn"])
def test_outline_icon(source: str):
    image = Image.open(MANIFEST_DIR / "outline.png") if source == "committed" else outline_icon()

    _check_outline(image)


def test_write_icons_redraws_both_files(tmp_path: Path):
    written = write_icons(tmp_path)

    assert sorted(p.name for p in written) == ["color.png", "outline.png"]
    _check_color(Image.open(tmp_path / "color.png"))
    _check_outline(Image.open(tmp_path / "outline.png"))
