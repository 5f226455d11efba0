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


def _svg(figure: Figure) -> str:
    buffer = io.StringIO()
    # No metadata block: no creation date (the same figures give the same page) and no creator's URL.
    metadata = {"Creator": None, "Date": None, "Format": None, "Type": None}
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata=metadata)
    pyplot.close(figure)
    text = buffer.getvalue()
    # The XML prolog and DOCTYPE are not wanted inside an HTML page.
    return text[text.index("<svg") :]


def weekly_bars(title: str, weeks: list[str], counts: dict[str, tuple[int, ...]]) -> str:
    """Stacked bars: one bar a week, one colour per item."""
    figure, axes = pyplot.subplots(figsize=(7, 3.2))
    bottoms = [0] * len(weeks)
    for item, values in counts.items():
        axes.bar(weeks, values, bottom=bottoms, label=item)
        bottoms = [b + v for b, v in zip(bottoms, values, strict=True)]
    axes.set_title(title)
    axes.set_ylabel("posts checked")
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    if counts:
        axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small", frameon=False)
    return _svg(figure)


def agreement_bars(title: str, agreements: dict[str, Agreement]) -> str:
    """Horizontal bars: the share of verdicts that agreed with the engine, per item."""
    items = list(agreements)
    figure, axes = pyplot.subplots(figsize=(7, 0.45 * max(len(items), 1) + 1.2))
    shares = [(agreements[i].share or 0) * 100 for i in items]
    axes.barh(items, shares, color="tab:blue")
    axes.set_xlim(0, 100)
    axes.set_xlabel("% of the team's verdicts that agreed")
    axes.invert_yaxis()
    axes.set_title(title)
    return _svg(figure)
