"""`convert-tui status`: one line per running experience of every project.

The rows come from `reporting.collect.stream_rows` (the overview's loader too) and are worded by
`reporting.status_cells` (the overview's cells too). Text mode prints each row as soon as its
report is analysed, in columns fixed up front from the terminal width (COLUMNS, else the tty,
else 80), so a big account shows its first rows at once and no line wraps. `--json` prints one
document at the end, projects in the order listed. `--alert` makes the exit code say whether
any experience shown has one of the named alerts (for cron); `--watch N` redraws every N
seconds until Ctrl+C.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import sys
import time
from typing import TYPE_CHECKING, Any

from convert_tui.cli import EXIT_OK, EXIT_USAGE
from convert_tui.commands.common import client_from_args, fail, run_async, terminal_width
from convert_tui.commands.report import check_id, settings_file, stats_settings
from convert_tui.reporting.collect import Listed, stream_rows
from convert_tui.reporting.status_rows import ALERTS, StatusRow, row_json

if TYPE_CHECKING:
    from convert_tui.api import ConvertClient, models

EXIT_ALERT = 1
# `--json`: reports held, then analysed 16 at a time, one after another: ~1.5% faster than one
# between two answers (paired runs; 8 and 32 measured the same within noise), and what is held
# stays bounded (16 reports besides the 8 in flight, not every report of the account).
ANALYSED_TOGETHER = 16
RUNNING: list[models.ExperienceStatus] = ["active"]
WITH_ALL: list[models.ExperienceStatus] = ["active", "paused", "scheduled"]


def parse_alerts(text: str | None) -> tuple[str, ...] | str:
    """The alert names of `--alert`, or what is wrong with them."""
    if text is None:
        return ()
    names = tuple(name.strip() for name in text.split(",") if name.strip())
    unknown = [name for name in names if name not in ALERTS]
    if unknown or not names:
        return (
            f"unknown alert {', '.join(repr(n) for n in unknown) or '(none given)'}: "
            f"use any of {','.join(ALERTS)}, comma-separated"
        )
    return names


def run(args: argparse.Namespace) -> int:
    problem = check_id(args.project, "project id")
    if problem:
        return fail(problem, EXIT_USAGE)
    alerts = parse_alerts(getattr(args, "alert", None))
    if isinstance(alerts, str):
        return fail(alerts, EXIT_USAGE)
    try:
        args.stats = stats_settings(args, settings_file())  # flags, else config.toml
    except ValueError as exc:
        return fail(str(exc), EXIT_USAGE)
    watch = getattr(args, "watch", None)
    if watch is not None and not watch > 0:
        return fail("--watch takes a number of seconds above 0, e.g. --watch 30", EXIT_USAGE)
    if watch is not None:
        return run_async(lambda: _watch(args, alerts, float(watch)))
    return run_async(lambda: _status(args, alerts))


class _Printer:
    """Rows as lines in columns fixed up front."""

    def __init__(self, width: int, *, with_status: bool) -> None:
        from convert_tui.reporting import status_cells  # (text only: --json never loads it)

        self.cells = status_cells
        self.names = status_cells.columns_for(width, with_status=with_status)
        self.widths = status_cells.widths_for(self.names, width)
        self.printed = 0

    def header(self) -> str:
        return self.cells.header(self.names, self.widths)

    def line(self, row: StatusRow) -> str:
        return self.cells.line(row, self.names, self.widths)


async def _rows(
    client: ConvertClient, args: argparse.Namespace, on_row: Any = None
) -> tuple[list[models.Project], dict[str, list[StatusRow]]]:
    """Every row shown, by project (listing order); `on_row` sees each as it is analysed."""
    statuses = WITH_ALL if args.all else RUNNING
    if args.project:
        projects: Any = [await client.get_project(args.project)]
    else:
        projects = client.iter_projects()
    listed: list[tuple[int, models.Project]] = []
    order: dict[str, list[str]] = {}  # project id -> its experience ids, as listed
    analysed: dict[str, dict[str, list[StatusRow]]] = {}  # (a list: a server may repeat an id)
    rows_of = stream_rows(
        client, projects, statuses=statuses, now=time.time(), settings=args.stats,
        placeholders=False,  # every listed experience gets its analysed row
        # Rows printed as they come are analysed as their reports come; one document at the
        # end lets the reports be analysed in runs (collect.stream_rows).
        analyse_in_runs=1 if on_row is not None else ANALYSED_TOGETHER,
    )  # fmt: skip
    async for event in rows_of:
        if isinstance(event, Listed):
            listed.append((event.position, event.project))
            order[str(event.project.id)] = [str(e.id) for e in event.experiences]
            analysed[str(event.project.id)] = {}
            continue
        analysed[event.project_id].setdefault(event.experience_id, []).append(event)
        if on_row is not None:
            on_row(event)
    rows = {
        project_id: [analysed[project_id][e].pop(0) for e in experience_ids]
        for project_id, experience_ids in order.items()
    }
    return [project for _index, project in sorted(listed, key=lambda item: item[0])], rows


def _exit_code(rows: dict[str, list[StatusRow]], alerts: tuple[str, ...]) -> int:
    flagged = any(set(r.alerts) & set(alerts) for project in rows.values() for r in project)
    return EXIT_ALERT if flagged else EXIT_OK


async def _status(args: argparse.Namespace, alerts: tuple[str, ...]) -> int:
    printer = None if args.json else _Printer(terminal_width(), with_status=args.all)

    def print_row(row: StatusRow) -> None:
        assert printer is not None
        if not printer.printed:
            print(printer.header())
        printer.printed += 1
        print(printer.line(row), flush=True)

    async with client_from_args(args) as client:
        projects, rows = await _rows(client, args, None if printer is None else print_row)
    if printer is None:
        document = {
            "projects": [
                {
                    "id": project.id,
                    "name": project.name,
                    "experiences": [row_json(r) for r in rows[str(project.id)]],
                }
                for project in projects
            ]
        }
        print(json.dumps(document, allow_nan=False))
    elif not printer.printed:
        print("No running experiences." if not args.all else "No experiences to show.")
    return _exit_code(rows, alerts)


async def _watch(args: argparse.Namespace, alerts: tuple[str, ...], every: float) -> int:
    """Redraw every `every` seconds; rows whose verdict or alerts changed are marked '*'."""
    before: dict[tuple[str, str], tuple[str, tuple[str, ...]]] = {}
    code = EXIT_OK
    tty = sys.stdout.isatty()
    gc.enable()  # (one-shot commands run without it; a watch runs for hours)
    try:
        async with client_from_args(args) as client:
            while True:
                _projects, rows = await _rows(client, args)
                width = terminal_width()
                printer = _Printer(width - 2, with_status=args.all)
                if tty:
                    sys.stdout.write("\x1b[H\x1b[2J")
                stamp = time.strftime("%H:%M:%S")
                print(f"convert-tui status, every {every:g} s (Ctrl+C stops) — {stamp}")
                print("  " + printer.header())
                for row in (r for project in rows.values() for r in project):
                    now = (row.verdict, row.alerts)
                    changed = row.key in before and before[row.key] != now
                    before[row.key] = now
                    mark = "* " if changed else "  "
                    text = mark + printer.line(row)
                    print(f"\x1b[1m{text}\x1b[0m" if changed and tty else text)
                sys.stdout.flush()
                code = _exit_code(rows, alerts)
                await asyncio.sleep(every)
    except (KeyboardInterrupt, asyncio.CancelledError):
        return code
