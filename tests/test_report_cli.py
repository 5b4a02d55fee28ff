"""`convert-tui report` against the sandbox: JSON/CSV/table output, options, exit codes.

Reference numbers come from the raw report fetched with the conftest's own signer (not the
client under test) and from scipy.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from scipy import stats as sps

from convert_tui.api import ConvertClient, models
from convert_tui.cli import main
from convert_tui.reporting import day_range, printable

PROJECT = "10001"
EXPERIENCE = "1000001"  # active a/b, revenue primary goal plus a click goal (seed 1)

VARIATION_KEYS = [
    "variation_id",
    "variation_name",
    "is_baseline",
    "visitors",
    "conversions",
    "conversion_rate",
    "uplift",
    "uplift_ci_low",
    "uplift_ci_high",
    "p_value",
    "chance_to_beat_baseline",
    "required_visitors",
    "significant",
    "expected_loss",
    "uplift_credible_low",
    "uplift_credible_high",
    "progress",
    "days_to_go",
]
REVENUE_KEYS = [
    "revenue",
    "revenue_per_visitor",
    "rpv_uplift",
    "rpv_uplift_ci_low",
    "rpv_uplift_ci_high",
    "rpv_p_value",
    "average_order_value",
    "products_per_visitor",
]
COMPARATIVE = [
    "uplift",
    "uplift_ci_low",
    "uplift_ci_high",
    "p_value",
    "chance_to_beat_baseline",
    "required_visitors",
    "significant",
]


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    code = main(["report", *argv, "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert err == ""
    document = json.loads(out)  # exactly one JSON value: a second one would fail to parse
    assert isinstance(document, dict)
    return document


def test_json_shape_and_numbers(
    env: Any, sandbox_http: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = run_json(capsys, PROJECT, EXPERIENCE)
    raw = sandbox_http.ok("POST", f"/reports/full/{PROJECT}/{EXPERIENCE}", {})
    experience = sandbox_http.ok("GET", f"/experiences/get/{PROJECT}/{EXPERIENCE}")
    assert list(doc) == [
        "experience_id",
        "experience_name",
        "confidence",
        "sides",
        "sequential",
        "sequential_tuning",
        "correction",
        "goals",
    ]
    assert doc["experience_id"] == EXPERIENCE and doc["experience_name"] == experience["name"]
    confidence = (experience.get("confidence") or 95) / 100
    assert doc["confidence"] == pytest.approx(confidence) and doc["correction"] == "none"
    assert [g["goal_id"] for g in doc["goals"]] == [str(g["goal_id"]) for g in raw["goals"]]
    alpha = 1 - confidence
    for goal, raw_goal in zip(doc["goals"], raw["goals"], strict=True):
        assert list(goal) == ["goal_id", "goal_name", "goal_type", "srm_p_value", "variations"]
        revenue = raw_goal["goal_type"] == "revenue"
        base = next(v for v in raw_goal["variations"] if v["is_baseline"])
        for v, raw_v in zip(goal["variations"], raw_goal["variations"], strict=True):
            assert list(v) == VARIATION_KEYS + (REVENUE_KEYS if revenue else [])
            assert isinstance(v["variation_id"], str)
            assert v["visitors"] == raw_v["visitors"] and v["conversions"] == raw_v["conversions"]
            rate = raw_v["conversions"] / raw_v["visitors"]
            assert v["conversion_rate"] == pytest.approx(rate)
            if v["is_baseline"]:
                assert all(v[key] is None for key in COMPARATIVE)
                continue
            # the delta-method Welch test, rebuilt with scipy
            pb = base["conversions"] / base["visitors"]
            nb, nv = base["visitors"], raw_v["visitors"]
            se = math.sqrt(
                rate * (1 - rate) / (nv * pb**2) + pb * (1 - pb) * rate**2 / (nb * pb**4)
            )
            a, b = rate * (1 - rate) / nv, pb * (1 - pb) / nb
            df = (a + b) ** 2 / (a * a / (nv - 1) + b * b / (nb - 1))
            lift = rate / pb - 1
            assert v["uplift"] == pytest.approx(lift)
            assert v["p_value"] == pytest.approx(2 * sps.t.sf(abs(lift / se), df), rel=1e-6)
            half = sps.t.ppf(1 - alpha / 2, df) * se
            assert v["uplift_ci_low"] == pytest.approx(lift - half, rel=1e-6)
            assert v["uplift_ci_high"] == pytest.approx(lift + half, rel=1e-6)
            assert 0 <= v["chance_to_beat_baseline"] <= 1
            assert isinstance(v["significant"], bool)
            if revenue:
                assert v["revenue_per_visitor"] == pytest.approx(raw_v["revenue"] / nv)
                assert v["average_order_value"] == pytest.approx(
                    raw_v["revenue"] / raw_v["conversions"]
                )
                rpv_b = base["revenue"] / nb
                assert v["rpv_uplift"] == pytest.approx(raw_v["revenue"] / nv / rpv_b - 1)
        shares = [
            next(
                x["percentage"]
                for x in experience["variations"]
                if str(x["id"]) == v["variation_id"]
            )
            for v in goal["variations"]
        ]
        visitors = [v["visitors"] for v in goal["variations"]]
        expected = [sum(visitors) * s / sum(shares) for s in shares]
        assert goal["srm_p_value"] == pytest.approx(sps.chisquare(visitors, expected).pvalue)


def test_goal_uses_the_partial_report(env: Any, capsys: pytest.CaptureFixture[str]) -> None:
    full = run_json(capsys, PROJECT, EXPERIENCE)
    goal_id = full["goals"][-1]["goal_id"]
    env.requests.clear()
    doc = run_json(capsys, PROJECT, EXPERIENCE, "--goal", goal_id)
    assert [g["goal_id"] for g in doc["goals"]] == [goal_id]
    paths = [path for _, path in env.requests]
    assert any(p.endswith(f"/reports/partial/{PROJECT}/{EXPERIENCE}/{goal_id}") for p in paths)
    assert not any("/reports/full/" in p for p in paths)
    # one comparison family fewer: p-values equal without correction
    assert doc["goals"][0]["variations"] == full["goals"][-1]["variations"]


def test_dates_become_utc_day_bounds(
    env: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[int | None, int | None]] = []
    original = ConvertClient.get_full_report

    async def spy(self: ConvertClient, p: Any, e: Any, start: Any = None, end: Any = None) -> Any:
        seen.append((start, end))
        return await original(self, p, e, start, end)

    monkeypatch.setattr(ConvertClient, "get_full_report", spy)
    whole = run_json(capsys, PROJECT, EXPERIENCE)
    part = run_json(capsys, PROJECT, EXPERIENCE, "--from", "2026-11-01", "--to", "2026-11-02")
    start = int(dt.datetime(2026, 11, 1, tzinfo=dt.UTC).timestamp())
    end = int(dt.datetime(2026, 11, 3, tzinfo=dt.UTC).timestamp()) - 1
    assert seen == [(None, None), (start, end)]
    assert day_range("2026-11-01", "2026-11-02") == (start, end)
    assert day_range(None, None) == (None, None)
    for g_whole, g_part in zip(whole["goals"], part["goals"], strict=True):
        for v_whole, v_part in zip(g_whole["variations"], g_part["variations"], strict=True):
            assert 0 < v_part["visitors"] < v_whole["visitors"]


def test_corrections(env: Any, capsys: pytest.CaptureFixture[str]) -> None:
    plain = run_json(capsys, PROJECT, EXPERIENCE)
    bonf = run_json(capsys, PROJECT, EXPERIENCE, "--correction", "bonferroni")
    sidak = run_json(capsys, PROJECT, EXPERIENCE, "--correction", "sidak")
    assert (bonf["correction"], sidak["correction"]) == ("bonferroni", "sidak")
    m = sum(len(g["variations"]) - 1 for g in plain["goals"])
    assert m >= 2
    for gp, gb, gs in zip(plain["goals"], bonf["goals"], sidak["goals"], strict=True):
        for vp, vb, vs in zip(gp["variations"], gb["variations"], gs["variations"], strict=True):
            if vp["is_baseline"]:
                continue
            assert vb["p_value"] == pytest.approx(min(1.0, m * vp["p_value"]))
            assert vs["p_value"] == pytest.approx(1 - (1 - vp["p_value"]) ** m, abs=1e-15)
            assert vb["uplift_ci_low"] < vp["uplift_ci_low"] < vp["uplift"]


def test_settings_flags_change_every_test_and_are_reported(
    env: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    plain = run_json(capsys, PROJECT, EXPERIENCE)
    assert (plain["sides"], plain["sequential"], plain["sequential_tuning"]) == (2, False, None)
    one = run_json(capsys, PROJECT, EXPERIENCE, "--sides", "1", "--confidence", "0.9")
    assert (one["confidence"], one["sides"]) == (0.9, 1)
    seq = run_json(capsys, PROJECT, EXPERIENCE, "--sequential", "--tuning", "20000")
    assert (seq["sequential"], seq["sequential_tuning"]) == (True, 20000)
    assert run_json(capsys, PROJECT, EXPERIENCE, "--confidence", "99")["confidence"] == 0.99
    for gp, go, gs in zip(plain["goals"], one["goals"], seq["goals"], strict=True):
        for vp, vo, vs in zip(gp["variations"], go["variations"], gs["variations"], strict=True):
            if vp["is_baseline"] or vp["p_value"] is None:
                continue
            assert vo["uplift_ci_high"] is None  # +inf
            assert vs["uplift_ci_low"] < vp["uplift_ci_low"] and vs["p_value"] >= vp["p_value"]
            assert vp["uplift_credible_low"] < vp["uplift"] < vp["uplift_credible_high"]
            assert vp["expected_loss"] >= 0
            if vp.get("rpv_p_value") is not None:
                assert vo["rpv_uplift_ci_high"] is None  # revenue follows the settings too
                assert vs["rpv_p_value"] >= vp["rpv_p_value"]


def test_table_shows_the_settings_the_new_figures_and_the_early_read_note(
    env: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = run_json(capsys, PROJECT, EXPERIENCE)
    assert main(["report", PROJECT, EXPERIENCE]) == 0
    out = capsys.readouterr().out
    assert "two-sided" in out and "Exp. loss" in out and "Credible" in out and "Progress" in out
    early = any(
        v["progress"] is not None and v["progress"] < 1 for v in doc["goals"][0]["variations"]
    )
    assert ("not a decision" in out) == early
    assert main(["report", PROJECT, EXPERIENCE, "--sequential"]) == 0
    out = capsys.readouterr().out
    assert "sequential (tuning 5000)" in out and "not a decision" not in out


def test_csv(env: Any, capsys: pytest.CaptureFixture[str]) -> None:
    doc = run_json(capsys, PROJECT, EXPERIENCE)
    assert main(["report", PROJECT, EXPERIENCE, "--csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == sum(len(g["variations"]) for g in doc["goals"])
    first = rows[0]
    assert first["experience_id"] == EXPERIENCE and first["goal_id"] == doc["goals"][0]["goal_id"]
    assert set(VARIATION_KEYS + REVENUE_KEYS) <= set(first)
    assert first["uplift"] == ""  # the baseline's comparative fields are empty
    challenger = next(r for r in rows if r["is_baseline"] == "False")
    assert float(challenger["p_value"]) == pytest.approx(
        doc["goals"][0]["variations"][1]["p_value"]
    )


def test_table_prints_api_text_literally(
    env: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    original = ConvertClient.get_experience

    async def tampered(self: ConvertClient, p: Any, e: Any) -> models.Experience:
        experience = await original(self, p, e)
        experience.name = "[bold red]Loud[/] \x1b[31mred\x1b[0m\x07 \u202eevil"
        return experience

    monkeypatch.setattr(ConvertClient, "get_experience", tampered)
    assert main(["report", PROJECT, EXPERIENCE]) == 0
    out = capsys.readouterr().out
    assert "[bold red]Loud[/]" in out  # markup shown, not interpreted
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "\\x1b[31mred" in out
    assert "Goal Purchase" in out and "Original" in out
    assert any(line.startswith(("Winner:", "Loser:", "Not yet:")) for line in out.splitlines())


def test_printable() -> None:
    assert printable("plain [b]x[/b] café") == "plain [b]x[/b] café"
    assert printable("a\x1b[2Jb\nc\u202e") == "a\\x1b[2Jb\\x0ac\\u202e"
    assert printable(None) == ""


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["report", PROJECT, EXPERIENCE, "--from", "2026-13-01"], "invalid date"),
        (["report", PROJECT, EXPERIENCE, "--to", "yesterday"], "invalid date"),
        (["report", PROJECT, EXPERIENCE, "--from", "2026-11-05", "--to", "2026-11-01"], "after"),
        (["report", "10/01", EXPERIENCE], "invalid project id"),
        (["report", PROJECT, "1 2"], "invalid experience id"),
        (["report", PROJECT, EXPERIENCE, "--goal", ""], "invalid goal id"),
        (["report", PROJECT, EXPERIENCE, "--confidence", "100"], "90, 95 or 99"),
        (["report", PROJECT, EXPERIENCE, "--confidence", "high"], "90, 95 or 99"),
        (["report", PROJECT, EXPERIENCE, "--sequential", "--tuning", "-3"], "positive number"),
        (["report", PROJECT, EXPERIENCE, "--tuning", "100"], "--tuning needs --sequential"),
    ],
)
def test_usage_errors_exit_2(
    env: Any, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    env.requests.clear()
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == "" and message in err and len(err.strip().splitlines()) == 1
    assert env.requests == []  # nothing sent


def test_not_found_auth_and_network_exit_codes(
    env: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["report", PROJECT, "999999999", "--json"]) == 5
    out, err = capsys.readouterr()
    assert out == "" and len(err.strip().splitlines()) == 1
    monkeypatch.setenv("CONVERT_SECRET_KEY", "wrong-secret")
    assert main(["report", PROJECT, EXPERIENCE]) == 3
    assert "wrong-secret" not in capsys.readouterr().err
    monkeypatch.setenv("CONVERT_SECRET_KEY", env.secret)
    monkeypatch.setenv("CONVERT_API_BASE_URL", "http://127.0.0.1:9/api/v1")  # discard port
    assert main(["report", PROJECT, EXPERIENCE]) == 4
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_bad_ids_in_a_subprocess_never_show_a_traceback(env: Any, tmp_path: Path) -> None:
    environment = dict(os.environ)
    for argv, code in ((["report", "../1", EXPERIENCE], 2), (["report", PROJECT, "424242"], 5)):
        result = subprocess.run(
            [sys.executable, "-m", "convert_tui.cli", *argv],
            capture_output=True,
            text=True,
            env=environment,
            timeout=60,
            cwd=tmp_path,
        )
        assert result.returncode == code, result.stderr
        assert "Traceback" not in result.stderr
        assert result.stdout == "" and len(result.stderr.strip().splitlines()) == 1


def test_at_80_columns_each_goal_is_stacked_and_no_number_is_cut(
    env: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The overview issue: `report P E` at 80 columns takes a stacked layout when the table would
    # not fit, numbers never cut. Rich squeezed the 13 columns into 80 and cut every figure
    # ("14…" for 143,188); piped, COLUMNS was not even read (the table stayed 149 wide).
    doc = run_json(capsys, PROJECT, EXPERIENCE)
    monkeypatch.setenv("COLUMNS", "80")
    assert main(["report", PROJECT, EXPERIENCE]) == 0
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "…" not in out and "┃" not in out  # (no squeezed table)
    for goal in doc["goals"]:
        for v in goal["variations"]:
            assert f"Visitors {v['visitors']:,}   Conv. {v['conversions']:,}" in out
            if not v["is_baseline"]:
                p = v["p_value"]
                assert f"p {'<0.0001' if p < 0.0001 else f'{p:.4f}'}" in out
    assert out.count("(baseline)") == len(doc["goals"])


def test_a_table_that_fits_stays_a_table(
    env: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    assert main(["report", PROJECT, EXPERIENCE]) == 0
    wide = capsys.readouterr().out
    assert "┃ Variation" in wide and "(baseline)" not in wide
    monkeypatch.delenv("COLUMNS")  # piped without COLUMNS: the wide table, as before
    assert main(["report", PROJECT, EXPERIENCE]) == 0
    assert capsys.readouterr().out == wide
    for nonsense in ("0", "abc"):  # (Rich took COLUMNS=0 as a width and printed nothing)
        monkeypatch.setenv("COLUMNS", nonsense)
        assert main(["report", PROJECT, EXPERIENCE]) == 0
        assert capsys.readouterr().out == wide
