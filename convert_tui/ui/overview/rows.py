"""What the overview table shows: a section's rows, filtered and sorted (pure functions).

Sorting and filtering work on the status rows the state holds (reporting.status_rows); the
cells are worded by reporting.status_cells, the same words as `status`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from convert_tui.display import clean
from convert_tui.reporting.status_cells import COLUMNS, ELLIPSIS, GAP, columns_for, widths_for
from convert_tui.reporting.status_rows import SECTIONS, StatusRow, in_section

# Columns a person can choose from (status_cells.COLUMNS), in the default order.
CHOOSABLE = (
    "project", "ids", "experience", "type", "status", "days", "visitors", "goal", "verdict",
    "chance", "significant", "progress", "srm", "alerts",
)  # fmt: skip
VERDICT_ORDER = {"winner": 0, "loser": 1, "not yet": 2, "baseline leads": 3, "no data": 4}

SortKey = Callable[[StatusRow], Any]


def _number(value: float | int | None) -> tuple[int, float]:
    return (1, 0.0) if value is None else (0, float(value))


SORT_KEYS: dict[str, SortKey] = {
    "project": lambda r: (r.project_name or r.project_id).casefold(),
    "ids": lambda r: (r.project_id, r.experience_id),
    "experience": lambda r: (r.experience_name or r.experience_id).casefold(),
    "type": lambda r: r.type or "",
    "status": lambda r: r.status or "",
    "days": lambda r: _number(r.days_running),
    "visitors": lambda r: _number(r.visitors if r.has_report else None),
    "goal": lambda r: (r.goal_name or "").casefold(),
    "verdict": lambda r: (VERDICT_ORDER.get(r.verdict, 5), -(r.uplift or 0.0)),
    "chance": lambda r: _number(r.chance_to_beat),
    "significant": lambda r: {True: 0, False: 1}.get(r.significant, 2),  # type: ignore[arg-type]
    "progress": lambda r: _number(r.progress),
    "srm": lambda r: _number(r.srm_p_value),
    "alerts": lambda r: (-len(r.alerts), r.alerts),
}


def matches(row: StatusRow, query: str) -> bool:
    """The filter: every word of `query` in the project, the experience's name or an id."""
    if not query.strip():
        return True
    haystack = " ".join(
        str(part) for part in (
            row.project_name, row.project_id, row.experience_name, row.experience_id,
            f"{row.project_id}/{row.experience_id}",
        ) if part
    ).casefold()  # fmt: skip
    return all(word in haystack for word in query.casefold().split())


def section_counts(rows: Iterable[StatusRow], *, now: float, ended_days: int) -> dict[str, int]:
    counts = dict.fromkeys(SECTIONS, 0)
    for row in rows:
        for section in SECTIONS:
            if in_section(row, section, now=now, ended_days=ended_days):
                counts[section] += 1
    return counts


def visible_rows(
    rows: Iterable[StatusRow],
    *,
    section: str,
    query: str,
    sort: str,
    descending: bool,
    now: float,
    ended_days: int,
) -> list[StatusRow]:
    """The rows of `section` matching `query`, sorted by `sort` (then project and name, so
    equal keys keep a stable, readable order)."""
    shown = [
        r for r in rows
        if in_section(r, section, now=now, ended_days=ended_days) and matches(r, query)
    ]  # fmt: skip
    shown.sort(key=lambda r: (SORT_KEYS["project"](r), SORT_KEYS["experience"](r)))
    if sort in SORT_KEYS:
        # None-like values stay last whichever way the column is sorted.
        key = SORT_KEYS[sort]
        shown.sort(key=key, reverse=descending)
        if descending:
            shown.sort(key=lambda r: _is_missing(key(r)))
    return shown


def _is_missing(value: Any) -> bool:
    return isinstance(value, tuple) and len(value) == 2 and value[0] == 1 and value[1] == 0.0


def table_columns(
    width: int, chosen: list[str] | None, *, padding: int = 1
) -> tuple[list[str], dict[str, int]]:
    """The columns to show at `width` (the chosen ones, else the width's defaults) and their
    content widths, DataTable's cell padding counted; narrow columns drop off the end."""
    names = [n for n in (chosen or columns_for(width)) if n in COLUMNS]
    while True:
        room = width - 2 * padding * len(names) + GAP * (len(names) - 1)
        widths = widths_for(names, room)
        if sum(widths.values()) + 2 * padding * len(names) <= width or len(names) <= 3:
            return names, widths
        names = names[:-1] if names[-1] != "alerts" else [*names[:-2], names[-1]]


def full_name(row: StatusRow) -> str:
    return clean(row.experience_name or row.experience_id, one_line=True)


__all__ = ["CHOOSABLE", "ELLIPSIS", "SORT_KEYS", "full_name", "table_columns", "visible_rows"]
