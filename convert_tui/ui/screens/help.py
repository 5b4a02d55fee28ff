"""`?`: the keys of the screen below, read from its live bindings: only that screen's keys
(its focused widget's, its own, the app's), each action once with all its keys."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

# Textual's own fine-grained moves and plumbing: they work, but are no help to list.
SKIP_ACTIONS = {
    "select_cursor", "toggle_node", "toggle_expand_all", "cursor_parent",
    "cursor_parent_next_sibling", "cursor_previous_sibling", "cursor_next_sibling",
    "page_left", "page_right", "app.focus_next", "app.focus_previous", "screen.copy_text",
    "scroll_left", "scroll_right", "focus_next", "focus_previous",
}  # fmt: skip
# Actions that are one thing to a user (Textual's ctrl+q and our q both quit).
SAME_AS = {"quit": "quit_app"}
# Keys a screen handles outside its bindings (in `on_key`), by screen class name.
EXTRA_KEYS: dict[str, list[tuple[str, str]]] = {
    "MainScreen": [("Esc (in the filter)", "clear the filter")],
}
# The label of an action when the first binding met has none better.
LABELS = {"quit_app": "Quit", "command_palette": "Command palette: jump to any record, profiles"}


Row = tuple[str, str, str, bool]  # keys, what, binding ids (config.toml [keymap]), usable now


def live_bindings(screen: Screen[object]) -> list[Row]:
    """(keys, description, binding ids, usable now) of each action the screen answers (keys
    as config.toml's [keymap] set them); keys hidden by `check_action` (read-only) are not
    listed."""
    rows: dict[str, tuple[str, list[str], bool]] = {}
    ids: dict[str, list[str]] = {}
    # The screen's own keys (they have tooltips or show in the footer) before Textual's.
    ordered = sorted(
        screen.active_bindings.values(),
        key=lambda active: not (active.binding.tooltip or active.binding.show),
    )
    for active in ordered:
        binding = active.binding
        if binding.action in SKIP_ACTIONS:
            continue
        action = SAME_AS.get(binding.action, binding.action)
        label = LABELS.get(action) or binding.tooltip or binding.description or binding.action
        label, keys, enabled = rows.setdefault(action, (label, [], active.enabled))
        rows[action] = (label, keys, enabled or active.enabled)
        display = screen.app.get_key_display(binding)
        if display not in keys:
            keys.append(display)
        names = ids.setdefault(action, [])
        if binding.id and binding.id not in names:
            names.append(binding.id)
    listed = [
        (" / ".join(keys), label, " ".join(ids[action]), enabled)
        for action, (label, keys, enabled) in rows.items()
    ]
    extra = [(k, w, "", True) for k, w in EXTRA_KEYS.get(type(screen).__name__, [])]
    return listed + extra


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "help.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close", id="help.close"),
        Binding("j,down", "scroll(1)", "Down", show=False, id="help.down"),
        Binding("k,up", "scroll(-1)", "Up", show=False, id="help.up"),
        Binding("g,home", "edge(False)", "First", show=False, id="help.first"),
        Binding("G,end", "edge(True)", "Last", show=False, id="help.last"),
        Binding("pagedown,space,ctrl+d", "page(1)", "Page down", show=False, id="help.page_down"),
        Binding("pageup,ctrl+u", "page(-1)", "Page up", show=False, id="help.page_up"),
    ]

    def __init__(self, bindings: list[Row], where: str = "") -> None:
        super().__init__()
        self.bindings = bindings
        self.where = where

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=False, padding=(0, 2, 0, 0))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        table.add_column(style="dim", no_wrap=True)  # the id that rebinds it in config.toml
        for keys, what, binding_ids, enabled in self.bindings:
            # Keys of this screen that do nothing just now (n/N before a search) are marked.
            shown = what if enabled else f"{what} (not now)"
            table.add_row(Text(keys), Text(shown), Text(binding_ids))
        with Vertical(id="help-box"):
            title = Text("Keys", style="bold")
            if self.where:
                title.append(f" · {self.where}", "dim")
            title.append("   j/k scroll · Esc/?/q close · right: [keymap] id", "dim")
            yield Static(title, id="help-title")
            yield VerticalScroll(Static(table), id="help-keys")

    def _scroller(self) -> VerticalScroll:
        return self.query_one("#help-keys", VerticalScroll)

    def action_scroll(self, lines: int) -> None:
        self._scroller().scroll_relative(y=lines, animate=False)

    def action_edge(self, end: bool) -> None:
        scroller = self._scroller()
        (scroller.scroll_end if end else scroller.scroll_home)(animate=False)

    def action_page(self, pages: int) -> None:
        scroller = self._scroller()
        scroller.scroll_relative(y=pages * max(1, scroller.size.height - 1), animate=False)

    def action_close(self) -> None:
        self.dismiss()
