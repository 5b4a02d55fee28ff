"""The report view's keys (ReportScreen.BINDINGS), each with the id config.toml's [keymap]
rebinds it by."""

from __future__ import annotations

from textual.binding import Binding, BindingType

REPORT_KEYS: list[BindingType] = [
    Binding("escape", "back", "Back", tooltip="Back to the experience", id="report.back"),
    # ([ and ] are back/forward on every screen: decisions.md, Keys.)
    Binding("tab", "goal(1)", "Next goal",
            tooltip="Next goal (the last tab shows every goal)", id="report.next_goal"),
    Binding("shift+tab", "goal(-1)", "Prev goal", show=False,
            tooltip="Previous goal", id="report.prev_goal"),
    Binding("t", "time_range", "Range", tooltip="Time range: all, last 7/14/30 days, dates",
            id="report.range"),
    Binding("c", "correction", "Correction", id="report.correction",
            tooltip="Multiple-comparison correction: none, bonferroni, sidak"),
    Binding("l", "level", "Level", tooltip="Confidence level: the experience's, 90, 95, 99%",
            id="report.level"),
    Binding("d", "sides", "Sides", tooltip="Two-sided, or one-sided: the variation is better",
            id="report.sides"),
    Binding("s", "sequential", "Sequential", id="report.sequential",
            tooltip="Sequential testing on/off: results that stay valid at every look"),
    Binding("x", "export", "Export", tooltip="Export what is shown as CSV/JSON "
            "(same as `convert-tui report`) to the data folder's exports/", id="report.export"),
    Binding("o", "sort", "Sort", tooltip="Order the variations: rate, uplift, chance, ...",
            id="report.sort"),
    Binding("r", "reload", "Reload", tooltip="Reload this report", id="report.reload"),
    Binding("j", "scroll(1)", "Down", show=False, tooltip="Scroll down (also ↓, PgDn)",
            id="report.down"),
    Binding("k", "scroll(-1)", "Up", show=False, tooltip="Scroll up (also ↑, PgUp)",
            id="report.up"),
]  # fmt: skip
