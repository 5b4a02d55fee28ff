"""The overview's cells: status_cells' words (the same as `status`), with styles that add to
them and never replace them (a tag is a word first, a colour second: NO_COLOR reads the same)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from convert_tui.display import clean
from convert_tui.reporting import status_cells
from convert_tui.reporting.status_rows import StatusRow
from convert_tui.ui.widgets.verdict import VERDICT_STYLES, alert_tags

PENDING = "⟳ "  # its report is on its way
CHANGED = "✱ "  # its verdict or alerts changed at the last refresh


def _fit(text: str, width: int) -> str:
    return status_cells.ellipsize(text, width)


def row_cells(
    row: StatusRow, names: Sequence[str], widths: dict[str, int], *, pending: bool, changed: bool
) -> list[Text]:
    out = []
    for index, name in enumerate(names):
        width = widths[name]
        column = status_cells.COLUMNS[name]
        mark = (CHANGED if changed else PENDING if pending else "") if index == 0 else ""
        if name == "verdict":
            text = Text(status_cells.verdict_text(row, width - len(mark), safe=_safe))
            text.stylize(VERDICT_STYLES.get(row.verdict, ""))
        elif name == "alerts":
            text = alert_tags(row.alerts)
        else:
            value = status_cells.cell(row, name, safe=_safe)
            if column.flexible:
                value = _fit(value, width - len(mark))
            elif column.numeric:  # (the table does not right-align a cell's Text itself)
                value = value.rjust(width - len(mark))
            text = Text(value)
        if mark:
            text = Text.assemble((mark, "bold" if changed else "dim"), text)
        if changed:
            text.stylize("bold")
        out.append(text)
    return out


def _safe(value: str) -> str:
    return clean(value, one_line=True)


def header_line(names: Sequence[str], widths: dict[str, int], sort: str, descending: bool) -> Text:
    """The column titles over the rows (the sorted one marked ▲/▼), laid out as the rows."""
    line = Text(" ", style="bold")
    for position, name in enumerate(names):
        title = status_cells.COLUMNS[name].title.capitalize()
        if name == sort:
            title += " ▼" if descending else " ▲"
        if position:
            line.append(" " * status_cells.GAP)
        width = widths[name]
        title = status_cells.ellipsize(title, width)
        numeric = status_cells.COLUMNS[name].numeric
        line.append(title.rjust(width) if numeric else title.ljust(width))
    return line
