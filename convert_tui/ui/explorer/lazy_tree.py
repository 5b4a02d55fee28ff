"""A Textual Tree that stays cheap when the data is big: a node's children are built when it
is first expanded (`_pending`), nodes added in a batch invalidate the tree once, and a
rebuild drops the old nodes without leaving them to the garbage collector. What the nodes
stand for is up to the subclass (the explorer tree)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.widgets import Tree
from textual.widgets._tree import TOGGLE_STYLE
from textual.widgets.tree import TreeNode

RefT = TypeVar("RefT")


class LazyTree(Tree[RefT]):
    """A Tree whose nodes build their children (`_later`) when first expanded."""

    def __init__(self, label: str | Text, data: RefT | None = None, **kwargs: Any) -> None:
        super().__init__(label, data, **kwargs)
        # Children not built yet, by node: built when the node is first expanded.
        self._pending: dict[TreeNode[RefT], Callable[[], None]] = {}
        self._batching = False
        self._width: int | None = None

    def get_label_width(self, node: TreeNode[RefT]) -> int:
        # What render_label draws (the toggle icon, then the label) without rendering it: the
        # tree asks this for every line after each change. A label wider than the pane is
        # cut to fit (render_label), so the tree never scrolls sideways.
        icon = self.ICON_NODE_EXPANDED if node.is_expanded else self.ICON_NODE
        width = node.label.cell_len + (len(icon) if node.allow_expand else 0)  # type: ignore[union-attr]
        room = self._room(node)
        return min(width, room) if room > 0 else width

    # -- labels cut to the pane ----------------------------------------------------------

    def _room(self, node: TreeNode[RefT]) -> int:
        """Cells left for the icon and label of `node` after its guides."""
        depth, parent = 0, node.parent
        while parent is not None:
            depth, parent = depth + 1, parent.parent
        shown = depth if self.show_root else depth - 1
        return self._pane_width - shown * self.guide_depth

    def render_label(self, node: TreeNode[RefT], base_style: Style, style: Style) -> Text:
        """The label, ellipsized ("…") when the pane is too narrow. If a sibling's cut name
        would look the same, both end with `_tell_apart` (an id) instead."""
        icon = ""
        if node.allow_expand:
            icon = self.ICON_NODE_EXPANDED if node.is_expanded else self.ICON_NODE
        label = node.label.copy()  # type: ignore[union-attr]
        room = self._room(node) - len(icon)
        if 1 < room < label.cell_len:
            label = self._cut(node, label, room)
        label.stylize(style)
        return Text.assemble((icon, base_style + TOGGLE_STYLE), label)

    def _cut(self, node: TreeNode[RefT], label: Text, room: int) -> Text:
        cut = label.copy()
        cut.truncate(room, overflow="ellipsis")
        siblings: list[TreeNode[RefT]] = list(node.parent.children) if node.parent else []
        same = [
            other for other in siblings
            if other is not node and other.label.cell_len > room  # type: ignore[union-attr]
            and other.label.plain[: room - 1] == label.plain[: room - 1]  # type: ignore[union-attr]
        ]  # fmt: skip
        tag = self._tell_apart(node) if same else ""
        if not tag or len(tag) + 3 > room:
            return cut
        cut = label.copy()
        cut.truncate(room - len(tag) - 1, overflow="ellipsis")
        cut.append(f" {tag}", "dim")
        return cut

    @staticmethod
    def _nearby(node: TreeNode[RefT] | None, reach: int = 2) -> list[RefT]:
        """Where the cursor goes if its node disappears (a delete): the next siblings, the
        previous ones (nearest first, a few: a filter may have hidden them too), the parent."""
        if node is None or node.parent is None:
            return []
        siblings = list(node.parent.children)
        at = siblings.index(node) if node in siblings else 0
        after, before = siblings[at + 1 : at + 1 + reach], siblings[max(0, at - reach) : at][::-1]
        return [n.data for n in (*after, *before, node.parent) if n.data is not None]

    def _tell_apart(self, node: TreeNode[RefT]) -> str:
        """A short text that tells `node` from a sibling whose label looks the same."""
        return ""

    def _on_resize(self, event: events.Resize) -> None:
        self._line_cache.clear()  # the labels are cut to the new width
        super()._on_resize(event)
        self._pane_width = self.scrollable_content_region.width

    @property
    def _pane_width(self) -> int:
        # The tree's width, read once per change (not per line: the region is computed).
        if self._width is None:
            self._width = self.scrollable_content_region.width
        return self._width

    @_pane_width.setter
    def _pane_width(self, width: int) -> None:
        self._width = width

    def _invalidate(self) -> None:
        # Tree invalidates (and schedules a layout) once per node added; while a batch of nodes
        # is built that is done once, at the end.
        if not self._batching:
            self._width = None  # (a scrollbar may have come or gone)
            super()._invalidate()

    def _build_batch(self, build: Callable[[], None]) -> None:
        self._batching = True
        try:
            build()
        finally:
            self._batching = False
            self._invalidate()

    # -- lazily built children -----------------------------------------------------------

    def _later(self, node: TreeNode[RefT], build: Callable[[TreeNode[RefT]], None]) -> None:
        """Build `node`'s children now if it is expanded, else when it first is."""
        if node.is_expanded:
            build(node)
        else:
            self._pending[node] = lambda: build(node)

    def populate(self, node: TreeNode[RefT]) -> None:
        """Build the children of `node` if they were left for later."""
        build = self._pending.pop(node, None)
        if build is not None:
            self._build_batch(build)

    def _toggle_node(self, node: TreeNode[RefT]) -> None:
        # Space and mouse clicks expand through here: build the children first.
        self.populate(node)
        super()._toggle_node(node)

    def _on_tree_node_expanded(self, event: Tree.NodeExpanded[RefT]) -> None:
        # Anything that expanded a node without building its children (expand_all): build.
        self.populate(event.node)

    # -- the built nodes -----------------------------------------------------------------

    def _expanded_keys(self) -> set[RefT]:
        keys: set[RefT] = set()
        stack: list[TreeNode[RefT]] = [self.root]
        while stack:
            node = stack.pop()
            if node.is_expanded and node.data is not None:
                keys.add(node.data)
            stack.extend(node.children)
        return keys

    def _drop_nodes(self) -> None:
        """`clear()`, leaving the old nodes to reference counting: parent<->child links are
        cycles only the (slow, on big accounts) full garbage collection would free, and
        Tree.clear keeps the old nodes in its id index."""
        stack: list[TreeNode[RefT]] = [self.root]
        while stack:
            node = stack.pop()
            stack.extend(node._children)
            node._children = []
        self._tree_nodes.clear()
        self.clear()
        self._tree_nodes[self.root.id] = self.root

    # -- finding a node that may not be built yet ----------------------------------------

    def _leads_to(self, node: TreeNode[RefT], ref: RefT) -> bool:
        """Whether `ref` can be below `node`: only those paths are built when looking for it.
        Subclasses narrow this; by default a search builds the whole tree."""
        return True

    def _find(self, ref: RefT) -> TreeNode[RefT] | None:
        stack: list[TreeNode[RefT]] = [self.root]
        while stack:
            node = stack.pop()
            if node.data == ref:
                return node
            if self._leads_to(node, ref):
                self.populate(node)
                stack.extend(node.children)
        return None

    def select_ref(self, ref: RefT) -> bool:
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
