"""Each variation's cumulative conversion rate by day, for one goal.

A textual-plotext line chart, imported only when a chart is first shown so the rest of the app
never loads plotext. Without it, one Sparkline per variation. Each variation has its own marker
(•, x, +, ...) named in the legend, so the lines tell apart without colours too. The legend is
a line of its own under the plot: plotext draws its legend inside the plot, over the data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Label, Sparkline, Static

from convert_tui import reporting
from convert_tui.api import models
from convert_tui.stats import cumulative_rates
from convert_tui.ui.text import clean

if TYPE_CHECKING:
    from textual_plotext import PlotextPlot

MARKERS = ("•", "x", "+", "o", "*", "#", "@", "%")
TITLE = "Cumulative conversion rate by day (%)"


@dataclass(frozen=True)
class Series:
    name: str
    rates: tuple[float | None, ...]  # percent, one per day of `ChartData.days`


@dataclass(frozen=True)
class ChartData:
    days: tuple[str, ...] = ()
    series: tuple[Series, ...] = ()


def chart_data(goal: models.ReportGoal | None) -> ChartData:
    """The running rates of every variation (baseline first) over the goal's days."""
    if goal is None:
        return ChartData()
    rows = sorted(goal.variations, key=lambda v: not v.is_baseline)
    points = {
        v.variation_id: {
            p.date: p.conversion_rate for p in cumulative_rates(reporting.daily_counts(v))
        }
        for v in rows
    }
    days = tuple(sorted({day for by_day in points.values() for day in by_day}))
    series = []
    for v in rows:
        by_day = points[v.variation_id]
        rates = tuple(None if r is None else r * 100 for r in (by_day.get(d) for d in days))
        series.append(Series(clean(v.variation_name or v.variation_id, one_line=True), rates))
    return ChartData(days, tuple(series))


def plot_class() -> type[PlotextPlot] | None:
    try:
        from textual_plotext import PlotextPlot
    except ImportError:
        return None
    return PlotextPlot


def _ticks(days: tuple[str, ...], width: int) -> tuple[list[float], list[str]]:
    """A few evenly spaced MM-DD labels (about one per 14 columns), first and last included."""
    if not days:
        return [], []
    count = max(2, min(len(days), width // 14))
    if len(days) == 1:
        return [0.0], [days[0][5:]]
    picks = sorted({round(i * (len(days) - 1) / (count - 1)) for i in range(count)})
    return [float(i) for i in picks], [days[i][5:] for i in picks]


def legend(data: ChartData) -> Text:
    """Each line's marker and name, on a line of its own (outside the plot area)."""
    text = Text()
    for i, line in enumerate(data.series):
        if i:
            text.append("   ")
        text.append(f"{MARKERS[i % len(MARKERS)]} ", "bold")
        text.append(line.name)
    return text


class ReportChart(Vertical):
    """`show(data)` redraws; the widget keeps the last data for resizes."""

    DEFAULT_CSS = """
    ReportChart { height: auto; }
    ReportChart PlotextPlot { height: 12; }
    ReportChart .chart-legend { height: auto; padding: 0 1; }
    ReportChart .spark-row { height: 1; }
    ReportChart .spark-row Label { width: 20; }
    ReportChart .spark-row Sparkline { width: 1fr; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.data = ChartData()
        self._plot_class = plot_class()
        # Set as on_mount starts: Textual counts a widget mounted only after its on_mount,
        # and data given before then must be drawn by it.
        self._composed = False

    @property
    def has_plot(self) -> bool:
        return self._plot_class is not None

    def compose(self) -> ComposeResult:
        if self._plot_class is not None:
            yield self._plot_class()
            yield Static(classes="chart-legend")
        else:
            yield Static(Text(TITLE, "bold"), classes="spark-title")
            yield Vertical(classes="spark-rows")
        yield Static(Text("No daily data in this range.", "dim"), classes="chart-empty")

    def on_mount(self) -> None:
        self._composed = True
        self.show(self.data)

    def on_resize(self) -> None:
        if self._plot_class is not None:
            self.show(self.data)

    def show(self, data: ChartData) -> None:
        self.data = data
        if not self._composed:
            return
        empty = not data.days
        self.query_one(".chart-empty").display = empty
        for child in self.children:
            if "chart-empty" not in child.classes:
                child.display = not empty
        if self._plot_class is not None:
            self._draw_plot(self.query_one(self._plot_class), data)
        else:
            self._draw_sparklines(data)

    def _draw_plot(self, plot: PlotextPlot, data: ChartData) -> None:
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title(TITLE)
        xs = list(range(len(data.days)))
        for i, line in enumerate(data.series):
            known = [(x, y) for x, y in zip(xs, line.rates, strict=True) if y is not None]
            if known:
                # No label: plotext would draw the legend over the lines.
                plt.plot([x for x, _ in known], [y for _, y in known],
                         marker=MARKERS[i % len(MARKERS)])  # fmt: skip
        ticks, labels = _ticks(data.days, plot.size.width or 80)
        plt.xticks(ticks, labels)
        plot.refresh()
        self.query_one(".chart-legend", Static).update(legend(data))

    def _draw_sparklines(self, data: ChartData) -> None:
        rows = self.query_one(".spark-rows", Vertical)
        rows.remove_children()
        widgets: list[Widget] = []
        for line in data.series:
            values = [y for y in line.rates if y is not None]
            widgets.append(
                Horizontal(Label(Text(line.name)), Sparkline(values), classes="spark-row")
            )
        rows.mount_all(widgets)
