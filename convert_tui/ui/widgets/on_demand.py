"""Widgets built on first use instead of composed hidden into a screen's first frame.

A hidden widget is still mounted, styled and laid out: the tree's filter box cost ~1.5% of a
start's checked frame, the overview's filter field ~2.8% of its cached frame (paired runs).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from textual.widget import Widget

W = TypeVar("W", bound=Widget)


def on_demand(
    parent: Widget,
    kind: type[W],
    widget_id: str,
    make: Callable[[], W] | None = None,
    **where: Any,
) -> W | None:
    """The `kind` widget with `widget_id` under `parent`; if there is none, None, or with
    `make` a new one made and mounted into `parent` (`where`: `before`/`after`, as `mount`)."""
    found = next(parent.query(f"#{widget_id}").results(kind), None)
    if found is None and make is not None:
        found = make()
        parent.mount(found, **where)
    return found
