"""The one-line result in the tree's detail pane and the experience screen says what the
report says (#13 items 5 and 6): the same verdict, a quiet mark while the report loads, and
'no goal to measure' for an experience without goals."""

from __future__ import annotations

from typing import Any

from convert_tui.api import models
from convert_tui.reporting import analyse_report, primary_goal
from convert_tui.stats import verdict
from convert_tui.ui.explorer.records import result_line

PROJECT = "10001"
NOT_YET = "1000013"  # active, 250k visitors, no significant difference yet (seed 1)
WINNER = "1000001"
PERSONALIZATION = "1000006"
NOW = 1_763_200_000.0  # 2026-11-15


def records(http: Any, eid: str) -> tuple[models.Experience, models.Report | None]:
    raw = http.ok("GET", f"/experiences/get/{PROJECT}/{eid}")
    experience = models.Experience.model_validate(raw)
    goals = raw.get("goals") or []
    if not goals:
        return experience, None
    primary = next(g for g in goals if g["is_primary"])
    path = f"/reports/partial/{PROJECT}/{eid}/{primary['goal_id']}"
    return experience, models.Report.model_validate(http.ok("POST", path, {}))


def report_says(experience: models.Experience, report: models.Report) -> str:
    analysis = analyse_report(report, experience, now=NOW)
    goal = primary_goal(analysis, report, experience)
    assert goal is not None
    return verdict(goal, confidence=analysis.confidence).splitlines()[0]


def test_the_short_result_is_the_reports_verdict(sandbox_http: Any) -> None:
    for eid in (NOT_YET, WINNER):
        experience, report = records(sandbox_http, eid)
        assert report is not None
        shown = result_line(experience, report, NOW).plain
        assert report_says(experience, report) in shown
        assert "leader" not in shown
    experience, report = records(sandbox_http, NOT_YET)
    assert report is not None
    assert "Not yet: about" in result_line(experience, report, NOW).plain


def test_no_goals_and_a_quiet_mark_while_loading(sandbox_http: Any) -> None:
    experience, report = records(sandbox_http, PERSONALIZATION)
    assert report is None
    assert "no goal to measure" in result_line(experience, None, NOW).plain
    experience, _report = records(sandbox_http, NOT_YET)
    loading = result_line(experience, None, NOW).plain
    assert loading == "…"  # not "no report loaded", not "not enough data yet"
