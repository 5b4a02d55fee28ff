"""`convert-tui report PROJECT_ID EXPERIENCE_ID`: an experience's report with statistics.

Formats: a readable table (default), `--json` (exactly one JSON object) or `--csv`.
The experience and its report are fetched concurrently; `--goal` asks for the partial report.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import re
import sys
from typing import Any

from convert_tui import reporting
from convert_tui.cli import EXIT_OK, EXIT_USAGE
from convert_tui.commands.common import client_from_args, fail, run_async
from convert_tui.stats import (
    DEFAULT_TUNING,
    GoalAnalysis,
    StatsSettings,
    VariationStats,
    early_read_note,
    format_chance,
    format_interval,
    format_percent,
    is_srm,
    parse_confidence,
    parse_tuning,
    verdict,
)

# Unreserved URL characters: an id never needs more, and a typo such as "12/3" or "" is a usage
# error rather than a request for some other resource.
ID_PATTERN = re.compile(r"[A-Za-z0-9._~-]{1,100}")


def check_id(value: str | None, what: str) -> str | None:
    """None when `value` is a well-formed id (or absent), else the error message."""
    if value is None or ID_PATTERN.fullmatch(value):
        return None
    shown = reporting.printable(value)
    return f"invalid {what} {shown!r}: expected letters, digits, '-', '_', '.' or '~'"


def run(args: argparse.Namespace) -> int:
    for value, what in (
        (args.project_id, "project id"),
        (args.experience_id, "experience id"),
        (args.goal, "goal id"),
    ):
        problem = check_id(value, what)
        if problem:
            return fail(problem, EXIT_USAGE)
    try:
        start, end = reporting.day_range(args.date_from, args.date_to)
        settings = stats_settings(args)
    except ValueError as exc:
        return fail(str(exc), EXIT_USAGE)
    return run_async(lambda: _report(args, start, end, settings))


def stats_settings(args: argparse.Namespace) -> StatsSettings:
    """The settings from --confidence, --sides, --sequential, --tuning (ValueError: bad value)."""
    if args.tuning is not None and not args.sequential:
        raise ValueError("--tuning needs --sequential")
    confidence = parse_confidence(args.confidence) if args.confidence is not None else None
    tuning = parse_tuning(args.tuning) if args.tuning is not None else DEFAULT_TUNING
    return StatsSettings(
        confidence=confidence, sides=args.sides, sequential=args.sequential, tuning=tuning
    )


async def _report(
    args: argparse.Namespace, start: int | None, end: int | None, settings: StatsSettings
) -> int:
    async with client_from_args(args) as client:
        if args.goal:
            fetch_report = client.get_partial_report(
                args.project_id, args.experience_id, args.goal, start, end
            )
        else:
            fetch_report = client.get_full_report(args.project_id, args.experience_id, start, end)
        experience, report = await asyncio.gather(
            client.get_experience(args.project_id, args.experience_id), fetch_report
        )
    analysis = reporting.analyse_report(
        report, experience, correction=args.correction, settings=settings
    )
    document = reporting.report_document(analysis, args.experience_id, experience)
    if args.json:
        print(json.dumps(document, allow_nan=False))
    elif args.csv:
        sys.stdout.write(reporting.report_csv(_printable_names(document)))
    else:
        _print_tables(document, analysis.goals, start, end)
    return EXIT_OK


def _printable_names(document: dict[str, Any]) -> dict[str, Any]:
    """The document with its API text made terminal-safe (for CSV on a terminal)."""
    safe = dict(document, experience_name=reporting.printable(document["experience_name"]))
    safe["goals"] = [
        dict(
            goal,
            goal_name=reporting.printable(goal["goal_name"]),
            variations=[
                dict(v, variation_name=reporting.printable(v["variation_name"]))
                for v in goal["variations"]
            ],
        )
        for goal in document["goals"]
    ]
    return safe


# --- the readable table -------------------------------------------------------------------------


def _pct(value: float | None, *, signed: bool = False, digits: int = 1) -> str:
    return "—" if value is None else format_percent(value, signed=signed, digits=digits)


def _p(value: float | None) -> str:
    if value is None:
        return "—"
    return "<0.0001" if value < 0.0001 else f"{value:.4f}"


def _money(value: float | None) -> str:
    return "—" if value is None else f"{value:,.2f}"


def _interval(low: float | None, high: float | None) -> str:
    return format_interval(low, high) or "—"


def _loss(value: float | None) -> str:
    return "—" if value is None else format_percent(value, digits=3)


def _progress(v: VariationStats) -> str:
    if v.progress is None:
        return "—"
    text = format_percent(v.progress, digits=0)
    if v.days_to_go:
        text += f", {v.days_to_go:,} d to go"
    return text


def _significance(v: VariationStats) -> str:
    if v.is_baseline or v.significant is None:
        return "baseline" if v.is_baseline else "—"
    return "yes" if v.significant else "no"


def _print_tables(
    document: dict[str, Any], goals: tuple[GoalAnalysis, ...], start: int | None, end: int | None
) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(
        highlight=False, markup=False, emoji=False, width=None if sys.stdout.isatty() else 160
    )
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
        revenue = goal.has_revenue
        title = f"Goal {reporting.printable(goal.goal_name or goal.goal_id)}"
        if goal.goal_type:
            title += f" ({reporting.printable(goal.goal_type)})"
        table = Table(title=Text(title), title_justify="left")
        headers = ["Variation", "Visitors", "Conv.", "Rate", "Uplift", "Interval", "p", "Chance"]
        headers += ["Significant"]
        if revenue:
            headers += ["Rev/visitor", "RPV uplift", "RPV p", "AOV"]
        for header in headers:
            table.add_column(header, justify="left" if header == "Variation" else "right")
        for v in sorted(goal.variations, key=lambda v: not v.is_baseline):
            cells = [
                reporting.printable(v.variation_name or v.variation_id),
                f"{v.visitors:,}",
                f"{v.conversions:,}",
                _pct(v.conversion_rate, digits=2),
                _pct(v.uplift, signed=True),
                _interval(v.uplift_ci_low, v.uplift_ci_high),
                _p(v.p_value),
                "—"
                if v.chance_to_beat_baseline is None
                else format_chance(v.chance_to_beat_baseline),
                _significance(v),
            ]
            if revenue:
                cells += [
                    _money(v.revenue_per_visitor),
                    _pct(v.rpv_uplift, signed=True),
                    _p(v.rpv_p_value),
                    _money(v.average_order_value),
                ]
            table.add_row(*(Text(cell) for cell in cells))
        console.print(table)
        console.print(_decision_table(goal))
        if is_srm(goal.srm_p_value):
            console.print(
                Text(
                    f"Sample ratio mismatch: p = {goal.srm_p_value:.2g}; "
                    "the visitors are not split as configured."
                )
            )
        for line in verdict(goal, confidence=level).splitlines():
            console.print(Text(reporting.printable(line)))
        note = early_read_note(goal, sequential=document["sequential"])
        if note:
            console.print(Text(note))
        console.print()


def _decision_table(goal: GoalAnalysis) -> Any:
    """Expected loss, credible interval and progress of each variation (a table of its own, so
    the main one keeps its width)."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text("Decision figures"), title_justify="left")
    for header in ("Variation", "Exp. loss", "Credible interval", "Progress"):
        table.add_column(header, justify="left" if header == "Variation" else "right")
    for v in goal.variations:
        if v.is_baseline:
            continue
        cells = [
            reporting.printable(v.variation_name or v.variation_id),
            _loss(v.expected_loss),
            _interval(v.uplift_credible_low, v.uplift_credible_high),
            _progress(v),
        ]
        table.add_row(*(Text(cell) for cell in cells))
    return table


def _day(timestamp: int | None) -> str | None:
    if timestamp is None:
        return None
    return dt.datetime.fromtimestamp(timestamp, dt.UTC).date().isoformat()
