"""Time to done and the traffic window SRM is judged on, from a variation's daily rows.

- `progress` = visitors / required_visitors (None when required_visitors is unknown).
- `days_to_go` = max(0, ceil((required - visitors) / r)), r = the mean daily visitors over the
  variation's last 7 daily rows (by date); None when required is unknown or r = 0.
- `srm_window`: the visitors SRM is computed on (decisions.md): only the arms whose traffic share
  is above 0 count, and only the daily rows since the first visitor of the most recently started
  of them (traffic is rebalanced when an arm is added, so earlier days had another split). With
  fewer than 3 such days SRM is "too early" (None).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

#: A daily row as SRM and the time to done need it: (YYYY-MM-DD, visitors).
VisitorDay = tuple[str, int]

RECENT_DAYS = 7
SRM_MIN_DAYS = 3


def progress(visitors: int, required: int | None) -> float | None:
    if required is None or required <= 0:
        return None
    return max(0, visitors) / required


def daily_rate(daily: Sequence[VisitorDay] | None) -> float | None:
    """Mean visitors per day over the last RECENT_DAYS rows (None without rows)."""
    if not daily:
        return None
    recent = sorted(daily)[-RECENT_DAYS:]  # the newest dates (a C sort beats nlargest's loop)
    return sum(max(0, visitors) for _, visitors in recent) / len(recent)


def days_to_go(
    visitors: int, required: int | None, daily: Sequence[VisitorDay] | None
) -> int | None:
    rate = daily_rate(daily)
    if required is None or rate is None or rate <= 0:
        return None
    return max(0, math.ceil((required - max(0, visitors)) / rate))


def srm_window(
    daily: Sequence[Sequence[VisitorDay]],
) -> list[int] | None:
    """Each arm's visitors over the window (see the module docstring); None when too early.

    `daily` holds the rows of the arms that are on (share above 0), in the same order.
    """
    # An arm that is on but never got a visitor keeps its 0 (a mismatch to report), without
    # moving the window.
    # (lists, not generators, inside min and sum: a year of days per arm, ~30% faster)
    starts = [min([day for day, n in rows if n > 0], default=None) for rows in daily]
    since = max((start for start in starts if start is not None), default=None)
    if since is None:
        return None
    days = {day for rows in daily for day, _ in rows if day >= since}
    if len(days) < SRM_MIN_DAYS:
        return None
    # the days are cleaned upstream, but a negative count must not cancel real visitors
    return [sum([n for day, n in rows if day >= since and n > 0]) for rows in daily]
