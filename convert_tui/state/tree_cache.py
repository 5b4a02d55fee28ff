"""How `AppState` shows the tree from the disk cache and saves it there (a mixin of AppState).

The cache is a hint: one that does not parse is ignored, and rewritten after the next load.
Saves happen once loads settle, in a thread; a full disk costs the cache, nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from convert_tui.state.cache import parse_cached_tree, tree_data, write_cache

if TYPE_CHECKING:
    from textual.dom import DOMNode as StatePart
    from textual.timer import Timer

    from convert_tui.api import models
    from convert_tui.config.cache import CacheEntry, TreeCache
    from convert_tui.state.types import ProjectChildren
else:
    StatePart = object


class TreeCaching(StatePart):
    if TYPE_CHECKING:  # provided by AppState
        cache: TreeCache | None
        cached_at: datetime | None
        cached_view: dict[str, Any] | None
        projects: tuple[models.Project, ...]
        project_children: dict[str, ProjectChildren]
        view_of_tree: Callable[[], tuple[dict[str, Any], list[str]]] | None
        _save_timer: Timer | None

    def _show_cached(self, entry: CacheEntry | None) -> list[str]:
        """Show a cached tree; the ids of the projects whose children it held. A cache is a
        hint: one that does not parse is ignored (and rewritten after the next load)."""
        if entry is None:
            return []
        try:
            projects, children = parse_cached_tree(entry.data)
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

        write_cache(
            self, lambda: cache.save(tree_data(projects, children, view)),
            group="cache", exclusive=True, now=now,
        )  # fmt: skip

    def _schedule_save(self) -> None:
        """Save the cache once loads settle (2 s after the last one), not after each."""
        if self.cache is None:
            return
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.app.set_timer(2.0, self.save_cache, name="save cache")
