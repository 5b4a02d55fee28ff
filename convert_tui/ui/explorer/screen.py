"""The explorer: the account tree on the left, the selected record on the right."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Footer, Input, Tree

from convert_tui.state import Selection, record_id
from convert_tui.ui import actions
from convert_tui.ui.actions import ACTS_ON, RECORDS
from convert_tui.ui.explorer.detail import DetailPane
from convert_tui.ui.explorer.tree import ExplorerTree, NodeRef
from convert_tui.ui.messages import EditRecord, OpenReport, OpenVariationEditor
from convert_tui.ui.screens.steady import SteadyScreen
from convert_tui.ui.widgets.header import StatusHeader
from convert_tui.ui.widgets.on_demand import on_demand

if TYPE_CHECKING:
    from convert_tui.config.cache import CacheEntry
    from convert_tui.ui.app import ConvertApp

# Keys that change data; hidden and refused in read-only mode.
MUTATIONS = {"status": "s", "delete": "d", "edit": "e", "new": "n"}
REPORT_DELAY = 0.4  # seconds the cursor rests on an experience before its report loads


class FilterInput(Input):
    """The filter box. It filters as its value changes, so the filtered tree is painted in
    the same frame as the typed letter (Input.Changed comes a message later, often after a
    frame of its own: a 60 fps frame is 17 ms of a 50 ms budget)."""

    def __init__(self, on_change: Callable[[str], None], **kwargs: Any) -> None:
        self._on_change = on_change  # (first: a `value` given is watched as Input sets it)
        super().__init__(**kwargs)

    def watch_value(self, value: str) -> None:
        self._on_change(value)


class MainScreen(SteadyScreen):
    CSS_PATH = "explorer.tcss"
    HELP_TITLE = "the tree"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "filter", "Filter", tooltip="Filter the tree as you type",
                id="explorer.filter"),
        Binding("escape", "back", "Back", show=False, id="explorer.back"),
        Binding("s", "status", "Status", tooltip="Change status (start, pause, complete, ...)",
                id="explorer.status"),
        Binding("d", "delete", "Del", tooltip="Delete the selected record (asks first)",
                id="explorer.delete"),
        Binding("e", "edit", "Edit", tooltip="Edit the selected record", id="explorer.edit"),
        Binding("n", "new", "New", tooltip="Create a record of the selected kind",
                id="explorer.new"),
        Binding("R", "report", "Report", tooltip="Open the experience's full report",
                id="explorer.report"),
        Binding("v", "variations", "Variants", show=False, tooltip="The experience's variations",
                id="explorer.variations"),
        Binding("y", "copy_id", "Copy id", show=False, tooltip="Copy the id to the clipboard",
                id="explorer.copy_id"),
        Binding("Y", "copy_json", "Copy JSON", show=False, tooltip="Copy the record as JSON",
                id="explorer.copy_json"),
        Binding("1", "overview", "Overview", tooltip="Every experience and its verdict (2: tree)",
                id="explorer.overview"),
    ]  # fmt: skip

    def __init__(self) -> None:
        super().__init__()
        self._report_timer: Timer | None = None
        self.reopen_project: str | None = None  # settings.last_project, opened when listed
        self.reapply_filter: str | None = None  # settings.filters["tree"], shown once mounted
        self._filter_wants_all = False  # a restored filter searches every project, once listed
        self._preview: CacheEntry | None = None
        self._last_view: tuple[dict[str, Any], list[str]] = ({}, [])
        # What to do once mounted (the app opened on the overview pushes the tree later).
        self.when_mounted: list[Callable[[], object]] = []

    @property
    def convert_app(self) -> ConvertApp:
        return cast("ConvertApp", self.app)

    def action_overview(self) -> None:
        self.convert_app.show_overview()

    def compose(self) -> ComposeResult:
        state = self.convert_app.state
        yield StatusHeader(state)
        with Horizontal(id="panes"):
            with Vertical(id="left"):  # (the filter box is mounted above the tree on `/`)
                yield ExplorerTree(state, id="tree")
            yield DetailPane(state, id="detail")
        yield Footer(compact=True)

    @property
    def explorer(self) -> ExplorerTree:
        return self.query_one(ExplorerTree)

    def on_mount(self) -> None:
        state = self.convert_app.state
        for name in (
            "projects",
            "project_children",
            "loading",
            "stale",
            "profile",
            "all_children_progress",
        ):
            self.watch(state, name, self._data_changed, init=False)
        self.watch(state, "read_only", lambda _: self.refresh_bindings(), init=False)
        state.view_of_tree = self._view_of_tree
        if self._preview is not None and not state.projects:
            self.explorer.show_preview(self._preview.data)
        else:  # (opened after the overview: the state's records, not the start's preview)
            self._data_changed()
        self._reapply_filter()
        when_mounted, self.when_mounted = self.when_mounted, []
        for then in when_mounted:
            then()
        self.explorer.focus()

    @on(Tree.NodeExpanded)
    @on(Tree.NodeCollapsed)
    def _shape_changed(self) -> None:
        self._view_of_tree()  # keep it: on exit the tree is gone before the cache is saved

    def show_preview(self, entry: CacheEntry | None) -> None:
        """Draw a cached tree before the state has records (the app's start); None: drop it."""
        self._preview = entry
        if self.is_mounted:
            self.explorer.show_preview(entry.data if entry is not None else None)

    def once_mounted(self, then: Callable[[], object]) -> None:
        """Run `then` now if the tree is mounted, else when it is (pushed later, or on its way)."""
        if self.is_mounted:
            then()
        else:
            self.when_mounted.append(then)

    def _view_of_tree(self) -> tuple[dict[str, Any], list[str]]:
        with contextlib.suppress(Exception):  # (unmounted: the last one seen)
            self._last_view = self.explorer.view_state()
        return self._last_view

    def _data_changed(self) -> None:
        state = self.convert_app.state
        view, state.cached_view = state.cached_view, None
        if view is not None:  # the cached tree came in: open what was open when it was saved
            self.reopen_project = None
            self.explorer.restore_view(view)
            return
        self.explorer.rebuild()
        self._load_all_for_filter()
        pid = self.reopen_project
        if pid is not None and state.projects and state.cached_at is None:
            self.reopen_project = None  # (once, when live projects first arrive)
            if state.project(pid) is not None and self.explorer.select_ref(NodeRef("project", pid)):
                node = self.explorer.cursor_node
                if node is not None and not node.is_expanded:
                    self.explorer.populate(node)
                    node.expand()  # loads its children (ExpandProject)

    # -- tree events ---------------------------------------------------------------------

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[NodeRef]) -> None:
        self._view_of_tree()
        ref = event.node.data
        selection = ref.selection if ref is not None else None
        state = self.convert_app.state
        if selection != state.selection:
            state.select(selection)
        self.refresh_bindings()
        if self._report_timer is not None:
            self._report_timer.stop()
        if selection is not None and selection.kind == "experience":
            self._report_timer = self.set_timer(REPORT_DELAY, self._load_report)

    def _load_report(self) -> None:
        state = self.convert_app.state
        sel = state.selection
        if not (sel and sel.kind == "experience" and sel.project_id and sel.record_id):
            return
        if (sel.project_id, sel.record_id) not in state.reports:
            state.load_report(sel.project_id, sel.record_id)

    def on_explorer_tree_expand_project(self, event: ExplorerTree.ExpandProject) -> None:
        state = self.convert_app.state
        pid = event.project_id
        if pid not in state.project_children and f"children:{pid}" not in state.loading:
            state.load_project_children(pid)

    def on_explorer_tree_open_record(self, event: ExplorerTree.OpenRecord) -> None:
        ref = event.ref
        if ref.kind == "experience" and ref.project_id and ref.record_id:
            self.convert_app.open_experience(ref.project_id, ref.record_id)
        else:
            self.query_one(DetailPane).focus()  # the record is shown there; let it scroll

    # -- filter --------------------------------------------------------------------------

    def _filter_box(self, text: str | None = None) -> FilterInput | None:
        """The filter box: None until first asked for with `text` (then mounted above the
        tree, showing it; the tree is filtered at once, as the box is made: FilterInput
        watches the `value` it is given)."""

        def make() -> FilterInput:
            assert text is not None
            return FilterInput(
                self._filter_changed, value=text, placeholder="filter (Esc clears)", id="filter"
            )

        left = self.query_one("#left")
        return on_demand(left, FilterInput, "filter", None if text is None else make,
                         before=self.explorer)  # fmt: skip

    def action_filter(self) -> None:
        box = self._filter_box("")
        assert box is not None
        box.display = True
        box.focus()
        self.convert_app.state.load_all_children()

    def _filter_changed(self, value: str) -> None:
        self.explorer.set_filter(value.strip())

    def restore_filter(self, text: str) -> None:
        """Show the filter confirmed last time (settings) and search every project for it."""
        self.reapply_filter = text or None
        if self.is_mounted:
            self._reapply_filter()

    def _reapply_filter(self) -> None:
        text, self.reapply_filter = self.reapply_filter, None
        if not text:
            return
        box = self._filter_box(text)
        assert box is not None
        box.display = True
        box.value = text  # filters through `_filter_changed`
        self._filter_wants_all = True
        self._load_all_for_filter()

    def _load_all_for_filter(self) -> None:
        state = self.convert_app.state
        if self._filter_wants_all and state.projects and state.client is not None:
            self._filter_wants_all = False
            state.load_all_children()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        remember_filter(self.explorer.filter_text)
        self.explorer.focus()
        if self.explorer.filter_text and not self.explorer.first_match():
            self.convert_app.notify(
                f"No matches for “{self.explorer.filter_text}” (names and ids).",
                title="Filter", timeout=4, markup=False,
            )  # fmt: skip

    def _clear_filter(self) -> None:
        box = self._filter_box()
        if box is not None:
            box.value = ""
            box.display = False
        self.explorer.set_filter("")
        remember_filter("")
        self.explorer.focus()

    def action_back(self) -> None:
        box = self._filter_box()
        if self.explorer.filter_text or (box is not None and box.display):
            self._clear_filter()
        elif self.focused is not self.explorer:
            self.explorer.focus()

    def on_key(self, event: events.Key) -> None:
        # Esc inside the filter box: Input does not use it, so clear here.
        if event.key == "escape" and self.focused is not None and self.focused.id == "filter":
            event.stop()
            self._clear_filter()
        else:
            actions.refuse_read_only_key(self.convert_app, event, set(MUTATIONS.values()))
            action = next((a for a, spec in ACTS_ON.items() if spec[0] == event.character), None)
            if action and isinstance(self.focused, (ExplorerTree, DetailPane)):
                # Decided after the keys typed before it have run (a move may still be queued).
                self.call_after_refresh(self._explain_if_not_here, action)

    def _explain_if_not_here(self, action: str) -> None:
        """A record key on a line it does not act on (a group, the account): say so."""
        read_only = action in MUTATIONS and self.convert_app.state.read_only  # (said already)
        if self.is_current and not read_only and not self._acts_here(action):
            node = self.explorer.cursor_node
            kind = node.data.kind if node and node.data else "account"
            self.convert_app.notify(actions.not_here(action, kind), title="Not on this line",
                                    timeout=4, markup=False)  # fmt: skip

    def _acts_here(self, action: str) -> bool:
        trees = self.query(ExplorerTree)  # (none before compose: bindings may be checked)
        node = trees.first().cursor_node if trees else None
        kind = node.data.kind if node is not None and node.data is not None else "account"
        return kind in ACTS_ON[action][1]

    # -- actions -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Read-only hides the change keys; a record key on a group or the account is hidden
        # too (a short footer) and says why it does nothing (`_explain_if_not_here`).
        if action in MUTATIONS and self.convert_app.state.read_only:
            return False
        return action not in ACTS_ON or self._acts_here(action)

    def _record_for(self, action: str) -> Selection | None:
        """The record under the cursor now (not the last one the state was told about: a key
        typed right after a move must not act on the line the cursor just left), if `action`
        acts on it."""
        if not self._acts_here(action):
            return None
        node = self.explorer.cursor_node
        return node.data.selection if node is not None and node.data is not None else None

    def action_status(self) -> None:
        if sel := self._record_for("status"):
            actions.change_status(self.convert_app, sel)

    def action_delete(self) -> None:
        if sel := self._record_for("delete"):
            actions.delete_record(self.convert_app, sel)

    def action_edit(self) -> None:
        sel = self._record_for("edit")
        if sel and sel.kind != "account":
            record = sel.project_id if sel.kind == "project" else sel.record_id
            self.post_message(EditRecord(sel.kind, sel.project_id, record))

    def action_new(self) -> None:
        node = self.explorer.cursor_node
        ref = node.data if node else None
        if ref is None or ref.project_id is None:
            self.post_message(EditRecord("project", None, None))
            return
        kind = ref.group or (ref.kind if ref.is_record else "experience")
        self.post_message(EditRecord(kind, ref.project_id, None))

    def action_report(self) -> None:
        sel = self._record_for("report")
        if sel and sel.kind == "experience" and sel.project_id and sel.record_id:
            self.post_message(OpenReport(sel.project_id, sel.record_id))

    def action_variations(self) -> None:
        sel = self._record_for("variations")
        if sel and sel.kind == "experience" and sel.project_id and sel.record_id:
            self.post_message(OpenVariationEditor(sel.project_id, sel.record_id))

    def action_copy_id(self) -> None:
        if sel := self._record_for("copy_id"):
            actions.copy_selection(self.convert_app, sel, as_json=False)

    def action_copy_json(self) -> None:
        if sel := self._record_for("copy_json"):
            actions.copy_selection(self.convert_app, sel, as_json=True)

    def follow_change(self, kind: str, action: str, project_id: str | None, record: Any) -> None:
        """After a create the cursor goes to the new record (after a delete the tree itself
        moves it to the next sibling: `ExplorerTree.rebuild`)."""
        if action != "created" or kind not in RECORDS or record is None:
            return
        rid = record_id(kind, record)
        if kind == "project":
            self.explorer.select_ref(NodeRef("project", rid))
        elif project_id:
            self.explorer.select_ref(NodeRef(kind, project_id, rid))

    def jump_to(self, ref: NodeRef) -> bool:
        """Put the cursor on a record (the command palette's jumps)."""
        if self.explorer.filter_text:
            self._clear_filter()
        self.explorer.focus()
        return self.explorer.select_ref(ref)


FILTER_SETTING = "tree"  # key of the tree's filter in settings.json


def saved_filter() -> str:
    """The filter confirmed (Enter) last time, '' for none."""
    from convert_tui.config.settings import load_settings

    text = load_settings().filters.get(FILTER_SETTING, {}).get("text", "")
    return text if isinstance(text, str) else ""


def remember_filter(text: str) -> None:
    """Keep the tree's filter for the next start; a settings file that cannot be written only
    loses that convenience."""
    from convert_tui.config.settings import load_settings, save_settings

    with contextlib.suppress(Exception):
        settings = load_settings()
        if settings.filters.get(FILTER_SETTING, {}).get("text", "") != text:
            settings.filters = {**settings.filters, FILTER_SETTING: {"text": text}}
            save_settings(settings)
