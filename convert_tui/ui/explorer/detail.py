"""The right-hand pane of the main screen: the selected node's record."""

from __future__ import annotations

from typing import ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static, Tree

from convert_tui.state import CHILD_FIELD, AppState, Selection
from convert_tui.ui.explorer import records
from convert_tui.ui.text import clean

HELP = Text.assemble(
    ("Select a project, experience, goal, audience or hypothesis.\n\n", ""),
    ("j/k", "bold"),
    " move  ",
    ("l/Enter", "bold"),
    " expand/open  ",
    ("h", "bold"),
    " collapse  ",
    ("/", "bold"),
    " filter  ",
    ("ctrl+p", "bold"),
    " jump  ",
    ("?", "bold"),
    " help",
)


class DetailPane(VerticalScroll):
    """Re-renders when the selection or any data it shows changes.

    Enter on a goal, audience or hypothesis focuses it so a long record can scroll; Esc, h or
    Left hands the keys back to the tree (the footer says so while it has them).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,h,left", "back_to_tree", "Back to tree", tooltip="Move in the tree again",
                id="detail.back"),
    ]  # fmt: skip

    def __init__(self, state: AppState, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.state = state

    def compose(self) -> ComposeResult:
        yield Static(HELP, id="detail-body")

    def action_back_to_tree(self) -> None:
        self.screen.query_one(Tree).focus()

    def on_mount(self) -> None:
        watched = ("selection", "projects", "project_children", "experiences", "reports", "loading")
        for name in watched:
            self.watch(self.state, name, self.update_view, init=False)
        self.watch(self.state, "overview_rows", self._overview_rows_changed, init=False)
        self.update_view()

    def _overview_rows_changed(self) -> None:
        selection = self.state.selection
        if selection is not None and selection.group is not None:  # (a group summary uses them)
            self.update_view()

    def update_view(self) -> None:
        body = self.query_one("#detail-body", Static)
        body.update(self.render_selection(self.state.selection))

    def render_selection(self, sel: Selection | None) -> RenderableType:
        state = self.state
        if sel is None or sel.kind == "account":
            if state.last_error and not state.projects:
                return Text.assemble(
                    ("Could not load projects\n", "bold red"), clean(state.last_error)
                )
            return HELP
        record = state.find(sel.kind, sel.project_id, sel.record_id)
        if record is None:
            if sel.project_id and f"children:{sel.project_id}" in state.loading:
                return Text("Loading…", style="dim italic")
            return Text("This record is no longer loaded; press r to refresh.", style="dim")
        if sel.kind == "project" and sel.group is not None:
            return self.group_summary(sel)
        if sel.kind == "project":
            return records.project_view(record)
        if sel.kind == "experience":
            key = f"report:{sel.project_id}/{sel.record_id}"
            report = state.reports.get((sel.project_id or "", sel.record_id or ""))
            now = state.now().timestamp()
            return records.experience_view(record, report, key in state.loading, now)
        if sel.kind == "goal":
            return records.goal_view(record)
        if sel.kind == "audience":
            return records.audience_view(record)
        return records.hypothesis_view(record)

    def group_summary(self, sel: Selection) -> RenderableType:
        """One line per record of a group node; experiences with their result when known."""
        state, pid = self.state, sel.project_id or ""
        kids = state.project_children.get(pid)
        if kids is None:
            return Text("Loading…", style="dim italic")
        found = list(getattr(kids, CHILD_FIELD[sel.group or ""], ()))
        if sel.status is not None:
            found = [r for r in found if r.experience_status == sel.status]
        reports = {eid: rep for (p, eid), rep in state.reports.items() if p == pid}
        # The overview's rows once it has loaded live (not the disk cache's, which may be old).
        rows = (
            {eid: row for (p, eid), row in state.overview_rows.items() if p == pid}
            if state.overview_loaded
            else {}
        )
        return records.group_view(
            sel.group or "", sel.status, state.project_name(pid), found, reports,
            state.now().timestamp(), rows,
        )  # fmt: skip
