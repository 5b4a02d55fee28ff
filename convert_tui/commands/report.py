"""`convert-tui report PROJECT_ID EXPERIENCE_ID`: an experience's report with statistics.

Formats: a readable table (default), `--json` (exactly one JSON object) or `--csv`.
The experience and its report are fetched concurrently; `--goal` asks for the partial report.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
from typing import Any

from convert_tui import reporting
from convert_tui.cli import EXIT_OK, EXIT_USAGE
from convert_tui.commands.common import client_from_args, fail, run_async
from convert_tui.config.config_file import StatisticsSettings, load_config
from convert_tui.stats import (
    StatsSettings,
    parse_confidence,
    parse_tuning,
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
        chosen = settings_file()
        settings = stats_settings(args, chosen)
        args.correction = args.correction or chosen.correction
    except ValueError as exc:
        return fail(str(exc), EXIT_USAGE)
    return run_async(lambda: _report(args, start, end, settings))


def stats_settings(
    args: argparse.Namespace, chosen: StatisticsSettings | None = None
) -> StatsSettings:
    """The settings from --confidence, --sides, --sequential, --tuning (ValueError: bad value),
    else config.toml's [statistics] (decisions.md: flag > config.toml > experience > default)."""
    if args.tuning is not None and not args.sequential:
        raise ValueError("--tuning needs --sequential")
    chosen = chosen or StatisticsSettings()
    confidence = (
        parse_confidence(args.confidence) if args.confidence is not None else chosen.confidence
    )
    tuning = parse_tuning(args.tuning) if args.tuning is not None else chosen.sequential_tuning
    return StatsSettings(
        confidence=confidence, sides=args.sides or chosen.sides,
        sequential=args.sequential or chosen.sequential, tuning=tuning,
    )  # fmt: skip


def settings_file() -> StatisticsSettings:
    """[statistics] of config.toml; what in it is not used is said on stderr."""
    config = load_config()
    for problem in config.problems:
        if problem.key.startswith("statistics") or not problem.key:
            print(f"convert-tui: {problem}", file=sys.stderr)
    return config.statistics


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
    for problem in reporting.report_problems(report):  # those rows are shown without data
        print(f"convert-tui: warning: {reporting.printable(problem)}", file=sys.stderr)
    document = reporting.report_document(analysis, args.experience_id, experience)
    if args.json:
        print(json.dumps(document, allow_nan=False))
    elif args.csv:
        sys.stdout.write(reporting.report_csv(_printable_names(document)))
    else:
        from convert_tui.commands.report_text import print_tables

        print_tables(document, analysis.goals, start, end)
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
