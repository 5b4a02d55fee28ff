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
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import importlib
import itertools
import math
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast
from urllib.parse import urlsplit

from textual import work
from textual.dom import DOMNode
from textual.message import Message
from textual.reactive import var
from textual.timer import Timer
from textual.worker import Worker


class OnFirstUse:
    """A module imported when first used: the API stack (pydantic, httpx) is not needed to
    paint the first frame from the disk cache, so importing the state must not load it."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        return getattr(importlib.import_module(self._name), attribute)


if TYPE_CHECKING:
    from convert_tui.api import ConvertClient, errors, models
    from convert_tui.config.cache import CacheEntry, TreeCache
else:
    errors = OnFirstUse("convert_tui.api.errors")
    models = OnFirstUse("convert_tui.api.models")

T = TypeVar("T")
M = TypeVar("M", bound="models.ApiModel")
OnSuccess = Callable[[Any], None] | None  # called with the stored record after a change
OnError = Callable[[BaseException], None] | None  # called after `fail` (forms show it inline)
Call = Callable[["ConvertClient"], Awaitable[Any]]
Fields = dict[str, Any] | Any  # a dict of the fields to change, or a model instance
Apply = Callable[[Any], None]
Mut = Worker[Any] | None  # the mutation's worker; None when refused (read-only, offline)
Kind = Literal["account", "project", "experience", "goal", "audience", "hypothesis"]
RecordKind = Literal["project", "experience", "goal", "audience", "hypothesis"]
# Which attribute holds the id of each record kind (the contract names them differently).
ID_FIELD: dict[str, str] = {
    "project": "id", "experience": "id", "goal": "goal_id",
    "audience": "audience_id", "hypothesis": "id",
}  # fmt: skip
NAME_FIELD: dict[str, str] = {
    "project": "name", "experience": "name", "goal": "goal_name",
    "audience": "audience_name", "hypothesis": "name",
}  # fmt: skip
CHILD_FIELD: dict[str, str] = {
    "experience": "experiences", "goal": "goals",
    "audience": "audiences", "hypothesis": "hypotheses",
}  # fmt: skip


def default_clock() -> datetime:
    return datetime.now().astimezone()


def record_id(kind: str, record: Any) -> str:
    return str(getattr(record, ID_FIELD[kind], "") or "")


def record_name(kind: str, record: Any) -> str:
    return str(getattr(record, NAME_FIELD[kind], "") or "")


@dataclass(frozen=True)
class ProfileInfo:
    """What the header shows about the connection (never the secret)."""

    name: str
    base_url: str
    read_only: bool = False

    @property
    def host(self) -> str:
        parts = urlsplit(self.base_url)
        return parts.netloc or self.base_url


@dataclass(frozen=True)
class ProjectChildren:
    experiences: tuple[models.Experience, ...] = ()
    goals: tuple[models.Goal, ...] = ()
    audiences: tuple[models.Audience, ...] = ()
    hypotheses: tuple[models.Hypothesis, ...] = ()


@dataclass(frozen=True)
class RangedReport:
    """A report for part of an experience's life (UNIX seconds, inclusive; None = open end),
    of one goal (a partial report) when `goal_id` is set, else of every goal."""

    start: int | None
    end: int | None
    goal_id: str | None
    report: models.Report


@dataclass(frozen=True)
class Selection:
    """What the user points at: a record (kind + ids), the account, or a project's group node
    (kind "project" with `group`, e.g. "experience", and for experiences maybe a `status`)."""

    kind: Kind
    project_id: str | None = None
    record_id: str | None = None
    group: str | None = None
    status: str | None = None


@dataclass(frozen=True)
class SearchItem:
    kind: Kind
    project_id: str
    record_id: str
    name: str
    project_name: str = ""

    @property
    def selection(self) -> Selection:
        rid = None if self.kind == "project" else self.record_id
        return Selection(self.kind, self.project_id, rid)


THAW_EVERY = 100  # loads between full garbage collections (see AppState._settle_heap)


# What to do next, per failure class (first match wins): the user always gets a next step.
# (A function: the error classes are imported on first use, see OnFirstUse.)
def hints() -> list[tuple[type[BaseException], str]]:
    return [
        (errors.AuthError,
         "Check the application id and secret (ctrl+p: switch profile or log in)."),
        (errors.ForbiddenError, "This API key has no access to that project."),
        (errors.NotFoundError, "It may have been deleted elsewhere; press r to refresh."),
        (errors.ReadOnlyError, "This profile is read-only."),
        (errors.TransportError, "Check the network and the base URL, then press r to retry."),
        (errors.ServerError, "The server had a problem; press r to retry."),
        (errors.DecodeError, "The server answered something unexpected; press r to retry."),
    ]  # fmt: skip


def clock_skew(exc: BaseException) -> float | None:
    """How far off our clock is when that explains a 401 (server minus local seconds)."""
    skew = getattr(exc, "clock_skew_seconds", None)
    if isinstance(exc, errors.AuthError) and skew is not None:
        return skew if abs(skew) >= errors.CLOCK_SKEW_HINT_SECONDS else None
    return None


def _what_to_do(exc: BaseException) -> str:
    skew = clock_skew(exc)
    if skew is not None:
        side = "behind" if skew > 0 else "ahead of"
        return (
            f"Not a credentials problem: your clock is {abs(skew):.0f} s off ({side} the "
            "server's). Fix the system time, then press r."
        )
    if isinstance(exc, errors.ValidationError):
        listed = "; ".join(f"{k}: {v}" for k, v in (exc.fields or {}).items())
        return f"Fix: {listed}" if listed else "The server rejected the values sent."
    if isinstance(exc, errors.RateLimitError):
        wait = f"{math.ceil(exc.retry_after)} s" if exc.retry_after else "a moment"
        return f"Too many requests: wait {wait}, then press r."
    hint = next((h for cls, h in hints() if isinstance(exc, cls)), None)
    return hint or "Press r to retry; run with --debug to log details."


def describe(exc: BaseException) -> str:
    """What failed, one line (the clock hint of a skewed 401 is left to `_what_to_do`)."""
    if isinstance(exc, errors.ConvertError):
        return errors.ConvertError.__str__(exc) if clock_skew(exc) is not None else str(exc)
    return f"{type(exc).__name__}: {exc}"


class AppState(DOMNode):
    """Everything the explorer knows; screens read these vars and call the methods below."""

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
        if cache is not None and cached is None:
            cached = cache.load()
        shown = self._show_cached(cached)
        self.load_projects()
        for project_id in shown:  # what the cached tree had open
            self.load_project_children(project_id)

    def _show_cached(self, entry: CacheEntry | None) -> list[str]:
        """Show a cached tree; the ids of the projects whose children it held. A cache is a
        hint: one that does not parse is ignored (and rewritten after the next load)."""
        if entry is None:
            return []
        try:
            projects, children = _parse_cached_tree(entry.data)
        except Exception:
            return []
        view = entry.data.get("view")
        self.cached_view = view if isinstance(view, dict) else None
        self.projects, self.project_children = projects, children
        self.cached_at = entry.saved_at.astimezone()
        return list(children)

    def save_cache(self, *, now: bool = False) -> None:
        """Write the tree (projects, the open projects' children, the view) to the disk cache,
        in a thread (`now`: right here, e.g. on exit). Nothing without a cache or while what
        is shown is still the cache's own (live data not there yet)."""
        cache = self.cache
        if cache is None or self.cached_at is not None or not self.projects:
            return
        view, open_projects = self.view_of_tree() if self.view_of_tree else ({}, [])
        projects = self.projects
        children = {
            p: self.project_children[p] for p in open_projects if p in self.project_children
        }

        def write() -> None:
            data = {
                "projects": [p.model_dump(mode="json") for p in projects],
                "children": {
                    pid: {
                        attr: [r.model_dump(mode="json") for r in getattr(kids, attr)]
                        for attr in CHILD_FIELD.values()
                    }
                    for pid, kids in children.items()
                },
                "view": view,
            }
            with contextlib.suppress(OSError):  # a full disk costs the cache, nothing else
                cache.save(data)

        if now:
            write()
        else:
            self.run_worker(write, thread=True, group="cache", exclusive=True, exit_on_error=False)

    def _schedule_save(self) -> None:
        """Save the cache once loads settle (2 s after the last one), not after each."""
        if self.cache is None:
            return
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.app.set_timer(2.0, self.save_cache, name="save cache")

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
            on_result(False, f"{exc} — {_what_to_do(exc)}")
            return
        except Exception as exc:  # anything else still must reach the user
            on_result(False, f"{type(exc).__name__}: {exc}")
            return
        on_result(True, f"Connected: {'projects found' if projects else 'no projects yet'}.")

    # -- the one error path ----------------------------------------------------------------

    def fail(self, what: str, exc: BaseException, key: str | None = None) -> None:
        """Notify what failed and what to do; keep the data, mark `key` stale."""
        hint = _what_to_do(exc)
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

    # -- loads -----------------------------------------------------------------------------

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
        def apply(projects: list[models.Project]) -> None:
            self.projects = tuple(projects)
            known = {str(p.id) for p in projects}
            self.project_children = {k: v for k, v in self.project_children.items() if k in known}
            self.cached_at = None  # live now (a cached project's children reload on their own)

        await self._load("projects", "Loading projects", _collect_projects, apply)

    def load_project_children(self, project_id: str) -> Worker[None]:
        # Exclusive per project, not per kind: expanding B must not cancel A's load.
        return self.run_worker(
            self._load_children(project_id), group=f"children:{project_id}",
            exclusive=True, exit_on_error=False,
        )  # fmt: skip

    async def _load_children(self, project_id: str) -> None:
        async def fetch(client: ConvertClient) -> ProjectChildren:
            exps, goals, auds, hyps = await asyncio.gather(
                _collect(client.iter_experiences(project_id)),
                _collect(client.iter_goals(project_id)),
                _collect(client.iter_audiences(project_id)),
                _collect(client.iter_hypotheses(project_id)),
            )
            return ProjectChildren(tuple(exps), tuple(goals), tuple(auds), tuple(hyps))

        def apply(kids: ProjectChildren) -> None:
            self.project_children = {**self.project_children, project_id: kids}

        name = self.project_name(project_id)
        await self._load(f"children:{project_id}", f"Loading {name}", fetch, apply)

    def load_all_children(self) -> None:
        """Load every project not loaded yet (the filter and the palette search them all)."""
        for project in self.projects:
            pid = str(project.id)
            if pid not in self.project_children and f"children:{pid}" not in self.loading:
                self.load_project_children(pid)

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
                    cached = models.Report.model_validate(entry.data, context=_read_context())
                    self.reports = {**self.reports, key: cached}

        def apply(report: models.Report) -> None:
            self.reports = {**self.reports, (project_id, experience_id): report}
            if cache is not None:
                self.run_worker(
                    lambda: _save_report(cache, project_id, experience_id, report),
                    thread=True, group="cache-report", exit_on_error=False,
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

    # -- mutations -------------------------------------------------------------------------

    def _mutate(
        self,
        what: str,
        call: Callable[[ConvertClient], Awaitable[T]],
        apply: Callable[[T], None],
        on_success: OnSuccess = None,
        on_error: OnError = None,
    ) -> Worker[T | None] | None:
        """Run one change; None (and a message) when read-only or not connected."""
        if self.refuse_read_only(what) or self.client is None:
            return None
        client, generation = self.client, self._generation

        async def run() -> T | None:
            self.loading = self.loading | {"mutation"}
            try:
                result = await call(client)
            except Exception as exc:
                self.fail(what, exc)
                if on_error is not None:
                    on_error(exc)
                return None
            finally:
                self.loading = self.loading - {"mutation"}
            if generation == self._generation:
                apply(result)
                self.app.notify(f"{what}: done.", markup=False, timeout=3)
                if on_success is not None:
                    on_success(result)
            return result

        # Not exclusive: a second change must never cancel the first one mid-flight.
        return self.run_worker(run(), group="mutation", exit_on_error=False)

    def _apply_change(self, kind: str, action: str, pid: str | None, rid: str | None) -> Apply:
        """How a change's answer updates the loaded data (no reload needed)."""

        def apply(result: Any) -> None:
            target = rid if action == "deleted" else record_id(kind, result)
            if kind == "project":
                self.projects = _upsert(self.projects, "project", target, result, action)
                if action == "deleted":
                    kept = self.project_children.items()
                    self.project_children = {k: v for k, v in kept if k != target}
            elif pid is not None:
                kids = self.project_children.get(pid, ProjectChildren())
                records = _upsert(getattr(kids, CHILD_FIELD[kind]), kind, target, result, action)
                self.project_children = {
                    **self.project_children,
                    pid: replace(kids, **{CHILD_FIELD[kind]: records}),
                }
            if kind == "experience" and pid and target:
                key = (pid, target)
                exps = {k: v for k, v in self.experiences.items() if k != key}
                self.experiences = exps if action == "deleted" else {**exps, key: result}
                if action == "deleted":
                    self.reports = {k: v for k, v in self.reports.items() if k != key}
            self.post_message(self.Changed(kind, action, pid or target, result))

        return apply

    def create(
        self, kind: RecordKind, project_id: str | None, record: Any, on_success: OnSuccess = None,
        on_error: OnError = None,
    ) -> Mut:  # fmt: skip
        """Create a project (project_id None) or a project's experience/goal/audience/hypothesis."""
        args = (record,) if kind == "project" else (project_id, record)
        call: Call = lambda c: getattr(c, f"create_{kind}")(*args)  # noqa: E731
        apply = self._apply_change(kind, "created", project_id, None)
        return self._mutate(f"Creating the {kind}", call, apply, on_success, on_error)

    def update(
        self, kind: RecordKind, project_id: str, record_id: str, fields: Fields,
        on_success: OnSuccess = None, on_error: OnError = None,
    ) -> Mut:  # fmt: skip
        """Send only `fields` (a dict, or a model built with just the changed fields)."""
        ids = (record_id,) if kind == "project" else (project_id, record_id)
        call: Call = lambda c: getattr(c, f"update_{kind}")(*ids, fields)  # noqa: E731
        apply = self._apply_change(kind, "updated", project_id, record_id)
        return self._mutate(f"Saving the {kind}", call, apply, on_success, on_error)

    def delete(
        self, kind: RecordKind, project_id: str, record_id: str, on_success: OnSuccess = None
    ) -> Mut:
        ids = (record_id,) if kind == "project" else (project_id, record_id)
        call: Call = lambda c: getattr(c, f"delete_{kind}")(*ids)  # noqa: E731
        apply = self._apply_change(kind, "deleted", project_id, record_id)
        return self._mutate(f"Deleting the {kind}", call, apply, on_success)

    def set_experience_status(
        self, project_id: str, experience_id: str, status: str, on_success: OnSuccess = None
    ) -> Mut:
        fields = {"experience_status": status}
        call: Call = lambda c: c.update_experience(project_id, experience_id, fields)  # noqa: E731
        apply = self._apply_change("experience", "updated", project_id, experience_id)
        return self._mutate(f"Setting the status to {status}", call, apply, on_success)

    def change_hypothesis_status(
        self, project_id: str, hypothesis_id: str, status: str, on_success: OnSuccess = None,
        on_error: OnError = None,
    ) -> Mut:  # fmt: skip
        value = cast("models.ExperienceStatus", status)  # the server validates the value
        call: Call = lambda c: c.change_hypothesis_status(project_id, hypothesis_id, value)  # noqa: E731
        apply = self._apply_change("hypothesis", "updated", project_id, hypothesis_id)
        return self._mutate(
            f"Setting the hypothesis to {status}", call, apply, on_success, on_error
        )

    def add_variation(
        self, project_id: str, experience_id: str, variation: models.Variation,
        on_success: OnSuccess = None, on_error: OnError = None,
    ) -> Mut:  # fmt: skip
        call: Call = lambda c: c.add_variation(project_id, experience_id, variation)  # noqa: E731
        apply = self._apply_change("experience", "updated", project_id, experience_id)
        return self._mutate("Adding the variation", call, apply, on_success, on_error)

    def delete_variation(
        self, project_id: str, experience_id: str, variation_id: str, on_success: OnSuccess = None
    ) -> Mut:
        call: Call = lambda c: c.delete_variation(project_id, experience_id, variation_id)  # noqa: E731
        apply = self._apply_change("experience", "updated", project_id, experience_id)
        return self._mutate("Deleting the variation", call, apply, on_success)


def _upsert(
    records: tuple[T, ...], kind: str, rid: str | None, new: T, action: str
) -> tuple[T, ...]:
    """Replace the record with id `rid` in place, append it if new, drop it when deleted."""
    ids = [record_id(kind, r) for r in records]
    kept = [r for r in records if record_id(kind, r) != rid]
    if action != "deleted":
        kept.insert(ids.index(rid) if rid in ids else len(kept), new)
    return tuple(kept)


def _read_context() -> dict[str, Any]:
    from convert_tui.api._lenient import READ_CONTEXT

    return READ_CONTEXT


def _parse_cached_tree(
    data: dict[str, Any],
) -> tuple[tuple[models.Project, ...], dict[str, ProjectChildren]]:
    """A cached tree as models, read as leniently as a server answer (raises if malformed)."""
    context = _read_context()
    projects = tuple(models.Project.model_validate(p, context=context) for p in data["projects"])
    known = {str(p.id) for p in projects}

    def read(kids: dict[str, Any], attr: str, model: type[M]) -> tuple[M, ...]:
        return tuple(model.model_validate(r, context=context) for r in kids.get(attr, []))

    children = {
        str(pid): ProjectChildren(
            read(kids, "experiences", models.Experience),
            read(kids, "goals", models.Goal),
            read(kids, "audiences", models.Audience),
            read(kids, "hypotheses", models.Hypothesis),
        )
        for pid, kids in dict(data.get("children", {})).items()
        if str(pid) in known
    }
    return projects, children


def _save_report(cache: TreeCache, project_id: str, experience_id: str, report: Any) -> None:
    with contextlib.suppress(OSError):
        cache.save_report(project_id, experience_id, report)


async def _collect(items: AsyncIterator[T]) -> list[T]:
    return [item async for item in items]


async def _collect_projects(client: ConvertClient) -> list[models.Project]:
    return await _collect(client.iter_projects())
