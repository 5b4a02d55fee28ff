"""How `AppState` loads data: each load runs in a worker under a key (`"projects"`,
`"children:<p>"`, ...). A token per key plus the connection generation drop results that arrive
after a newer request or a profile switch; failures go through `fail` and mark the key stale;
loaded data is kept, never cleared. `Loads` is a mixin: it only ever runs as part of AppState.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar

from textual import work
from textual.worker import Worker

from convert_tui.state.cache import parse_cached_report, write_cache
from convert_tui.state.types import ProjectChildren, RangedReport

if TYPE_CHECKING:
    import itertools

    from textual.dom import DOMNode as StatePart  # what the mixin is part of, for mypy
    from textual.timer import Timer

    from convert_tui.api import ConvertClient, models
    from convert_tui.config.cache import TreeCache
else:
    StatePart = object  # at run time AppState itself brings DOMNode in

T = TypeVar("T")
THAW_EVERY = 100  # loads between full garbage collections (see Loads._settle_heap)
ALL_CHILDREN_IN_FLIGHT = 4  # projects loaded at once by load_all_children
ALL_CHILDREN_FLUSH = 0.25  # seconds between its batches (each is one redraw of the tree)


class Loads(StatePart):
    if TYPE_CHECKING:  # provided by AppState
        client: ConvertClient | None
        cache: TreeCache | None
        _generation: int
        _counter: itertools.count[int]
        _tokens: dict[str, tuple[int, int]]
        _settled: int
        _settle_timer: Timer | None
        loading: frozenset[str]
        stale: frozenset[str]
        last_refresh: datetime | None
        cached_at: datetime | None
        projects: tuple[models.Project, ...]
        project_children: dict[str, ProjectChildren]
        experiences: dict[tuple[str, str], models.Experience]
        reports: dict[tuple[str, str], models.Report]
        report_ranges: dict[tuple[str, str], RangedReport]
        all_children_progress: tuple[int, int] | None

        def fail(self, what: str, exc: BaseException, key: str | None = None) -> None: ...
        def now(self) -> datetime: ...
        def project_name(self, project_id: str) -> str: ...
        def _schedule_save(self) -> None: ...

    def _begin(self, key: str) -> tuple[int, int]:
        token = (self._generation, next(self._counter))
        self._tokens[key] = token
        self.loading = self.loading | {key}
        return token

    def _current(self, key: str, token: tuple[int, int]) -> bool:
        return self._tokens.get(key) == token and token[0] == self._generation

    def _end(self, key: str, ok: bool) -> None:
        self.loading = self.loading - {key}
        if ok:
            self.stale = self.stale - {key}

    async def _load(
        self, key: str, what: str, fetch: Callable[[ConvertClient], Awaitable[T]],
        apply: Callable[[T], None],
    ) -> None:  # fmt: skip
        client = self.client
        if client is None:
            return
        token = self._begin(key)
        try:
            result = await fetch(client)
        except asyncio.CancelledError:
            if self._current(key, token):
                self._end(key, ok=False)
            raise
        except Exception as exc:
            if self._current(key, token):
                self.fail(what, exc, key)  # first: views redrawn by `loading` see the error
                self._end(key, ok=False)
            return
        if not self._current(key, token):
            return  # a newer request or another connection owns this key now
        self._end(key, ok=True)
        apply(result)
        self.last_refresh = self.now()
        if key == "projects" or key.startswith("children:"):
            self._schedule_save()
        if self._settle_timer is None:  # once the frame showing the data is painted
            self._settle_timer = self.app.set_timer(0.2, self._settle_heap, name="settle heap")

    def _settle_heap(self) -> None:
        """Move what is alive now (the loaded records, mostly) out of the cyclic GC's way.

        A big account holds ~600k GC-tracked objects (pydantic records); the collector's full
        passes, triggered as the heap grows, walked them all and froze the UI for up to a
        second while projects loaded. After each load (once its frame is painted) the objects
        created since the last time are collected (a short pass: frozen objects are not
        walked) and the survivors frozen. Acyclic garbage (replaced records) is still freed by
        reference counting; cyclic garbage of frozen objects (Textual's render caches) waits
        for the thaw every `THAW_EVERY` loads, and `disconnect` thaws everything.
        """
        self._settle_timer = None
        self._settled += 1
        if self._settled % THAW_EVERY == 0:
            gc.unfreeze()  # the collection below is then a full one
        gc.collect()
        gc.freeze()

    @work(exclusive=True, group="projects", exit_on_error=False)
    async def load_projects(self) -> None:
        async def fetch(client: ConvertClient) -> list[models.Project]:
            # Page 1 is sent for before the models (pydantic, ~60 ms at start-up) load, which
            # then check it (importing them first held back the request and the first frame).
            # It is shown once checked: never what the models would refuse.
            first = await client.first_projects_page()
            return await _collect(client.iter_projects(first_page=first))

        def apply(projects: list[models.Project]) -> None:
            self.projects = tuple(projects)
            known = {str(p.id) for p in projects}
            self.project_children = {k: v for k, v in self.project_children.items() if k in known}
            self.cached_at = None  # live now (a cached project's children reload on their own)

        await self._load("projects", "Loading projects", fetch, apply)

    def load_project_children(self, project_id: str) -> Worker[None]:
        # Exclusive per project, not per kind: expanding B must not cancel A's load.
        return self.run_worker(
            self._load_children(project_id), group=f"children:{project_id}",
            exclusive=True, exit_on_error=False,
        )  # fmt: skip

    async def _load_children(self, project_id: str) -> None:
        def apply(kids: ProjectChildren) -> None:
            self.project_children = {**self.project_children, project_id: kids}

        name = self.project_name(project_id)
        fetch = lambda client: _fetch_children(client, project_id)  # noqa: E731
        await self._load(f"children:{project_id}", f"Loading {name}", fetch, apply)

    @work(exclusive=True, group="all-children", exit_on_error=False)
    async def load_all_children(self) -> None:
        """Load every project not loaded yet (the filter and the palette search them all).

        One bounded, cancellable job (100,000 projects made 100,000 workers that cancelled
        each other): at most ALL_CHILDREN_IN_FLIGHT projects at once, the loaded ones applied
        in batches (a redraw per batch, not per project), progress in `all_children_progress`
        (done, total) until it ends, and the first failure reported once with a count."""
        client = self.client
        if client is None:
            return
        todo = [
            str(p.id) for p in self.projects
            if str(p.id) not in self.project_children and f"children:{p.id}" not in self.loading
        ]  # fmt: skip
        if not todo:
            return
        generation = self._generation
        pending = iter(todo)
        loaded: dict[str, ProjectChildren] = {}
        failed: list[tuple[str, BaseException]] = []
        done = 0
        last_flush = time.monotonic()

        def flush() -> None:
            nonlocal last_flush
            last_flush = time.monotonic()
            if loaded and generation == self._generation:
                self.project_children = {**self.project_children, **loaded}
                self.stale = self.stale - {f"children:{pid}" for pid in loaded}
                loaded.clear()
            self.all_children_progress = (done, len(todo))

        async def worker() -> None:
            nonlocal done
            for pid in pending:  # (one iterator shared by the workers)
                try:
                    loaded[pid] = await _fetch_children(client, pid)
                except Exception as exc:
                    failed.append((pid, exc))
                done += 1
                if time.monotonic() - last_flush >= ALL_CHILDREN_FLUSH:
                    flush()

        self.all_children_progress = (0, len(todo))
        try:
            await asyncio.gather(*(worker() for _ in range(ALL_CHILDREN_IN_FLIGHT)))
            flush()
        finally:
            self.all_children_progress = None
        if failed and generation == self._generation:
            pid, exc = failed[0]
            more = f" (and {len(failed) - 1} more projects)" if len(failed) > 1 else ""
            self.fail(f"Loading {self.project_name(pid)}{more}", exc, f"children:{pid}")
            self.stale = self.stale | {f"children:{p}" for p, _ in failed}
        self._schedule_save()

    @work(exclusive=True, group="experience", exit_on_error=False)
    async def load_experience(self, project_id: str, experience_id: str) -> None:
        def apply(exp: models.Experience) -> None:
            self.experiences = {**self.experiences, (project_id, experience_id): exp}

        await self._load(
            f"experience:{project_id}/{experience_id}", "Loading the experience",
            lambda c: c.get_experience(project_id, experience_id), apply,
        )  # fmt: skip

    @work(exclusive=True, group="report", exit_on_error=False)
    async def load_report(self, project_id: str, experience_id: str) -> None:
        key = (project_id, experience_id)
        cache = self.cache
        if cache is not None and key not in self.reports:
            # The cached report first (while the live one loads), if there is a readable one.
            with contextlib.suppress(Exception):
                entry = cache.load_report(project_id, experience_id)
                if entry is not None:
                    cached = parse_cached_report(entry.data)
                    self.reports = {**self.reports, key: cached}

        def apply(report: models.Report) -> None:
            self.reports = {**self.reports, (project_id, experience_id): report}
            if cache is not None:
                write_cache(
                    self, lambda: cache.save_report(project_id, experience_id, report),
                    group="cache-report",
                )  # fmt: skip

        await self._load(
            f"report:{project_id}/{experience_id}", "Loading the report",
            lambda c: c.get_full_report(project_id, experience_id), apply,
        )  # fmt: skip

    @work(exclusive=True, group="report-range", exit_on_error=False)
    async def load_report_range(
        self, project_id: str, experience_id: str, start: int | None, end: int | None,
        goal_id: str | None = None,
    ) -> None:  # fmt: skip
        """The report of `start`..`end` into `report_ranges`: partial for `goal_id`, else full."""

        def fetch(client: ConvertClient) -> Awaitable[models.Report]:
            if goal_id is not None:
                return client.get_partial_report(project_id, experience_id, goal_id, start, end)
            return client.get_full_report(project_id, experience_id, start, end)

        def apply(report: models.Report) -> None:
            ranged = RangedReport(start, end, goal_id, report)
            self.report_ranges = {**self.report_ranges, (project_id, experience_id): ranged}

        await self._load(
            f"report-range:{project_id}/{experience_id}", "Loading the report for the dates",
            fetch, apply,
        )  # fmt: skip


async def _fetch_children(client: ConvertClient, project_id: str) -> ProjectChildren:
    """A project's four lists, in one go."""
    exps, goals, auds, hyps = await asyncio.gather(
        _collect(client.iter_experiences(project_id)),
        _collect(client.iter_goals(project_id)),
        _collect(client.iter_audiences(project_id)),
        _collect(client.iter_hypotheses(project_id)),
    )
    return ProjectChildren(tuple(exps), tuple(goals), tuple(auds), tuple(hyps))


async def _collect(items: AsyncIterator[T]) -> list[T]:
    return [item async for item in items]
