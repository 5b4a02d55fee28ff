"""The left column of the variation editor: the experience's variations, then the drafts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from convert_tui.api import models
from convert_tui.ui.text import clean
from convert_tui.ui.variations.draft import VariationDraft, fmt_pct, parse_percentage

VARIATION_PREFIX = "var:"
DRAFT_PREFIX = "draft:"


def _row(mark: Text, name: str, placeholder: str, share: str) -> Table:
    """Mark, name (folded when long) and the traffic share, right-aligned."""
    grid = Table.grid(expand=True)
    grid.add_column(width=2, no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    grid.add_column(justify="right", no_wrap=True, style="dim")
    shown = Text(name) if name else Text(placeholder, "dim italic")
    grid.add_row(mark, shown, Text(f" {share}"))
    return grid


def variation_label(variation: models.Variation) -> Table:
    mark = Text("◆" if variation.is_baseline else " ", "bold")
    name = clean(variation.name, one_line=True).strip()
    return _row(mark, name, "(unnamed)", fmt_pct(variation.percentage))


def draft_label(draft: VariationDraft) -> Table:
    # ✗: the last save was refused (the draft shows the server's message).
    mark = Text("✗", "bold red") if draft.last_error else Text("✎", "bold")
    share = parse_percentage(draft.percentage)
    name = clean(draft.name, one_line=True).strip()
    shown = "even" if not draft.percentage.strip() else "?%" if share is None else fmt_pct(share)
    return _row(mark, name, "(unnamed draft)", shown)


class VariationList(OptionList):
    """Options have ids "var:<variation id>" and "draft:<draft id>"; headings are disabled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "j,down",
            "cursor_down",
            "Down",
            show=False,
            tooltip="Move down",
            id="variation_list.down",
        ),
        Binding("k,up", "cursor_up", "Up", show=False, tooltip="Move up", id="variation_list.up"),
        Binding(
            "g,home", "first", "First", show=False, tooltip="First line", id="variation_list.first"
        ),
        Binding("G,end", "last", "Last", show=False, tooltip="Last line", id="variation_list.last"),
    ]

    def show(
        self, variations: Sequence[models.Variation], drafts: Sequence[VariationDraft]
    ) -> None:
        """Rebuild, keeping the highlight on the same variation or draft when it still exists."""
        keep = self.highlighted_id
        options: list[Option] = [Option(Text("EXISTING  ◆ baseline", "bold dim"), disabled=True)]
        if not variations:
            options.append(Option(Text("  none yet", "dim italic"), disabled=True))
        for variation in variations:
            options.append(Option(variation_label(variation), VARIATION_PREFIX + str(variation.id)))
        if drafts:
            options.append(Option(Text("DRAFTS (not sent)", "bold dim"), disabled=True))
        for draft in drafts:
            options.append(Option(draft_label(draft), DRAFT_PREFIX + draft.draft_id))
        self.set_options(options)
        self.select(keep)

    @property
    def highlighted_id(self) -> str | None:
        if self.highlighted is None:
            return None
        return self.get_option_at_index(self.highlighted).id

    def select(self, option_id: str | None) -> None:
        """Highlight `option_id`, else the first selectable option."""
        ids = [option.id for option in self.options]
        if option_id is not None and option_id in ids:  # headings have no id
            self.highlighted = ids.index(option_id)
        else:
            enabled = [i for i, option in enumerate(self.options) if not option.disabled]
            self.highlighted = enabled[0] if enabled else None

    def relabel_draft(self, draft: VariationDraft) -> None:
        option_id = DRAFT_PREFIX + draft.draft_id
        if option_id in {option.id for option in self.options}:
            self.replace_option_prompt(option_id, draft_label(draft))
