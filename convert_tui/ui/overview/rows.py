"""What the overview table shows: a section's rows, filtered and sorted (pure functions).

Sorting and filtering work on the status rows the state holds (reporting.status_rows); the
cells are worded by reporting.status_cells, the same words as `status`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from convert_tui.display import clean
from convert_tui.reporting.status_cells import COLUMNS, GAP, columns_for, widths_for
from convert_tui.reporting.status_rows import SECTIONS, StatusRow, in_section

# Columns a person can choose from (status_cells.COLUMNS), in the default order.
CHOOSABLE = (
    "project", "ids", "experience", "type", "status", "days", "visitors", "goal", "verdict",
    "chance", "significant", "progress", "srm", "alerts",
)  # fmt: skip
VERDICT_ORDER = {"winner": 0, "loser": 1, "not yet": 2, "baseline leads": 3, "no data": 4}

SortKey = Callable[[StatusRow], Any]


MISSING = (1, 0.0)  # the sort key of a number that is not there (sorted last)


def _number(value: float | int | None) -> tuple[int, float]:
    return MISSING if value is None else (0, float(value))


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


def haystack(row: StatusRow) -> str:
    """What the filter searches: the project, the experience's name, the ids."""
    parts = (
        row.project_name, row.project_id, row.experience_name, row.experience_id,
        f"{row.project_id}/{row.experience_id}",
    )  # fmt: skip
    return " ".join(str(part) for part in parts if part).casefold()


class RowIndex:
    """The rows of one state of the overview, with what sorting, filtering and the sections
    need computed once (a 10,000-row account: a keystroke must not recompute them)."""

    def __init__(self, rows: Iterable[StatusRow], *, now: float, ended_days: int) -> None:
        base = sorted(rows, key=lambda r: (SORT_KEYS["project"](r), SORT_KEYS["experience"](r)))
        self.rows = base
        self._texts: list[str] | None = None
        self._keys: dict[str, list[Any]] = {}
        self.sections = {
            section: [i for i, r in enumerate(base) if in_section(
                r, section, now=now, ended_days=ended_days
            )]
            for section in SECTIONS
        }  # fmt: skip

    def counts(self) -> dict[str, int]:
        return {section: len(members) for section, members in self.sections.items()}

    def _sort_keys(self, column: str) -> list[Any]:
        if column not in self._keys:
            key = SORT_KEYS[column]
            self._keys[column] = [key(row) for row in self.rows]
        return self._keys[column]

    def visible(self, *, section: str, query: str, sort: str, descending: bool) -> list[StatusRow]:
        """The rows of `section` matching `query`, sorted by `sort` (then project and name, so
        equal keys keep a stable, readable order); missing values stay last either way."""
        members = self.sections.get(section, [])
        words = query.casefold().split()
        if words:
            if self._texts is None:
                self._texts = [haystack(row) for row in self.rows]
            texts = self._texts
            members = [i for i in members if all(word in texts[i] for word in words)]
        if sort in SORT_KEYS:
            keys = self._sort_keys(sort)
            members = sorted(members, key=keys.__getitem__, reverse=descending)
            if descending:  # (a stable sort: the missing ones to the end, order kept)
                members.sort(key=lambda i: _is_missing(keys[i]))
        return [self.rows[i] for i in members]


def _is_missing(value: Any) -> bool:
    return bool(value == MISSING)


def table_columns(
    width: int, chosen: list[str] | None, *, terminal: int | None = None
) -> tuple[list[str], dict[str, int]]:
    """The columns to show in `width` (the chosen ones, else the defaults of a `terminal`
    that wide) and their widths, GAP between them; narrow columns drop off the end (alerts
    stay last)."""
    names = [n for n in (chosen or columns_for(terminal or width)) if n in COLUMNS]
    while True:
        widths = widths_for(names, width)
        if sum(widths.values()) + GAP * (len(names) - 1) <= width or len(names) <= 3:
            return names, widths
        names = names[:-1] if names[-1] != "alerts" else [*names[:-2], names[-1]]


def full_name(row: StatusRow) -> str:
    return clean(row.experience_name or row.experience_id, one_line=True)
