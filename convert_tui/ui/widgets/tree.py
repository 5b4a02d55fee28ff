"""The explorer tree: Account > Project > Experiences (by status), Goals, Audiences, Hypotheses.

The tree is a view of `AppState`: it is rebuilt from the state (and the filter) whenever either
changes, keeping expanded nodes and the cursor by key, so it never drifts from the data.

Big accounts (50 projects x 200 experiences) stay smooth because the tree only holds what can
be seen: the children of a collapsed node are not built until it is expanded (`_pending`), so
a rebuild costs the expanded part of the tree, not the whole account. A filter expands its
matches only up to `FILTER_EXPAND_LINES` lines; further matching groups stay collapsed with
their match counts (and are built when opened). Textual's Tree draws only the visible lines.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
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
# A filter opens matching groups until about this many lines are shown (a few screens); the
# other matching groups stay collapsed, with their counts, so a one-letter filter on a big
# account stays instant.
FILTER_EXPAND_LINES = 300


def fuzzy_match(query: str, text: str) -> bool:
    """True when the query's characters appear in order in text (case-insensitive)."""
    return _matcher(query.casefold())(text.casefold()) is not None


def _matcher(folded_query: str) -> Callable[[str], object]:
    """A C-speed match of "these characters in this order": `[^a]*+a[^b]*+b...`. The
    possessive classes never backtrack: one linear pass, whatever the name."""
    if not folded_query:
        return lambda _text: True
    pattern = "".join(f"[^{re.escape(ch)}]*+{re.escape(ch)}" for ch in folded_query)
    return re.compile(pattern, re.DOTALL).match


class _Matches:
    """Which records of one project match the filter. Folded names are computed once per
    loaded `ProjectChildren`; a query that extends the last one (typing) only looks at the
    last one's matches (a subsequence match of "abc" is also one of "ab"), and the results of
    recent queries are kept, so backspace is free."""

    KEEP = 32  # queries remembered

    def __init__(self, kids: ProjectChildren) -> None:
        self.kids = kids
        self.names = {
            kind: [record_name(kind, r).casefold() for r in getattr(kids, attr)]
            for kind, attr in CHILD_FIELD.items()
        }
        everything: dict[str, Sequence[int]] = {k: range(len(v)) for k, v in self.names.items()}
        self.results: dict[str, dict[str, Sequence[int]]] = {"": everything}
        self.last = ""

    def hits(self, folded: str, search: Callable[[str], object]) -> dict[str, Sequence[int]]:
        known = self.results.get(folded)
        if known is not None:
            return known
        base = self.results[self.last] if folded.startswith(self.last) else self.results[""]
        found: dict[str, Sequence[int]] = {}
        for kind, candidates in base.items():
            names = self.names[kind]
            found[kind] = [i for i in candidates if search(names[i])]
        if len(self.results) > self.KEEP:
            self.results = {"": self.results[""]}
        self.results[folded] = found
        self.last = folded
        return found

    def records(self, hits: dict[str, Sequence[int]]) -> dict[str, list[Any]]:
        out: dict[str, list[Any]] = {}
        for kind, indexes in hits.items():
            records = getattr(self.kids, CHILD_FIELD[kind])
            out[kind] = [records[i] for i in indexes]
        return out


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
            # A group node ("Experiences", "Active 6") shows its records' summary.
            return Selection("project", self.project_id, group=self.group, status=self.status)
        return Selection("account")


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


class _Cached(dict[str, Any]):
    """A record of a cached tree as read from JSON, with the attribute access the tree uses
    (missing fields read as None). Only the tree's preview sees these, never the state."""

    def __getattr__(self, name: str) -> Any:
        return self.get(name)


def _preview_of(data: dict[str, Any]) -> tuple[tuple[Any, ...], dict[str, ProjectChildren]]:
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


def _count_label(title: str, count: int, style: str = "") -> Text:
    return Text.assemble((title, style), " ", (str(count), "dim"))


Node = TreeNode[NodeRef]


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
        # Children not built yet, by node: built when the node is first expanded.
        self._pending: dict[Node, Callable[[], None]] = {}
        self._batching = False
        self._budget = 0  # lines a filter may still open
        self._auto_opened: set[NodeRef] = set()  # what the filter opened (not the user)
        self._matches: dict[str, _Matches] = {}
        self._folded = ""
        self._search: Callable[[str], object] = _matcher("")
        # A cached tree (plain JSON) drawn before the state has records; dropped once it has.
        self._preview: tuple[tuple[Any, ...], dict[str, ProjectChildren]] | None = None
        self._kids: dict[str, ProjectChildren] = {}
        self.auto_expand = False
        self.show_root = True
        self.guide_depth = 2

    def process_label(self, label: str | Text) -> Text:
        # Labels are built from API names: never interpret them as markup.
        return label if isinstance(label, Text) else Text(clean(label, one_line=True))

    def get_label_width(self, node: Node) -> int:
        # What render_label draws (the toggle icon, then the label) without rendering it: the
        # tree asks this for every line after each change.
        icon = self.ICON_NODE_EXPANDED if node.is_expanded else self.ICON_NODE
        return node.label.cell_len + (len(icon) if node.allow_expand else 0)  # type: ignore[union-attr]

    def _invalidate(self) -> None:
        # Tree invalidates (and schedules a layout) once per node added; while a batch of nodes
        # is built that is done once, at the end.
        if not self._batching:
            super()._invalidate()

    def _build_batch(self, build: Callable[[], None]) -> None:
        self._batching = True
        try:
            build()
        finally:
            self._batching = False
            self._invalidate()

    # -- lazily built children -----------------------------------------------------------

    def _later(self, node: Node, build: Callable[[Node], None]) -> None:
        """Build `node`'s children now if it is expanded, else when it first is."""
        if node.is_expanded:
            build(node)
        else:
            self._pending[node] = lambda: build(node)

    def populate(self, node: Node) -> None:
        """Build the children of `node` if they were left for later."""
        build = self._pending.pop(node, None)
        if build is not None:
            self._build_batch(build)

    def _toggle_node(self, node: Node) -> None:
        # Space and mouse clicks expand through here: build the children first.
        self.populate(node)
        super()._toggle_node(node)

    # -- building ------------------------------------------------------------------------

    def _expanded_keys(self) -> set[NodeRef]:
        keys: set[NodeRef] = set()
        stack: list[Node] = [self.root]
        while stack:
            node = stack.pop()
            if node.is_expanded and node.data is not None:
                keys.add(node.data)
            stack.extend(node.children)
        return keys

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
                self._preview = _preview_of(data)
            except Exception:  # a cache is a hint: a malformed one is not shown
                self._preview = None
        if self._preview is not None and isinstance(data, dict):
            self.restore_view(data.get("view"))
        else:
            self.rebuild()

    def restore_view(self, view: Any) -> None:
        """Open what a saved view (`view_state`) had open and put the cursor back."""
        if not isinstance(view, dict):
            self.rebuild()
            return
        saved = view.get("expanded")
        expanded = {ref_from_json(v) for v in saved} if isinstance(saved, list) else set()
        self.rebuild(expanded={ref for ref in expanded if ref is not None})
        cursor = ref_from_json(view.get("cursor"))
        if cursor is not None:
            self.select_ref(cursor)

    def view_state(self) -> tuple[dict[str, Any], list[str]]:
        """What to save with the tree: open nodes and the cursor; and the projects whose
        children are needed to draw it (open ones, and the cursor's)."""
        expanded = self.expanded_keys()
        cursor = self.cursor_node.data if self.cursor_node else None
        projects = {ref.project_id for ref in expanded if ref.kind == "project" and ref.project_id}
        if cursor is not None and cursor.project_id:
            projects.add(cursor.project_id)
        view = {
            "expanded": [ref_to_json(ref) for ref in sorted(expanded, key=ref_to_json_key)],
            "cursor": ref_to_json(cursor) if cursor is not None else None,
        }
        return view, sorted(projects)

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
        if not self.filter_text and self._expanded_before_filter is not None:
            expanded = self._expanded_before_filter  # (the cursor's path is re-opened below)
            self._expanded_before_filter = None
        self._auto_opened = set()
        cursor = self.cursor_node.data if self.cursor_node else None
        filtering = bool(self.filter_text)
        self._folded = self.filter_text.casefold()
        self._search = _matcher(self._folded)
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

        self._build_batch(build)
        # Follow the record if it moved (e.g. to another status group), else its project.
        fallback = NodeRef("project", cursor.project_id) if cursor and cursor.project_id else None
        if not any(ref is not None and self.select_ref(ref) for ref in (cursor, fallback)):
            _ = self.last_line  # builds the line index
            if not 0 <= self.cursor_line <= self.last_line:
                self.cursor_line = 0

    def _drop_nodes(self) -> None:
        """`clear()`, leaving the old nodes to reference counting: parent<->child links are
        cycles only the (slow, on big accounts) full garbage collection would free, and
        Tree.clear keeps the old nodes in its id index."""
        stack: list[Node] = [self.root]
        while stack:
            node = stack.pop()
            stack.extend(node._children)
            node._children = []
        self._tree_nodes.clear()
        self.clear()
        self._tree_nodes[self.root.id] = self.root

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
        name_hit = not filtering or self._search((project.name or "").casefold()) is not None
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
            matches = self._matches[pid] = _Matches(kids)
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
        for rec in records:
            rid = record_id(kind, rec)
            parent.add_leaf(
                name_or(record_name(kind, rec), f"({kind} {rid})"), NodeRef(kind, pid, rid)
            )

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

    def _find(self, ref: NodeRef) -> Node | None:
        stack: list[Node] = [self.root]
        while stack:
            node = stack.pop()
            if node.data == ref:
                return node
            if self._leads_to(node, ref):
                self.populate(node)
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
            self.populate(node)
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
        # Anything that expanded a node without building its children (expand_all): build.
        self.populate(event.node)
        # Mouse clicks on the arrow expand too: load the project either way.
        data = event.node.data
        if data is not None and data.kind == "project" and data.project_id:
            self.post_message(self.ExpandProject(data.project_id))
