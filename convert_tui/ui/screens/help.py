"""`?`: every key that works right now, read from the live bindings of the screen below."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

# Keys handled inside widgets (not bindings of the screen), listed so nothing is hidden.
# (fixed keys, {binding id: its default keys as shown}, what): a rebound id shows its new keys.
EXTRA_KEYS = [
    ("↑ ↓", {"tree.down": "j", "tree.up": "k"}, "move"),
    ("", {"tree.open": "→ / l / Enter"}, "expand, or open the record"),
    ("", {"tree.collapse": "← / h"}, "collapse, or go to the parent"),
    ("", {"explorer.back": "Esc"}, "back; clears the filter"),
    ("ctrl+p", {}, "command palette: jump to any record, switch profile"),
]


def extra_keys(rebound: dict[str, str]) -> list[tuple[str, str, str]]:
    """EXTRA_KEYS as (keys, what, ids), with the keys config.toml's [keymap] gave them."""
    rows = []
    for fixed, ids, what in EXTRA_KEYS:
        keys = " ".join(
            rebound[i].replace(",", " / ") if i in rebound else d for i, d in ids.items()
        )
        rows.append((" / ".join(k for k in (fixed, keys) if k), what, " ".join(ids)))
    return rows


# Already described by EXTRA_KEYS, or Textual's own fine-grained tree moves.
SKIP_ACTIONS = {
    "cursor_up", "cursor_down", "expand_or_open", "collapse_or_parent", "back", "select_cursor",
    "toggle_node", "toggle_expand_all", "cursor_parent", "cursor_parent_next_sibling",
    "cursor_previous_sibling", "cursor_next_sibling", "command_palette",
}  # fmt: skip


def live_bindings(screen: Screen[object]) -> list[tuple[str, str, str]]:
    """(keys, description, binding id for config.toml's [keymap]) of every enabled binding the
    screen would answer now."""
    rows: dict[str, list[str]] = {}
    ids: dict[str, list[str]] = {}
    # The explorer's own keys (they have tooltips or show in the footer) before Textual's.
    ordered = sorted(
        screen.active_bindings.values(),
        key=lambda active: not (active.binding.tooltip or active.binding.show),
    )
    for active in ordered:
        binding = active.binding
        if not active.enabled or binding.action in SKIP_ACTIONS:
            continue
        label = binding.tooltip or binding.description or binding.action
        keys = rows.setdefault(label, [])
        display = screen.app.get_key_display(binding)
        if display not in keys:
            keys.append(display)
        names = ids.setdefault(label, [])
        if binding.id and binding.id not in names:
            names.append(binding.id)
    return [(" / ".join(keys), label, " ".join(ids[label])) for label, keys in rows.items()]


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "help.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close", id="help.close"),
    ]

    def __init__(self, bindings: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.bindings = bindings

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=False, padding=(0, 2, 0, 0))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        table.add_column(style="dim", no_wrap=True)
        config = getattr(self.app, "user_config", None)
        rebound = {e.binding_id: e.keys for e in config.keymap} if config else {}
        for keys, what, binding_ids in extra_keys(rebound) + self.bindings:
            table.add_row(Text(keys), Text(what), Text(binding_ids))
        with Vertical(id="help-box"):
            yield Static(Text("Keys", style="bold"), id="help-title")
            yield VerticalScroll(Static(table))
            yield Static(
                Text(
                    "Esc / ? / q: close · right: the id to rebind it in config.toml [keymap]",
                    style="dim",
                )
            )

    def action_close(self) -> None:
        self.dismiss()
