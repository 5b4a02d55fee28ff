"""Ask for a custom date range (YYYY-MM-DD, UTC days). Dismisses with (from, to) or None.

An empty field is an open end ("from the start" / "until now"). Nothing is accepted until both
dates parse and `from` is not after `to`; the problem is said in words under the fields.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from convert_tui import reporting


def check_dates(date_from: str, date_to: str) -> str | None:
    """None when the pair is usable, else what is wrong (for the user)."""
    try:
        reporting.day_range(date_from or None, date_to or None)
    except ValueError as exc:
        return str(exc).replace("--from", "from").replace("--to", "to")
    return None


class DateRangeDialog(ModalScreen[tuple[str, str] | None]):
    """Enter applies, Tab moves between the fields, Esc cancels."""

    DEFAULT_CSS = """
    DateRangeDialog { align: center middle; }
    DateRangeDialog > Vertical {
        width: 50; max-width: 95%; height: auto; padding: 1 2;
        border: thick $primary; background: $surface;
    }
    DateRangeDialog #title { text-style: bold; margin-bottom: 1; }
    DateRangeDialog Horizontal { height: auto; }
    DateRangeDialog Label { width: 6; padding: 1 0; }
    DateRangeDialog Input { width: 1fr; }
    DateRangeDialog #date-error { color: $error; height: auto; min-height: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="date_range.cancel")
    ]

    def __init__(self, date_from: str | None = None, date_to: str | None = None) -> None:
        super().__init__()
        self.initial = (date_from or "", date_to or "")

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text("Custom dates: UTC days, inclusive; empty = open end"), id="title")
            for label, field_id, value in (
                ("From", "date-from", self.initial[0]),
                ("To", "date-to", self.initial[1]),
            ):
                with Horizontal():
                    yield Label(label)
                    yield Input(value, placeholder="YYYY-MM-DD", id=field_id, max_length=10)
            yield Static(id="date-error")
            yield Static(Text("Enter: apply   Tab: next field   Esc: cancel", style="dim"))

    def on_mount(self) -> None:
        self.query_one("#date-from", Input).focus()

    def values(self) -> tuple[str, str]:
        return (
            self.query_one("#date-from", Input).value.strip(),
            self.query_one("#date-to", Input).value.strip(),
        )

    def show_problem(self, problem: str | None) -> None:
        self.query_one("#date-error", Static).update(Text(problem or ""))

    @on(Input.Changed)
    def clear_problem(self) -> None:
        self.show_problem(None)

    @on(Input.Submitted)
    def apply(self) -> None:
        date_from, date_to = self.values()
        problem = check_dates(date_from, date_to)
        if problem is not None:
            self.show_problem(problem)
            return
        self.dismiss((date_from, date_to))

    def action_cancel(self) -> None:
        self.dismiss(None)
