"""The report view: is the test won, lost, or not yet, and how sure are we?

Per goal: the verdict (`stats.verdict`), an SRM warning when the traffic split is off, a table
of every variation against the baseline (and revenue for revenue goals) and each variation's
cumulative conversion rate by day. Numbers are `convert_tui.reporting`'s, the same as
`convert-tui report`; see `widgets/report_model.py` for how goals, ranges and corrections map.

Keys: Tab/Shift+Tab or ] / [ switch goals (the last tab shows all goals), t picks the time range
(all, last 7/14/30 days, custom dates), c the correction, l the confidence level, d one- or
two-sided, s sequential (these three remembered per experience, `stats_choice.py`), x exports
what is shown as CSV or JSON (`report --csv/--json`) to the data folder's exports/ (see
`report/export.py`; the path is shown), r reloads, Esc goes back.

Loads run in AppState workers: all time is the experience's full report (`state.reports`),
other ranges `state.load_report_range` (partial for one goal, full for all goals). When a load
fails the previous numbers stay on screen, marked stale, with what is actually shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static, Tab, Tabs

from convert_tui.api import models
from convert_tui.config.settings import SortSpec, load_settings, save_settings
from convert_tui.ui.dialogs.choice import ChoiceDialog
from convert_tui.ui.dialogs.date_range import DateRangeDialog
from convert_tui.ui.explorer import records
from convert_tui.ui.report import export as report_export
from convert_tui.ui.report import range as ranges
from convert_tui.ui.report import stats_choice
from convert_tui.ui.report.format import SORTS, configured_split
from convert_tui.ui.report.goal import GoalReport
from convert_tui.ui.report.model import GoalTab, Shown, goal_tabs, make_shown
from convert_tui.ui.text import clean
from convert_tui.ui.widgets.header import StatusHeader

SORT_SETTING = "report"  # key of this table's order in settings.json

if TYPE_CHECKING:
    from convert_tui.ui.app import ConvertApp

CORRECTION_CHOICES = [
    ("none", "none: each comparison at the chosen confidence level"),
    ("bonferroni", "bonferroni: p × comparisons (strictest)"),
    ("sidak", "sidak: 1 − (1 − p)^comparisons (a little less strict)"),
]
EXPORT_CHOICES = [("csv", "CSV"), ("json", "JSON"), ("both", "CSV and JSON")]
ALL_GOALS_TAB = "goal-tab-all"
COMPACT_BELOW = 110  # columns: narrower screens stack the table cells on two lines


class ReportScreen(stats_choice.StatsKeys, Screen[None]):
    CSS_PATH = "report.tcss"
    # Taller terminals get a taller chart (report.tcss: ReportScreen.-tall).
    VERTICAL_BREAKPOINTS = [(0, "-short"), (34, "-tall")]  # noqa: RUF012 (typed by Screen)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", tooltip="Back to the experience"),
        Binding("tab,right_square_bracket", "goal(1)", "Next goal",
                tooltip="Next goal (the last tab shows every goal)"),
        Binding("shift+tab,left_square_bracket", "goal(-1)", "Prev goal", show=False,
                tooltip="Previous goal"),
        Binding("t", "time_range", "Range", tooltip="Time range: all, last 7/14/30 days, dates"),
        Binding("c", "correction", "Correction",
                tooltip="Multiple-comparison correction: none, bonferroni, sidak"),
        Binding("l", "level", "Level", tooltip="Confidence level: the experience's, 90, 95, 99%"),
        Binding("d", "sides", "Sides", tooltip="Two-sided, or one-sided: the variation is better"),
        Binding("s", "sequential", "Sequential",
                tooltip="Sequential testing on/off: results that stay valid at every look"),
        Binding("x", "export", "Export", tooltip="Export what is shown as CSV/JSON "
                "(same as `convert-tui report`) to the data folder's exports/"),
        Binding("o", "sort", "Sort", tooltip="Order the variations: rate, uplift, chance, ..."),
        Binding("r", "reload", "Reload", tooltip="Reload this report"),
        Binding("j", "scroll(1)", "Down", show=False, tooltip="Scroll down (also ↓, PgDn)"),
        Binding("k", "scroll(-1)", "Up", show=False, tooltip="Scroll up (also ↑, PgUp)"),
    ]  # fmt: skip

    def __init__(self, project_id: str, experience_id: str) -> None:
        super().__init__()
        self.project_id = project_id
        self.experience_id = experience_id
        self.goals: list[GoalTab] = []
        self.goal_id: str | None = None  # None: all goals
        self.date_range = ranges.DateRange()
        self.correction = "none"
        self.stats = stats_choice.load(self.key)
        saved_sort = load_settings().sort.get(SORT_SETTING)
        self.sort = saved_sort.column if saved_sort and saved_sort.column in SORTS else SORTS[0]
        self.shown: Shown | None = None
        self._shown_from: tuple[Any, ...] | None = None
        self._experience_asked = False  # until its load starts, wait for the full record

    @property
    def convert_app(self) -> ConvertApp:
        return cast("ConvertApp", self.app)

    @property
    def key(self) -> str:
        return f"{self.project_id}/{self.experience_id}"

    def compose(self) -> ComposeResult:
        yield StatusHeader(self.convert_app.state)
        yield Static(id="report-title")
        tabs = Tabs(id="goal-tabs")
        tabs.can_focus = False  # Tab and [ ] switch goals; the body keeps the focus
        yield tabs
        yield Static(id="report-controls")
        yield Static(id="report-notice")
        with VerticalScroll(id="report-body"):
            yield Static(id="report-empty")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        state = self.convert_app.state
        for name in ("experiences", "project_children", "reports", "report_ranges", "loading",
                     "stale"):  # fmt: skip
            self.watch(state, name, self.update_view, init=False)
        if (self.project_id, self.experience_id) not in state.experiences:
            state.load_experience(self.project_id, self.experience_id)
            self._experience_asked = True
        if (self.project_id, self.experience_id) not in state.reports:
            state.load_report(self.project_id, self.experience_id)
        self.query_one("#report-body").focus()
        self.update_view()

    # -- data ------------------------------------------------------------------------------

    def experience(self) -> Any:
        return self.convert_app.state.find("experience", self.project_id, self.experience_id)

    def wanted(self) -> tuple[models.Report | None, str]:
        """The loaded report for the chosen range and goal (None if not loaded) and its key."""
        state, ids = self.convert_app.state, (self.project_id, self.experience_id)
        if self.date_range.is_all:
            return state.reports.get(ids), f"report:{self.key}"
        key = f"report-range:{self.key}"
        ranged = state.report_ranges.get(ids)
        if ranged is None or (ranged.start, ranged.end) != self.date_range.timestamps():
            return None, key
        if ranged.goal_id is not None and ranged.goal_id != self.goal_id:
            return None, key
        return ranged.report, key

    def fetch(self) -> None:
        """Ask for the report of the chosen range (and goal, for a partial one)."""
        state = self.convert_app.state
        if self.date_range.is_all:
            state.load_report(self.project_id, self.experience_id)
        else:
            start, end = self.date_range.timestamps()
            state.load_report_range(self.project_id, self.experience_id, start, end, self.goal_id)

    def fetch_if_missing(self) -> None:
        if self.wanted()[0] is None:
            self.fetch()
        self.update_view()

    # -- view ------------------------------------------------------------------------------

    def update_view(self) -> None:
        state = self.convert_app.state
        exp = self.experience()
        self._update_title(exp)
        full = state.reports.get((self.project_id, self.experience_id))
        if not self.goals and full is not None:
            self._build_tabs(goal_tabs(full, exp))
        report, key = self.wanted()
        # The full record has the confidence and minimums: analyse once, with it, if it comes.
        exp_loading = f"experience:{self.key}" in state.loading
        loaded = (self.project_id, self.experience_id) in state.experiences
        if exp_loading or loaded or state.client is None:
            self._experience_asked = False
        if report is not None and not (exp_loading or self._experience_asked):
            inputs = (id(report), id(exp), self.goal_id, self.date_range, self.correction,
                      self.stats, self.compact)  # fmt: skip
            if inputs != self._shown_from:
                self._shown_from = inputs
                self.shown = make_shown(
                    report, exp, date_range=self.date_range, goal_id=self.goal_id,
                    correction=self.correction, source_key=key, now=state.now().timestamp(),
                    stats=self.stats,
                )  # fmt: skip
                self._render_shown(exp)
        elif self.shown is not None and (self.shown.correction, self.shown.stats) != (
            self.correction, self.stats,
        ):  # fmt: skip
            # The new range or goal is not loaded: apply the new settings to what is shown.
            old = self.shown
            self.shown = make_shown(
                old.report, exp, date_range=old.date_range, goal_id=old.goal_id,
                correction=self.correction, source_key=old.source_key,
                now=state.now().timestamp(), stats=self.stats,
            )  # fmt: skip
            self._shown_from = None
            self._render_shown(exp)
        self._update_controls()
        self._update_notice(report is not None, key)

    @property
    def compact(self) -> bool:
        return self.size.width < COMPACT_BELOW

    def on_resize(self) -> None:
        self.update_view()

    def _update_title(self, exp: Any) -> None:
        title = records.title(Text(clean(exp.name if exp else self.experience_id, one_line=True)),
                              "report")  # fmt: skip
        if exp is not None:
            title.append("  ")
            title.append_text(records.status_text(exp.experience_status))
        self.query_one("#report-title", Static).update(title)

    def _build_tabs(self, goals: list[GoalTab]) -> None:
        self.goals = goals
        tabs = self.query_one(Tabs)
        for i, goal in enumerate(goals):
            label = ("★ " if goal.primary else "") + clean(goal.name, one_line=True)
            tabs.add_tab(Tab(Text(label), id=f"goal-tab-{i}"))
        if len(goals) > 1:
            tabs.add_tab(Tab("All goals", id=ALL_GOALS_TAB))
        self.goal_id = goals[0].goal_id if goals else None

    def _render_shown(self, exp: Any) -> None:
        shown = self.shown
        if shown is None:
            return
        body = self.query_one("#report-body", VerticalScroll)
        empty = self.query_one("#report-empty", Static)
        analysed = shown.analysis.goals
        empty.display = not analysed
        empty.update(Text("This report has no goals (or no data for them).", "dim"))
        # Sections are reused (each show() refills everything), so only the count changes.
        sections = list(body.query(GoalReport))
        for extra in sections[len(analysed) :]:
            extra.remove()
        missing = [GoalReport() for _ in range(len(analysed) - len(sections))]
        body.mount_all(missing)
        sections = sections[: len(analysed)] + missing
        primary = {g.goal_id for g in self.goals if g.primary}
        daily = {g.goal_id: g for g in shown.report.goals}
        for section, goal in zip(sections, analysed, strict=True):
            section.show(
                goal, confidence=shown.analysis.confidence, primary=goal.goal_id in primary,
                configured=configured_split(exp), daily=daily.get(goal.goal_id),
                compact=self.compact, sort=self.sort, sequential=shown.stats.sequential,
                today=self.convert_app.state.now().date(),
            )  # fmt: skip

    def _update_controls(self) -> None:
        analysis = self.shown.analysis if self.shown is not None else None
        line = stats_choice.controls_line(
            range_label=self.date_range.label(), correction=self.correction,
            comparisons=analysis.comparisons if analysis else None, sort=self.sort,
            confidence=analysis.confidence if analysis else None, stats=self.stats,
        )  # fmt: skip
        self.query_one("#report-controls", Static).update(line)

    def _update_notice(self, have_wanted: bool, key: str) -> None:
        state = self.convert_app.state
        shown, loading, failed = self.shown, key in state.loading, key in state.stale
        text: Text | None = None
        if not have_wanted and loading:
            text = Text(f"⟳ Loading the report ({self.date_range.label()})…", "italic")
        elif not have_wanted and failed and shown is not None:
            text = Text("⚠ STALE: ", "bold")
            text.append(f"the report for {self.date_range.label()} did not load; still showing ")
            text.append(f"{shown.date_range.label()}. r: retry")
        elif shown is not None and shown.source_key in state.stale:
            text = Text("⚠ STALE: ", "bold")
            text.append("the last reload failed; these numbers may be out of date. r: retry")
        notice = self.query_one("#report-notice", Static)
        notice.display = text is not None
        notice.update(text or "")
        # Nothing to show yet: a loading overlay until the first numbers (or a failure) arrive.
        body = self.query_one("#report-body")
        body.loading = shown is None and not have_wanted and not failed
        if shown is None and failed:
            empty = self.query_one("#report-empty", Static)
            empty.display = True
            empty.update(Text("⚠ The report could not be loaded. r: retry", "bold"))

    # -- actions ---------------------------------------------------------------------------

    def action_back(self) -> None:
        self.dismiss()

    def action_scroll(self, lines: int) -> None:
        self.query_one("#report-body", VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_goal(self, step: int) -> None:
        tabs = self.query_one(Tabs)
        if step > 0:
            tabs.action_next_tab()
        else:
            tabs.action_previous_tab()

    def on_tabs_tab_activated(self, event: Tabs.TabActivated) -> None:
        tab_id = event.tab.id or ""
        if tab_id == ALL_GOALS_TAB:
            goal_id = None
        else:
            index = int(tab_id.rsplit("-", 1)[-1])
            goal_id = self.goals[index].goal_id if index < len(self.goals) else None
        if goal_id != self.goal_id:
            self.goal_id = goal_id
            self.query_one("#report-body", VerticalScroll).scroll_home(animate=False)
            self.fetch_if_missing()

    def action_time_range(self) -> None:
        options = [
            (kind, ("● " if kind == self.date_range.kind else "  ") + label, True)
            for kind, label in ranges.RANGE_CHOICES
        ]
        self.app.push_screen(ChoiceDialog(Text("Time range"), options), self._range_chosen)

    def _range_chosen(self, kind: str | None) -> None:
        if kind is None:
            return
        if kind == "custom":
            dialog = DateRangeDialog(self.date_range.date_from, self.date_range.date_to)
            self.app.push_screen(dialog, self._dates_chosen)
            return
        now = self.convert_app.state.now()
        if kind == "all":
            self.set_range(ranges.DateRange())
        else:
            self.set_range(ranges.last_days(int(kind), self.experience(), now))

    def _dates_chosen(self, dates: tuple[str, str] | None) -> None:
        if dates is not None:
            self.set_range(ranges.custom(*dates))

    def set_range(self, date_range: ranges.DateRange) -> None:
        self.date_range = date_range
        self.fetch_if_missing()

    def action_correction(self) -> None:
        options = [
            (value, ("● " if value == self.correction else "  ") + label, True)
            for value, label in CORRECTION_CHOICES
        ]
        title = Text("Multiple-comparison correction")
        self.app.push_screen(ChoiceDialog(title, options), self._correction_chosen)

    def _correction_chosen(self, value: str | None) -> None:
        if value is not None and value != self.correction:
            self.correction = value
            self.update_view()

    def action_sort(self) -> None:
        """Next order of the variation rows; remembered across restarts."""
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        settings = load_settings()
        settings.sort[SORT_SETTING] = SortSpec(column=self.sort, descending=self.sort != "name")
        try:
            save_settings(settings)
        except OSError as exc:  # the order still applies now; only remembering it failed
            self.notify(f"Could not save the sort order: {exc}", severity="warning", markup=False)
        self._render_shown(self.experience())
        self._update_controls()

    def action_reload(self) -> None:
        self.convert_app.state.load_experience(self.project_id, self.experience_id)
        self.fetch()
        self.update_view()

    def action_export(self) -> None:
        if self.shown is None:
            self.notify("Nothing to export yet: the report has not loaded.", severity="warning")
            return
        title = Text(f"Export what is shown to {report_export.exports_path()}")
        options = [(value, label, True) for value, label in EXPORT_CHOICES]
        self.app.push_screen(ChoiceDialog(title, options), self._export_chosen)

    def _export_chosen(self, choice: str | None) -> None:
        shown = self.shown
        if choice is None or shown is None:
            return
        formats = report_export.FORMATS if choice == "both" else (choice,)
        goal = next((g.name for g in self.goals if g.goal_id == shown.goal_id), "all-goals")
        document = shown.document(self.experience_id, self.experience())
        written = []
        try:
            for fmt in formats:
                name = report_export.file_name(
                    self.experience_id, goal, shown.date_range.slug(),
                    self.convert_app.state.now(), fmt,
                )  # fmt: skip
                written.append(str(report_export.export(document, fmt, name)))
        except (OSError, ValueError) as exc:
            self.notify(f"{exc}", title="Export failed", severity="error", markup=False)
            return
        self.notify("\n".join(written), title="Exported", markup=False, timeout=10)
