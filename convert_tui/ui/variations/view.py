"""The right pane for an existing variation: its fields and code, read-only.

v1 has no update-variation operation, so nothing here can be edited; the banner says so and
points at "clone as new".
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Label, Static

from convert_tui.api import models
from convert_tui.ui.explorer import records
from convert_tui.ui.text import clean
from convert_tui.ui.variations.code import CodeField
from convert_tui.ui.variations.draft import CODE_FIELDS, CODE_LABELS, fmt_pct

READ_ONLY_NOTE = "Read-only: v1 cannot update a variation: clone it as a new one"


class VariationView(VerticalScroll):
    """Shows one variation; `show` switches to another without rebuilding the editors."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple[models.Variation, bool, bool] | None = None

    def compose(self) -> ComposeResult:
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


def describe(variation: models.Variation) -> str:
    """A one-line name for dialogs and notifications."""
    return clean(variation.name, one_line=True).strip() or f"variation {variation.id}"
