"""The report view's time range: whole life, the last 7/14/30 days, or custom dates.

Days are UTC days, as in `convert-tui report --from/--to` (`reporting.day_range`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from convert_tui import reporting

# (choice id, label) in the order the range dialog lists them.
RANGE_CHOICES = [
    ("all", "All time"),
    ("7", "Last 7 days"),
    ("14", "Last 14 days"),
    ("30", "Last 30 days"),
    ("custom", "Custom dates…"),
]


@dataclass(frozen=True)
class DateRange:
    """`kind` is a RANGE_CHOICES id; the dates are YYYY-MM-DD (None: open end)."""

    kind: str = "all"
    date_from: str | None = None
    date_to: str | None = None

    @property
    def is_all(self) -> bool:
        return self.date_from is None and self.date_to is None

    def timestamps(self) -> tuple[int | None, int | None]:
        """(start, end) UNIX seconds, inclusive, for the report request."""
        return reporting.day_range(self.date_from, self.date_to)

    def label(self) -> str:
        if self.is_all:
            return "all time"
        dates = f"{self.date_from or '…'} → {self.date_to or '…'}"
        return dates if self.kind == "custom" else f"last {self.kind} days ({dates})"

    def slug(self) -> str:
        """For file names: 'all-time' or '2026-11-09_2026-11-15'."""
        if self.is_all:
            return "all-time"
        return f"{self.date_from or 'start'}_{self.date_to or 'now'}"


def last_day(experience: Any, now: dt.datetime) -> dt.date:
    """Today (UTC), or the experience's end day when it ended earlier.

    "Last 7 days" of a completed experience means its last 7 days of data, not 7 empty days.
    """
    today = now.astimezone(dt.UTC).date()
    end = getattr(experience, "end_time", None)
    if isinstance(end, int | float) and not isinstance(end, bool) and end > 0:
        try:
            return min(today, dt.datetime.fromtimestamp(end, dt.UTC).date())
        except (OverflowError, OSError, ValueError):
            return today
    return today


def last_days(days: int, experience: Any, now: dt.datetime) -> DateRange:
    end = last_day(experience, now)
    start = end - dt.timedelta(days=days - 1)
    return DateRange(str(days), start.isoformat(), end.isoformat())


def custom(date_from: str, date_to: str) -> DateRange:
    return DateRange("custom", date_from or None, date_to or None)
