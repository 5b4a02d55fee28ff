"""An experience's status row: verdict, alerts, progress — computed once, here, for the overview,
the tree's summaries and `status` (text and JSON).

Plain data (a NamedTuple of strings and numbers: hundreds are built per load) so the overview
can cache rows on disk and draw them before pydantic loads; `status_row` builds one from the
API records.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from convert_tui.api import models
    from convert_tui.stats import GoalAnalysis, StatsSettings, Verdict

# The alert names of `status --alert` and the overview's tags, in the order they are shown.
ALERTS = ("srm", "winner", "loser", "no-traffic", "overdue")
NO_TRAFFIC_DAYS = 3  # no visitors in the last 3 calendar days (UTC, today included)
RUNNING = "active"


class StatusRow(NamedTuple):
    """One experience as the overview and `status` show it. `has_report` False: its report is
    not in (yet, or it was not asked for: rows outside the running sections load on view)."""

    project_id: str
    project_name: str | None
    experience_id: str
    experience_name: str | None
    type: str | None
    status: str | None
    start_time: float | None = None
    end_time: float | None = None
    days_running: int | None = None
    has_report: bool = False
    visitors: int | None = None
    goal_name: str | None = None
    verdict: str = "no data"  # a stats.VerdictKind value
    verdict_short: str = ""
    verdict_long: str = ""
    verdict_subject: str | None = None  # the variation the verdict names
    verdict_effect: str = ""  # its uplift as the verdict words it ("+12.3%")
    verdict_interval: str = ""  # that uplift's interval ("[8.1%, 16.5%]"), shown where it fits
    leader_id: str | None = None
    leader_name: str | None = None
    uplift: float | None = None
    uplift_ci_low: float | None = None
    uplift_ci_high: float | None = None
    chance_to_beat: float | None = None
    chance_text: str = ""  # chance_to_beat as shown (">99.9%"): drawing needs no statistics
    p_value: float | None = None
    significant: bool | None = None
    progress: float | None = None
    srm_p_value: float | None = None
    alerts: tuple[str, ...] = ()

    @property
    def key(self) -> tuple[str, str]:
        return (self.project_id, self.experience_id)

    @property
    def running(self) -> bool:
        return self.status == RUNNING

    def to_json(self) -> dict[str, Any]:
        document = self._asdict()
        document["alerts"] = list(self.alerts)
        return document

    @classmethod
    def from_json(cls, document: Mapping[str, Any]) -> StatusRow | None:
        """A row from the disk cache; None when it does not read as one (a cache is a hint)."""
        try:
            values = {name: document[name] for name in cls._fields if name in document}
            values["alerts"] = tuple(str(a) for a in values.get("alerts", ()) if a in ALERTS)
            row = cls(**values)
        except (TypeError, KeyError):
            return None
        if not isinstance(row.project_id, str) or not isinstance(row.experience_id, str):
            return None
        return row


def _is_srm(p_value: float | None) -> bool:
    from convert_tui.stats import is_srm  # (stats loads with the first analysis, not at start)

    return is_srm(p_value)


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if math.isfinite(number) and number > 0 else None


def goal_name_for(
    experience: models.Experience,
    goal_id: str | None,
    report_name: str | None,
    project_goals: Mapping[str, str] | None,
) -> str | None:
    """The primary goal's name: the report's, the experience's link, or the project's goal
    list (a server may link goals by id only), else the id itself."""
    if report_name:
        return report_name
    for link in experience.goals or []:
        if link.goal_id == goal_id and link.goal_name:
            return link.goal_name
    if goal_id is not None and project_goals and project_goals.get(goal_id):
        return project_goals[goal_id]
    return goal_id


def _no_traffic(report: models.Report, goal_id: str | None, now: float) -> bool:
    """No visitors in the last NO_TRAFFIC_DAYS calendar days (UTC) on the goal's daily rows; a
    report whose newest row is older counts too. Without daily rows nothing can be said."""
    goal = next((g for g in report.goals if g.goal_id == goal_id), None)
    if goal is None:
        return False
    today = dt.datetime.fromtimestamp(now, dt.UTC).date()
    first = (today - dt.timedelta(days=NO_TRAFFIC_DAYS - 1)).isoformat()
    rows = False
    for variation in goal.variations:
        for day in reversed(variation.daily):  # (oldest first as sent: a recent one sooner)
            rows = True
            if day.visitors > 0 and str(day.date)[:10] >= first:
                return False
    return rows


def _overdue(experience: models.Experience, days: int | None, visitors: int | None) -> bool:
    maxrun, maxvis = _number(experience.maxrun), _number(experience.maxvis)
    past_days = maxrun is not None and days is not None and days > maxrun
    past_visitors = maxvis is not None and visitors is not None and visitors > maxvis
    return past_days or past_visitors


def _alerts(
    experience: models.Experience,
    verdict: Verdict,
    goal: GoalAnalysis | None,
    *,
    no_traffic: bool,
    overdue: bool,
) -> tuple[str, ...]:
    found = {
        "srm": goal is not None and _is_srm(goal.srm_p_value),
        "winner": bool(verdict.winners),
        "loser": bool(verdict.losers),
        "no-traffic": experience.experience_status == RUNNING and no_traffic,
        "overdue": experience.experience_status == RUNNING and overdue,
    }
    return tuple(name for name in ALERTS if found[name])


def status_row(
    project: models.Project | None,
    experience: models.Experience,
    report: models.Report | None,
    *,
    project_goals: Mapping[str, str] | None = None,
    now: float | None = None,
    project_id: str | None = None,
    settings: StatsSettings | None = None,
) -> StatusRow:
    """The row of `experience` (of `project`) with its report (None: not in yet), analysed
    with `settings` (level, sides, sequential; None: the experience's own and the defaults)."""
    from convert_tui.reporting.analysed import analyse_report, days_running, primary_goal
    from convert_tui.stats import Verdict, VerdictKind, classify

    moment = time.time() if now is None else now
    days = days_running(experience, moment)
    record: dict[str, Any] = {
        "project_id": str(project.id if project is not None else project_id),
        "project_name": project.name if project is not None else None,
        "experience_id": str(experience.id),
        "experience_name": experience.name,
        "type": experience.experience_type,
        "status": experience.experience_status,
        "start_time": _number(experience.start_time),
        "end_time": _number(experience.end_time),
        "days_running": days,
    }
    no_goals = experience.experience_type == "personalization" or not experience.goals
    if report is None:
        if no_goals:
            return StatusRow(**record, **_verdict_fields(classify(None)), has_report=False)
        return StatusRow(**record)
    analysis = analyse_report(report, experience, now=moment, settings=settings, summary=True)
    goal = primary_goal(analysis, report, experience)
    verdict = classify(goal, confidence=analysis.confidence) if goal is not None else (
        classify(None) if no_goals else Verdict(VerdictKind.NO_DATA)
    )  # fmt: skip
    visitors = sum(max(0, v.visitors) for v in goal.variations) if goal is not None else 0
    report_goal = next((g for g in report.goals if goal and g.goal_id == goal.goal_id), None)
    goal_id = goal.goal_id if goal is not None else None
    return StatusRow(
        **record,
        **_verdict_fields(verdict, goal),
        has_report=True,
        visitors=visitors,
        goal_name=goal_name_for(
            experience, goal_id, report_goal.goal_name if report_goal else None, project_goals
        ),
        progress=goal.progress if goal is not None else None,
        srm_p_value=goal.srm_p_value if goal is not None else None,
        alerts=_alerts(
            experience,
            verdict,
            goal,
            no_traffic=_no_traffic(report, goal_id, moment),
            overdue=_overdue(experience, days, visitors),
        ),
    )


def _verdict_fields(verdict: Verdict, goal: GoalAnalysis | None = None) -> dict[str, Any]:
    """The verdict's words and the leader's numbers (the leader: the challenger with the
    highest conversion rate, as `status --json` has always named it)."""
    from convert_tui.stats import VerdictKind, format_chance, format_interval, format_percent

    named = verdict.variation if verdict.kind in (VerdictKind.WINNER, VerdictKind.LOSER) else None
    leader = goal.leader if goal is not None and goal.leader is not None else None
    if leader is not None and leader.visitors <= 0:
        leader = None
    return {
        "verdict": verdict.kind.value,
        "verdict_short": verdict.short(),
        "verdict_long": verdict.long(),
        "verdict_subject": (named.variation_name or named.variation_id) if named else None,
        "verdict_effect": (
            format_percent(named.uplift, signed=True) if named and named.uplift is not None else ""
        ),
        "verdict_interval": (
            format_interval(named.uplift_ci_low, named.uplift_ci_high) or "" if named else ""
        ),
        "leader_id": leader.variation_id if leader else None,
        "leader_name": (leader.variation_name or leader.variation_id) if leader else None,
        "uplift": leader.uplift if leader else None,
        "uplift_ci_low": leader.uplift_ci_low if leader else None,
        "uplift_ci_high": leader.uplift_ci_high if leader else None,
        "chance_to_beat": leader.chance_to_beat_baseline if leader else None,
        "chance_text": (
            format_chance(leader.chance_to_beat_baseline)
            if leader and leader.chance_to_beat_baseline is not None
            else ""
        ),
        "p_value": leader.p_value if leader else None,
        "significant": bool(leader.significant) if leader else None,
    }


def with_status(row: StatusRow, status: str) -> StatusRow:
    """The row after a status change (alerts of running experiences only while running)."""
    alerts = row.alerts if status == RUNNING else tuple(
        a for a in row.alerts if a not in ("no-traffic", "overdue")
    )  # fmt: skip
    return row._replace(status=status, alerts=alerts)


# --- sections of the overview -------------------------------------------------------------------

SECTIONS = ("running", "attention", "scheduled", "ended", "all")
SECTION_TITLES = {
    "running": "Running",
    "attention": "Needs attention",
    "scheduled": "Scheduled & paused",
    "ended": "Ended",
    "all": "All",
}
ENDED_WINDOW_DAYS = 30


def in_section(row: StatusRow, section: str, *, now: float, ended_days: int = 30) -> bool:
    """Whether `row` belongs to an overview section (Ended: completed in the last
    `ended_days` days; one without an end time is shown, not hidden)."""
    if section == "running":
        return row.running
    if section == "attention":
        return row.running and bool(row.alerts)
    if section == "scheduled":
        return row.status in ("scheduled", "paused")
    if section == "ended":
        if row.status != "completed":
            return False
        return row.end_time is None or now - row.end_time <= ended_days * 86400
    return True


def wants_report(status: str | None) -> bool:
    """Rows whose report loads with the overview (running and paused); the others load when
    they are on screen."""
    return status in ("active", "paused")


def row_json(row: StatusRow) -> dict[str, Any]:
    """One experience of `status --json` (the first eight keys as before, then the new ones)."""
    leader = None
    if row.leader_id is not None:
        leader = {
            "variation_id": row.leader_id,
            "variation_name": row.leader_name,
            "uplift": row.uplift,
            "chance_to_beat_baseline": row.chance_to_beat,
            "p_value": row.p_value,
            "significant": bool(row.significant),
        }
    return {
        "id": row.experience_id,
        "name": row.experience_name,
        "type": row.type,
        "status": row.status,
        "days_running": row.days_running,
        "visitors": row.visitors or 0,
        "leader": leader,
        "srm": _is_srm(row.srm_p_value),
        "srm_p_value": row.srm_p_value,
        "primary_goal": row.goal_name,
        "verdict": row.verdict,
        "verdict_text": row.verdict_long or row.verdict_short,
        "alerts": list(row.alerts),
        "progress": row.progress,
    }
