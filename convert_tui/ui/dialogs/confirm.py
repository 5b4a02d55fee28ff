"""A yes/no dialog that names exactly what will happen. Dismisses with True or False."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ConfirmDialog(ModalScreen[bool]):
    """`y` confirms, `n`/Esc cancels. Cancel has the focus, so Enter alone never destroys."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(
        self, title: str, body: Text, *, confirm_label: str = "Yes", danger: bool = True
    ) -> None:
        super().__init__(classes="" if danger else "-safe")
        self.title_text = title
        self.body = body
        self.confirm_label = confirm_label
        self.danger = danger

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.title_text), id="title")
            yield Static(self.body, id="body")
            yield Static(Text("y: yes   n / Esc: no", style="dim"))
            with Horizontal():
                yield Button(
                    self.confirm_label, id="yes", variant="error" if self.danger else "primary"
                )
                yield Button("Cancel", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
