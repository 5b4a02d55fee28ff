"""A Textual Tree that stays cheap when the data is big: a node's children are built when it
is first expanded (`_pending`), nodes added in a batch invalidate the tree once, and a
rebuild drops the old nodes without leaving them to the garbage collector. What the nodes
stand for is up to the subclass (the explorer tree)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

RefT = TypeVar("RefT")


class LazyTree(Tree[RefT]):
    """A Tree whose nodes build their children (`_later`) when first expanded."""

    def __init__(self, label: str | Text, data: RefT | None = None, **kwargs: Any) -> None:
        super().__init__(label, data, **kwargs)
        # Children not built yet, by node: built when the node is first expanded.
        self._pending: dict[TreeNode[RefT], Callable[[], None]] = {}
        self._batching = False

    def get_label_width(self, node: TreeNode[RefT]) -> int:
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
