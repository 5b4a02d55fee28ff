"""`convert-tui status` against the sandbox: content, filters, request budget, speed, exit codes.

The expected experiences and counts come from the conftest's own signer, not the client under
test.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from support.credentials import use_sandbox

from convert_tui.cli import main

SHOWN_WITH_ALL = {"active", "paused", "scheduled"}
ALERTS = {"srm", "winner", "loser", "no-traffic", "overdue"}
VERDICTS = {"winner", "loser", "baseline leads", "not yet", "no goals", "no data"}


def status_json(capsys: pytest.CaptureFixture[str], *flags: str) -> dict[str, Any]:
    code = main(["status", "--json", *flags])
    out, err = capsys.readouterr()
    assert code == 0, err
    document = json.loads(out)
    assert list(document) == ["projects"]
    return document


def all_experiences(http: Any) -> dict[str, list[dict[str, Any]]]:
    """Every experience of every project, listed without a server-side filter."""
    result = {}
    for project in http.ok("POST", "/projects", {"page": 1, "results_per_page": 100}):
        pid = str(project["id"])
        result[pid] = http.ok("POST", f"/experiences/{pid}", {"page": 1, "results_per_page": 100})
    return result


def test_json_lists_active_experiences_with_their_leader(
    env: Any, sandbox_http: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = status_json(capsys)
    listed = all_experiences(sandbox_http)
    assert [p["id"] for p in doc["projects"]] == list(listed)
    for project in doc["projects"]:
        expected = [
            str(e["id"]) for e in listed[project["id"]] if e["experience_status"] == "active"
        ]
        assert [e["id"] for e in project["experiences"]] == expected
        for entry in project["experiences"]:
            assert list(entry) == [
                "id",
                "name",
                "type",
                "status",
                "days_running",
                "visitors",
                "leader",
                "srm",
                "srm_p_value",
                "primary_goal",
                "verdict",
                "verdict_text",
                "alerts",
                "progress",
            ]
            assert set(entry["alerts"]) <= ALERTS
            assert entry["verdict"] in VERDICTS
            assert entry["status"] == "active" and isinstance(entry["srm"], bool)
            experience = next(e for e in listed[project["id"]] if str(e["id"]) == entry["id"])
            goals = experience.get("goals") or []
            if not goals:  # personalization: nothing to compare
                assert entry["leader"] is None
                continue
            primary = next((g for g in goals if g["is_primary"]), goals[0])
            raw = sandbox_http.ok(
                "POST", f"/reports/partial/{project['id']}/{entry['id']}/{primary['goal_id']}", {}
            )
            rows = raw["goals"][0]["variations"]
            assert entry["visitors"] == sum(r["visitors"] for r in rows)
            challengers = [r for r in rows if not r["is_baseline"]]
            best = max(challengers, key=lambda r: r["conversions"] / r["visitors"])
            leader = entry["leader"]
            assert leader["variation_id"] == str(best["variation_id"])
            assert list(leader) == [
                "variation_id",
                "variation_name",
                "uplift",
                "chance_to_beat_baseline",
                "p_value",
                "significant",
            ]
            base = next(r for r in rows if r["is_baseline"])
            lift = (best["conversions"] / best["visitors"]) / (
                base["conversions"] / base["visitors"]
            ) - 1
            assert leader["uplift"] == pytest.approx(lift)
            assert 0 <= leader["chance_to_beat_baseline"] <= 1
            assert entry["days_running"] >= 0


def test_all_adds_paused_and_scheduled_only(
    env: Any, sandbox_http: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = status_json(capsys, "--all")
    listed = all_experiences(sandbox_http)
    statuses = set()
    for project in doc["projects"]:
        expected = [
            str(e["id"]) for e in listed[project["id"]] if e["experience_status"] in SHOWN_WITH_ALL
        ]
        assert [e["id"] for e in project["experiences"]] == expected
        statuses |= {e["status"] for e in project["experiences"]}
    assert statuses == SHOWN_WITH_ALL


def test_project_filter_and_srm_flag(
    env: Any, sandbox_http: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    # 1000003 is the seed's sample-ratio-mismatch showcase (completed); run it again.
    sandbox_http.ok("PUT", "/experiences/update/10001/1000003", {"experience_status": "active"})
    doc = status_json(capsys, "--project", "10001")
    assert [p["id"] for p in doc["projects"]] == ["10001"]
    flagged = {e["id"]: e["srm"] for e in doc["projects"][0]["experiences"]}
    assert flagged["1000003"] is True
    assert sum(flagged.values()) == 1


def test_request_budget_and_server_side_filter(
    env: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    env.requests.clear()
    doc = status_json(capsys, "--all")
    shown = sum(len(p["experiences"]) for p in doc["projects"])
    paths = [path for _, path in env.requests]
    reports = [p for p in paths if "/reports/" in p]
    assert len(reports) == shown  # one report per experience shown, none for hidden ones
    list_calls = [p for p in paths if "/experiences/" in p]
    assert len(list_calls) == len(doc["projects"])  # one filtered page per project
    assert len(paths) == 1 + len(doc["projects"]) + shown


def test_at_most_eight_requests_in_flight(
    sandbox_factory: Any,
    config_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    slow = use_sandbox(sandbox_factory(latency_ms=60), monkeypatch)
    state = {"now": 0, "max": 0}
    original = httpx.AsyncClient.send

    async def counting(self: httpx.AsyncClient, request: httpx.Request, **kw: Any) -> Any:
        state["now"] += 1
        state["max"] = max(state["max"], state["now"])
        try:
            return await original(self, request, **kw)
        finally:
            state["now"] -= 1

    monkeypatch.setattr(httpx.AsyncClient, "send", counting)
    doc = status_json(capsys, "--all")
    shown = sum(len(p["experiences"]) for p in doc["projects"])
    assert shown > 8
    assert state["max"] == 8  # concurrent, and never more than the client's limit
    assert slow.requests


def test_the_first_projects_are_listed_on_every_connection_at_once(
    sandbox_factory: Any,
    config_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # After the project list, the experience lists of 8 projects go out together: none of the
    # client's 8 connections waits a round (over a real network, a round is a round trip).
    use_sandbox(sandbox_factory(latency_ms=60, projects=10, experiences=30), monkeypatch)
    state = {"now": 0, "max": 0}
    original = httpx.AsyncClient.send

    async def counting(self: httpx.AsyncClient, request: httpx.Request, **kw: Any) -> Any:
        listing = "/experiences/" in request.url.path
        state["now"] += listing
        state["max"] = max(state["max"], state["now"])
        try:
            return await original(self, request, **kw)
        finally:
            state["now"] -= listing

    monkeypatch.setattr(httpx.AsyncClient, "send", counting)
    doc = status_json(capsys)
    assert len(doc["projects"]) == 10
    assert state["max"] == 8


@pytest.mark.parametrize("width", [80, 120, 200])
def test_text_output_fits_the_width_with_ids(
    env: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    doc = status_json(capsys)
    monkeypatch.setenv("COLUMNS", str(width))
    assert main(["status"]) == 0
    lines = capsys.readouterr().out.splitlines()
    entries = {e["id"]: (p, e) for p in doc["projects"] for e in p["experiences"]}
    assert len(lines) == 1 + len(entries)
    assert lines[0].split()[:2] in (["PROJECT/EXP", "EXPERIENCE"], ["PROJECT", "PROJECT/EXP"])
    assert all(len(line) <= width for line in lines), max(lines, key=len)
    seen = set()
    for line in lines[1:]:
        ids = next(word for word in line.split() if "/" in word and word[0].isdigit())
        project_id, experience_id = ids.split("/")
        project, entry = entries[experience_id]
        assert project["id"] == project_id
        seen.add(experience_id)
        assert f"{entry['visitors']:,}" in line  # numbers whole, never cut
        assert entry["name"][:3] in line
    assert seen == set(entries)


def test_a_significant_loser_is_called_a_loser_not_a_leader(
    env: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = status_json(capsys)
    losers = [e for p in doc["projects"] for e in p["experiences"] if e["verdict"] == "loser"]
    assert losers and all("loser" in e["alerts"] for e in losers)
    monkeypatch.setenv("COLUMNS", "120")
    assert main(["status"]) == 0
    out = capsys.readouterr().out
    assert "LEADER" not in out
    for entry in losers:
        line = next(line for line in out.splitlines() if f"/{entry['id']}" in line)
        assert "loser" in line and "LOSS" in line


def test_alert_exit_codes(env: Any, capsys: pytest.CaptureFixture[str], sandbox_http: Any) -> None:
    doc = status_json(capsys)
    present = {a for p in doc["projects"] for e in p["experiences"] for a in e["alerts"]}
    assert "winner" in present
    assert main(["status", "--alert", "winner"]) == 1
    absent = sorted(ALERTS - present)
    if absent:
        assert main(["status", "--alert", ",".join(absent)]) == 0
    capsys.readouterr()
    assert main(["status", "--alert", "srm,nonsense"]) == 2
    err = capsys.readouterr().err
    assert "nonsense" in err and "srm,winner,loser,no-traffic,overdue" in err
    # Errors beat alerts: a project that does not exist is exit 5, not 1.
    assert main(["status", "--alert", "winner", "--project", "99999"]) == 5


def test_srm_alert_on_a_running_mismatch(
    env: Any, sandbox_http: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    sandbox_http.ok("PUT", "/experiences/update/10001/1000003", {"experience_status": "active"})
    doc = status_json(capsys, "--project", "10001")
    entry = next(e for e in doc["projects"][0]["experiences"] if e["id"] == "1000003")
    assert "srm" in entry["alerts"]
    assert main(["status", "--project", "10001", "--alert", "srm"]) == 1


def test_no_textual_import_and_quick(env: Any, tmp_path: Path) -> None:
    code = (
        "import json, sys, contextlib, io\n"
        "from convert_tui.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    rc = main(['status'])\n"
        "print(json.dumps([rc, sorted(m for m in sys.modules if m.split('.')[0] == 'textual')]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=60,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    rc, textual_modules = json.loads(result.stdout.strip().splitlines()[-1])
    assert rc == 0 and textual_modules == []


def test_exit_codes(
    env: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["status", "--project", "99999"]) == 5
    assert main(["status", "--project", "a/b"]) == 2
    monkeypatch.setenv("CONVERT_SECRET_KEY", "nope")
    assert main(["status"]) == 3
    monkeypatch.setenv("CONVERT_SECRET_KEY", env.secret)
    monkeypatch.setenv("CONVERT_API_BASE_URL", "http://127.0.0.1:9/api/v1")
    assert main(["status"]) == 4
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 4 and all(line.startswith("convert-tui: error:") for line in lines)


def test_goals_linked_by_id_only_are_named_from_the_project(
    env: Any, sandbox_http: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """Another server may link an experience's goals by id alone: the primary goal is then
    named from the project's goals, listed once, and only for that project."""
    for record in env.store.data("10001").experiences.values():
        for link in record.get("goals") or []:
            link.pop("goal_name", None)
    names = {str(g["goal_id"]): g["goal_name"] for g in sandbox_http.ok("POST", "/goals/10001", {})}
    env.requests.clear()
    doc = status_json(capsys)
    project = next(p for p in doc["projects"] if p["id"] == "10001")
    listed = sandbox_http.ok("POST", "/experiences/10001", {"results_per_page": 100})
    for entry in project["experiences"]:
        record = next(e for e in listed if str(e["id"]) == entry["id"])
        primary = next((g for g in record.get("goals") or [] if g["is_primary"]), None)
        if primary is not None:
            assert entry["primary_goal"] == names[str(primary["goal_id"])]
    goal_lists = [path for _, path in env.requests if path.startswith("/api/v1/goals/")]
    assert goal_lists == ["/api/v1/goals/10001"]


def test_statistics_settings_apply_to_status(env: Any, capsys: pytest.CaptureFixture[str]) -> None:
    def called(doc: dict[str, Any], verdict: str) -> set[str]:
        return {
            e["id"] for p in doc["projects"] for e in p["experiences"] if e["verdict"] == verdict
        }

    fixed = status_json(capsys)
    sequential = status_json(capsys, "--sequential")
    strict = status_json(capsys, "--confidence", "99")
    # Always-valid results are more careful than a fixed horizon read at any time.
    assert called(sequential, "winner") <= called(fixed, "winner")
    assert called(strict, "winner") <= called(fixed, "winner")
    assert main(["status", "--tuning", "100"]) == 2
    assert "--tuning needs --sequential" in capsys.readouterr().err


def test_watch_redraws_and_marks_changed_rows(
    env: Any, sandbox_http: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """--watch N redraws every N seconds until Ctrl+C; a row whose verdict or alerts changed
    since the last draw starts with '*'."""
    from convert_tui.commands import status as status_command

    rounds: list[float] = []
    collecting: list[bool] = []

    async def sleep(seconds: float) -> None:
        rounds.append(seconds)
        collecting.append(gc.isenabled())  # a watch runs for hours: cycles must be freed
        if len(rounds) == 1:  # between the draws, something changes at the server
            sandbox_http.ok("PUT", "/experiences/update/10001/1000013", {"maxrun": 1})
            return
        raise KeyboardInterrupt  # Ctrl+C after the second draw

    monkeypatch.setattr(status_command.asyncio, "sleep", sleep)
    assert main(["status", "--watch", "5"]) == 0
    out = capsys.readouterr().out
    draws = out.split("convert-tui status, every 5 s")[1:]
    assert len(draws) == 2 and rounds == [5.0, 5.0]
    assert collecting == [True, True]
    first, second = draws
    assert not any(line.startswith("* ") for line in first.splitlines())
    changed = [line for line in second.splitlines() if line.startswith("* ")]
    assert len(changed) == 1 and "/1000013" in changed[0] and "LATE" in changed[0]
    assert main(["status", "--watch", "0"]) == 2


def test_an_experience_a_server_lists_twice_is_analysed_both_times(
    env: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A server that repeats a record in a list (a paging bug) still gets a row with numbers
    # for each copy: the second copy was left as a row without its report, "no data".
    from convert_tui.api._experiences import ExperienceOperations

    once = [e for p in status_json(capsys)["projects"] for e in p["experiences"]]
    listed = ExperienceOperations.list_experiences

    async def twice(self: Any, *args: Any, **kwargs: Any) -> Any:
        records = await listed(self, *args, **kwargs)
        return [record for record in records for _copy in (1, 2)]

    monkeypatch.setattr(ExperienceOperations, "list_experiences", twice)
    doubled = [e for p in status_json(capsys)["projects"] for e in p["experiences"]]
    assert any(entry["visitors"] > 0 for entry in once)
    assert doubled[::2] == once
    assert doubled[1::2] == once


def test_json_analyses_reports_in_bounded_runs_with_the_same_rows(
    env: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # `--json` holds reports and analyses them in runs (faster than one between two answers):
    # the document must not change, and no more than a run of reports may be held at once.
    from convert_tui.commands import status
    from convert_tui.reporting import collect

    fetched, analysed, most_held = 0, 0, 0
    real_report_for, real_status_row = collect.report_for, collect.status_row

    async def counted_report_for(*args: Any, **kwargs: Any) -> Any:
        nonlocal fetched
        report = await real_report_for(*args, **kwargs)
        fetched += 1
        return report

    def counted_status_row(*args: Any, **kwargs: Any) -> Any:
        nonlocal analysed, most_held
        most_held = max(most_held, fetched - analysed)
        analysed += 1
        return real_status_row(*args, **kwargs)

    monkeypatch.setattr(collect, "report_for", counted_report_for)
    monkeypatch.setattr(collect, "status_row", counted_status_row)
    monkeypatch.setattr(status, "ANALYSED_TOGETHER", 3)
    in_runs = status_json(capsys)
    assert analysed == fetched > 3 and most_held == 3
    monkeypatch.setattr(status, "ANALYSED_TOGETHER", 1)
    assert status_json(capsys) == in_runs
