"""The report's charts, drawn by matplotlib as SVG text to embed in report.html (no files, no network).

Colours come from matplotlib's colour-blind-safe "tab10" cycle, and every chart's numbers are also in
the table beside it: a chart is never the only place a figure is.
"""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")  # no display: draw to memory only

from matplotlib import pyplot
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from report.figures import Agreement

# SVG text is kept as text (not paths), so that the report stays small and its words searchable.
matplotlib.rcParams["svg.fonttype"] = "none"
matplotlib.rcParams["svg.hashsalt"] = "socialdesk"  # the same figures draw the same file


# The layout is worked out from the labels' lengths instead of by `bbox_inches="tight"`, which draws
# every chart twice (measured at 1.8x the time of one draw; `make bench`, report files). Widths are
# generous per character so that no label is cut: `tests/report/test_charts.py` checks every text's
# drawn extent lies inside the figure.
_CHAR_INCHES = 0.085  # one character of the 10 pt axis font, with room to spare
_SMALL_CHAR_INCHES = 0.075  # one character of the legend's "small" font
_PLOT_INCHES = 5.6
_HEIGHT_INCHES = 3.2
_MARGIN_INCHES = 0.25


def _svg(figure: Figure) -> str:
    buffer = io.StringIO()
    # No metadata block: no creation date (the same figures give the same page) and no creator's URL.
    metadata = {"Creator": None, "Date": None, "Format": None, "Type": None}
    figure.savefig(buffer, format="svg", metadata=metadata)
    pyplot.close(figure)
    text = buffer.getvalue()
    # The XML prolog and DOCTYPE are not wanted inside an HTML page.
    return text[text.index("<svg") :]


def _place(figure: Figure, left: float, right: float, top: float, bottom: float) -> None:
    """Set the axes inside margins given in inches."""
    width, height = figure.get_size_inches()
    figure.subplots_adjust(
        left=left / width, right=1 - right / width, top=1 - top / height, bottom=bottom / height
    )


def weekly_bars(title: str, weeks: list[str], counts: dict[str, tuple[int, ...]]) -> str:
    """Stacked bars: one bar a week, one colour per item, the legend to the right (SVG)."""
    return _svg(weekly_figure(title, weeks, counts))


def weekly_figure(title: str, weeks: list[str], counts: dict[str, tuple[int, ...]]) -> Figure:
    legend = _MARGIN_INCHES + _SMALL_CHAR_INCHES * max((len(item) for item in counts), default=0) + 0.5
    tallest = max((sum(week) for week in zip(*counts.values(), strict=True)), default=0)
    # Room for the axis label and the widest tick number (the tallest bar's, with a digit to spare).
    left, right = 0.45 + _CHAR_INCHES * (len(str(tallest)) + 1), legend + _MARGIN_INCHES
    figure, axes = pyplot.subplots(figsize=(left + _PLOT_INCHES + right, _HEIGHT_INCHES))
    _place(figure, left, right, top=0.45, bottom=0.45)
    bottoms = [0] * len(weeks)
    for item, values in counts.items():
        axes.bar(weeks, values, bottom=bottoms, label=item)
        bottoms = [b + v for b, v in zip(bottoms, values, strict=True)]
    axes.set_title(title)
    axes.set_ylabel("posts checked")
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    if counts:
        axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small", frameon=False)
    return figure


def agreement_bars(title: str, agreements: dict[str, Agreement]) -> str:
    """Horizontal bars: the share of verdicts that agreed with the engine, per item (SVG)."""
    return _svg(agreement_figure(title, agreements))


def agreement_figure(title: str, agreements: dict[str, Agreement]) -> Figure:
    items = list(agreements)
    left = max(0.8, _MARGIN_INCHES + _CHAR_INCHES * max((len(item) for item in items), default=0))
    height = 0.45 * max(len(items), 1) + 1.2
    figure, axes = pyplot.subplots(figsize=(left + _PLOT_INCHES + 0.5, height))
    _place(figure, left, 0.5, top=0.4, bottom=0.55)
    shares = [(agreements[i].share or 0) * 100 for i in items]
    axes.barh(items, shares, color="tab:blue")
    axes.set_xlim(0, 100)
    axes.set_xlabel("% of the team's verdicts that agreed")
    axes.invert_yaxis()
    axes.set_title(title)
    return figure
