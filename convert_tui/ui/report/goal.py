"""One goal of the report view: title, SRM banner, verdict, tables and the daily chart."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from convert_tui.api import models
from convert_tui.stats import GoalAnalysis
from convert_tui.ui.report import format as fmt
from convert_tui.ui.report.chart import ReportChart, chart_data
from convert_tui.ui.text import clean


class ReportTable(DataTable[Text]):
    """A DataTable whose new height always reaches the layout (Textual issue #3160).

    A table learns its rows' height on an idle after it is filled. When the screen laid its
    section out in between, Textual kept the table's empty height cached (the cache key is a
    counter that a pending layout request does not move), and the section cut off its last
    lines: the chart's axis and legend. A second request, after the pending one, moves it.
    """

    def watch_virtual_size(self) -> None:
        self.call_later(self.refresh, layout=True)


def _table(classes: str) -> DataTable[Text]:
    table = ReportTable(show_cursor=False, cursor_type="none", zebra_stripes=True, classes=classes)
    # The body scrolls as a whole; a focused table would swallow the arrow keys.
    table.can_focus = False
    return table


def _fill(table: DataTable[Text], labels: list[str], rows: list[list[Text]], compact: bool) -> None:
    """Refill `table`; compact tables have two-line headers and rows and a fixed name width."""
    table.clear(columns=True)
    table.header_height = 2 if compact else 1
    for label in labels:
        first = label == "Variation"
        width = fmt.NAME_WIDTH if first and compact else None
        table.add_column(Text(label, justify="left" if first else "right"), width=width)
    for row in rows:
        table.add_row(*row, height=2 if compact else 1)


class GoalReport(Vertical):
    """`show(...)` fills it; the DataTables keep their ids so tests and CSS can find them."""

    DEFAULT_CSS = """
    GoalReport { height: auto; margin-bottom: 1; }
    GoalReport .goal-title { text-style: bold; }
    GoalReport .srm-banner {
        border: heavy $warning; padding: 0 1; color: $text; background: $warning 15%;
    }
    GoalReport .verdict { margin: 0 0 1 0; }
    GoalReport DataTable { height: auto; max-height: 20; margin-bottom: 1; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.goal_id: str | None = None
        self._pending: tuple[GoalAnalysis, dict[str, Any]] | None = None
        self._ready = False

    def compose(self) -> ComposeResult:
        yield Static(classes="goal-title")
        yield Static(classes="srm-banner")
        yield Static(classes="verdict")
        yield _table("conversion-table")
        yield _table("revenue-table")
        yield _table("decision-table")
        yield ReportChart()

    def on_mount(self) -> None:
        self._ready = True
        if self._pending is not None:
            self.show(self._pending[0], **self._pending[1])

    def show(
        self,
        goal: GoalAnalysis,
        *,
        confidence: float,
        primary: bool,
        configured: dict[str, float | None],
        daily: models.ReportGoal | None,
        compact: bool = False,
        sort: str = "as reported",
        sequential: bool = False,
        today: dt.date | None = None,
    ) -> None:
        if not self._ready:  # just mounted by the screen: fill in once the children exist
            self._pending = (goal, {"confidence": confidence, "primary": primary,
                                    "configured": configured, "daily": daily,
                                    "compact": compact, "sort": sort,
                                    "sequential": sequential, "today": today})  # fmt: skip
            return
        self.goal_id = goal.goal_id
        title = Text("★ " if primary else "")
        title.append(clean(goal.goal_name or f"goal {goal.goal_id}", one_line=True))
        details = [goal.goal_type or "", "primary goal" if primary else ""]
        shown = ", ".join(d for d in details if d)
        if shown:
            title.append(f"  ({clean(shown, one_line=True)})", "dim")
        self.query_one(".goal-title", Static).update(title)

        banner = fmt.srm_banner(goal, configured)
        srm = self.query_one(".srm-banner", Static)
        srm.display = banner is not None
        srm.update(banner or "")

        verdict = fmt.verdict_text(goal, confidence, sequential=sequential)
        self.query_one(".verdict", Static).update(verdict)
        rows = fmt.baseline_first(goal.variations, sort)
        _fill(
            self.query_one(".conversion-table", DataTable),
            fmt.columns(fmt.CONVERSION_COLUMNS, compact),
            [fmt.conversion_cells(v, compact=compact) for v in rows],
            compact,
        )
        revenue = self.query_one(".revenue-table", DataTable)
        revenue.display = goal.has_revenue
        if goal.has_revenue:
            cells = [fmt.revenue_cells(v, compact=compact) for v in rows]
            _fill(revenue, fmt.columns(fmt.REVENUE_COLUMNS, compact), cells, compact)
        day = today or dt.datetime.now(dt.UTC).date()
        _fill(
            self.query_one(".decision-table", DataTable),
            fmt.columns(fmt.DECISION_COLUMNS, compact),
            [fmt.decision_cells(v, day, compact=compact) for v in rows],
            compact,
        )
        self.query_one(ReportChart).show(chart_data(daily))
