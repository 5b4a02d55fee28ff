"""Report numbers no experience can have (issue 12, item 12): revenue 1e308, visitors 10^400,
more conversions than visitors, a day with negative visitors. Each such row shows as invalid
data with a warning: never a 300-digit number, never a silent 0 that passes for real traffic."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.bad_server import bad_server, http_response

from convert_tui.cli import main

GOOD = {"variation_id": "1", "variation_name": "Original", "is_baseline": True,
        "visitors": 10_000, "conversions": 500, "revenue": 25_000.0}  # fmt: skip
HUGE_VISITORS = {"variation_id": "2", "variation_name": "Huge", "visitors": 10**400,
                 "conversions": 5}  # fmt: skip
RICH = {"variation_id": "3", "variation_name": "Rich", "visitors": 10_000, "conversions": 510,
        "revenue": 1e308}  # fmt: skip
OVER = {"variation_id": "4", "variation_name": "Over", "visitors": 100, "conversions": 150}
BAD_DAY = {"variation_id": "5", "variation_name": "Dayly", "visitors": 10_000, "conversions": 490,
           "daily": [{"date": "2026-11-01", "visitors": -5, "conversions": 0}]}  # fmt: skip
REPORT = {"experience_id": "7", "goals": [{
    "goal_id": "9", "goal_name": "Purchase", "goal_type": "revenue", "is_primary": True,
    "variations": [GOOD, HUGE_VISITORS, RICH, OVER, BAD_DAY]}]}  # fmt: skip
EXPERIENCE = {"id": "7", "name": "Checkout test", "status": "active"}


def answer(request: bytes) -> bytes:
    body = REPORT if b"/reports/" in request.split(b"\r\n", 1)[0] else EXPERIENCE
    return http_response(200, json.dumps(body).encode())  # 10**400 as JSON digits


@pytest.fixture
def report_server(config_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    with bad_server(answer) as server:
        monkeypatch.delenv("CONVERT_PROFILE", raising=False)
        monkeypatch.setenv("CONVERT_APPLICATION_ID", "demo")
        monkeypatch.setenv("CONVERT_SECRET_KEY", "demo-secret")
        monkeypatch.setenv("CONVERT_API_BASE_URL", server.base_url)
        yield server


@pytest.mark.parametrize("fmt", [[], ["--json"], ["--csv"]], ids=["text", "json", "csv"])
def test_out_of_range_rows_are_invalid_data_with_a_warning(
    report_server: Any, capsys: pytest.CaptureFixture[str], fmt: list[str]
) -> None:
    code = main(["report", "10001", "7", *fmt])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert not re.search(r"\d{40}", out.replace(",", ""))  # no 300-digit number
    for name in ("Huge", "Rich", "Over", "Dayly"):
        assert re.search(rf"warning: invalid data in goal Purchase, variation {name}\b", err)
    for name in ("Huge", "Rich", "Over"):  # Dayly's totals are valid: only its day is not
        assert f"{name} (invalid data)" in out
    assert "visitors is out of range (a 401-digit number)" in err
    assert "revenue is out of range (1e+308)" in err
    assert "more conversions (150) than visitors (100)" in err
    assert "on 2026-11-01: visitors is negative" in err
    assert "Original (invalid data)" not in out
    if fmt == ["--json"]:
        rows = json.loads(out)["goals"][0]["variations"]
        shown = {row["variation_name"]: row for row in rows}
        assert shown["Original"]["visitors"] == 10_000  # the valid row is analysed as before
        assert shown["Huge (invalid data)"]["visitors"] == 0
        assert shown["Huge (invalid data)"]["conversion_rate"] is None  # no rate: no data


def test_an_invalid_day_is_no_data_in_the_daily_series() -> None:
    from convert_tui.api import models
    from convert_tui.reporting import daily_counts

    row = models.ReportVariation.model_validate(
        {**BAD_DAY, "daily": [*BAD_DAY["daily"], {"date": "2026-11-02", "visitors": 10**400},
                              {"date": "2026-11-03", "visitors": 40, "conversions": 2}]}
    )  # fmt: skip
    days = [(d.date, d.visitors, d.conversions) for d in daily_counts(row)]
    assert days == [("2026-11-01", 0, 0), ("2026-11-02", 0, 0), ("2026-11-03", 40, 2)]


_ODD_NUMBERS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-5, max_value=10**13),
    st.just(10**400),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=-1e16, max_value=1e16),
    st.text(max_size=3),
)


def _unchecked_day(**values: Any) -> Any:
    """A day holding `values` as they are (a DailyCount, its validation skipped)."""
    from convert_tui.api import models

    day = object.__new__(models.DailyCount)
    for name, value in values.items():
        object.__setattr__(day, name, value)
    return day


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_ODD_NUMBERS, _ODD_NUMBERS, _ODD_NUMBERS), max_size=6))
def test_the_daily_series_takes_a_day_exactly_when_its_numbers_are_valid(days: list[Any]) -> None:
    # `is_valid` and `daily_counts` decide the usual day at once; any day, odd or not, must
    # come out as the full rules say: its numbers when valid, no data when not.
    from convert_tui.api import models
    from convert_tui.reporting import daily_counts, validity

    rows = [
        _unchecked_day(date=f"2026-11-{i + 1:02d}", visitors=v, conversions=c, revenue=r)
        for i, (v, c, r) in enumerate(days)
    ]
    row = models.ReportVariation.model_construct(variation_id="1", visitors=0, conversions=0)
    row.__dict__["daily"] = rows
    for day, counted in zip(rows, daily_counts(row), strict=True):
        valid = not validity.row_problems(day)  # the rules, checked in full
        assert validity.is_valid(day) == valid
        if valid:
            assert counted.visitors == int(day.visitors or 0)
            assert counted.conversions == int(day.conversions or 0)
            assert counted.revenue == (None if day.revenue is None else float(day.revenue))
        else:
            assert (counted.visitors, counted.conversions, counted.revenue) == (0, 0, None)


def test_an_invalid_day_is_no_data_for_the_time_to_done_and_srm_too() -> None:
    # A day of 10^400 visitors: `report` ended on an OverflowError (the mean of the newest days
    # for the time to done), and SRM counted a day of 10^40 (p = 0, a false alert). An invalid
    # day is no data, as in the charts.
    from convert_tui import reporting
    from convert_tui.api import models

    def report(odd_day: dict[str, Any]) -> models.Report:
        days = [
            {"date": f"2026-11-{d:02d}", "visitors": 500, "conversions": 20} for d in range(2, 12)
        ]
        arms = [
            {"variation_id": "1", "is_baseline": True, "visitors": 5000, "conversions": 200,
             "daily": days},
            {"variation_id": "2", "visitors": 5000, "conversions": 240,
             "daily": [*days, {"date": "2026-11-12", **odd_day}]},
        ]  # fmt: skip
        return models.Report.model_validate({"goals": [{"goal_id": "9", "variations": arms}]})

    odd = reporting.analyse_report(report({"visitors": 10**400, "conversions": 1}), now=1.79e9)
    empty = reporting.analyse_report(report({"visitors": 0, "conversions": 0}), now=1.79e9)
    (odd_goal,), (empty_goal,) = odd.goals, empty.goals
    assert odd_goal.srm_p_value == empty_goal.srm_p_value
    assert [v.days_to_go for v in odd_goal.variations] == [
        v.days_to_go for v in empty_goal.variations
    ]
