"""A virtual table of status rows (Textual's Line API, like the tree): only the lines on screen
are drawn, so a 10,000-row overview sorts and filters in one frame — nothing is refilled but a
list of rows. Keys: j/k or arrows, PageUp/PageDown, Home/End; Enter selects.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from convert_tui.reporting.status_cells import GAP
from convert_tui.reporting.status_rows import StatusRow

# The cells of a row, given the column names and widths (ui/overview/cells.py).
CellMaker = Callable[[StatusRow, Sequence[str], dict[str, int]], list[Text]]
CACHED_LINES = 400  # rendered lines kept (a screen or two of scrolling back and forth)


class RowTable(ScrollView, can_focus=True):
    COMPONENT_CLASSES: ClassVar[set[str]] = {"row-table--cursor"}
    DEFAULT_CSS = """
    RowTable > .row-table--cursor { background: $block-cursor-background; text-style: bold; }
    RowTable:blur > .row-table--cursor { background: $block-cursor-blurred-background; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "move(1)", "Down", show=False),
        Binding("up,k", "move(-1)", "Up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("home", "move_to(0)", "First", show=False),
        Binding("end", "move_to(-1)", "Last", show=False),
        Binding("enter", "select", "Open", show=False),
    ]

    cursor_row: reactive[int] = reactive(0, always_update=True)

    class Highlighted(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    class Selected(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, make_cells: CellMaker, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.make_cells = make_cells
        self.rows: list[StatusRow] = []
        self.columns: list[str] = []
        self.widths: dict[str, int] = {}
        self._lines: dict[int, Strip] = {}

    @property
    def row_count(self) -> int:
        return len(self.rows)

    def set_rows(
        self, rows: list[StatusRow], columns: list[str], widths: dict[str, int], *,
        cursor: int | None = None,
    ) -> None:  # fmt: skip
        """Show `rows` (cheap: nothing is built until a line is drawn)."""
        self.rows, self.columns, self.widths = rows, columns, widths
        self._lines.clear()
        width = sum(widths.values()) + GAP * max(0, len(columns) - 1) + 2
        self.virtual_size = Size(width, len(rows))
        index = self.cursor_row if cursor is None else cursor
        self.cursor_row = max(0, min(index, len(rows) - 1))
        self.refresh()

    def row_text(self, index: int) -> list[str]:
        """The plain text of a row's cells (for tests and copying)."""
        return [c.plain for c in self.make_cells(self.rows[index], self.columns, self.widths)]

    # -- drawing ---------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        if index >= len(self.rows):
            return Strip.blank(self.size.width)
        selected = index == self.cursor_row
        key = index * 2 + selected
        strip = self._lines.get(key)
        if strip is None:
            if len(self._lines) > CACHED_LINES:
                self._lines.clear()
            strip = self._line(index, selected)
            self._lines[key] = strip
        return strip.crop(self.scroll_offset.x, self.scroll_offset.x + self.size.width)

    def _line(self, index: int, selected: bool) -> Strip:
        cells = self.make_cells(self.rows[index], self.columns, self.widths)
        line = Text(" ")
        for position, (name, cell) in enumerate(zip(self.columns, cells, strict=True)):
            if position:
                line.append(" " * GAP)
            cell.truncate(self.widths[name], overflow="ellipsis", pad=True)
            line.append_text(cell)
        base = self.rich_style
        if selected:
            base = base + self.get_component_rich_style("row-table--cursor")
        width = max(self.virtual_size.width, self.size.width)
        segments = list(line.render(self.app.console))
        return Strip(segments).apply_style(base).extend_cell_length(width, base)

    def watch_cursor_row(self, old: int, new: int) -> None:
        for index in (old, new):
            self._lines.pop(index * 2, None)
            self._lines.pop(index * 2 + 1, None)
        self.scroll_to_region(Region(0, new, 1, 1), animate=False, force=True)
        self.refresh()
        if self.rows:
            self.post_message(self.Highlighted(new))

    def on_resize(self) -> None:
        self._lines.clear()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines.clear()

    # -- keys ------------------------------------------------------------------------------

    def move_cursor(self, row: int) -> None:
        if self.rows:
            self.cursor_row = max(0, min(row, len(self.rows) - 1))

    def action_move(self, step: int) -> None:
        self.move_cursor(self.cursor_row + step)

    def action_page(self, step: int) -> None:
        self.move_cursor(self.cursor_row + step * max(1, self.size.height - 1))

    def action_move_to(self, row: int) -> None:
        self.move_cursor(row if row >= 0 else len(self.rows) - 1)

    def action_select(self) -> None:
        if self.rows:
            self.post_message(self.Selected(self.cursor_row))

    def on_click(self, event: Any) -> None:
        index = self.scroll_offset.y + event.y
        if 0 <= index < len(self.rows):
            self.move_cursor(index)
