"""The right pane for an existing variation: its fields and code, read-only.

v1 has no update-variation operation, so nothing here can be edited; the banner says so and
points at "clone as new".
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Input, Label, Static
from textual.widgets.text_area import Selection

from convert_tui.api import models
from convert_tui.ui.explorer import records
from convert_tui.ui.screens.search import SearchBar, find_all
from convert_tui.ui.text import clean
from convert_tui.ui.variations.code import CodeField
from convert_tui.ui.variations.draft import CODE_FIELDS, CODE_LABELS, fmt_pct

READ_ONLY_NOTE = "Read-only: v1 cannot update a variation: clone it as a new one"


class VariationView(VerticalScroll):
    """Shows one variation; `show` switches to another without rebuilding the editors.

    Its code pages (space, ctrl+d/u, g/G) and `/` searches all three code fields; n/N are
    next/previous match only while a search is active (else the screen's n stands)."""

    DEFAULT_CSS = "VariationView SearchBar { dock: bottom; }"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search", show=False, tooltip="Search the code",
                id="variation_view.search"),
        Binding("n", "next_match(1)", "Next", show=False, tooltip="Next match (searching)",
                id="variation_view.next_match"),
        Binding("N", "next_match(-1)", "Prev", show=False, tooltip="Previous match",
                id="variation_view.prev_match"),
        Binding("space,ctrl+d", "page(1)", "Page down", show=False, tooltip="Page down",
                id="variation_view.page_down"),
        Binding("ctrl+u", "page(-1)", "Page up", show=False, tooltip="Page up",
                id="variation_view.page_up"),
        Binding("g", "edge(False)", "Top", show=False, tooltip="Top", id="variation_view.top"),
        Binding("G", "edge(True)", "Bottom", show=False, tooltip="Bottom",
                id="variation_view.bottom"),
    ]  # fmt: skip

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple[models.Variation, bool, bool] | None = None
        self.query_text = ""
        self.matches: list[tuple[str, int, int]] = []  # (code field, line, column)
        self.index = 0

    def compose(self) -> ComposeResult:
        yield SearchBar()
        yield Static(id="view-banner", classes="banner")
        yield Static(id="view-fields")
        for field in CODE_FIELDS:
            yield Label(f"{CODE_LABELS[field]} ({field}) — read-only", classes="code-label")
            yield CodeField(field, read_only=True, id=f"view-{field}", classes="code")

    def show(self, variation: models.Variation, *, split_url: bool, can_clone: bool) -> None:
        shown = (variation, split_url, can_clone)
        if shown == self._shown:
            return  # a reload with nothing new keeps the scroll position
        self._shown = shown
        banner = Text(READ_ONLY_NOTE, "bold")
        banner.append(" (c)." if can_clone else ".")
        self.query_one("#view-banner", Static).update(banner)
        rows: list[records.Row] = [
            ("Name", variation.name or Text("(unnamed)", "dim italic")),
            ("Traffic", fmt_pct(variation.percentage)),
            ("Baseline", "yes: the original" if variation.is_baseline else "no"),
            ("Id", variation.id),
        ]
        if split_url:
            rows.append(("URL", variation.url or Text("(none)", "dim")))
        self.query_one("#view-fields", Static).update(records.fields_table(rows))
        for field in CODE_FIELDS:
            self.query_one(f"#view-{field}", CodeField).show(getattr(variation, field))
        self.scroll_home(animate=False)
        if self.query_text:
            self._search(self.query_text)

    # -- paging and search ---------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_match":
            return bool(self.query_text)  # (False: the screen's own n/N keys stand)
        return True

    def action_page(self, pages: int) -> None:
        self.scroll_relative(y=pages * max(1, self.size.height - 2), animate=False)

    def action_edge(self, end: bool) -> None:
        (self.scroll_end if end else self.scroll_home)(animate=False)

    def action_search(self) -> None:
        self.query_one(SearchBar).open()

    def end_search(self) -> bool:
        """Esc: end an active search (True), else nothing to end."""
        bar = self.query_one(SearchBar)
        if not bar.active:
            return False
        bar.close()
        self.query_text, self.matches = "", []
        self.screen.refresh_bindings()
        return True

    @on(Input.Changed, "#search-input")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self._search(event.value)

    @on(Input.Submitted, "#search-input")
    def _kept(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus()  # n/N now move between matches

    def _search(self, query: str) -> None:
        self.query_text, self.index = query, 0
        self.matches = [
            (field, line, column)
            for field in CODE_FIELDS
            for line, column in find_all(self.query_one(f"#view-{field}", CodeField).text, query)
        ]
        self._show_match()
        self.screen.refresh_bindings()

    def action_next_match(self, step: int) -> None:
        if self.matches:
            self.index = (self.index + step) % len(self.matches)
        self._show_match()

    def _show_match(self) -> None:
        bar = self.query_one(SearchBar)
        if not self.query_text:
            bar.show_status(Text("type to search the code", "dim"))
            return
        if not self.matches:
            bar.show_status(Text("no matches", "bold"))
            return
        field, line, column = self.matches[self.index]
        bar.show_status(Text(f"{self.index + 1} of {len(self.matches)} in {field} · n/N"))
        code = self.query_one(f"#view-{field}", CodeField)
        code.selection = Selection((line, column), (line, column + len(self.query_text)))
        code.scroll_cursor_visible()
        self.scroll_to_widget(code, animate=False)


def describe(variation: models.Variation) -> str:
    """A one-line name for dialogs and notifications."""
    return clean(variation.name, one_line=True).strip() or f"variation {variation.id}"
