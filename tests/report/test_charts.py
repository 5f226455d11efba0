"""The report's charts: laid out from their labels' lengths, so no title, tick, legend entry or axis
label may fall outside the drawn figure, however long the names or large the numbers."""

from __future__ import annotations

import pytest
from matplotlib import pyplot
from matplotlib.figure import Figure
from matplotlib.text import Text

from policy.model import ACTIONS
from policy.pack import REQUIRED_CRITERIA
from report.charts import agreement_bars, agreement_figure, weekly_bars, weekly_figure
from report.figures import Agreement

WEEKS = ["27 Oct", "03 Nov", "10 Nov", "17 Nov", "24 Nov", "01 Dec"]
PLATFORMS = ("facebook", "x", "instagram", "tiktok", "linkedin")


def _outside(figure: Figure) -> list[str]:
    """The visible texts whose drawn extent leaves the figure (to the nearest pixel)."""
    figure.draw_without_rendering()
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    inside = figure.bbox.padded(1)
    cut = []
    for text in figure.findobj(Text):
        if not text.get_visible() or not text.get_text():
            continue
        box = text.get_window_extent(renderer)
        if not (inside.contains(box.x0, box.y0) and inside.contains(box.x1, box.y1)):
            cut.append(text.get_text())
    pyplot.close(figure)
    return cut


@pytest.mark.parametrize(
    "items, largest",
    [(ACTIONS, 9), (REQUIRED_CRITERIA, 48_000), (PLATFORMS, 1_250_000), ((), 0)],
    ids=["actions", "criteria-large-counts", "platforms-huge-counts", "nothing-checked"],
)
def test_no_text_of_the_weekly_bars_is_cut_off(items: tuple[str, ...], largest: int) -> None:
    counts = {item: tuple(largest // (n + 1) for n in range(len(WEEKS))) for item in items}
    assert _outside(weekly_figure("Criteria flagged, week by week", WEEKS, counts)) == []


@pytest.mark.parametrize(
    "items",
    [ACTIONS, REQUIRED_CRITERIA, ("hide",), ()],
    ids=["actions", "criteria", "one", "no-verdicts"],
)
def test_no_text_of_the_agreement_bars_is_cut_off(items: tuple[str, ...]) -> None:
    agreements = {item: Agreement(judged=12, agreed=n % 12) for n, item in enumerate(items)}
    assert _outside(agreement_figure("Agreement with the team, by criterion", agreements)) == []


def test_a_chart_is_one_svg_element_with_its_words_as_text() -> None:
    svg = weekly_bars("Posts checked by platform", WEEKS, {"instagram": (1, 2, 3, 4, 5, 6)})
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert "Posts checked by platform" in svg and "instagram" in svg


def test_the_same_figures_draw_the_same_chart() -> None:
    agreements = {"hide": Agreement(judged=4, agreed=3)}
    assert agreement_bars("Agreement", agreements) == agreement_bars("Agreement", agreements)
