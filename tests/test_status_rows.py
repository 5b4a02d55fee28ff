"""Status rows (reporting.status_rows): the verdict, alerts and progress the overview and `status`
share, from records as a contract-following server may send them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convert_tui.api import models
from convert_tui.reporting import status_cells
from convert_tui.reporting.status_rows import StatusRow, in_section, row_json, status_row

NOW = dt.datetime(2026, 11, 15, 12, tzinfo=dt.UTC).timestamp()
DAY = 86400


def experience(**fields: Any) -> models.Experience:
    base: dict[str, Any] = {
        "id": "7",
        "name": "Green button",
        "experience_type": "a/b",
        "experience_status": "active",
        "start_time": int(NOW - 20 * DAY),
        "goals": [{"goal_id": "50", "is_primary": True}],  # linked by id only
        "variations": [
            {"id": "1", "name": "Original", "is_baseline": True, "percentage": 50},
            {"id": "2", "name": "Green", "is_baseline": False, "percentage": 50},
        ],
    }
    base.update(fields)
    return models.Experience.model_validate(base)


def report(
    base: tuple[int, int], green: tuple[int, int], *, last_day: dt.date | None = None, **goal: Any
) -> models.Report:
    day = last_day or dt.date(2026, 11, 15)
    daily = [{"date": (day - dt.timedelta(days=k)).isoformat(), "visitors": 10} for k in range(5)]
    rows = [
        {"variation_id": "1", "is_baseline": True, "visitors": base[0], "conversions": base[1],
         "daily": daily},
        {"variation_id": "2", "is_baseline": False, "visitors": green[0],
         "conversions": green[1], "daily": daily},
    ]  # fmt: skip
    return models.Report.model_validate(
        {"goals": [{"goal_id": "50", "is_primary": True, "variations": rows, **goal}]}
    )


def row_of(exp: models.Experience, rep: models.Report | None, **kw: Any) -> StatusRow:
    return status_row(None, exp, rep, project_id="9", now=NOW, **kw)


def test_a_significant_winner() -> None:
    row = row_of(experience(), report((10_000, 500), (10_000, 650)))
    assert row.verdict == "winner" and "winner" in row.alerts
    assert row.verdict_short.startswith("winner Green +30.0%")
    assert row.leader_name == "Green" and row.significant is True
    assert row_json(row)["alerts"] == ["winner"]


def test_a_significant_loser_is_a_loser() -> None:
    row = row_of(experience(), report((10_000, 650), (10_000, 500)))
    assert row.verdict == "loser" and row.alerts == ("loser",)
    assert row.verdict_short.startswith("loser Green -23.1%")


def test_a_small_sample_is_not_yet_with_the_visitors_needed() -> None:
    # 58 visitors: whatever leads, the verdict is "not yet" and says how many more are needed.
    row = row_of(experience(), report((29, 3), (29, 4)))
    assert row.verdict == "not yet"
    assert row.verdict_short.startswith("not yet: ~") and row.verdict_short.endswith("/var")
    assert "more visitors per variation needed" in row.verdict_long
    assert row.progress is not None and row.progress < 0.1
    assert not row.alerts


def test_no_goals_and_no_data() -> None:
    personalization = experience(experience_type="personalization", goals=[])
    assert row_of(personalization, None).verdict == "no goals"
    assert row_of(experience(), report((0, 0), (0, 0))).verdict == "no data"
    loading = row_of(experience(), None)
    assert not loading.has_report and status_cells.cell(loading, "visitors") == "…"


def test_goal_names_come_from_the_project_when_links_carry_only_ids() -> None:
    row = row_of(experience(), report((100, 5), (100, 6)), project_goals={"50": "Purchase"})
    assert row.goal_name == "Purchase"
    assert row_of(experience(), report((100, 5), (100, 6))).goal_name == "50"
    named = report((100, 5), (100, 6), goal_name="Checkout")
    assert row_of(experience(), named, project_goals={"50": "Purchase"}).goal_name == "Checkout"


def test_no_traffic_in_the_last_three_days() -> None:
    stale = report((10_000, 500), (10_000, 510), last_day=dt.date(2026, 11, 11))
    assert "no-traffic" in row_of(experience(), stale).alerts
    fresh = report((10_000, 500), (10_000, 510), last_day=dt.date(2026, 11, 14))
    assert "no-traffic" not in row_of(experience(), fresh).alerts
    paused = experience(experience_status="paused")
    assert "no-traffic" not in row_of(paused, stale).alerts  # only running ones


@settings(max_examples=100, deadline=None)
@given(
    arms=st.lists(
        st.lists(st.tuples(st.integers(0, 12), st.integers(-3, 5)), max_size=8),
        min_size=1,
        max_size=3,
    )
)
def test_no_traffic_means_no_visitor_in_the_last_three_days_whatever_the_order(
    arms: list[list[tuple[int, int]]],
) -> None:
    """Daily rows in any order (a server may send them so), negative counts included."""
    today = dt.date(2026, 11, 15)
    rows = [
        [{"date": (today - dt.timedelta(days=back)).isoformat(), "visitors": n} for back, n in arm]
        for arm in arms
    ]
    variations = [
        {"variation_id": str(i + 1), "visitors": 100, "conversions": 5, "daily": daily}
        for i, daily in enumerate(rows)
    ]
    answer = models.Report.model_validate({"goals": [{"goal_id": "50", "variations": variations}]})
    recent = [n for arm in arms for back, n in arm if back < 3]
    expected = any(arm for arm in arms) and sum(max(0, n) for n in recent) == 0
    assert ("no-traffic" in row_of(experience(), answer).alerts) == expected


@pytest.mark.parametrize(
    ("fields", "overdue"),
    [
        ({"maxrun": 10}, True),  # running 20 days, at most 10
        ({"maxrun": 30}, False),
        ({"maxrun": 0}, False),  # 0 means unset
        ({"maxvis": 15_000}, True),  # 20,000 visitors in all
        ({"maxvis": 50_000}, False),
    ],
)
def test_overdue(fields: dict[str, Any], overdue: bool) -> None:
    row = row_of(experience(**fields), report((10_000, 500), (10_000, 510)))
    assert ("overdue" in row.alerts) is overdue


def test_rows_survive_the_disk_cache_and_sections() -> None:
    row = row_of(experience(), report((10_000, 500), (10_000, 650)))
    assert StatusRow.from_json(row.to_json()) == row
    assert StatusRow.from_json({"project_id": 1}) is None
    assert in_section(row, "running", now=NOW) and in_section(row, "attention", now=NOW)
    ended = row_of(experience(experience_status="completed", end_time=int(NOW - 40 * DAY)), None)
    assert not in_section(ended, "ended", now=NOW) and in_section(ended, "all", now=NOW)
    assert in_section(ended, "ended", now=NOW, ended_days=60)


@pytest.mark.parametrize("width", [60, 80, 100, 120, 200])
def test_a_line_fits_and_keeps_its_numbers(width: int) -> None:
    long_name = "A very long experience name that goes on " * 3
    exp = experience(name=long_name, variations=[
        {"id": "1", "name": "Original", "is_baseline": True},
        {"id": "2", "name": "Green " * 20, "is_baseline": False},
    ])  # fmt: skip
    row = row_of(exp, report((100_000, 5_000), (100_000, 6_500)))
    names = status_cells.columns_for(width)
    text = status_cells.line(row, names, status_cells.widths_for(names, width))
    assert len(text) <= max(width, 80)
    assert "200,000" in text and "+30.0%" in text and "9/7" in text


def test_the_verdict_shows_its_interval_where_the_column_has_room() -> None:
    # The overview issue's verdict column: "leader and uplift with its interval". The interval
    # never showed, even at 200 columns with half the verdict column empty.
    row = row_of(experience(), report((10_000, 500), (10_000, 650)))
    interval = row.verdict_interval
    assert interval.startswith("[") and interval.endswith("%]")
    wide = status_cells.verdict_text(row, 45)
    assert wide == f"winner Green +30.0% {interval}"
    narrow = status_cells.verdict_text(row, 24)  # (an 80-column terminal's verdict column)
    assert narrow == "winner Green +30.0%"
    long = row._replace(verdict_subject="Green with a much longer name")
    cut = status_cells.verdict_text(long, 45)  # the name gives way, the numbers stay whole
    assert len(cut) <= 45 and cut.startswith("winner Green with") and cut.endswith(interval)
    assert "+30.0%" in cut
