"""Analysed reports and status rows: from API records to what the CLI and the UI show.

No textual here (layered between `state` and `api`/`stats`). The analysis needs the API models
(pydantic), so its names load on first use: importing the package, `status_rows` or `collect`
costs no pydantic (the overview's first frame is drawn before it loads).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from convert_tui.display import printable as printable

if TYPE_CHECKING:
    from convert_tui.reporting.analysed import (
        CSV_GOAL_COLUMNS as CSV_GOAL_COLUMNS,
    )
    from convert_tui.reporting.analysed import (
        CSV_VARIATION_COLUMNS as CSV_VARIATION_COLUMNS,
    )
    from convert_tui.reporting.analysed import (
        analyse_report as analyse_report,
    )
    from convert_tui.reporting.analysed import (
        daily_counts as daily_counts,
    )
    from convert_tui.reporting.analysed import (
        day_range as day_range,
    )
    from convert_tui.reporting.analysed import (
        days_running as days_running,
    )
    from convert_tui.reporting.analysed import (
        experience_now as experience_now,
    )
    from convert_tui.reporting.analysed import (
        goal_counts as goal_counts,
    )
    from convert_tui.reporting.analysed import (
        parse_day as parse_day,
    )
    from convert_tui.reporting.analysed import (
        primary_goal as primary_goal,
    )
    from convert_tui.reporting.analysed import (
        report_csv as report_csv,
    )
    from convert_tui.reporting.analysed import (
        report_document as report_document,
    )
    from convert_tui.reporting.analysed import (
        report_goal_for_status as report_goal_for_status,
    )
    from convert_tui.reporting.analysed import (
        settings_for as settings_for,
    )
    from convert_tui.reporting.analysed import (
        total_visitors as total_visitors,
    )

_ANALYSED = frozenset(
    {
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
        "report_csv",
        "report_document",
        "report_goal_for_status",
        "settings_for",
        "total_visitors",
    }
)


def __getattr__(name: str) -> Any:
    if name in _ANALYSED:
        return getattr(importlib.import_module("convert_tui.reporting.analysed"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = sorted([*_ANALYSED, "printable"])
