"""The readable output of `convert-tui report`: a table per goal, or stacked when it would not fit.

The width is COLUMNS, else the terminal's; piped without COLUMNS, 160 (a file keeps the wide
table). A goal whose table is wider than that is printed stacked: each variation's name on a
line of its own, then its figures as "label value" pairs, wrapped between pairs. A name may
wrap; a number is never cut (Rich squeezing the table cut them to "14…").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from convert_tui import reporting, stats
from convert_tui.commands.common import terminal_width
from convert_tui.stats import GoalAnalysis, VariationStats

PIPED_WIDTH = 160  # piped without COLUMNS: the wide table, as a file or a pager shows it
INDENT = "  "
GAP = "   "  # between two "label value" pairs on a line


def _progress(v: VariationStats) -> str:
    if v.progress is None:
        return stats.NONE
    text = stats.format_percent(v.progress, digits=0)
    if v.days_to_go:
        text += f", {v.days_to_go:,} d to go"
    return text


def _significance(v: VariationStats) -> str:
    if v.is_baseline or v.significant is None:
        return "baseline" if v.is_baseline else stats.NONE
    return "yes" if v.significant else "no"


def _day(timestamp: int | None) -> str | None:
    if timestamp is None:
        return None
    return dt.datetime.fromtimestamp(timestamp, dt.UTC).date().isoformat()


# --- one variation's figures, as the table's columns and as stacked pairs ----------------------


MAIN_LABELS = ("Visitors", "Conv.", "Rate", "Uplift", "Interval", "p", "Chance", "Significant")
REVENUE_LABELS = ("Rev/visitor", "RPV uplift", "RPV p", "AOV")
DECISION_LABELS = ("Exp. loss", "Credible interval", "Progress")
# A baseline's comparisons with itself are "—": stacked, only its own numbers show.
_COMPARATIVE = {"Uplift", "Interval", "p", "Chance", "Significant", "RPV uplift", "RPV p"}


def _main_labels(revenue: bool) -> tuple[str, ...]:
    return MAIN_LABELS + REVENUE_LABELS if revenue else MAIN_LABELS


def _main_figures(v: VariationStats, revenue: bool) -> list[tuple[str, str]]:
    """(column header, cell) of the goal's main table, in its order."""
    cells = [
        f"{v.visitors:,}",
        f"{v.conversions:,}",
        stats.format_percent_or_none(v.conversion_rate, digits=2),
        stats.format_percent_or_none(v.uplift, signed=True),
        stats.format_interval_or_none(v.uplift_ci_low, v.uplift_ci_high),
        stats.format_p_value(v.p_value),
        stats.format_chance_or_none(v.chance_to_beat_baseline),
        _significance(v),
    ]
    if revenue:
        cells += [
            stats.format_money(v.revenue_per_visitor),
            stats.format_percent_or_none(v.rpv_uplift, signed=True),
            stats.format_p_value(v.rpv_p_value),
            stats.format_money(v.average_order_value),
        ]
    return list(zip(_main_labels(revenue), cells, strict=True))


def _decision_figures(v: VariationStats) -> list[tuple[str, str]]:
    cells = (
        stats.format_percent_or_none(v.expected_loss, digits=3),
        stats.format_interval_or_none(v.uplift_credible_low, v.uplift_credible_high),
        _progress(v),
    )
    return list(zip(DECISION_LABELS, cells, strict=True))


def _name(v: VariationStats) -> str:
    return reporting.printable(v.variation_name or v.variation_id)


def _in_order(goal: GoalAnalysis) -> list[VariationStats]:
    return sorted(goal.variations, key=lambda v: not v.is_baseline)


def _main_table(goal: GoalAnalysis, title: str) -> Table:
    table = Table(title=Text(title), title_justify="left")
    table.add_column("Variation", justify="left")
    for header in _main_labels(goal.has_revenue):
        table.add_column(header, justify="right")
    for v in _in_order(goal):
        cells = (Text(cell) for _, cell in _main_figures(v, goal.has_revenue))
        table.add_row(Text(_name(v)), *cells)
    return table


def _decision_table(goal: GoalAnalysis) -> Table:
    """Expected loss, credible interval and progress of each variation (a table of its own, so
    the main one keeps its width)."""
    table = Table(title=Text("Decision figures"), title_justify="left")
    table.add_column("Variation", justify="left")
    for header in DECISION_LABELS:
        table.add_column(header, justify="right")
    for v in goal.variations:
        if not v.is_baseline:
            table.add_row(Text(_name(v)), *(Text(cell) for _, cell in _decision_figures(v)))
    return table


def _fits(console: Console, table: Table) -> bool:
    # Measured as if unbounded: Rich caps a measurement at the width it is given.
    unbounded = console.options.update_width(10_000)
    return console.measure(table, options=unbounded).maximum <= console.width


def _pair_lines(pairs: list[tuple[str, str]], width: int) -> Iterator[str]:
    """'label value' pairs filled into lines of at most `width` (a pair is never split)."""
    line = ""
    for label, value in pairs:
        pair = f"{label} {value}"
        if line and len(INDENT) + len(line) + len(GAP) + len(pair) > width:
            yield INDENT + line
            line = ""
        line = f"{line}{GAP}{pair}" if line else pair
    if line:
        yield INDENT + line


def _print_stacked(console: Console, goal: GoalAnalysis, title: str) -> None:
    console.print(Text(title))
    for v in _in_order(goal):
        figures = _main_figures(v, goal.has_revenue)
        if v.is_baseline:
            figures = [f for f in figures if f[0] not in _COMPARATIVE]
            console.print(Text(f"{_name(v)} (baseline)"))
        else:
            figures += _decision_figures(v)
            console.print(Text(_name(v)))
        for line in _pair_lines(figures, console.width):
            console.print(Text(line), overflow="fold")


class _Output(Console):
    def on_broken_pipe(self) -> None:
        # The reader left (`report ... | head`): as for every command (commands.common.
        # run_guarded), not an error. Rich's own handling exits 1.
        self.quiet = True
        raise BrokenPipeError


def print_tables(
    document: dict[str, Any], goals: tuple[GoalAnalysis, ...], start: int | None, end: int | None
) -> None:
    console = _Output(highlight=False, markup=False, emoji=False, width=terminal_width(PIPED_WIDTH))
    name = reporting.printable(document["experience_name"] or "(unnamed)")
    level = document["confidence"] * 100
    range_text = ""
    if start is not None or end is not None:
        range_text = f" · range {_day(start) or 'start'} to {_day(end) or 'now'}"
    test = "two-sided" if document["sides"] == 2 else "one-sided (variation better)"
    if document["sequential"]:
        test += f", sequential (tuning {document['sequential_tuning']:g})"
    console.print(
        Text(
            f"Experience {name} ({reporting.printable(document['experience_id'])}) · "
            f"confidence {level:g}% · {test} · correction {document['correction']}{range_text}"
        )
    )
    if not goals:
        console.print(Text("No goals in this report."))
    for goal in goals:
        title = f"Goal {reporting.printable(goal.goal_name or goal.goal_id)}"
        if goal.goal_type:
            title += f" ({reporting.printable(goal.goal_type)})"
        table, decision = _main_table(goal, title), _decision_table(goal)
        if goal.variations and not (_fits(console, table) and _fits(console, decision)):
            _print_stacked(console, goal, title)
        else:
            console.print(table)
            console.print(decision)
        if stats.is_srm(goal.srm_p_value):
            console.print(
                Text(
                    f"Sample ratio mismatch: p = {goal.srm_p_value:.2g}; "
                    "the visitors are not split as configured."
                )
            )
        for line in stats.verdict(goal, confidence=level).splitlines():
            console.print(Text(reporting.printable(line)))
        note = stats.early_read_note(goal, sequential=document["sequential"])
        if note:
            console.print(Text(note))
        console.print()
