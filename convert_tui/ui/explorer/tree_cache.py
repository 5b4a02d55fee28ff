"""The explorer's part of the disk cache, as plain JSON: the tree's shape (open nodes and the
cursor) and the records it draws before the state has any, so the first frame need not wait
for them to be parsed. A cache is only a hint: anything malformed reads as nothing."""

from __future__ import annotations

from typing import Any

from convert_tui.state import CHILD_FIELD, ProjectChildren
from convert_tui.ui.explorer.tree_ref import NodeRef

# The projects, and the children of those that were loaded, as the tree reads them.
Preview = tuple[tuple[Any, ...], dict[str, ProjectChildren]]


def ref_to_json(ref: NodeRef) -> list[str | None]:
    return [ref.kind, ref.project_id, ref.record_id, ref.group, ref.status]


def ref_to_json_key(ref: NodeRef) -> tuple[str, ...]:
    return tuple(part or "" for part in ref_to_json(ref))


def ref_from_json(value: Any) -> NodeRef | None:
    """A NodeRef saved by `ref_to_json`, or None for anything else (a cache is only a hint)."""
    if (
        isinstance(value, list)
        and len(value) == 5
        and isinstance(value[0], str)
        and all(v is None or isinstance(v, str) for v in value)
    ):
        return NodeRef(*value)
    return None


def view_to_json(
    expanded: set[NodeRef], cursor: NodeRef | None
) -> tuple[dict[str, Any], list[str]]:
    """The tree's shape to save: open nodes and the cursor; and the projects whose children
    are needed to draw it (open ones, and the cursor's)."""
    projects = {ref.project_id for ref in expanded if ref.kind == "project" and ref.project_id}
    if cursor is not None and cursor.project_id:
        projects.add(cursor.project_id)
    view = {
        "expanded": [ref_to_json(ref) for ref in sorted(expanded, key=ref_to_json_key)],
        "cursor": ref_to_json(cursor) if cursor is not None else None,
    }
    return view, sorted(projects)


def view_from_json(view: Any) -> tuple[set[NodeRef], NodeRef | None] | None:
    """The open nodes and the cursor of a view saved by `view_to_json`; None if not a view."""
    if not isinstance(view, dict):
        return None
    saved = view.get("expanded")
    expanded = {ref_from_json(v) for v in saved} if isinstance(saved, list) else set()
    return {ref for ref in expanded if ref is not None}, ref_from_json(view.get("cursor"))


class _Cached(dict[str, Any]):
    """A record of a cached tree as read from JSON, with the attribute access the tree uses
    (missing fields read as None). Only the tree's preview sees these, never the state."""

    def __getattr__(self, name: str) -> Any:
        return self.get(name)


def preview_of(data: dict[str, Any]) -> Preview:
    """The records of a cached tree document (its "projects" and "children")."""

    def records(items: Any) -> tuple[Any, ...]:
        return (
            tuple(_Cached(r) for r in items if isinstance(r, dict))
            if isinstance(items, list)
            else ()
        )

    projects = records(data.get("projects"))
    raw = data.get("children")
    children = {
        str(pid): ProjectChildren(*(records(kids.get(attr)) for attr in CHILD_FIELD.values()))
        for pid, kids in (raw.items() if isinstance(raw, dict) else ())
        if isinstance(kids, dict)
    }
    return projects, children
