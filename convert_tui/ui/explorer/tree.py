"""The explorer tree: Account > Project > Experiences (by status), Goals, Audiences, Hypotheses.

The tree is a view of `AppState`: it is rebuilt from the state (and the filter) whenever either
changes, keeping expanded nodes and the cursor by key, so it never drifts from the data.

Big accounts (50 projects x 200 experiences) stay smooth because the tree only holds what can
be seen: the children of a collapsed node are not built until it is expanded (`LazyTree`), so
a rebuild costs the expanded part of the tree, not the whole account. A filter expands its
matches only up to `FILTER_EXPAND_LINES` lines; further matching groups stay collapsed with
their match counts (and are built when opened). Textual's Tree draws only the visible lines.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from convert_tui.state import CHILD_FIELD, AppState, ProjectChildren, record_id, record_name
from convert_tui.ui.explorer.lazy_tree import LazyTree
from convert_tui.ui.explorer.tree_cache import Preview, preview_of, view_from_json, view_to_json
from convert_tui.ui.explorer.tree_filter import (
    ProjectMatches,
    first_match_line,
    fuzzy_match,
    matcher,
    search_notes,
)
from convert_tui.ui.explorer.tree_ref import NodeRef
from convert_tui.ui.text import clean, name_or

# NodeRef and fuzzy_match live in tree_ref and tree_filter; importers may still use this module.
__all__ = ["FILTER_EXPAND_LINES", "ExplorerTree", "NodeRef", "fuzzy_match"]

STATUS_ORDER = ["active", "scheduled", "paused", "draft", "completed", "archived"]
GROUP_TITLES = {
    "experience": "Experiences",
    "goal": "Goals",
    "audience": "Audiences",
    "hypothesis": "Hypotheses",
}
# A filter opens matching groups until about this many lines are shown (a few screens); the
# other matching groups stay collapsed, with their counts, so a one-letter filter on a big
# account stays instant.
FILTER_EXPAND_LINES = 300


def _count_label(title: str, count: int, style: str = "") -> Text:
    return Text.assemble((title, style), " ", (str(count), "dim"))


Node = TreeNode[NodeRef]


class ExplorerTree(LazyTree[NodeRef]):
    """Keyboard: j/k move, l/Right/Enter expand or open, h/Left collapse or go to parent."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor_down", "Down", show=False, tooltip="Move down", id="tree.down"),
        Binding("k,up", "cursor_up", "Up", show=False, tooltip="Move up", id="tree.up"),
        Binding("g,home", "first", "First", show=False, tooltip="First line", id="tree.first"),
        Binding("G,end", "last", "Last", show=False, tooltip="Last line", id="tree.last"),
        Binding("enter,l,right", "expand_or_open", "Open", show=False,
                tooltip="Expand, or open the record", id="tree.open"),
        Binding("h,left", "collapse_or_parent", "Collapse", show=False,
                tooltip="Collapse, or go to the parent", id="tree.collapse"),
    ]  # fmt: skip

    class OpenRecord(Message):
        """Enter / Right on a record: the screen decides what opening means."""

        def __init__(self, ref: NodeRef) -> None:
            super().__init__()
            self.ref = ref

    class ExpandProject(Message):
        """A project was expanded for the first time: its children should be loaded."""

        def __init__(self, project_id: str) -> None:
            super().__init__()
            self.project_id = project_id

    def __init__(self, state: AppState, **kwargs: Any) -> None:
        super().__init__(Text("Account"), NodeRef("account"), **kwargs)
        self.state = state
        self.filter_text = ""
        self._expanded_before_filter: set[NodeRef] | None = None
        self._budget = 0  # lines a filter may still open
        self._auto_opened: set[NodeRef] = set()  # what the filter opened (not the user)
        self._matches: dict[str, ProjectMatches] = {}
        self._folded = ""
        self._search: Callable[[str], object] = matcher("")
        # A cached tree (plain JSON) drawn before the state has records; dropped once it has.
        self._preview: Preview | None = None
        self._kids: dict[str, ProjectChildren] = {}
        # Open nodes and a cursor waiting for their project's children (`_keep_wishes`).
        self._wished_open: set[NodeRef] = set()
        self._wished_cursor: NodeRef | None = None
        self._cursor_stand_in: NodeRef | None = None
        self.auto_expand = False
        self.show_root = True
        self.guide_depth = 2

    def process_label(self, label: str | Text) -> Text:
        # Labels are built from API names: never interpret them as markup.
        return label if isinstance(label, Text) else Text(clean(label, one_line=True))

    def expanded_keys(self) -> set[NodeRef]:
        """What is open now (what the filter will restore), for saving the tree's shape."""
        if self._expanded_before_filter is not None:
            return set(self._expanded_before_filter)
        return self._expanded_keys()

    # -- the disk cache ------------------------------------------------------------------

    def show_preview(self, data: dict[str, Any] | None) -> None:
        """Draw a cached tree document (its "projects", "children" and "view") at once, before
        the records are even parsed; None takes it away."""
        self._preview = None
        if data is not None:
            try:
                self._preview = preview_of(data)
            except Exception:  # a cache is a hint: a malformed one is not shown
                self._preview = None
        if self._preview is not None and isinstance(data, dict):
            self.restore_view(data.get("view"))
        else:
            self.rebuild()

    def restore_view(self, view: Any) -> None:
        """Open what a saved view (`view_state`) had open and put the cursor back."""
        saved = view_from_json(view)
        if saved is None:
            self.rebuild()
            return
        expanded, cursor = saved
        self.rebuild(expanded=expanded)
        if cursor is not None:
            self.select_ref(cursor)

    def view_state(self) -> tuple[dict[str, Any], list[str]]:
        """What to save with the tree (`view_to_json`): its shape, and the projects it needs."""
        expanded = self.expanded_keys()
        cursor = self.cursor_node.data if self.cursor_node else None
        return view_to_json(expanded, cursor)

    # -- building ------------------------------------------------------------------------

    def set_filter(self, text: str) -> None:
        """Filtering expands every match; clearing it restores what was open before."""
        if text == self.filter_text:
            return
        if text and self._expanded_before_filter is None:
            self._expanded_before_filter = self._expanded_keys()
        if not text:
            self._matches.clear()
        self.filter_text = text
        self.rebuild()

    def rebuild(self, expanded: set[NodeRef] | None = None) -> None:
        """Redraw from the state, keeping what was expanded and where the cursor was
        (or opening `expanded`, e.g. the shape of the tree saved in the cache)."""
        if expanded is None:
            # What a filter opened by itself is decided again (within its budget) each time.
            expanded = self._expanded_keys() - self._auto_opened
        expanded = expanded | self._wished_open
        if not self.filter_text and self._expanded_before_filter is not None:
            expanded = self._expanded_before_filter  # (the cursor's path is re-opened below)
            self._expanded_before_filter = None
        self._auto_opened = set()
        cursor = self.cursor_node.data if self.cursor_node else None
        nearby = [r for r in self._nearby(self.cursor_node) if r.kind not in ("loading", "account")]
        if self._wished_cursor is not None and cursor == self._cursor_stand_in:
            cursor, nearby = self._wished_cursor, []  # (the user has not moved since)
        filtering = bool(self.filter_text)
        self._folded = self.filter_text.casefold()
        self._search = matcher(self._folded)
        self._drop_nodes()
        self._pending.clear()
        self._budget = FILTER_EXPAND_LINES
        profile = self.state.profile
        account = Text("Account")
        if profile is not None:
            account.append(f" · {clean(profile.name, one_line=True)}", "dim")
        self.root.set_label(account)
        self.root.expand()

        projects: tuple[Any, ...] = self.state.projects
        self._kids = self.state.project_children
        if projects or self._preview is None:
            self._preview = None
        else:
            projects, self._kids = self._preview

        def build() -> None:
            if not projects and "projects" in self.state.loading:
                self.root.add_leaf(Text("Loading projects…", "dim italic"), NodeRef("loading"))
            for project in projects:
                self._add_project(project, expanded, filtering)
            if filtering and projects:
                for note in search_notes(self.filter_text, self.state, not self.root.children):
                    self.root.add_leaf(note, NodeRef("loading"))

        self._build_batch(build)
        # Follow the record if it moved (e.g. to another status group); if it is gone (deleted),
        # go to its next sibling, or the previous one, else its parent or project.
        fallback = NodeRef("project", cursor.project_id) if cursor and cursor.project_id else None
        self._keep_wishes(expanded, cursor)
        if not any(ref is not None and self.select_ref(ref) for ref in (cursor, *nearby, fallback)):
            _ = self.last_line  # builds the line index
            if not 0 <= self.cursor_line <= self.last_line:
                self.cursor_line = 0

    def first_match(self) -> bool:
        """Put the cursor on the first record the filter matched (else the first project
        shown); False when nothing matches."""
        line = first_match_line(self, self._search, self._folded)
        if line is not None:
            self.cursor_line = line
        return line is not None

    def _keep_wishes(self, expanded: set[NodeRef], cursor: NodeRef | None) -> None:
        """What could not be drawn yet because its project's children are not loaded (a
        cached start, a reload): opened, and the cursor put back, once they are."""
        waiting = {ref for ref in expanded if ref.project_id and ref.project_id not in self._kids}
        self._wished_open = {ref for ref in waiting if ref.kind != "project"}
        wait = cursor is not None and cursor.is_record and cursor.project_id not in self._kids
        self._wished_cursor = cursor if wait else None
        self._cursor_stand_in = NodeRef("project", cursor.project_id) if wait and cursor else None

    def _opens(self, ref: NodeRef, expanded: set[NodeRef], filtering: bool, lines: int) -> bool:
        """Whether a node starts expanded: it was, or a filter shows its matches (budget)."""
        if ref in expanded:
            return True
        if filtering and self._budget > 0:
            self._budget -= lines
            self._auto_opened.add(ref)
            return True
        return False

    def _add_project(self, project: Any, expanded: set[NodeRef], filtering: bool) -> None:
        pid = str(project.id)
        ref = NodeRef("project", pid)
        kids = self._kids.get(pid)
        name_hit = (
            not filtering
            or self._search((project.name or "").casefold()) is not None
            or self._folded in pid.casefold()
        )
        matches = self._matching_children(pid, kids, name_hit)
        found = sum(len(records) for records in matches.values())
        if filtering and not name_hit and not found:
            return
        label = name_or(project.name, f"(project {pid})")
        if filtering and kids is not None:
            label.append(f" {found}", "dim")
        if f"children:{pid}" in self.state.loading:
            label.append(" …", "dim")
        if f"children:{pid}" in self.state.stale:
            label.append(" (stale)", "yellow")
        opened = self._opens(ref, expanded, filtering and kids is not None, 1 + len(matches))
        node = self.root.add(label, ref, expand=opened)
        if kids is None:
            hint = "Loading…" if f"children:{pid}" in self.state.loading else "Expand to load"
            node.add_leaf(Text(hint, "dim italic"), NodeRef("loading", pid))
            return

        def build(parent: Node) -> None:
            for kind, records in matches.items():
                if filtering and not records:
                    continue
                self._add_group(parent, pid, kind, records, expanded, filtering)

        self._later(node, build)

    def _matching_children(
        self, pid: str, kids: ProjectChildren | None, everything: bool
    ) -> dict[str, list[Any]]:
        if kids is None:
            return {kind: [] for kind in CHILD_FIELD}
        if not self.filter_text or everything:
            return {kind: list(getattr(kids, attr)) for kind, attr in CHILD_FIELD.items()}
        matches = self._matches.get(pid)
        if matches is None or matches.kids is not kids:
            matches = self._matches[pid] = ProjectMatches(kids)
        return matches.records(matches.hits(self._folded, self._search))

    def _add_group(
        self,
        parent: Node,
        pid: str,
        kind: str,
        records: list[Any],
        expanded: set[NodeRef],
        filtering: bool,
    ) -> None:
        ref = NodeRef("group", pid, group=kind)
        lines = len(records) if kind != "experience" else len(STATUS_ORDER)
        group = parent.add(
            _count_label(GROUP_TITLES[kind], len(records), "bold"),
            ref,
            expand=self._opens(ref, expanded, filtering, lines),
        )
        if kind != "experience":
            self._later(group, lambda node: self._add_records(node, pid, kind, records))
            return

        def build(node: Node) -> None:
            by_status: dict[str, list[Any]] = {}
            for exp in records:
                by_status.setdefault(str(exp.experience_status or "unknown"), []).append(exp)
            order = STATUS_ORDER + sorted(set(by_status) - set(STATUS_ORDER))
            for status in (s for s in order if s in by_status):
                sref = NodeRef("status", pid, group=kind, status=status)
                title = clean(status, one_line=True).replace("_", " ").capitalize()
                rows = by_status[status]
                status_node = node.add(
                    _count_label(title, len(rows)),
                    sref,
                    expand=self._opens(sref, expanded, filtering, len(rows)),
                )
                self._later(
                    status_node,
                    lambda n, rows=rows: self._add_records(n, pid, kind, rows),  # type: ignore[misc]
                )

        self._later(group, build)

    def _add_records(self, parent: Node, pid: str, kind: str, records: Iterable[Any]) -> None:
        rows = [(record_id(kind, rec), record_name(kind, rec)) for rec in records]
        seen = Counter(name for _, name in rows)
        for rid, name in rows:
            label = name_or(name, f"({kind} {rid})")
            if seen[name] > 1:  # siblings with one name: tell them apart by id
                label.append(f" #{rid}", "dim")
            parent.add_leaf(label, NodeRef(kind, pid, rid))

    def _tell_apart(self, node: Node) -> str:
        ref = node.data
        return f"#{ref.record_id}" if ref is not None and ref.record_id else ""

    def _leads_to(self, node: Node, ref: NodeRef) -> bool:
        """Whether `ref` can be below `node` (so only that path is built when looking)."""
        data = node.data
        if data is None or data.kind == "account":
            return True
        if data.project_id != ref.project_id or ref.kind in ("project", "account"):
            return False
        if data.kind == "project":
            return True
        wanted_group = ref.group if ref.kind in ("group", "status") else ref.kind
        if data.kind == "group":
            return ref.kind != "group" and data.group == wanted_group
        return data.kind == "status" and ref.kind == "experience"

    # -- keys ----------------------------------------------------------------------------

    def action_expand_or_open(self) -> None:
        node = self.cursor_node
        if node is None or node.data is None:
            return
        if node.data.is_record:
            self.post_message(self.OpenRecord(node.data))
        elif node.allow_expand and not node.is_expanded:
            self.populate(node)
            node.expand()  # NodeExpanded (below) asks for a project's children
        elif node.children:
            self.move_cursor(node.children[0])

    def action_first(self) -> None:
        self.cursor_line = 0

    def action_last(self) -> None:
        self.cursor_line = self.last_line

    def action_collapse_or_parent(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.is_expanded and node is not self.root:
            node.collapse()
        elif node.parent is not None:
            self.move_cursor(node.parent)

    def _on_tree_node_expanded(self, event: Tree.NodeExpanded[NodeRef]) -> None:
        # Mouse clicks on the arrow expand too: load the project either way (`LazyTree` builds
        # the children).
        data = event.node.data
        if data is not None and data.kind == "project" and data.project_id:
            self.post_message(self.ExpandProject(data.project_id))
