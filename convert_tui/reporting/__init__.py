"""Analysed reports and status rows: from API records to what the CLI and the UI show.

No I/O and no textual here (layered between `state` and `api`/`stats`).
"""

from convert_tui.reporting.analysed import (
    CSV_GOAL_COLUMNS,
    CSV_VARIATION_COLUMNS,
    analyse_report,
    daily_counts,
    day_range,
    days_running,
    experience_now,
    goal_counts,
    parse_day,
    primary_goal,
    printable,
    report_csv,
    report_document,
    report_goal_for_status,
    settings_for,
    status_entry,
    total_visitors,
)
from convert_tui.reporting.validity import report_problems

__all__ = [
    "CSV_GOAL_COLUMNS",
    "CSV_VARIATION_COLUMNS",
    "analyse_report",
    "daily_counts",
    "day_range",
    "days_running",
    "experience_now",
    "goal_counts",
    "parse_day",
    "primary_goal",
    "printable",
    "report_csv",
    "report_document",
    "report_goal_for_status",
    "report_problems",
    "settings_for",
    "status_entry",
    "total_visitors",
]
