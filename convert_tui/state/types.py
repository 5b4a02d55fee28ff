"""The plain values the state holds and hands out: frozen dataclasses (replaced, never mutated,
so watchers fire), the record kinds and how to read a record's id and name.

Importing this module must stay cheap: the API models (pydantic) are only named in annotations,
and `OnFirstUse` defers the modules the state needs at run time until a worker needs them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal, NamedTuple
from urllib.parse import urlsplit

from convert_tui.lazy import OnFirstUse as OnFirstUse  # (re-exported for the state's users)

if TYPE_CHECKING:
    from convert_tui.api import models


OnSuccess = Callable[[Any], None] | None  # called with the stored record after a change
OnError = Callable[[BaseException], None] | None  # called after `fail` (forms show it inline)
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


class ProfileInfo(NamedTuple):
    """What the header shows about the connection (never the secret)."""

    name: str
    base_url: str
    read_only: bool = False

    @property
    def host(self) -> str:
        parts = urlsplit(self.base_url)
        return parts.netloc or self.base_url


class ProjectChildren(NamedTuple):
    experiences: tuple[models.Experience, ...] = ()
    goals: tuple[models.Goal, ...] = ()
    audiences: tuple[models.Audience, ...] = ()
    hypotheses: tuple[models.Hypothesis, ...] = ()


class RangedReport(NamedTuple):
    """A report for part of an experience's life (UNIX seconds, inclusive; None = open end),
    of one goal (a partial report) when `goal_id` is set, else of every goal."""

    start: int | None
    end: int | None
    goal_id: str | None
    report: models.Report


class Selection(NamedTuple):
    """What the user points at: a record (kind + ids), the account, or a project's group node
    (kind "project" with `group`, e.g. "experience", and for experiences maybe a `status`)."""

    kind: Kind
    project_id: str | None = None
    record_id: str | None = None
    group: str | None = None
    status: str | None = None


class SearchItem(NamedTuple):
    kind: Kind
    project_id: str
    record_id: str
    name: str
    project_name: str = ""

    @property
    def selection(self) -> Selection:
        rid = None if self.kind == "project" else self.record_id
        return Selection(self.kind, self.project_id, rid)
