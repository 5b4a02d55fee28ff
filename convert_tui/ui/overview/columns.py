"""Choose the overview's columns: space toggles, Enter keeps, Esc cancels."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, SelectionList

from convert_tui.reporting.status_cells import COLUMNS


class ColumnsDialog(ModalScreen[list[str] | None]):
    DEFAULT_CSS = """
    ColumnsDialog { align: center middle; }
    ColumnsDialog > Vertical {
        width: 44; height: auto; max-height: 90%; border: round $primary; padding: 0 1;
        background: $surface;
    }
    ColumnsDialog SelectionList { height: auto; max-height: 18; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("enter", "keep", "Keep", priority=True),
    ]

    def __init__(self, current: Sequence[str], choosable: Sequence[str]) -> None:
        super().__init__()
        self.current = list(current)
        self.choosable = list(choosable)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Columns of the overview (space: show/hide, Enter: keep)")
            yield SelectionList[str](
                *[
                    (COLUMNS[name].title.capitalize(), name, name in self.current)
                    for name in self.choosable
                ]
            )

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()

    def action_keep(self) -> None:
        chosen = set(self.query_one(SelectionList).selected)
        names = [name for name in self.choosable if name in chosen]
        self.dismiss(names or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
