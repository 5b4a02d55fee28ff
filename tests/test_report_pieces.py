"""The report view's pieces that need no app: date checks, the last days of an
experience, export names."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import UI_NOW

from convert_tui import reporting
from convert_tui.api import models

# -- pieces without the app ---------------------------------------------------------------------


def test_check_dates_says_what_is_wrong() -> None:
    from convert_tui.ui.dialogs.date_range import check_dates

    assert check_dates("2026-11-01", "2026-11-15") is None
    assert check_dates("", "2026-11-15") is None  # open start
    assert "expected YYYY-MM-DD" in (check_dates("2026-11-1", "") or "")
    assert "after" in (check_dates("2026-11-15", "2026-11-01") or "")
    assert "2026-02-30" in (check_dates("2026-02-30", "") or "")


def test_last_days_of_a_completed_experience_end_on_its_last_day() -> None:
    import datetime as dt

    from convert_tui.ui.report.range import last_days

    ended = models.Experience(end_time=int(dt.datetime(2026, 9, 26, 12, tzinfo=dt.UTC).timestamp()))
    assert last_days(7, ended, UI_NOW).label() == "last 7 days (2026-09-20 → 2026-09-26)"
    running = models.Experience(end_time=0)
    week = last_days(7, running, UI_NOW)
    assert (week.date_from, week.date_to) == ("2026-11-09", "2026-11-15")
    assert week.timestamps() == reporting.day_range("2026-11-09", "2026-11-15")


def test_export_names_are_safe_and_never_overwrite(tmp_path: Path) -> None:
    from convert_tui.ui.report import export as report_export

    name = report_export.file_name("12/../x", "Goal: [a] b", "all-time", UI_NOW, "json")
    assert name == "report-12_.._x-Goal_a_b-all-time-20261115-093000.json"
    first = report_export.export({"goals": []}, "json", name, tmp_path)
    second = report_export.export({"goals": []}, "json", name, tmp_path)
    assert first != second and second.name.endswith("-2.json")
    assert json.loads(first.read_text()) == {"goals": []}
