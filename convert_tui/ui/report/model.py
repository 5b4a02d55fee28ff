"""What the report view shows, as plain data: the goals in tab order and the analysed subset.

The statistics are `convert_tui.reporting`'s, exactly as `convert-tui report` computes them:
one goal shown = `report --goal G` (its corrections count that goal's comparisons only), all
goals shown = `report` (corrections over every goal). So CLI, UI and exports always agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from convert_tui import reporting
from convert_tui.api import models
from convert_tui.stats import Analysis, StatsSettings
from convert_tui.ui.report.range import DateRange


@dataclass(frozen=True)
class GoalTab:
    goal_id: str
    name: str
    primary: bool


def goal_tabs(report: models.Report, experience: Any) -> list[GoalTab]:
    """The report's goals, primary first (then in report order)."""
    counts = reporting.goal_counts(report, experience)
    tabs = [GoalTab(g.goal_id, g.goal_name or f"goal {g.goal_id}", g.is_primary) for g in counts]
    return sorted(tabs, key=lambda tab: not tab.primary)


def only_goal(report: models.Report, goal_id: str | None) -> models.Report:
    """The report restricted to one goal (what the partial report of that goal answers)."""
    if goal_id is None:
        return report
    return report.model_copy(update={"goals": [g for g in report.goals if g.goal_id == goal_id]})


@dataclass(frozen=True)
class Shown:
    """The numbers on screen and what they are of; kept when a newer request fails."""

    date_range: DateRange
    goal_id: str | None  # None: all goals
    correction: str
    source_key: str  # the AppState load key the report came from (for its stale mark)
    report: models.Report  # already restricted to the shown goal(s)
    analysis: Analysis
    stats: StatsSettings = field(default_factory=StatsSettings)

    def document(self, experience_id: str, experience: Any) -> dict[str, Any]:
        """The `convert-tui report --json` object of exactly these numbers."""
        return reporting.report_document(self.analysis, experience_id, experience)


def make_shown(
    report: models.Report,
    experience: Any,
    *,
    date_range: DateRange,
    goal_id: str | None,
    correction: str,
    source_key: str,
    now: float,
    stats: StatsSettings | None = None,
) -> Shown:
    stats = stats or StatsSettings()
    subset = only_goal(report, goal_id)
    analysis = reporting.analyse_report(
        subset, experience, correction=correction, now=now, settings=stats
    )
    return Shown(date_range, goal_id, correction, source_key, subset, analysis, stats)
