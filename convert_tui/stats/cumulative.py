"""Cumulative conversion rate (and revenue per visitor) over days, for charts.

Daily visitor counts are summed, so a visitor seen on two days counts twice: the cumulative rate
is the daily-weighted rate, which can differ slightly from a report's unique-visitor rate.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

# NamedTuples: one of each per variation and day (a year of 10 arms x 5 goals is 18,250), and a
# frozen dataclass costs ~3x as much to create.


class DailyCounts(NamedTuple):
    date: str  # YYYY-MM-DD
    visitors: int
    conversions: int
    revenue: float | None = None


class CumulativePoint(NamedTuple):
    date: str
    visitors: int
    conversions: int
    conversion_rate: float | None
    revenue_per_visitor: float | None


def cumulative_rates(daily: Iterable[DailyCounts]) -> list[CumulativePoint]:
    """Running totals in date order (days with the same date are merged); None rates on 0 visitors.

    revenue_per_visitor is None from the first day without revenue on.
    """
    points: list[CumulativePoint] = []
    visitors = conversions = 0
    revenue: float | None = 0.0
    for day in sorted(daily, key=lambda d: d.date):
        visitors += max(0, day.visitors)
        conversions += max(0, day.conversions)
        revenue = None if revenue is None or day.revenue is None else revenue + day.revenue
        point = CumulativePoint(
            date=day.date,
            visitors=visitors,
            conversions=conversions,
            conversion_rate=min(1.0, conversions / visitors) if visitors else None,
            revenue_per_visitor=revenue / visitors if revenue is not None and visitors else None,
        )
        if points and points[-1].date == day.date:
            points[-1] = point
        else:
            points.append(point)
    return points
