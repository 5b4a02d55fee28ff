"""Pick one of a few options (e.g. a new status). Dismisses with the option's value or None."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option


class ChoiceDialog(ModalScreen[str | None]):
    """Options are (value, label, enabled). Enter picks, Esc cancels, j/k move."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="choice.cancel"),
        Binding("j", "move(1)", "Down", show=False, id="choice.down"),
        Binding("k", "move(-1)", "Up", show=False, id="choice.up"),
        Binding("g", "edge(False)", "First", show=False, id="choice.first"),
        Binding("G", "edge(True)", "Last", show=False, id="choice.last"),
    ]

    def __init__(self, title: Text, options: list[tuple[str, str, bool]]) -> None:
        super().__init__()
        self.title_text = title
        self.options = options

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.title_text, id="title")
            yield OptionList(
                *(
                    Option(Text(label), id=value, disabled=not enabled)
                    for value, label, enabled in self.options
                )
            )
            yield Static(Text("Enter: choose   Esc: cancel", style="dim"))

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        first = next((i for i, (_, _, ok) in enumerate(self.options) if ok), None)
        if first is not None:
            options.highlighted = first

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_edge(self, last: bool) -> None:
        options = self.query_one(OptionList)
        options.action_last() if last else options.action_first()

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()
