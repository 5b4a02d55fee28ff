"""Deleting something big (a project, a running experience with visitors): type its name to
confirm, as GitHub asks for a repository. One key is too easy to press by mistake here."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static


class TypeNameDialog(ModalScreen[bool]):
    """Dismisses with True only once `name` is typed exactly; Esc cancels."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="type_name.cancel")
    ]

    def __init__(self, title: str, body: Text, name: str, *, confirm_label: str) -> None:
        super().__init__()
        self.title_text = title
        self.body = body
        self.expected = name
        self.confirm_label = confirm_label

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.title_text), id="title")
            yield Static(self.body, id="body")
            prompt = Text("\nType ")
            prompt.append(self.expected, "bold")
            prompt.append(" to confirm:")
            yield Static(prompt, id="prompt")
            yield Input(id="typed", placeholder="the name, exactly")
            yield Static(Text("Enter: delete once the name matches   Esc: cancel", "dim"))
            with Horizontal():
                yield Button(self.confirm_label, id="yes", variant="error", disabled=True)
                yield Button("Cancel", id="no")

    def on_mount(self) -> None:
        self.query_one("#typed", Input).focus()

    @property
    def matches(self) -> bool:
        return self.query_one("#typed", Input).value == self.expected

    @on(Input.Changed, "#typed")
    def _typed(self) -> None:
        self.query_one("#yes", Button).disabled = not self.matches

    @on(Input.Submitted, "#typed")
    def _submitted(self) -> None:
        if self.matches:
            self.dismiss(True)
        else:
            self.notify(
                "The name does not match; nothing was deleted.",
                title="Not deleted", severity="warning", markup=False, timeout=3,
            )  # fmt: skip

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes" and self.matches)

    def action_cancel(self) -> None:
        self.dismiss(False)
