"""From an API `Report` + `Experience` to the analysed report, and its JSON/CSV/text forms.

Used by the `report` and `status` commands and by the UI. No I/O here and no textual: callers
fetch the records and print the results.

- `analyse_report(report, experience, correction=..., now=..., settings=StatsSettings(...))`:
  the `stats.Analysis` (per variation also `progress`, `days_to_go`, `expected_loss`, ...).
- `report_document(...)`: the `report --json` object; `report_csv(...)`: its rows as CSV.
- `printable(text)`: API text made safe for a terminal (control and escape characters shown as
  `\\xNN`/`\\uNNNN`, never interpreted).
"""

from __future__ import annotations

import datetime as dt
import math
import time
from typing import TYPE_CHECKING, Any

from convert_tui.api import models
from convert_tui.reporting import validity
from convert_tui.stats import (
    REVENUE_FIELDS,
    Analysis,
    ExperienceSettings,
    GoalAnalysis,
    GoalCounts,
    StatsSettings,
    VariationCounts,
    VariationStats,
    analyse,
)
from convert_tui.stats import days_running as stats_days_running

if TYPE_CHECKING:
    from convert_tui.stats.cumulative import DailyCounts

# --- dates --------------------------------------------------------------------------------------


def parse_day(text: str) -> dt.date:
    """A YYYY-MM-DD date; ValueError with a readable message otherwise."""
    try:
        if len(text) != 10:
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"invalid date {text!r}: expected YYYY-MM-DD") from None


def day_range(date_from: str | None, date_to: str | None) -> tuple[int | None, int | None]:
    """(start, end) UNIX timestamps: from = 00:00:00 UTC of its day, to = 23:59:59 UTC of its day.

    Report timestamps are inclusive, so `to` ends one second before the next day.
    """
    start = end = None
    if date_from:
        day = parse_day(date_from)
        start = int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())
    if date_to:
        day = parse_day(date_to)
        end = int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp()) + 86_399
    if start is not None and end is not None and start > end:
        raise ValueError(f"--from {date_from} is after --to {date_to}")
    return start, end


# --- experience settings ------------------------------------------------------------------------


def _number(value: float | int | None) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except OverflowError:  # an integer beyond float range: as unusable as infinity
        return None
    return number if math.isfinite(number) else None


def _count(value: float | int | None) -> int:
    number = _number(value)
    return int(number) if number is not None else 0


def experience_now(experience: models.Experience, now: float | None = None) -> float:
    """The moment the experience's running time is measured to: now, or its end if it ended."""
    moment = time.time() if now is None else now
    end = _number(experience.end_time)
    return min(moment, end) if end and end > 0 else moment


def days_running(experience: models.Experience, now: float | None = None) -> int | None:
    """Whole days since start_time (to end_time for a stopped one); None if never started."""
    days = stats_days_running(_number(experience.start_time), experience_now(experience, now))
    return None if days is None else math.floor(days)


def settings_for(experience: models.Experience, now: float | None = None) -> ExperienceSettings:
    minvis, minconv = _number(experience.minvis), _number(experience.minconv)
    return ExperienceSettings(
        confidence=_number(experience.confidence),
        minvis=int(minvis) if minvis else None,
        minconv=int(minconv) if minconv else None,
        minrun=_number(experience.minrun),
        start_time=_number(experience.start_time),
        now=experience_now(experience, now),
    )


# --- report -> stats inputs ---------------------------------------------------------------------


def _experience_variations(experience: models.Experience | None) -> dict[str, models.Variation]:
    if experience is None:
        return {}
    return {v.id: v for v in experience.variations or [] if v.id is not None}


def _primary_goal_ids(experience: models.Experience | None) -> set[str]:
    if experience is None:
        return set()
    return {g.goal_id for g in experience.goals or [] if g.is_primary and g.goal_id is not None}


def goal_counts(
    report: models.Report, experience: models.Experience | None = None
) -> list[GoalCounts]:
    """The stats inputs of every goal of a report (names/percentages completed from the
    experience; a variation is the baseline if the report or the experience says so)."""
    known = _experience_variations(experience)
    primaries = _primary_goal_ids(experience)
    goals = []
    for goal in report.goals:
        variations = []
        for row in goal.variations:
            info = known.get(row.variation_id)
            baseline = row.is_baseline
            if baseline is None and info is not None:
                baseline = info.is_baseline
            name = row.variation_name or (info.name if info else None)
            valid = validity.is_valid(row)  # else: no data, and its name says why
            variations.append(
                VariationCounts(
                    variation_id=row.variation_id,
                    variation_name=name
                    if valid
                    else f"{name or row.variation_id}{validity.INVALID_MARK}",
                    is_baseline=bool(baseline),
                    visitors=_count(row.visitors) if valid else 0,
                    conversions=_count(row.conversions) if valid else 0,
                    revenue=_number(row.revenue) if valid else None,
                    products=_number(row.products) if valid else None,
                    revenue_sum_squares=_number(row.revenue_sum_squares) if valid else None,
                    percentage=_number(info.percentage) if info is not None else None,
                    daily=_visitor_days(row),
                )
            )
        goals.append(
            GoalCounts(
                goal_id=goal.goal_id,
                goal_name=goal.goal_name,
                goal_type=goal.goal_type,
                is_primary=bool(goal.is_primary) or goal.goal_id in primaries,
                variations=tuple(variations),
            )
        )
    return goals


def _amount(revenue: float | None) -> float | None:
    """A plainly valid day's revenue (an int or a float in range, or None) as a float."""
    return None if revenue is None else float(revenue)


def _day_numbers(day: models.DailyCount) -> tuple[int, int, float | None]:
    """A day's (visitors, conversions, revenue) as the statistics take them: the usual day's
    as they are, an odd but valid day's cleaned, an invalid day's none (no data that day)."""
    if validity.plainly_valid_day(day):  # (a year of days per arm and goal: decided at once)
        return day.visitors, day.conversions, _amount(day.revenue)
    if not validity.row_problems(day):
        return _count(day.visitors), _count(day.conversions), _number(day.revenue)
    return 0, 0, None


def _visitor_days(variation: models.ReportVariation) -> list[tuple[str, int]]:
    """(date, visitors) of the daily rows: all that SRM's window and days to go need (pairs,
    not objects: a year of days per arm and goal is converted for every analysis)."""
    days = variation.daily
    if validity.plainly_valid_days(days):
        return [(day.date, day.visitors) for day in days]
    return [(day.date, _day_numbers(day)[0]) for day in days]


def daily_counts(variation: models.ReportVariation) -> list[DailyCounts]:
    """A report variation's daily rows as stats inputs (for `stats.cumulative_rates`)."""
    from convert_tui.stats.cumulative import DailyCounts  # (charts only: status rows skip it)

    days = variation.daily
    if validity.plainly_valid_days(days):
        return [
            DailyCounts(day.date, day.visitors, day.conversions, _amount(day.revenue))
            for day in days
        ]
    return [DailyCounts(day.date, *_day_numbers(day)) for day in days]


def analyse_report(
    report: models.Report,
    experience: models.Experience | None = None,
    *,
    correction: str = "none",
    now: float | None = None,
    settings: StatsSettings | None = None,
    summary: bool = False,
) -> Analysis:
    """Every goal of `report` analysed with the experience's minimums and `settings` (level,
    sides, sequential; its confidence, when set, wins over the experience's); `summary`: only
    the figures a status row shows (`stats.analyse`)."""
    minimums = settings_for(experience, now) if experience is not None else ExperienceSettings()
    counts = goal_counts(report, experience)
    return analyse(counts, minimums, correction, settings, summary=summary)


def primary_goal(
    analysis: Analysis, report: models.Report, experience: models.Experience | None = None
) -> GoalAnalysis | None:
    """The primary goal's analysis: flagged in the report or the experience, else the first."""
    primaries = _primary_goal_ids(experience) | {g.goal_id for g in report.goals if g.is_primary}
    for goal in analysis.goals:
        if goal.goal_id in primaries:
            return goal
    return analysis.goals[0] if analysis.goals else None


# --- documents ----------------------------------------------------------------------------------


def report_document(
    analysis: Analysis, experience_id: str, experience: models.Experience | None = None
) -> dict[str, Any]:
    """The `report --json` object. Rates, p-values and the confidence are fractions."""
    return {
        "experience_id": str(experience_id),
        "experience_name": experience.name if experience is not None else None,
        "confidence": analysis.confidence / 100.0,
        "sides": analysis.sides,
        "sequential": analysis.sequential,
        "sequential_tuning": analysis.sequential_tuning,
        "correction": analysis.correction,
        "goals": [goal.to_dict() for goal in analysis.goals],
    }


CSV_GOAL_COLUMNS = ("experience_id", "experience_name", "goal_id", "goal_name", "goal_type")
CSV_VARIATION_COLUMNS = tuple(
    name for name in VariationStats._fields if name not in REVENUE_FIELDS
) + tuple(REVENUE_FIELDS)


def _csv_cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value  # a name must not run as a spreadsheet formula
    return value


def report_csv(document: dict[str, Any]) -> str:
    """One CSV row per goal and variation of a `report_document` (revenue columns empty for
    other goals); the SRM p-value is repeated on each row of its goal."""
    import csv  # (only `report --format csv` writes any: status rows do not load it)
    import io

    columns = [*CSV_GOAL_COLUMNS, "srm_p_value", *CSV_VARIATION_COLUMNS]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for goal in document["goals"]:
        for variation in goal["variations"]:
            row = {
                "experience_id": document["experience_id"],
                "experience_name": document["experience_name"],
                **{key: goal[key] for key in ("goal_id", "goal_name", "goal_type", "srm_p_value")},
                **variation,
            }
            writer.writerow([_csv_cell(row.get(column)) for column in columns])
    return buffer.getvalue()


# --- status -------------------------------------------------------------------------------------


def total_visitors(goal: GoalAnalysis | None) -> int:
    return sum(max(0, v.visitors) for v in goal.variations) if goal is not None else 0


def report_goal_for_status(experience: models.Experience) -> str | None:
    """The goal whose partial report `status` needs: the primary one, else the first linked."""
    goals = [g for g in experience.goals or [] if g.goal_id is not None]
    for goal in goals:
        if goal.is_primary:
            return goal.goal_id
    return goals[0].goal_id if goals else None
