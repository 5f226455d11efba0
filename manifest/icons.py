"""Social Desk's two Teams icons, drawn here: a speech bubble holding a tick.

`color_icon()` is the 192×192 full-colour icon (white bubble, NHS Blue background and tick);
`outline_icon()` is the 32×32 outline icon, white on a fully transparent background, as Teams asks.
Both are drawn large and scaled down, which gives smooth edges without hand-tuned anti-aliasing.
Run `python -m manifest.icons` to redraw the committed PNGs beside this file.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from PIL import Image, ImageDraw

COLOR_SIZE = 192
OUTLINE_SIZE = 32
NHS_BLUE = (0, 94, 184)  # #005EB8
WHITE = (255, 255, 255)
_SCALE = 8  # drawing resolution over final resolution

Box = tuple[float, float, float, float]


def color_icon() -> Image.Image:
    """192×192 RGB: white speech bubble with an NHS Blue tick on an NHS Blue square."""
    big = COLOR_SIZE * _SCALE
    image = Image.new("RGB", (big, big), NHS_BLUE)
    draw = ImageDraw.Draw(image)
    # Teams crops colour icons into rounded tiles; keep the symbol well inside the middle.
    bubble = _scaled((40, 46, 152, 126), big / COLOR_SIZE)
    _bubble(draw, bubble, fill=WHITE, scale=big / COLOR_SIZE)
    _tick(draw, bubble, fill=NHS_BLUE, width=14 * big / COLOR_SIZE)
    return image.resize((COLOR_SIZE, COLOR_SIZE), Image.Resampling.LANCZOS)


def outline_icon() -> Image.Image:
    """32×32 RGBA: the bubble's outline and tick in white; every other pixel fully transparent."""
    big = OUTLINE_SIZE * _SCALE
    scale = big / OUTLINE_SIZE
    mask = Image.new("L", (big, big), 0)
    draw = ImageDraw.Draw(mask)
    bubble = _scaled((3, 5, 29, 23), scale)
    _bubble(draw, bubble, fill=255, scale=scale)
    # Hollow the bubble out, leaving a 2-pixel white outline.
    inner = (bubble[0] + 2 * scale, bubble[1] + 2 * scale, bubble[2] - 2 * scale, bubble[3] - 2 * scale)
    draw.rounded_rectangle(inner, radius=3 * scale, fill=0)
    _tick(draw, bubble, fill=255, width=2.5 * scale)
    alpha = mask.resize((OUTLINE_SIZE, OUTLINE_SIZE), Image.Resampling.LANCZOS)
    # Scaling leaves faint specks far from the shapes; drop them so the background is truly clear.
    alpha = alpha.point(lambda a: 0 if a < 8 else a)
    icon = Image.new("RGBA", (OUTLINE_SIZE, OUTLINE_SIZE), (*WHITE, 0))
    icon.putalpha(alpha)
    return icon


def png_bytes(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def write_icons(directory: Path) -> list[Path]:
    """Draw both icons into `directory` as color.png and outline.png; returns the paths written."""
    written = []
    for name, image in (("color.png", color_icon()), ("outline.png", outline_icon())):
        path = directory / name
        path.write_bytes(png_bytes(image))
        written.append(path)
    return written


def _scaled(box: Box, scale: float) -> Box:
    return (box[0] * scale, box[1] * scale, box[2] * scale, box[3] * scale)


def _bubble(draw: ImageDraw.ImageDraw, box: Box, fill: int | tuple[int, int, int], scale: float) -> None:
    """A rounded speech bubble filling `box`, with a tail below its lower-left corner."""
    left, top, right, bottom = box
    height = bottom - top
    draw.rounded_rectangle(box, radius=height * 0.22, fill=fill)
    tail_x = left + (right - left) * 0.22
    draw.polygon(
        [
            (tail_x, bottom - scale),
            (tail_x + height * 0.32, bottom - scale),
            (tail_x - height * 0.08, bottom + height * 0.30),
        ],
        fill=fill,
    )


def _tick(draw: ImageDraw.ImageDraw, box: Box, fill: int | tuple[int, int, int], width: float) -> None:
    """A tick centred in `box`."""
    left, top, right, bottom = box
    w, h = right - left, bottom - top
    points = [
        (left + w * 0.28, top + h * 0.52),
        (left + w * 0.44, top + h * 0.70),
        (left + w * 0.73, top + h * 0.30),
    ]
    draw.line(points, fill=fill, width=round(width), joint="curve")
    # Round the two free ends so the tick does not look clipped.
    radius = width / 2
    for x, y in (points[0], points[-1]):
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=fill)


if __name__ == "__main__":
    for written_path in write_icons(Path(__file__).parent):
        sys.stdout.write(f"wrote {written_path}\n")
