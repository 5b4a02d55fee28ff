"""The explorer tree: Account > Project > Experiences (by status), Goals, Audiences, Hypotheses.

The tree is a view of `AppState`: it is rebuilt from the state (and the filter) whenever either
changes, keeping expanded nodes and the cursor by key, so it never drifts from the data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from convert_tui.state import (
    CHILD_FIELD,
    AppState,
    ProjectChildren,
    Selection,
    record_id,
    record_name,
)
from convert_tui.ui.text import clean, name_or

STATUS_ORDER = ["active", "scheduled", "paused", "draft", "completed", "archived"]
GROUP_TITLES = {
    "experience": "Experiences",
    "goal": "Goals",
    "audience": "Audiences",
    "hypothesis": "Hypotheses",
}


def fuzzy_match(query: str, text: str) -> bool:
    """True when the query's characters appear in order in text (case-insensitive)."""
    pos = 0
    haystack = text.casefold()
    for ch in query.casefold():
        pos = haystack.find(ch, pos) + 1
        if pos == 0:
            return False
    return True


@dataclass(frozen=True)
class NodeRef:
    """What a tree node stands for. `group` is a child kind; `status` an experience status."""

    kind: str  # account | project | group | status | loading | experience | goal | ...
    project_id: str | None = None
    record_id: str | None = None
    group: str | None = None
    status: str | None = None

    @property
    def is_record(self) -> bool:
        return self.kind in CHILD_FIELD

    @property
    def selection(self) -> Selection:
        if self.is_record:
            return Selection(self.kind, self.project_id, self.record_id)  # type: ignore[arg-type]
        if self.project_id is not None:
            return Selection("project", self.project_id)
        return Selection("account")


def _count_label(title: str, count: int, style: str = "") -> Text:
    return Text.assemble((title, style), " ", (str(count), "dim"))


class ExplorerTree(Tree[NodeRef]):
    """Keyboard: j/k move, l/Right/Enter expand or open, h/Left collapse or go to parent."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("enter,l,right", "expand_or_open", "Open", show=False),
        Binding("h,left", "collapse_or_parent", "Collapse", show=False),
    ]

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
        self.auto_expand = False
        self.show_root = True
        self.guide_depth = 2

    def process_label(self, label: str | Text) -> Text:
        # Labels are built from API names: never interpret them as markup.
        return label if isinstance(label, Text) else Text(clean(label, one_line=True))

    # -- building ------------------------------------------------------------------------

    def _expanded_keys(self) -> set[NodeRef]:
        keys: set[NodeRef] = set()
        stack: list[TreeNode[NodeRef]] = [self.root]
        while stack:
            node = stack.pop()
            if node.is_expanded and node.data is not None:
                keys.add(node.data)
            stack.extend(node.children)
        return keys

    def set_filter(self, text: str) -> None:
        """Filtering expands every match; clearing it restores what was open before."""
        if text and self._expanded_before_filter is None:
            self._expanded_before_filter = self._expanded_keys()
        self.filter_text = text
        self.rebuild()

    def rebuild(self) -> None:
        """Redraw from the state, keeping what was expanded and where the cursor was."""
        expanded = self._expanded_keys()
        if not self.filter_text and self._expanded_before_filter is not None:
            expanded = self._expanded_before_filter  # (the cursor's path is re-opened below)
            self._expanded_before_filter = None
        cursor = self.cursor_node.data if self.cursor_node else None
        filtering = bool(self.filter_text)
        self.clear()
        profile = self.state.profile
        account = Text("Account")
        if profile is not None:
            account.append(f" · {clean(profile.name, one_line=True)}", "dim")
        self.root.set_label(account)
        self.root.expand()
        if not self.state.projects and "projects" in self.state.loading:
            self.root.add_leaf(Text("Loading projects…", "dim italic"), NodeRef("loading"))
        for project in self.state.projects:
            self._add_project(project, expanded, filtering)
        # Follow the record if it moved (e.g. to another status group), else its project.
        fallback = NodeRef("project", cursor.project_id) if cursor and cursor.project_id else None
        if not any(ref is not None and self.select_ref(ref) for ref in (cursor, fallback)):
            _ = self.last_line  # builds the line index
            if not 0 <= self.cursor_line <= self.last_line:
                self.cursor_line = 0

    def _add_project(self, project: Any, expanded: set[NodeRef], filtering: bool) -> None:
        pid = str(project.id)
        ref = NodeRef("project", pid)
        kids = self.state.project_children.get(pid)
        name_hit = not filtering or fuzzy_match(self.filter_text, project.name or "")
        matches = self._matching_children(kids, name_hit)
        if filtering and not name_hit and not any(matches.values()):
            return
        label = name_or(project.name, f"(project {pid})")
        if f"children:{pid}" in self.state.loading:
            label.append(" …", "dim")
        if f"children:{pid}" in self.state.stale:
            label.append(" (stale)", "yellow")
        node = self.root.add(label, ref, expand=ref in expanded or (filtering and kids is not None))
        if kids is None:
            hint = "Loading…" if f"children:{pid}" in self.state.loading else "Expand to load"
            node.add_leaf(Text(hint, "dim italic"), NodeRef("loading", pid))
            return
        for kind, records in matches.items():
            if filtering and not records:
                continue
            self._add_group(node, pid, kind, records, expanded, filtering)

    def _matching_children(
        self, kids: ProjectChildren | None, everything: bool
    ) -> dict[str, list[Any]]:
        out: dict[str, list[Any]] = {}
        for kind, attr in CHILD_FIELD.items():
            records = list(getattr(kids, attr)) if kids else []
            if self.filter_text and not everything:
                records = [
                    r for r in records if fuzzy_match(self.filter_text, record_name(kind, r))
                ]
            out[kind] = records
        return out

    def _add_group(
        self,
        parent: TreeNode[NodeRef],
        pid: str,
        kind: str,
        records: list[Any],
        expanded: set[NodeRef],
        filtering: bool,
    ) -> None:
        ref = NodeRef("group", pid, group=kind)
        group = parent.add(
            _count_label(GROUP_TITLES[kind], len(records), "bold"),
            ref,
            expand=ref in expanded or filtering,
        )
        if kind != "experience":
            self._add_records(group, pid, kind, records)
            return
        by_status: dict[str, list[Any]] = {}
        for exp in records:
            by_status.setdefault(str(exp.experience_status or "unknown"), []).append(exp)
        order = STATUS_ORDER + sorted(set(by_status) - set(STATUS_ORDER))
        for status in (s for s in order if s in by_status):
            sref = NodeRef("status", pid, group=kind, status=status)
            title = clean(status, one_line=True).replace("_", " ").capitalize()
            node = group.add(
                _count_label(title, len(by_status[status])),
                sref,
                expand=sref in expanded or filtering,
            )
            self._add_records(node, pid, kind, by_status[status])

    def _add_records(
        self, parent: TreeNode[NodeRef], pid: str, kind: str, records: Iterable[Any]
    ) -> None:
        for rec in records:
            rid = record_id(kind, rec)
            parent.add_leaf(
                name_or(record_name(kind, rec), f"({kind} {rid})"), NodeRef(kind, pid, rid)
            )

    def _find(self, ref: NodeRef) -> TreeNode[NodeRef] | None:
        stack: list[TreeNode[NodeRef]] = [self.root]
        while stack:
            node = stack.pop()
            if node.data == ref:
                return node
            stack.extend(node.children)
        return None

    def select_ref(self, ref: NodeRef) -> bool:
        """Expand the path to `ref` and put the cursor on it (palette jumps)."""
        node = self._find(ref)
        if node is None:
            return False
        parent = node.parent
        while parent is not None:
            parent.expand()
            parent = parent.parent
        _ = self.last_line
        self.move_cursor(node)
        return True

    # -- keys ----------------------------------------------------------------------------

    def action_expand_or_open(self) -> None:
        node = self.cursor_node
        if node is None or node.data is None:
            return
        if node.data.is_record:
            self.post_message(self.OpenRecord(node.data))
        elif node.allow_expand and not node.is_expanded:
            node.expand()  # NodeExpanded (below) asks for a project's children
        elif node.children:
            self.move_cursor(node.children[0])

    def action_collapse_or_parent(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.is_expanded and node is not self.root:
            node.collapse()
        elif node.parent is not None:
            self.move_cursor(node.parent)

    def _on_tree_node_expanded(self, event: Tree.NodeExpanded[NodeRef]) -> None:
        # Mouse clicks on the arrow expand too: load the project either way.
        data = event.node.data
        if data is not None and data.kind == "project" and data.project_id:
            self.post_message(self.ExpandProject(data.project_id))
