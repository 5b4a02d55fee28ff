"""What the state writes to the disk cache and reads back: the tree (projects, the open projects'
children, the view) and the reports, as JSON, read back as leniently as a server answer.

Parsing needs the API models (pydantic); they are imported only when a cached tree is read.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from convert_tui.state.types import CHILD_FIELD, OnFirstUse, ProjectChildren

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from convert_tui.api import models
else:
    models = OnFirstUse("convert_tui.api.models")

M = TypeVar("M", bound="models.ApiModel")


def read_context() -> dict[str, Any]:
    from convert_tui.api._lenient import READ_CONTEXT

    return READ_CONTEXT


def tree_data(
    projects: tuple[models.Project, ...], children: Mapping[str, ProjectChildren],
    view: dict[str, Any],
) -> dict[str, Any]:  # fmt: skip
    """The tree as the cache stores it (`parse_cached_tree` reads it back)."""
    return {
        "projects": [p.model_dump(mode="json", warnings=False) for p in projects],
        "children": {
            pid: {
                attr: [r.model_dump(mode="json", warnings=False) for r in getattr(kids, attr)]
                for attr in CHILD_FIELD.values()
            }
            for pid, kids in children.items()
        },
        "view": view,
    }


def parse_cached_tree(
    data: dict[str, Any],
) -> tuple[tuple[models.Project, ...], dict[str, ProjectChildren]]:
    """A cached tree as models, read as leniently as a server answer (raises if malformed)."""
    context = read_context()
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


def parse_cached_report(data: Any) -> models.Report:
    return models.Report.model_validate(data, context=read_context())


def write_cache(
    part: DOMNode, save: Callable[[], None], *, group: str, exclusive: bool = False,
    now: bool = False,
) -> None:  # fmt: skip
    """Run `save` (a write to the disk cache) in a thread worker of `part` in `group`, or
    right here when `now` (on exit). A full disk costs the cache, nothing else."""

    def write() -> None:
        with contextlib.suppress(OSError):
            save()

    if now:
        write()
    else:
        part.run_worker(write, thread=True, group=group, exclusive=exclusive, exit_on_error=False)
