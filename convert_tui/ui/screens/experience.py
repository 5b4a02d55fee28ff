"""One experience in depth: overview, variations, goals, audiences, site area, settings, JSON."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Input, Static, TabbedContent, TabPane, Tabs

from convert_tui.state import Selection
from convert_tui.ui import actions
from convert_tui.ui.explorer import records
from convert_tui.ui.messages import EditRecord, OpenReport, OpenVariationEditor
from convert_tui.ui.screens.search import SearchBar, TextSearch
from convert_tui.ui.text import clean, name_or, plain
from convert_tui.ui.widgets.header import StatusHeader
from convert_tui.ui.widgets.rules import format_rules

if TYPE_CHECKING:
    from convert_tui.ui.app import ConvertApp

TABS = [
    ("overview", "Overview"),
    ("variations", "Variations"),
    ("goals", "Goals"),
    ("audiences", "Audiences"),
    ("site-area", "Site area"),
    ("settings", "Settings"),
    ("json", "JSON"),
]
# 1..7 jump straight to a tab.
TAB_KEYS = [
    Binding(str(i), f"show_tab('{tab}')", label, show=False, id=f"experience.tab_{i}")
    for i, (tab, label) in enumerate(TABS, start=1)
]
MUTATIONS = {"status": "s", "delete": "d", "edit": "e"}  # `v` only views in read-only


class ExperienceScreen(Screen[None]):
    CSS_PATH = "experience.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", tooltip="Back to the tree", id="experience.back"),
        Binding("s", "status", "Status", tooltip="Change status (start, pause, complete, ...)",
                id="experience.status"),
        Binding("d", "delete", "Del", tooltip="Delete this experience (asks first)",
                id="experience.delete"),
        Binding("e", "edit", "Edit", tooltip="Edit this experience", id="experience.edit"),
        Binding("v", "variations", "Variants", tooltip="View variation code; add or delete",
                id="experience.variations"),
        Binding("R", "report", "Report", tooltip="Open the full report", id="experience.report"),
        Binding("y", "copy(False)", "Copy id", show=False, tooltip="Copy the id",
                id="experience.copy_id"),
        Binding("Y", "copy(True)", "Copy JSON", show=False, tooltip="Copy the record as JSON",
                id="experience.copy_json"),
        Binding("j,down", "scroll(1)", "Scroll down", show=False, tooltip="Scroll the tab",
                id="experience.down"),
        Binding("k,up", "scroll(-1)", "Scroll up", show=False, tooltip="Scroll the tab",
                id="experience.up"),
        Binding("left,h", "tab(-1)", "Prev tab", show=False, tooltip="Previous tab (1-7 jump)",
                id="experience.prev_tab"),
        Binding("right,l", "tab(1)", "Next tab", show=False, tooltip="Next tab",
                id="experience.next_tab"),
        Binding("pagedown,space,ctrl+d", "page(1)", "Page down", show=False,
                tooltip="Page down", id="experience.page_down"),
        Binding("pageup,ctrl+u", "page(-1)", "Page up", show=False, tooltip="Page up",
                id="experience.page_up"),
        Binding("g,home", "edge(False)", "Top", show=False, tooltip="Top of the tab",
                id="experience.top"),
        Binding("G,end", "edge(True)", "Bottom", show=False, tooltip="Bottom of the tab",
                id="experience.bottom"),
        Binding("slash", "search", "Search", show=False, tooltip="Search the JSON",
                id="experience.search"),
        Binding("n", "next_match(1)", "Next", show=False, tooltip="Next match (while searching)",
                id="experience.next_match"),
        Binding("N", "next_match(-1)", "Prev", show=False, tooltip="Previous match",
                id="experience.prev_match"),
        *TAB_KEYS,
    ]  # fmt: skip
    HELP_TITLE = "experience"

    def __init__(self, project_id: str, experience_id: str) -> None:
        super().__init__()
        self.project_id = project_id
        self.experience_id = experience_id
        self.search = TextSearch()
        self._json = ""

    @property
    def convert_app(self) -> ConvertApp:
        return cast("ConvertApp", self.app)

    @property
    def selection(self) -> Selection:
        return Selection("experience", self.project_id, self.experience_id)

    def compose(self) -> ComposeResult:
        yield StatusHeader(self.convert_app.state)
        yield Static(id="exp-title")
        with TabbedContent(id="tabs"):
            for i, (tab, label) in enumerate(TABS, start=1):
                with TabPane(f"{i} {label}", id=tab):
                    yield VerticalScroll(Static(id=f"{tab}-body"))
        yield SearchBar(id="search")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        state = self.convert_app.state
        for name in ("experiences", "project_children", "reports", "loading"):
            self.watch(state, name, self.update_view, init=False)
        self.watch(state, "read_only", lambda _: self.refresh_bindings(), init=False)
        state.load_experience(self.project_id, self.experience_id)
        if (self.project_id, self.experience_id) not in state.reports:
            state.load_report(self.project_id, self.experience_id)
        self.update_view()

    def record(self) -> Any:
        return self.convert_app.state.find("experience", self.project_id, self.experience_id)

    def update_view(self) -> None:
        state = self.convert_app.state
        exp = self.record()
        key = f"{self.project_id}/{self.experience_id}"
        title = self.query_one("#exp-title", Static)
        if exp is None:
            loading = f"experience:{key}" in state.loading
            title.update(Text("Loading…" if loading else "This experience is gone.", "dim"))
            return
        head = records.title(name_or(exp.name, "(unnamed experience)"), "experience")
        head.append("  ")
        head.append_text(records.status_text(exp.experience_status))
        title.update(head)
        report = state.reports.get((self.project_id, self.experience_id))
        views: dict[str, RenderableType] = {
            "overview": overview(
                exp, report, f"report:{key}" in state.loading, state.now().timestamp()
            ),
            "variations": variations_table(exp),
            "goals": goals_list(exp),
            "audiences": audiences_list(exp),
            "site-area": site_area(exp),
            "settings": settings_table(exp),
        }
        for tab, view in views.items():
            self.query_one(f"#{tab}-body", Static).update(view)
        self._json = clean(exp.model_dump_json(indent=2, exclude_unset=True, warnings=False))
        self._show_json()

    def _show_json(self) -> None:
        shown = self.search.highlight(self._json) if self.search.query else Text(self._json)
        self.query_one("#json-body", Static).update(shown)

    # -- actions -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_match":  # n/N are bound only while a search is active
            return True if self.search.query else None  # (listed in help, disabled)
        # Read-only hides the keys that change data (and the footer shows only the rest).
        return not (action in MUTATIONS and self.convert_app.state.read_only)

    def on_key(self, event: events.Key) -> None:
        actions.refuse_read_only_key(self.convert_app, event, set(MUTATIONS.values()))

    def action_back(self) -> None:
        bar = self.query_one(SearchBar)
        if bar.active:  # Esc ends the search first
            bar.close()
            self.search.set(self._json, "")
            self._show_json()
            self.refresh_bindings()
            self._focus_tabs()
            return
        self.dismiss()

    # -- paging and search ---------------------------------------------------------------

    def _scroller(self) -> VerticalScroll | None:
        tabs = self.query_one(TabbedContent)
        pane = tabs.get_pane(tabs.active) if tabs.active else None
        return pane.query_one(VerticalScroll) if pane is not None else None

    def action_page(self, pages: int) -> None:
        if scroller := self._scroller():
            scroller.scroll_relative(y=pages * max(1, scroller.size.height - 1), animate=False)

    def action_edge(self, end: bool) -> None:
        if scroller := self._scroller():
            (scroller.scroll_end if end else scroller.scroll_home)(animate=False)

    def action_search(self) -> None:
        self.query_one(TabbedContent).active = "json"
        self.query_one(SearchBar).open()

    @on(Input.Changed, "#search-input")
    def _search_typed(self, event: Input.Changed) -> None:
        self.search.set(self._json, event.value)
        self._show_match()
        self.refresh_bindings()

    @on(Input.Submitted, "#search-input")
    def _search_kept(self) -> None:
        self._focus_tabs()  # n/N now move between matches

    def _focus_tabs(self) -> None:
        self.query_one(TabbedContent).query_one(Tabs).focus()

    def action_next_match(self, step: int) -> None:
        self.search.step(step)
        self._show_match()

    def _show_match(self) -> None:
        self._show_json()
        self.query_one(SearchBar).show_status(self.search.status())
        match, scroller = self.search.current, self._scroller()
        if match is None or scroller is None:
            return
        width = max(1, scroller.scrollable_content_region.width)
        lines = self._json.split("\n")[: match[0]]
        row = sum(max(1, math.ceil(cell_len(line) / width)) for line in lines)
        scroller.scroll_to(y=max(0, row - 2), animate=False)

    def action_tab(self, step: int) -> None:
        tabs = self.query_one(TabbedContent)
        ids = [tab for tab, _ in TABS]
        current = ids.index(tabs.active) if tabs.active in ids else 0
        tabs.active = ids[(current + step) % len(ids)]

    def action_scroll(self, lines: int) -> None:
        tabs = self.query_one(TabbedContent)
        pane = tabs.get_pane(tabs.active) if tabs.active else None
        if pane is not None:
            pane.query_one(VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab

    def action_status(self) -> None:
        actions.change_status(self.convert_app, self.selection)

    def action_delete(self) -> None:
        actions.delete_record(self.convert_app, self.selection, on_done=self._deleted)

    def _deleted(self, _: Any) -> None:
        if self.is_current:
            self.dismiss()

    def action_edit(self) -> None:
        self.post_message(EditRecord("experience", self.project_id, self.experience_id))

    def action_variations(self) -> None:
        self.post_message(OpenVariationEditor(self.project_id, self.experience_id))

    def action_report(self) -> None:
        self.post_message(OpenReport(self.project_id, self.experience_id))

    def action_copy(self, as_json: bool) -> None:
        actions.copy_selection(self.convert_app, self.selection, as_json=as_json)


# -- tab contents (pure functions of the record) ------------------------------------------


def overview(exp: Any, report: Any, loading_report: bool, now: float) -> RenderableType:
    if loading_report:
        result = Text("loading report…", "dim")
    else:
        result = records.result_line(exp, report, now)
    rows: list[records.Row] = [
        ("Id", exp.id),
        ("Type", exp.experience_type),
        ("Status", records.status_text(exp.experience_status)),
        ("Started", records.when(exp.start_time) or "not started"),
        ("Ended", records.when(exp.end_time)),
        ("Traffic", records.traffic_split(exp)),
        ("Primary goal", records.primary_goal(exp)),
        ("Result", result),
        ("Editor URL", exp.editor_url),
    ]
    parts: list[RenderableType] = [records.fields_table(rows)]
    if exp.experience_description:
        parts += [
            Text("\nDescription", "bold underline"),
            plain(exp.experience_description, one_line=False),
        ]
    if exp.global_js:
        parts += [
            Text("\nGlobal JavaScript", "bold underline"),
            plain(exp.global_js, one_line=False),
        ]
    return Group(*parts)


def variations_table(exp: Any) -> RenderableType:
    if not exp.variations:
        return Text("No variations.", "dim")
    table = Table(box=None, padding=(0, 1), show_edge=False, header_style="bold")
    table.add_column("Name", overflow="fold")
    table.add_column("Traffic", justify="right", no_wrap=True)
    table.add_column("", no_wrap=True)
    table.add_column("Id", style="dim", no_wrap=True)
    split_url = exp.experience_type == "split_url"
    if split_url:
        table.add_column("URL", overflow="fold")
    for v in exp.variations:
        pct = Text("—", "dim") if v.percentage is None else Text(f"{v.percentage:g}%")
        cells: list[RenderableType] = [
            name_or(v.name, "(unnamed)"),
            pct,
            Text("baseline", "bold") if v.is_baseline else Text(""),
            plain(v.id),
        ]
        if split_url:
            cells.append(plain(v.url))
        table.add_row(*cells)
    return table


def goals_list(exp: Any) -> RenderableType:
    if exp.experience_type == "personalization":
        return Text("Personalization experiences have no goals.", "dim")
    if not exp.goals:
        return Text("No goals attached.", "dim")
    lines = []
    for g in exp.goals:
        line = Text("★ " if g.is_primary else "  ", "bold")
        line.append_text(name_or(g.goal_name, f"goal {g.goal_id}"))
        line.append(f"  id {clean(g.goal_id, one_line=True)}", "dim")
        if g.is_primary:
            line.append("  primary", "bold")
        lines.append(line)
    return Text("\n").join(lines)


def audiences_list(exp: Any) -> RenderableType:
    if not exp.audiences:
        return Text("No audiences: every visitor is eligible.", "dim")
    lines = []
    for a in exp.audiences:
        line = name_or(a.audience_name, f"audience {a.audience_id}")
        line.append(f"  id {clean(a.audience_id, one_line=True)}", "dim")
        lines.append(line)
    return Text("\n").join(lines)


def site_area(exp: Any) -> RenderableType:
    area = exp.site_area
    return Group(
        Text("Include", "bold underline"),
        format_rules(area.include if area else None),
        Text("\nExclude", "bold underline"),
        format_rules(area.exclude if area else None),
    )


def settings_table(exp: Any) -> RenderableType:
    def num(value: Any, unit: str = "") -> str | None:
        return None if value is None else f"{value:g}{unit}"

    rows: list[records.Row] = [
        ("Min run (days)", num(exp.minrun)),
        ("Max run (days)", num(exp.maxrun)),
        ("Min visitors/var.", num(exp.minvis)),
        ("Max visitors", num(exp.maxvis)),
        ("Min conversions/var.", num(exp.minconv)),
        ("Confidence", num(exp.confidence, "%")),
        ("Keep winner", exp.keep_winner),
        ("Stop loser", exp.stop_looser),
        ("Min order (outliers)", num(exp.minordv)),
        ("Max order (outliers)", num(exp.maxordv)),
    ]
    return records.fields_table(rows)
