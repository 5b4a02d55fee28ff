"""Report numbers a real experience cannot have: counts beyond any traffic (visitors 10^400),
amounts beyond any revenue (1e308), negatives, more conversions than visitors.

The rule: such a row is invalid data, said so, never analysed. `goal_counts`/`daily_counts`
(reporting.analysed) take an invalid row as "no data" (so no 300-digit number and no infinity
reaches the statistics or the screen), mark its name with INVALID_MARK, and `report_problems`
lists one warning per invalid row for the caller to show.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from typing import Any

from convert_tui.api import models

MAX_COUNT = 10**12  # visitors, conversions, products: a trillion is beyond any experience
MAX_AMOUNT = 1e15  # revenue of one variation
MAX_SUM_SQUARES = 1e30  # sum of squared order values (its square root stays under MAX_AMOUNT)
INVALID_MARK = " (invalid data)"


def count_problem(value: Any) -> str | None:
    """Why `value` is no usable count (None when it is one, or absent)."""
    if type(value) is int and 0 <= value <= MAX_COUNT:  # the usual case, decided at once
        return None
    problem = _number_problem(value, MAX_COUNT)
    if problem is None and value is not None and value < 0:
        return "negative"
    return problem


def amount_problem(value: Any, limit: float = MAX_AMOUNT) -> str | None:
    """Why `value` is no usable amount of money (None when it is one, or absent)."""
    if (type(value) is float or type(value) is int) and -limit <= value <= limit:  # (not NaN)
        return None
    return _number_problem(value, limit)


def _number_problem(value: Any, limit: float) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "not a number"
    if isinstance(value, float) and not math.isfinite(value):
        return "not a finite number"
    if abs(value) > limit:  # int against float compares exactly, 10**400 included
        return f"out of range ({_magnitude(value)})"
    return None


def _magnitude(value: int | float) -> str:
    if isinstance(value, int):
        return f"a {len(str(abs(value)))}-digit number"
    return f"{value:.3g}"


def row_problems(row: models.ReportVariation | models.DailyCount) -> list[str]:
    """What makes a report row (a variation or one of its days) invalid data."""
    found = []
    counts, amounts = _DAY_FIELDS if isinstance(row, models.DailyCount) else _VARIATION_FIELDS
    for name in counts:
        problem = count_problem(getattr(row, name))
        if problem:
            found.append(f"{name} is {problem}")
    for name, limit in amounts:
        problem = amount_problem(getattr(row, name), limit)
        if problem:
            found.append(f"{name} is {problem}")
    visitors, conversions = row.visitors, row.conversions
    if not found and conversions is not None and visitors is not None and conversions > visitors:
        found.append(f"more conversions ({conversions:,}) than visitors ({visitors:,})")
    return found


# The counts and amounts each kind of row has (a day has no products).
_DAY_FIELDS = (("visitors", "conversions"), (("revenue", MAX_AMOUNT),))
_VARIATION_FIELDS = (
    ("visitors", "conversions", "products"),
    (("revenue", MAX_AMOUNT), ("revenue_sum_squares", MAX_SUM_SQUARES)),
)


def is_valid(row: models.ReportVariation | models.DailyCount) -> bool:
    if type(row) is models.DailyCount and plainly_valid_day(row):
        return True
    return not row_problems(row)


def plainly_valid_day(day: models.DailyCount) -> bool:
    return plainly_valid_days((day,))


def plainly_valid_days(days: Iterable[models.DailyCount]) -> bool:
    """Whether every day is plainly valid, decided at once (a year of them per arm and goal,
    for the statistics, the charts and the report's warnings): whole counts in range, no more
    conversions than visitors, revenue absent or a finite amount in range. False says only
    that a day needs the full check of `row_problems`."""
    for day in days:
        visitors, conversions, revenue = day.visitors, day.conversions, day.revenue
        if not (
            type(visitors) is int
            and type(conversions) is int
            and 0 <= conversions <= visitors <= MAX_COUNT
            and (
                revenue is None
                or ((type(revenue) is float or type(revenue) is int)  # (NaN fails the range)
                    and -MAX_AMOUNT <= revenue <= MAX_AMOUNT)
            )
        ):  # fmt: skip
            return False
    return True


def report_problems(report: models.Report) -> list[str]:
    """One warning per invalid row of `report` (names as the API sent them: print them safely)."""
    return [
        f"invalid data in goal {goal.goal_name or goal.goal_id}, variation "
        f"{row.variation_name or row.variation_id}{where}: {'; '.join(problems)}; "
        "shown without data"
        for goal, row, where, problems in _invalid_rows(report)
    ]


def _invalid_rows(report: models.Report) -> Iterator[tuple[Any, Any, str, list[str]]]:
    for goal in report.goals:
        for row in goal.variations:
            problems = row_problems(row)
            if problems:
                yield goal, row, "", problems
            daily = row.daily
            bad_days = [] if plainly_valid_days(daily) else [d for d in daily if not is_valid(d)]
            if bad_days and not problems:
                days = ", ".join(day.date for day in bad_days[:3])
                more = f" and {len(bad_days) - 3} more" if len(bad_days) > 3 else ""
                yield goal, row, f" on {days}{more}", row_problems(bad_days[0])
