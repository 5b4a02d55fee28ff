"""`convert-tui status`: one line per running experience of every project.

Fast by construction: textual is never imported, the status filter is applied by the server,
each experience costs one report request (the partial report of its primary goal when the
experience names one, else the full report), all requests run concurrently under the client's
own limit of 8 in flight, and nothing waits for more than it needs: a project's reports start
when its own list arrives, and each report is analysed as it arrives (while the others are in
flight). The critical path is therefore: the project list, the longest experience list (pages),
then that project's reports in waves of 8 (`benchmarks/bench_status.py` times it).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any, TypeVar

from convert_tui import reporting
from convert_tui.cli import EXIT_OK, EXIT_USAGE
from convert_tui.commands.common import client_from_args, fail, run_async
from convert_tui.commands.report import check_id
from convert_tui.stats import format_chance, format_percent

if TYPE_CHECKING:
    from convert_tui.api import ConvertClient, models

T = TypeVar("T")
Entry = dict[str, Any]

RUNNING: list[models.ExperienceStatus] = ["active"]
WITH_ALL: list[models.ExperienceStatus] = ["active", "paused", "scheduled"]


def run(args: argparse.Namespace) -> int:
    problem = check_id(args.project, "project id")
    if problem:
        return fail(problem, EXIT_USAGE)
    return run_async(lambda: _status(args))


async def _collect(items: AsyncIterator[T]) -> list[T]:
    return [item async for item in items]


async def _report_for(
    client: ConvertClient, project_id: str, experience: models.Experience
) -> models.Report | None:
    from convert_tui.api.errors import NotFoundError

    if experience.id is None:
        return None
    goal_id = reporting.report_goal_for_status(experience)
    try:
        if goal_id is not None:
            return await client.get_partial_report(project_id, experience.id, goal_id)
        return await client.get_full_report(project_id, experience.id)
    except NotFoundError:
        return None  # deleted or unlinked since it was listed: show it without numbers


async def _status(args: argparse.Namespace) -> int:
    statuses = WITH_ALL if args.all else RUNNING
    now = time.time()

    async def entry(client: ConvertClient, project_id: str, exp: models.Experience) -> Entry:
        # Analysed as soon as its report arrives, while the other requests are in flight.
        report = await _report_for(client, project_id, exp)
        return reporting.status_entry(exp, report, now=now)

    async def project_entries(client: ConvertClient, project: models.Project) -> list[Entry]:
        # Each project's reports start as soon as its own list is in (no barrier between
        # the projects' lists and everyone's reports: that is the critical path).
        pid = project.id or ""
        listed = await _collect(client.iter_experiences(pid, experience_status=statuses))
        # The server filters; this only guards against one that ignores the filter.
        shown = [e for e in listed if e.experience_status in statuses]
        return list(await asyncio.gather(*(entry(client, pid, e) for e in shown)))

    async with client_from_args(args) as client:
        if args.project:
            projects = [await client.get_project(args.project)]
        else:
            projects = await _collect(client.iter_projects())
        projects = [p for p in projects if p.id is not None]
        per_project = await asyncio.gather(*(project_entries(client, p) for p in projects))
    document: dict[str, Any] = {
        "projects": [
            {"id": project.id, "name": project.name, "experiences": entries}
            for project, entries in zip(projects, per_project, strict=True)
        ]
    }
    if args.json:
        print(json.dumps(document, allow_nan=False))
    else:
        _print_lines(document, with_status=args.all)
    return EXIT_OK


def _leader_text(entry: dict[str, Any]) -> str:
    best = entry["leader"]
    if best is None:
        return "—"
    text = reporting.printable(best["variation_name"] or best["variation_id"])
    if best["uplift"] is not None:
        text += f" {format_percent(best['uplift'], signed=True)}"
    if best["chance_to_beat_baseline"] is not None:
        text += f" ({format_chance(best['chance_to_beat_baseline'])} to beat)"
    return text


def _print_lines(document: dict[str, Any], *, with_status: bool) -> None:
    header = ["PROJECT", "EXPERIENCE", "TYPE"]
    header += ["STATUS"] if with_status else []
    header += ["DAYS", "VISITORS", "LEADER", "SIGNIFICANT", "SRM"]
    rows = [header]
    for project in document["projects"]:
        for entry in project["experiences"]:
            best = entry["leader"]
            row = [
                reporting.printable(project["name"] or project["id"]),
                reporting.printable(entry["name"] or entry["id"]),
                reporting.printable(entry["type"] or "—"),
            ]
            row += [reporting.printable(entry["status"] or "—")] if with_status else []
            days = entry["days_running"]
            row += [
                "—" if days is None else str(days),
                f"{entry['visitors']:,}",
                _leader_text(entry),
                "—" if best is None else ("yes" if best["significant"] else "no"),
                "MISMATCH" if entry["srm"] else "ok",
            ]
            rows.append(row)
    if len(rows) == 1:
        print("No running experiences." if not with_status else "No experiences to show.")
        return
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for row in rows:
        cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        print("  ".join(cells).rstrip())
