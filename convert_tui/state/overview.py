"""How `AppState` loads the overview: every experience of every project as a status row.

The rows come from `reporting.collect.stream_rows` (the loader of `status`) in one exclusive,
cancellable worker: listed rows show at once (marked loading), each running or paused row's
numbers fill in as its report is analysed, and the screen is updated at most every
`FLUSH_EVERY` seconds (a big account is not redrawn per row). Rows already shown keep their
numbers while a refresh runs (stale-while-revalidate); rows of other sections (ended,
scheduled, drafts) load their reports when the screen shows them (`load_row_reports`).

After a refresh, rows whose verdict or alerts changed are in `overview_changed` (the screen
highlights them) and each new alert is announced once.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from textual import work

from convert_tui.state.cache import write_cache

if TYPE_CHECKING:
    from datetime import datetime

    from textual.dom import DOMNode as StatePart

    from convert_tui.api import ConvertClient, models
    from convert_tui.config.cache import TreeCache
    from convert_tui.reporting.status_rows import StatusRow
    from convert_tui.stats import StatsSettings
else:
    StatePart = object

FLUSH_EVERY = 0.1  # seconds between redraws while rows stream in
Key = tuple[str, str]


class OverviewLoads(StatePart):
    stats_settings: StatsSettings | None = None  # config.toml's [statistics] (ui/user_config)
    if TYPE_CHECKING:  # provided by AppState
        client: ConvertClient | None
        cache: TreeCache | None
        overview_rows: dict[Key, StatusRow]
        overview_pending: frozenset[Key]
        overview_changed: frozenset[Key]
        overview_cached_at: datetime | None
        overview_loaded: bool
        experiences: dict[Key, models.Experience]
        last_refresh: datetime | None
        _generation: int

        def _begin(self, key: str) -> tuple[int, int]: ...
        def _current(self, key: str, token: tuple[int, int]) -> bool: ...
        def _end(self, key: str, ok: bool) -> None: ...
        def fail(self, what: str, exc: BaseException, key: str | None = None) -> None: ...
        def now(self) -> datetime: ...

    _overview_experiences: dict[Key, tuple[models.Project, models.Experience]]

    def show_cached_overview(self, data: dict[str, Any], saved_at: datetime) -> None:
        """Rows from the disk cache (a hint: rows that do not read are skipped)."""
        from convert_tui.reporting.status_rows import StatusRow

        rows = data.get("rows")
        if not isinstance(rows, list):
            return
        parsed = (StatusRow.from_json(r) for r in rows if isinstance(r, dict))
        shown = {row.key: row for row in parsed if row is not None}
        if shown:
            self.overview_rows = shown
            self.overview_cached_at = saved_at.astimezone()

    @work(exclusive=True, group="overview", exit_on_error=False)
    async def load_overview(self) -> None:
        # (imported here: the loader and the analysis load with the first overview, not at
        # start-up)
        from convert_tui.reporting.collect import Listed, stream_rows
        from convert_tui.reporting.status_rows import wants_report

        client = self.client
        if client is None:
            return
        token = self._begin("overview")
        before = dict(self.overview_rows)
        had_live = self.overview_loaded
        rows = dict(before)
        pending: set[Key] = set()
        listed: set[Key] = set()
        known = self._overview_experiences
        last_flush = 0.0

        def flush(force: bool = False) -> None:
            nonlocal last_flush
            if force or time.monotonic() - last_flush >= FLUSH_EVERY:
                last_flush = time.monotonic()
                self.overview_rows = dict(rows)
                self.overview_pending = frozenset(pending)

        try:
            async for event in stream_rows(
                client,
                client.iter_projects(),
                with_report=lambda e: wants_report(e.experience_status),
                now=self.now().timestamp(),
                settings=self.stats_settings,
            ):
                if not self._current("overview", token):
                    return
                if isinstance(event, Listed):
                    for row, experience in zip(event.rows, event.experiences, strict=True):
                        known[row.key] = (event.project, experience)
                        listed.add(row.key)
                        old = rows.get(row.key)
                        # A row shown with numbers keeps them until its new report is in.
                        keep = old is not None and old.has_report and old.status == row.status
                        rows[row.key] = old if keep and old is not None else row
                        if wants_report(row.status):
                            pending.add(row.key)
                else:
                    rows[event.key] = event
                    pending.discard(event.key)
                flush()
        except asyncio.CancelledError:
            if self._current("overview", token):
                self._end("overview", ok=False)
            raise
        except Exception as exc:
            if self._current("overview", token):
                self.fail("Loading the overview", exc, "overview")
                self._end("overview", ok=False)
                pending.clear()
                flush(force=True)
            return
        if not self._current("overview", token):
            return
        rows = {key: row for key, row in rows.items() if key in listed}  # deleted elsewhere
        self._overview_experiences = {k: v for k, v in known.items() if k in listed}
        self.overview_changed = frozenset(_changed(before, rows)) if had_live else frozenset()
        if had_live:
            self._announce(before, rows)
        self.overview_loaded = True
        self.overview_cached_at = None
        pending.clear()
        flush(force=True)
        self._end("overview", ok=True)
        self.last_refresh = self.now()
        self._save_overview(rows)

    @work(group="overview-reports", exit_on_error=False)
    async def load_row_reports(self, keys: Iterable[Key]) -> None:
        """Reports of rows the screen shows that the overview did not load (ended, ...)."""
        from convert_tui.reporting.collect import report_for
        from convert_tui.reporting.status_rows import status_row

        client = self.client
        known = self._overview_experiences
        wanted = [
            key for key in keys
            if key in known and key not in self.overview_pending
            and not _has_report(self.overview_rows.get(key))
        ]  # fmt: skip
        if client is None or not wanted:
            return
        generation = self._generation
        moment = self.now().timestamp()
        self.overview_pending = self.overview_pending | set(wanted)

        async def one(key: Key) -> StatusRow | None:
            project, experience = known[key]
            try:
                report = await report_for(client, key[0], experience)
            except Exception:
                return None  # shown as not loaded; `r` retries everything
            return status_row(project, experience, report, now=moment, settings=self.stats_settings)

        results = await asyncio.gather(*(one(key) for key in wanted))
        if generation != self._generation:
            return
        rows = dict(self.overview_rows)
        rows.update({row.key: row for row in results if row is not None})
        self.overview_pending = self.overview_pending - set(wanted)
        self.overview_rows = rows

    def remember_overview_experience(self, project_id: str, experience_id: str) -> None:
        """Make an experience the overview listed findable by the shared actions (status
        change, copy), as if the tree had loaded it."""
        key = (project_id, experience_id)
        known = self._overview_experiences.get(key)
        if known is not None and key not in self.experiences:
            self.experiences = {**self.experiences, key: known[1]}

    def overview_status_changed(self, project_id: str, experience_id: str, status: str) -> None:
        """A status changed from a screen: the row moves section at once."""
        from convert_tui.reporting.status_rows import with_status

        key = (project_id, experience_id)
        row = self.overview_rows.get(key)
        if row is not None:
            self.overview_rows = {**self.overview_rows, key: with_status(row, status)}

    def _announce(self, before: dict[Key, StatusRow], after: dict[Key, StatusRow]) -> None:
        for key, row in after.items():
            old = before.get(key)
            if old is None or not old.has_report or not row.has_report:
                continue
            appeared = [a for a in row.alerts if a not in old.alerts]
            if appeared:
                name = row.experience_name or row.experience_id
                self.app.notify(
                    f"{name}: {', '.join(appeared)} appeared", title="Overview", markup=False
                )

    def _save_overview(self, rows: dict[Key, StatusRow], *, now: bool = False) -> None:
        """Write the rows to the disk cache in a thread (`now`: right here, e.g. on exit)."""
        cache = self.cache
        if cache is None or not rows:
            return
        data = {"rows": [row.to_json() for row in rows.values()]}
        write_cache(self, lambda: cache.save_overview(data), group="overview-cache", now=now)

    def save_overview_cache(self) -> None:
        """On exit: the rows as they are now (status changes and on-view reports included),
        once the overview has loaded live (a cached one is already on disk)."""
        if self.overview_loaded:
            self._save_overview(self.overview_rows, now=True)


def _has_report(row: StatusRow | None) -> bool:
    return row is not None and row.has_report


def _changed(before: dict[Key, StatusRow], after: dict[Key, StatusRow]) -> set[Key]:
    """Rows whose verdict or alerts differ from the last live load."""
    out = set()
    for key, row in after.items():
        old = before.get(key)
        compared = old is not None and old.has_report and row.has_report
        if compared and old is not None and (old.verdict, old.alerts) != (row.verdict, row.alerts):
            out.add(key)
    return out
