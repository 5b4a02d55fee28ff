"""The changes `AppState` makes on the server (create, update, delete, statuses, variations).

Each refuses in read-only mode before any I/O, runs in a worker, updates the loaded data from
the server's answer (no reload), calls an optional `on_success(record)` and posts
`AppState.Changed` to the app. `Mutations` is a mixin: it only ever runs as part of AppState.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from textual.worker import Worker

from convert_tui.state.types import (
    CHILD_FIELD,
    NAME_FIELD,
    OnError,
    OnSuccess,
    ProjectChildren,
    RecordKind,
    record_id,
    record_name,
)

if TYPE_CHECKING:
    from textual.dom import DOMNode as StatePart  # what the mixin is part of, for mypy

    from convert_tui.api import ConvertClient, models
    from convert_tui.state import AppState
else:
    StatePart = object  # at run time AppState itself brings DOMNode in

T = TypeVar("T")
Call = Callable[["ConvertClient"], Awaitable[Any]]
Fields = dict[str, Any] | Any  # a dict of the fields to change, or a model instance
Apply = Callable[[Any], None]
Mut = Worker[Any] | None  # the mutation's worker; None when refused (read-only, offline)


class Mutations(StatePart):
    if TYPE_CHECKING:  # provided by AppState
        Changed: type[AppState.Changed]
        client: ConvertClient | None
        _generation: int
        loading: frozenset[str]
        projects: tuple[models.Project, ...]
        project_children: dict[str, ProjectChildren]
        experiences: dict[tuple[str, str], models.Experience]
        reports: dict[tuple[str, str], models.Report]

        def refuse_read_only(self, what: str) -> bool: ...
        def fail(self, what: str, exc: BaseException, key: str | None = None) -> None: ...

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
                    pid: kids._replace(**{CHILD_FIELD[kind]: records}),
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
        """Create a project (project_id None) or a project's experience/goal/audience/hypothesis.

        Rule: after a write whose outcome is unknown, look before retrying. v1 has no
        idempotency key, so when the answer to a create is lost (the connection broke after the
        request went out, or a 5xx), the list is searched for a record with the name sent that
        was not there before; if one appeared it is adopted (and the user told), else the error
        stands and the form offers the retry."""
        args = (record,) if kind == "project" else (project_id, record)
        known = self._known_ids(kind, project_id)
        what = f"Creating the {kind}"

        async def call(client: ConvertClient) -> Any:
            try:
                return await getattr(client, f"create_{kind}")(*args)
            except Exception as exc:
                if not outcome_unknown(exc):
                    raise
                found = await _created_meanwhile(client, kind, project_id, record, known)
                if found is None:
                    raise
                self.app.notify(
                    f"The answer to the create was lost, but the server had stored the {kind}: "
                    "it is used as it is (nothing was created twice).",
                    title=what, severity="warning", timeout=8, markup=False,
                )  # fmt: skip
                return found

        apply = self._apply_change(kind, "created", project_id, None)
        return self._mutate(what, call, apply, on_success, on_error)

    def _known_ids(self, kind: str, project_id: str | None) -> set[str] | None:
        """The ids of `kind` loaded before a create (None: the list is not loaded)."""
        if kind == "project":
            return {record_id("project", p) for p in self.projects} if self.projects else None
        kids = self.project_children.get(project_id or "")
        records = getattr(kids, CHILD_FIELD[kind]) if kids is not None else None
        return None if records is None else {record_id(kind, r) for r in records}

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


def outcome_unknown(exc: BaseException) -> bool:
    """Whether a failed write may have been stored: the request may have reached the server
    (a broken answer, a 5xx), not a refused connection or an error the server answered."""
    from convert_tui.api import errors

    if isinstance(exc, errors.TransportError):
        return not exc.fails_fast
    return isinstance(exc, errors.ServerError)


async def _created_meanwhile(
    client: ConvertClient, kind: str, project_id: str | None, record: Any, known: set[str] | None
) -> Any:
    """A record with the name sent that was not among `known` (None: nothing to compare with,
    so nothing is adopted); None when there is none or the list cannot be read."""
    name = record_name(kind, record) if not isinstance(record, dict) else record.get(
        NAME_FIELD[kind]
    )  # fmt: skip
    if not name or known is None:
        return None
    try:
        if kind == "project":
            listed = [p async for p in client.iter_projects()]
        else:
            listed = [r async for r in getattr(client, f"iter_{CHILD_FIELD[kind]}")(
                project_id, search=name
            )]  # fmt: skip
    except Exception:
        return None
    fresh = [r for r in listed if record_name(kind, r) == name and record_id(kind, r) not in known]
    return fresh[0] if len(fresh) == 1 else None  # (two new ones: something else is going on)


def _upsert(
    records: tuple[T, ...], kind: str, rid: str | None, new: T, action: str
) -> tuple[T, ...]:
    """Replace the record with id `rid` in place, append it if new, drop it when deleted."""
    ids = [record_id(kind, r) for r in records]
    kept = [r for r in records if record_id(kind, r) != rid]
    if action != "deleted":
        kept.insert(ids.index(rid) if rid in ids else len(kept), new)
    return tuple(kept)
