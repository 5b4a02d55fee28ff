"""The one loader of status rows, for `status` and the overview: rows stream as they are known.

Each project's experiences are listed (the status filter applied by the server), then each
experience that needs numbers costs one report request (the partial report of its primary goal
when it names one, else the full report). Reports of a project start as soon as its own list
is in, and each row is yielded as soon as its report is analysed, so the first rows show while
the others are in flight. Bounded: at most `projects_in_flight` projects are listed at once
(100,000 projects never make 100,000 tasks) and the client itself keeps at most 8 requests in
flight. Goals are listed only for a project whose experiences link goals by id alone.

I/O happens through the client passed in; nothing here imports httpx.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from convert_tui.reporting.status_rows import StatusRow, status_row

if TYPE_CHECKING:
    from convert_tui.api import ConvertClient, models
    from convert_tui.stats import StatsSettings

# As many as the client's requests in flight (8 by default): the lists of the first projects
# fill every connection at once (with 4, half of them idled a round; 5% slower at 50 ms).
PROJECTS_IN_FLIGHT = 8


class Listed(NamedTuple):
    """A project's experiences are listed: the rows without numbers come first (the overview
    draws them, marked as loading), then one `StatusRow` per report as it is analysed."""

    project: models.Project
    rows: tuple[StatusRow, ...]
    experiences: tuple[models.Experience, ...] = ()  # the records of `rows`, in order
    position: int = 0  # the project's place in the listing (events come in any order)


Event = Listed | StatusRow


async def report_for(
    client: ConvertClient, project_id: str, experience: models.Experience
) -> models.Report | None:
    """The report a status row needs (None: deleted or unlinked since it was listed)."""
    from convert_tui.api.errors import NotFoundError
    from convert_tui.reporting.analysed import report_goal_for_status

    if experience.id is None:
        return None
    goal_id = report_goal_for_status(experience)
    try:
        if goal_id is not None:
            return await client.get_partial_report(project_id, experience.id, goal_id)
        return await client.get_full_report(project_id, experience.id)
    except NotFoundError:
        return None


def _needs_goal_names(experiences: Sequence[models.Experience]) -> bool:
    for experience in experiences:
        for link in experience.goals or []:
            if link.goal_id is not None and not link.goal_name:
                return True
    return False


async def _goal_names(client: ConvertClient, project_id: str) -> dict[str, str]:
    names: dict[str, str] = {}
    async for goal in client.iter_goals(project_id):
        if goal.goal_id is not None and goal.goal_name:
            names[goal.goal_id] = goal.goal_name
    return names


async def _aiter(
    projects: Iterable[models.Project] | AsyncIterable[models.Project],
) -> AsyncIterator[models.Project]:
    if isinstance(projects, AsyncIterable):
        async for project in projects:
            yield project
    else:
        for project in projects:
            yield project


async def stream_rows(
    client: ConvertClient,
    projects: Iterable[models.Project] | AsyncIterable[models.Project],
    *,
    statuses: Sequence[models.ExperienceStatus] | None = None,
    with_report: Callable[[models.Experience], bool] = lambda _e: True,
    now: float | None = None,
    projects_in_flight: int = PROJECTS_IN_FLIGHT,
    settings: StatsSettings | None = None,
    placeholders: bool = True,
    analyse_in_runs: int = 1,
) -> AsyncIterator[Event]:
    """`Listed` per project, then a `StatusRow` per experience whose report `with_report`
    asks for, each as soon as it is known. An error ends the stream (raised here) and cancels
    what is still in flight. `placeholders=False`: `Listed.rows` stays empty, for a caller
    that shows only analysed rows (`status`) and would drop them unread. `analyse_in_runs`:
    reports are held until that many are in, then analysed one after another, for a caller
    that shows the rows only at the end (`status --json`): the statistics run in a tight loop
    instead of one report between the handling of two answers."""
    moment = time.time() if now is None else now
    held: list[tuple[models.Project, models.Experience, models.Report | None, dict[str, str]]]
    held = []  # reports in, not analysed yet (fewer than `analyse_in_runs`)

    def analysed() -> list[StatusRow]:
        run = held[:]
        held.clear()
        return [
            status_row(p, e, report, project_goals=names, now=moment, settings=settings)
            for p, e, report, names in run
        ]

    queue: asyncio.Queue[Event | BaseException | None] = asyncio.Queue()
    source = _aiter(projects)
    source_lock = asyncio.Lock()

    count = 0

    async def next_project() -> tuple[int, models.Project] | None:
        nonlocal count
        async with source_lock:
            async for project in source:
                if project.id is not None:
                    count += 1
                    return count - 1, project
            return None

    async def one_row(
        project: models.Project, experience: models.Experience, names: dict[str, str]
    ) -> None:
        report = await report_for(client, str(project.id), experience)
        held.append((project, experience, report, names))
        if len(held) >= analyse_in_runs:
            for row in analysed():
                queue.put_nowait(row)

    async def one_project(index: int, project: models.Project) -> None:
        pid = str(project.id)
        wanted = list(statuses) if statuses else None
        experiences = client.iter_experiences(pid, experience_status=wanted)
        listed = [e async for e in experiences if e.id is not None]
        # The server filters; this only guards against one that ignores the filter.
        shown = [e for e in listed if statuses is None or e.experience_status in statuses]
        names = await _goal_names(client, pid) if _needs_goal_names(shown) else {}
        rows = (
            tuple(status_row(project, e, None, project_goals=names, now=moment) for e in shown)
            if placeholders
            else ()
        )
        queue.put_nowait(Listed(project, rows, tuple(shown), index))
        await asyncio.gather(*(one_row(project, e, names) for e in shown if with_report(e)))

    async def worker() -> None:
        try:
            while (item := await next_project()) is not None:
                await one_project(*item)
        except BaseException as exc:  # handed to the consumer, which raises it
            queue.put_nowait(exc)
            raise
        finally:
            queue.put_nowait(None)

    workers = [asyncio.create_task(worker()) for _ in range(max(1, projects_in_flight))]
    running = len(workers)
    try:
        while running:
            item = await queue.get()
            if item is None:
                running -= 1
            elif isinstance(item, BaseException):
                raise item
            else:
                yield item
        for row in analysed():  # the last run
            yield row
    finally:
        for task in workers:
            task.cancel()
        await asyncio.gather(*workers, return_exceptions=True)
