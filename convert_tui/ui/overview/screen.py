"""The overview: every experience of every project and its verdict, on the first screen.

Sections (Tab / shift+Tab): Running, Needs attention, Scheduled & paused, Ended, All. One row
per experience (reporting.status_rows, the rows of `status` too), filled in as reports arrive;
sort by any column (`o`, `O` reverses), filter as you type (`/`), choose the columns (`c`); the
cursor row's full name and verdict are in the line under the table. Enter opens the experience,
`R` its report, `s` changes its status. Sort, filter, section and columns are remembered.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Input, Static

from convert_tui.reporting import status_cells
from convert_tui.reporting.status_rows import SECTION_TITLES, SECTIONS
from convert_tui.state import Selection
from convert_tui.ui import actions
from convert_tui.ui.messages import OpenReport
from convert_tui.ui.overview import rows as table_rows
from convert_tui.ui.overview.cells import header_line, row_cells
from convert_tui.ui.overview.table import RowTable
from convert_tui.ui.screens.steady import SteadyScreen
from convert_tui.ui.text import clean
from convert_tui.ui.user_config import overview_settings
from convert_tui.ui.widgets.header import StatusHeader
from convert_tui.ui.widgets.on_demand import on_demand

if TYPE_CHECKING:
    from convert_tui.reporting.status_rows import StatusRow
    from convert_tui.ui.app import ConvertApp

SETTINGS_TABLE = "overview"  # its key in settings.sort / settings.filters
DEFAULT_SORT = "verdict"


class OverviewScreen(SteadyScreen):
    CSS_PATH = "overview.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "section(1)", "Section", tooltip="Next section", id="overview.next_section"),
        Binding("shift+tab", "section(-1)", "Prev section", show=False, id="overview.prev_section"),
        Binding("slash", "filter", "Filter", tooltip="Filter by project, name or id",
                id="overview.filter"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="overview.clear_filter"),
        Binding("enter", "open", "Open", tooltip="Open the experience", id="overview.open"),
        Binding("R", "report", "Report", tooltip="Open the experience's report",
                id="overview.report"),
        Binding("s", "status", "Status", tooltip="Change status (pause a loser, ...)",
                id="overview.status"),
        Binding("o", "sort", "Sort", tooltip="Sort by a column", id="overview.sort"),
        Binding("O", "reverse", "Reverse", show=False, tooltip="Reverse the sort",
                id="overview.reverse"),
        Binding("c", "columns", "Columns", show=False, tooltip="Choose the columns",
                id="overview.columns"),
        Binding("y", "copy_id", "Copy id", show=False, tooltip="Copy the experience id",
                id="overview.copy_id"),
        Binding("Y", "copy_json", "Copy JSON", show=False, tooltip="Copy the experience JSON",
                id="overview.copy_json"),
        Binding("g", "first", "First", show=False, id="overview.first"),
        Binding("G", "last", "Last", show=False, id="overview.last"),
        Binding("2", "tree", "Tree", tooltip="Show the project tree (1: this overview)",
                id="overview.tree"),
    ]  # fmt: skip

    def __init__(self) -> None:
        super().__init__()
        from convert_tui.config.settings import load_settings

        settings = load_settings()
        spec = settings.sort.get(SETTINGS_TABLE)
        self.sort_column = spec.column if spec else DEFAULT_SORT
        self.descending = spec.descending if spec else False
        remembered = settings.filters.get(SETTINGS_TABLE, {})
        self.filter_text = str(remembered.get("text", ""))
        section = str(remembered.get("section", overview_settings(self.app).first_section))
        self.section = section if section in SECTIONS else "running"
        chosen = remembered.get("columns") or list(overview_settings(self.app).columns or [])
        self.chosen_columns: list[str] | None = (
            [str(c) for c in chosen] if isinstance(chosen, list) and chosen else None
        )
        self.ended_days = overview_settings(self.app).ended_days  # config.toml [overview]
        self.shown: list[StatusRow] = []
        self._columns: list[str] = []
        self._asked: set[tuple[str, str]] = set()
        self._index: table_rows.RowIndex | None = None
        self._index_of: object = None  # the state's rows the index was built from
        # Set when on_mount starts: Textual calls a screen mounted only after its on_mount,
        # and the rows already in (the disk cache's) must be in the first frame.
        self._composed = False

    @property
    def convert_app(self) -> ConvertApp:
        return cast("ConvertApp", self.app)

    # -- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield StatusHeader(self.convert_app.state)
        yield Static(id="sections")
        if self.filter_text:  # (else built on the first `/`: `widgets.on_demand`)
            yield self._new_filter_field()
        yield Static(id="ov-header")
        yield RowTable(self._cells, id="ov-table")
        yield Static(id="ov-detail")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._composed = True
        state = self.convert_app.state
        for name in ("overview_rows", "overview_pending", "overview_changed"):
            self.watch(state, name, lambda _value: self.redraw(), init=False)
        for name in ("overview_cached_at", "loading"):
            self.watch(state, name, lambda _value: self._draw_sections(), init=False)
        self.watch(state, "connected", self._connected)
        self.redraw()
        self.table.focus()

    def _connected(self, connected: bool) -> None:
        state = self.convert_app.state
        if connected and not state.overview_loaded and "overview" not in state.loading:
            state.load_overview()

    def on_resize(self) -> None:
        self.redraw()

    @property
    def table(self) -> RowTable:
        return self.query_one("#ov-table", RowTable)

    def _cells(self, row: StatusRow, names: Any, widths: dict[str, int]) -> list[Text]:
        state = self.convert_app.state
        return row_cells(
            row, names, widths,
            pending=row.key in state.overview_pending, changed=row.key in state.overview_changed,
        )  # fmt: skip

    # -- drawing ---------------------------------------------------------------------------

    def redraw(self) -> None:
        """Rebuild the table from the state's rows (the cursor stays on its experience)."""
        if not self._composed:
            return
        self.shown = self.index().visible(
            section=self.section, query=self.filter_text, sort=self.sort_column,
            descending=self.descending,
        )  # fmt: skip
        table = self.table
        current = self.cursor_row()
        moved = table.cursor_row > 0
        width = max(40, self.size.width - 3)  # (a leading space and the scrollbar)
        names, widths = table_rows.table_columns(
            width, self.chosen_columns, terminal=self.size.width
        )
        self._columns = names
        # A cursor moved down follows its experience as rows come and go; one on the first
        # row stays there (the top of the answer, not a row pushed down by the rows loading).
        index = 0
        if current is not None and moved:
            index = next((i for i, r in enumerate(self.shown) if r.key == current.key), 0)
        table.set_rows(self.shown, names, widths, cursor=index)
        self._draw_header(names, widths)
        self._draw_sections()
        self._draw_detail()
        self._load_reports_on_screen()

    def _draw_header(self, names: list[str], widths: dict[str, int]) -> None:
        header = header_line(names, widths, self.sort_column, self.descending)
        self.query_one("#ov-header", Static).update(header)

    def index(self) -> table_rows.RowIndex:
        """The state's rows ready to sort and filter, built again only when they change."""
        state = self.convert_app.state
        if self._index is None or self._index_of is not state.overview_rows:
            self._index_of = state.overview_rows
            self._index = table_rows.RowIndex(
                state.overview_rows.values(),
                now=state.now().timestamp(),
                ended_days=self.ended_days,
            )
        return self._index

    def _draw_sections(self) -> None:
        state = self.convert_app.state
        counts = self.index().counts()
        line = Text()
        for section in SECTIONS:
            label = f"{SECTION_TITLES[section]} {counts[section]}"
            if section == self.section:
                line.append(f"[{label}]", style="bold reverse")
            else:
                line.append(f" {label} ")
            line.append(" ")
        notes = []
        if state.overview_cached_at is not None:
            notes.append(f"cached at {state.overview_cached_at:%H:%M}")
        elif "overview" in state.loading or state.overview_pending:
            notes.append("loading…")
        if self.filter_text:
            notes.append(f"filter: {clean(self.filter_text, one_line=True)}")
        if notes:
            line.append(" · ".join(notes), style="italic")
        self.query_one("#sections", Static).update(line)

    def _draw_detail(self) -> None:
        row = self.cursor_row()
        detail = self.query_one("#ov-detail", Static)
        if row is None:
            state = self.convert_app.state
            waiting = not state.overview_rows and (
                "overview" in state.loading or not state.overview_loaded
            )
            empty = "Loading the experiences…" if waiting else "No experiences in this section."
            detail.update(Text(empty, style="italic"))
            return
        text = Text()
        text.append(table_rows.full_name(row), style="bold")
        text.append(f"  {clean(row.project_name or row.project_id, one_line=True)}")
        text.append(f"  ({row.project_id}/{row.experience_id})", style="dim")
        verdict = row.verdict_long.splitlines()[0] if row.verdict_long else ""
        if verdict:
            text.append("\n" + clean(verdict, one_line=True))
        elif not row.has_report:
            text.append("\nLoading its report…", style="italic")
        detail.update(text)

    def _load_reports_on_screen(self) -> None:
        """Rows of the sections that do not load with the overview (ended, ...) get their
        report when they are on screen, once."""
        height = max(1, self.table.size.height)
        top = self.table.scroll_offset.y
        wanted = [
            r.key for r in self.shown[top : top + height]
            if not r.has_report and r.key not in self._asked
        ]  # fmt: skip
        if wanted and self.convert_app.state.overview_loaded:
            self._asked.update(wanted)
            self.convert_app.state.load_row_reports(wanted)

    # -- the cursor ------------------------------------------------------------------------

    def cursor_row(self) -> StatusRow | None:
        table = self.table
        index = table.cursor_row
        return table.rows[index] if 0 <= index < table.row_count else None

    @on(RowTable.Selected)
    def _selected(self) -> None:
        self.action_open()

    @on(RowTable.Highlighted)
    def _highlighted(self) -> None:
        self._draw_detail()
        self._load_reports_on_screen()

    def _selection(self) -> Selection | None:
        row = self.cursor_row()
        if row is None:
            return None
        return Selection("experience", row.project_id, row.experience_id)

    # -- actions ---------------------------------------------------------------------------

    def action_section(self, step: int) -> None:
        index = (SECTIONS.index(self.section) + step) % len(SECTIONS)
        self.section = SECTIONS[index]
        self._remember()
        self.redraw()

    def _new_filter_field(self) -> Input:
        return Input(
            value=self.filter_text, placeholder="filter: project, name or id", id="ov-filter"
        )

    def _filter_field(self, *, build: bool = False) -> Input | None:
        """The filter field; None until the first `/` (`build`) mounts it under the sections."""
        make = self._new_filter_field if build else None
        return on_demand(self, Input, "ov-filter", make, after="#sections")

    def action_filter(self) -> None:
        field = self._filter_field(build=True)
        assert field is not None
        field.display = True
        field.focus()

    @on(Input.Changed, "#ov-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value
        self.redraw()

    @on(Input.Submitted, "#ov-filter")
    def _filter_done(self) -> None:
        self._remember()
        self.table.focus()

    def action_clear_filter(self) -> None:
        field = self._filter_field()
        if not self.filter_text and (field is None or not field.has_focus):
            return
        if field is not None:
            field.value = ""
            field.display = False
        self.filter_text = ""
        self._remember()
        self.redraw()
        self.table.focus()

    def action_open(self) -> None:
        row = self.cursor_row()
        if row is not None:
            self.convert_app.open_experience(row.project_id, row.experience_id)

    def action_report(self) -> None:
        row = self.cursor_row()
        if row is not None:
            self.post_message(OpenReport(row.project_id, row.experience_id))

    def action_status(self) -> None:
        sel = self._selection()
        if sel is None or sel.project_id is None or sel.record_id is None:
            return
        state = self.convert_app.state
        pid, eid = sel.project_id, sel.record_id
        state.remember_overview_experience(pid, eid)

        def done(record: Any) -> None:
            status = getattr(record, "experience_status", None)
            if status:
                state.overview_status_changed(pid, eid, str(status))

        actions.change_status(self.convert_app, sel, on_done=done)

    def action_sort(self) -> None:
        from convert_tui.ui.dialogs.choice import ChoiceDialog

        options = [
            (name, status_cells.COLUMNS[name].title.capitalize(), True) for name in self._columns
        ]

        def chosen(name: str | None) -> None:
            if name:
                self.sort_column = name
                self._remember()
                self.redraw()

        self.app.push_screen(ChoiceDialog(Text("Sort the overview by"), options), chosen)

    def action_reverse(self) -> None:
        self.descending = not self.descending
        self._remember()
        self.redraw()

    def action_columns(self) -> None:
        from convert_tui.ui.overview.columns import ColumnsDialog

        def chosen(names: list[str] | None) -> None:
            if names:
                self.chosen_columns = names
                self._remember()
                self.redraw()

        current = self.chosen_columns or self._columns
        self.app.push_screen(ColumnsDialog(current, table_rows.CHOOSABLE), chosen)

    def action_copy_id(self) -> None:
        row = self.cursor_row()
        if row is not None:
            self.app.copy_to_clipboard(row.experience_id)
            self.notify(f"Copied experience id {clean(row.experience_id)}.", markup=False)

    def action_copy_json(self) -> None:
        row = self.cursor_row()
        if row is None:
            return
        self.convert_app.state.remember_overview_experience(row.project_id, row.experience_id)
        sel = self._selection()
        if sel is not None:
            actions.copy_selection(self.convert_app, sel, as_json=True)

    def action_first(self) -> None:
        self.table.move_cursor(0)

    def action_last(self) -> None:
        self.table.move_cursor(self.table.row_count - 1)

    def action_tree(self) -> None:
        self.convert_app.show_tree()

    def _remember(self) -> None:
        from convert_tui.config.settings import SortSpec, load_settings, save_settings

        with contextlib.suppress(Exception):  # settings are a convenience, never an error
            settings = load_settings()
            settings.sort = {**settings.sort, SETTINGS_TABLE: SortSpec(
                self.sort_column, self.descending
            )}  # fmt: skip
            remembered: dict[str, Any] = {"text": self.filter_text, "section": self.section}
            if self.chosen_columns:
                remembered["columns"] = list(self.chosen_columns)
            settings.filters = {**settings.filters, SETTINGS_TABLE: remembered}
            save_settings(settings)
