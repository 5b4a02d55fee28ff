"""Issue 13, item 13: the chart's legend is outside the plot area, never over the lines."""

from __future__ import annotations

import pytest
from test_ui_explorer import plain
from textual.app import App, ComposeResult
from textual_plotext import PlotextPlot

from convert_tui.ui.report.chart import ChartData, ReportChart, Series

DATA = ChartData(
    days=tuple(f"2026-11-{d:02d}" for d in range(1, 15)),
    series=(
        Series("Original", tuple(4.0 + d / 100 for d in range(14))),
        Series("Delivery date", tuple(4.5 + d / 50 for d in range(14))),
    ),
)


class ChartApp(App[None]):
    def compose(self) -> ComposeResult:
        yield ReportChart(id="chart")


async def test_the_legend_is_a_line_of_its_own_under_the_plot() -> None:
    app = ChartApp()
    async with app.run_test(size=(80, 24)) as pilot:
        chart = app.query_one(ReportChart)
        chart.show(DATA)
        await pilot.pause()
        plot = chart.query_one(PlotextPlot)
        drawn = plot.plt.build()  # the plot area as plotext draws it
        assert "Original" not in drawn and "Delivery date" not in drawn
        legend = chart.query_one(".chart-legend")
        assert plain(legend).strip() == "• Original   x Delivery date"  # type: ignore[arg-type]
        assert legend.region.y >= plot.region.y + plot.region.height  # below, not over it


async def test_data_given_before_the_chart_mounts_is_drawn_without_plotext(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Without textual-plotext (the sparkline fallback), a chart handed its data before it is
    mounted draws it as it mounts: it did nothing then (Textual counts a widget mounted only
    after its on_mount), and the fallback redraws on no resize, so the chart stayed empty."""
    from convert_tui.ui.report import chart as chart_module

    monkeypatch.setattr(chart_module, "plot_class", lambda: None)

    class EarlyChartApp(App[None]):
        def compose(self) -> ComposeResult:
            early = ReportChart(id="chart")
            early.show(DATA)
            yield early

    app = EarlyChartApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        chart = app.query_one(ReportChart)
        rows = chart.query(".spark-row")
        names = [plain(row.query_one("Label")).strip() for row in rows]  # type: ignore[arg-type]
        assert names == ["Original", "Delivery date"]
        assert not chart.query_one(".chart-empty").display
