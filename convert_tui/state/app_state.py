"""The one reactive application state.

Design (the Textual way):

* `AppState` is a headless `DOMNode` that the App owns (`app.state`). It is never mounted: it
  has no visual, it only holds reactive `var`s and runs workers. Being a DOMNode is what lets
  Textual's reactivity work on it.
* Screens and widgets anywhere in the screen stack subscribe with
  `self.watch(app.state, "projects", callback)`; Textual drops the watcher when the watching
  widget is removed, so no manual unsubscribe. `data_bind` only binds a compose parent to its
  children, so widgets that mirror state (e.g. `StatusHeader`) hold their own reactives, fed by
  `watch`, and bind their children to them with `data_bind`.
* Every value is replaced, never mutated in place (tuples, frozen dataclasses, fresh dicts), so
  watchers fire on each change.
* All I/O runs in workers. Each load has a key (`"projects"`, `"children:<p>"`, ...); a token
  per key plus a connection generation drop results that arrive after a newer request or a
  profile switch. Failures go through ONE path, `fail`, which notifies (what failed + what to
  do), records `last_error` and marks the key stale; loaded data is kept, never cleared.
* Mutations refuse in read-only mode before any I/O, update the loaded data from the server's
  answer, call an optional `on_success(record)` and post `AppState.Changed` to the app.

Where the parts live (the package `convert_tui.state` re-exports their public names, so import
from there): `types` (the values), `failures` (what a failure says), `cache` (the disk cache's
format), `loads`, `mutations` and `tree_cache` (mixins of AppState: loads, changes, saving
the tree to the disk cache).
"""

from __future__ import annotations

import gc
import itertools
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any

from textual import work
from textual.dom import DOMNode
from textual.message import Message
from textual.reactive import var
from textual.timer import Timer
from textual.worker import Worker

from convert_tui.state.failures import clock_skew, describe, hints, what_to_do
from convert_tui.state.loads import THAW_EVERY, Loads
from convert_tui.state.mutations import Apply, Call, Fields, Mut, Mutations
from convert_tui.state.overview import OverviewLoads
from convert_tui.state.tree_cache import TreeCaching
from convert_tui.state.types import (
    CHILD_FIELD,
    ID_FIELD,
    NAME_FIELD,
    Kind,
    OnError,
    OnFirstUse,
    OnSuccess,
    ProfileInfo,
    ProjectChildren,
    RangedReport,
    RecordKind,
    SearchItem,
    Selection,
    default_clock,
    record_id,
    record_name,
)

if TYPE_CHECKING:
    from convert_tui.api import ConvertClient, errors, models
    from convert_tui.config.cache import CacheEntry, TreeCache
    from convert_tui.reporting.status_rows import StatusRow
else:
    errors = OnFirstUse("convert_tui.api.errors")

__all__ = [
    "CHILD_FIELD", "ID_FIELD", "NAME_FIELD", "THAW_EVERY", "AppState", "Apply", "Call",
    "Fields", "Kind", "Mut", "OnError", "OnFirstUse", "OnSuccess", "ProfileInfo",
    "ProjectChildren", "RangedReport", "RecordKind", "SearchItem", "Selection", "clock_skew",
    "default_clock", "describe", "hints", "record_id", "record_name",
]  # fmt: skip


class AppState(Loads, OverviewLoads, Mutations, TreeCaching, DOMNode):
    """Everything the explorer knows; screens read these vars and call the methods below and
    those of its mixins (`Loads`: the load_* workers; `Mutations`: create, update, delete...)."""

    class Changed(Message):
        """A mutation succeeded. `action` is created/updated/deleted; `record` the stored one."""

        def __init__(self, kind: str, action: str, project_id: str | None, record: Any) -> None:
            super().__init__()
            self.kind, self.action, self.project_id, self.record = kind, action, project_id, record

    class Failed(Message):
        def __init__(self, what: str, error: BaseException, hint: str) -> None:
            super().__init__()
            self.what, self.error, self.hint = what, error, hint

    profile: var[ProfileInfo | None] = var(None)
    read_only: var[bool] = var(False)
    connected: var[bool] = var(False)
    projects: var[tuple[models.Project, ...]] = var(())
    project_children: var[dict[str, ProjectChildren]] = var(dict)
    experiences: var[dict[tuple[str, str], models.Experience]] = var(dict)
    reports: var[dict[tuple[str, str], models.Report]] = var(dict)
    # The report view's last date-range report per experience; `reports` stays the whole life.
    report_ranges: var[dict[tuple[str, str], RangedReport]] = var(dict)
    loading: var[frozenset[str]] = var(frozenset())
    stale: var[frozenset[str]] = var(frozenset())
    last_error: var[str | None] = var(None)
    last_refresh: var[datetime | None] = var(None)
    # Set while the tree shown is the disk cache's (saved at that time); None once live.
    cached_at: var[datetime | None] = var(None)
    # The overview: one status row per experience (reporting.status_rows), the rows whose
    # report is on its way, the rows that changed at the last refresh, and since when the
    # rows shown are the disk cache's (None once live).
    overview_rows: var[dict[tuple[str, str], StatusRow]] = var(dict)
    overview_pending: var[frozenset[tuple[str, str]]] = var(frozenset())
    overview_changed: var[frozenset[tuple[str, str]]] = var(frozenset())
    overview_cached_at: var[datetime | None] = var(None)
    # While load_all_children runs: (projects done, projects to load); None otherwise.
    all_children_progress: var[tuple[int, int] | None] = var(None)
    auto_refresh_on: var[bool] = var(False)
    refresh_interval: var[float] = var(60.0)
    selection: var[Selection | None] = var(None)

    def __init__(self, clock: Callable[[], datetime] = default_clock) -> None:
        super().__init__(name="state")
        self._clock = clock
        self.client: ConvertClient | None = None
        self._generation = 0
        self._counter = itertools.count(1)
        self._tokens: dict[str, tuple[int, int]] = {}
        self._timer: Timer | None = None
        self._settled = 0  # loads since start (see _settle_heap)
        self._settle_timer: Timer | None = None
        self.cache: TreeCache | None = None  # the disk cache of this connection (None: off)
        # What the UI wants saved with the tree (expanded nodes, cursor), and which projects'
        # children: set by the main screen.
        self.view_of_tree: Callable[[], tuple[dict[str, Any], list[str]]] | None = None
        self.cached_view: dict[str, Any] | None = None  # the view saved with the cached tree
        self._save_timer: Timer | None = None
        self.overview_loaded = False  # a live overview load finished (refresh reloads it)
        self._overview_experiences: dict[tuple[str, str], Any] = {}

    def now(self) -> datetime:
        return self._clock()

    # A headless node has no message loop: hand its messages (worker state, Changed, Failed)
    # to the app, where screens and the app can handle them.
    def post_message(self, message: Message) -> bool:
        return self.app.post_message(message)

    # -- connection ------------------------------------------------------------------------

    def connect(
        self, profile: ProfileInfo, client: ConvertClient, *, keep: bool = False,
        cache: TreeCache | None = None, cached: CacheEntry | None = None,
    ) -> None:  # fmt: skip
        """Use `client` from now on; forget what the previous connection loaded, unless `keep`
        (new credentials for the same account: what is on screen stays, marked stale, until
        it is reloaded).

        With a `cache` (or an entry `cached` already read from it), its tree is shown at once,
        marked `cached_at`, and reloaded in the background (stale-while-revalidate)."""
        self.cache = cache
        old, self.client = self.client, client
        self._generation += 1
        self._tokens.clear()
        self.profile, self.read_only, self.connected = profile, profile.read_only, True
        if old is not None and old is not client:
            self.run_worker(old.aclose(), group="close", exit_on_error=False)
        if keep:
            self.loading = frozenset()
            self.refresh()
            return
        self.projects, self.project_children, self.experiences, self.reports = (), {}, {}, {}
        self.report_ranges = {}
        self.loading, self.stale, self.last_error, self.selection = (
            frozenset(),
            frozenset(),
            None,
            None,
        )
        self.cached_at = None
        self.overview_rows, self.overview_pending, self.overview_changed = (
            {},
            frozenset(),
            frozenset(),
        )
        self.overview_cached_at, self.overview_loaded = None, False
        self._overview_experiences = {}
        if cache is not None:
            entry = cache.load_overview()
            if entry is not None:
                self.show_cached_overview(entry.data, entry.saved_at)
        if cache is not None and cached is None:
            cached = cache.load()
        shown = self._show_cached(cached)
        self.load_projects()
        for project_id in shown:  # what the cached tree had open
            self.load_project_children(project_id)

    async def disconnect(self) -> None:
        gc.unfreeze()
        self._generation += 1
        client, self.client, self.connected = self.client, None, False
        if client is not None:
            await client.aclose()

    @work(exclusive=True, group="login", exit_on_error=False)
    async def test_connection(
        self, client: ConvertClient, on_result: Callable[[bool, str], None]
    ) -> None:
        """Try one cheap request with candidate credentials; report (ok, message)."""
        try:
            async with client:
                projects = await client.list_projects(results_per_page=1)
        except errors.AuthError as exc:
            on_result(False, f"{exc} — check the application id and the secret key.")
            return
        except errors.ConvertError as exc:
            on_result(False, f"{exc} — {what_to_do(exc)}")
            return
        except Exception as exc:  # anything else still must reach the user
            on_result(False, f"{type(exc).__name__}: {exc}")
            return
        on_result(True, f"Connected: {'projects found' if projects else 'no projects yet'}.")

    # -- the one error path ----------------------------------------------------------------

    def fail(self, what: str, exc: BaseException, key: str | None = None) -> None:
        """Notify what failed and what to do; keep the data, mark `key` stale."""
        hint = what_to_do(exc)
        detail = describe(exc)
        self.last_error = f"{what} failed: {detail}"
        if key is not None:
            self.stale = self.stale | {key}
        self.app.notify(f"{detail}\n{hint}", title=f"{what} failed", severity="error",
                        timeout=10, markup=False)  # fmt: skip
        self.post_message(self.Failed(what, exc, hint))

    def refuse_read_only(self, what: str) -> bool:
        if not self.read_only:
            return False
        self.app.notify(
            f"{what} is blocked: profile {self.profile.name if self.profile else ''} is "
            "read-only. Start without --read-only or use a writable profile to change data.",
            title="Read-only", severity="warning", markup=False,
        )  # fmt: skip
        return True

    # -- refresh and selection -------------------------------------------------------------

    def refresh(
        self, *, repaint: bool = True, layout: bool = False, recompose: bool = False
    ) -> AppState:
        """Reload everything loaded so far: projects, loaded projects, open experience/report,
        and retry what failed to load (the stale keys), so `r` after a fault gets it all.

        (Same signature as DOMNode.refresh, which is a no-op for a headless node; the state
        only has `var`s, so Textual never calls this on its own.)
        """
        if self.client is None:
            return self
        self.load_projects()
        if self.overview_loaded or "overview" in self.stale or self.overview_rows:
            self.load_overview()
        failed = [key.partition(":")[2] for key in self.stale if key.startswith("children:")]
        for pid in dict.fromkeys([*self.project_children, *failed]):
            self.load_project_children(pid)
        sel = self.selection
        if sel and sel.kind == "experience" and sel.project_id and sel.record_id:
            ids = (sel.project_id, sel.record_id)
            if ids in self.experiences or f"experience:{ids[0]}/{ids[1]}" in self.stale:
                self.load_experience(sel.project_id, sel.record_id)
            if ids in self.reports or f"report:{ids[0]}/{ids[1]}" in self.stale:
                self.load_report(sel.project_id, sel.record_id)
        return self

    def toggle_auto_refresh(self) -> None:
        self.auto_refresh_on = not self.auto_refresh_on

    def watch_auto_refresh_on(self, enabled: bool) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if enabled:
            # The app owns the timer: a headless node has no message loop to run one.
            self._timer = self.app.set_interval(self.refresh_interval, self.refresh)

    def select(self, selection: Selection | None) -> None:
        self.selection = selection

    # -- lookups (pure, for screens) -------------------------------------------------------

    def project(self, project_id: str | None) -> models.Project | None:
        return next((p for p in self.projects if str(p.id) == project_id), None)

    def project_name(self, project_id: str) -> str:
        project = self.project(project_id)
        return (project.name or f"project {project_id}") if project else f"project {project_id}"

    def find(self, kind: str, project_id: str | None, rid: str | None) -> Any:
        """The loaded record (full experience preferred over its list summary), or None."""
        if kind == "project":
            return self.project(project_id)
        if project_id is None or rid is None or kind not in CHILD_FIELD:
            return None
        if kind == "experience" and (project_id, rid) in self.experiences:
            return self.experiences[(project_id, rid)]
        kids = self.project_children.get(project_id)
        records = getattr(kids, CHILD_FIELD[kind], ()) if kids else ()
        return next((r for r in records if record_id(kind, r) == rid), None)

    def search_items(self) -> Iterator[SearchItem]:
        for project in self.projects:
            pid, pname = str(project.id), project.name or ""
            yield SearchItem("project", pid, pid, pname, pname)
            kids = self.project_children.get(pid)
            for kind, attr in CHILD_FIELD.items() if kids else ():
                for rec in getattr(kids, attr):
                    yield SearchItem(kind, pid, record_id(kind, rec), record_name(kind, rec), pname)  # type: ignore[arg-type]

    def fetch_fresh(
        self, kind: RecordKind, project_id: str, rid: str, on_result: Callable[[Any], None],
        on_error: OnError = None,
    ) -> Worker[None] | None:  # fmt: skip
        """Re-read one record from the server (forms: load it, and check for edits elsewhere
        before saving). The loaded data is not touched; failures go through `fail`."""
        client, generation = self.client, self._generation
        if client is None:
            return None
        ids = (rid,) if kind == "project" else (project_id, rid)

        async def run() -> None:
            try:
                record = await getattr(client, f"get_{kind}")(*ids)
            except Exception as exc:
                if generation == self._generation:
                    self.fail(f"Reading the {kind}", exc)
                    if on_error is not None:
                        on_error(exc)
                return
            if generation == self._generation:
                on_result(record)

        return self.run_worker(run(), group="fetch-fresh", exit_on_error=False)
