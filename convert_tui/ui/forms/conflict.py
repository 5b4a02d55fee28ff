"""The record changed on the server while it was being edited: show both, let the person choose."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from convert_tui.ui.text import clean

MAX_CELL = 200  # long code or rule JSON: enough to recognise it


def cell(value: str) -> Text:
    text = clean(value, one_line=True) or "(empty)"
    if len(text) > MAX_CELL:
        text = text[: MAX_CELL - 1] + "…"
    return Text(text, style="dim italic" if text == "(empty)" else "")


class ConflictDialog(ModalScreen[str | None]):
    """Dismisses with "mine" (overwrite), "theirs" (reload the form) or None (cancel)."""

    CSS_PATH = "forms.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o", "choose('mine')", "Overwrite with mine", id="conflict.mine"),
        Binding("t", "choose('theirs')", "Take theirs", id="conflict.theirs"),
        Binding("escape,c", "choose('')", "Cancel", id="conflict.cancel"),
    ]

    def __init__(self, what: str, rows: list[tuple[str, str, str]]) -> None:
        """`rows`: (field label, your value, the server's value) of each differing field."""
        super().__init__()
        self.what, self.rows = what, rows

    def compose(self) -> ComposeResult:
        table = Table(expand=True, show_lines=True, box=None, padding=(0, 1))
        table.add_column("Field", style="bold", ratio=1)
        table.add_column("Yours", ratio=2)
        table.add_column("Server's", ratio=2)
        for label, mine, theirs in self.rows:
            table.add_row(Text(label), cell(mine), cell(theirs))
        with Vertical():
            yield Static(Text(f"This {self.what} changed on the server", "bold"), id="title")
            yield Static(
                Text(
                    "Someone saved it after you opened this form. Fields where your version "
                    "and the server's differ:"
                )
            )
            with VerticalScroll(id="conflict-table"):
                yield Static(table)
            yield Static(Text("o: overwrite with mine   t: take theirs   Esc: cancel", "dim"))
            with Horizontal():
                yield Button("Overwrite with mine", id="mine", variant="error", compact=True)
                yield Button("Take theirs", id="theirs", variant="primary", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_choose(event.button.id or "")

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice or None)
