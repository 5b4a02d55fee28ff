"""Section 4: a report of 10 variations x 5 goals x 365 days: decode, analyse, chart series.

The view's render time is measured in bench_large (it needs a running app); this section times
the pure work the report screen does before it draws.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import time
from typing import Any

from benchmarks.timing import Figure, Target, median_of
from convert_tui import reporting
from convert_tui.api import models
from convert_tui.stats import cumulative_rates


def synthetic_report(variations: int, goals: int, days: int, seed: int = 7) -> dict[str, Any]:
    """A report body shaped like the contract's, with plausible daily counts."""
    rng = random.Random(seed)
    first_day = dt.date(2025, 1, 1)
    report_goals = []
    for g in range(goals):
        revenue_goal = g == 0
        rows = []
        for v in range(variations):
            rate = 0.03 * (1 + 0.02 * v)
            daily = []
            for d in range(days):
                visitors = rng.randint(300, 500)
                conversions = sum(rng.random() < rate for _ in range(visitors // 20)) * 20 // 20
                day: dict[str, Any] = {
                    "date": (first_day + dt.timedelta(days=d)).isoformat(),
                    "visitors": visitors,
                    "conversions": conversions,
                }
                if revenue_goal:
                    day["revenue"] = round(conversions * rng.uniform(40, 90), 2)
                daily.append(day)
            row: dict[str, Any] = {
                "variation_id": str(300 + v),
                "variation_name": "Original" if v == 0 else f"Variation {v}",
                "is_baseline": v == 0,
                "visitors": sum(d["visitors"] for d in daily),
                "conversions": sum(d["conversions"] for d in daily),
                "daily": daily,
            }
            if revenue_goal:
                revenue = sum(d["revenue"] for d in daily)
                row |= {
                    "revenue": revenue,
                    "products": row["conversions"] * 2,
                    "revenue_sum_squares": revenue * 75.0,
                }
            rows.append(row)
        report_goals.append(
            {
                "goal_id": str(200 + g),
                "goal_name": f"Goal {g}",
                "goal_type": "revenue" if revenue_goal else "visits_page",
                "is_primary": g == 0,
                "variations": rows,
            }
        )
    return {"experience_id": "100", "goals": report_goals}


def _analyse_once(body: bytes) -> float:
    start = time.perf_counter()
    report = models.Report.model_validate_json(body)
    reporting.analyse_report(report, correction="sidak")
    for goal in report.goals:
        for variation in goal.variations:
            cumulative_rates(reporting.daily_counts(variation))
    return time.perf_counter() - start


def run(runs: int, quick: bool) -> tuple[list[Figure], list[Target]]:
    variations, goals, days = (3, 2, 30) if quick else (10, 5, 365)
    body = json.dumps(synthetic_report(variations, goals, days)).encode()
    figure = Figure(f"report {variations}x{goals}x{days}: decode + statistics + series", "s")
    figure.samples = median_of(runs, lambda: _analyse_once(body))
    target = Target("statistics for the report (ms, absolute)", figure.median * 1000, 200, "ms")
    return [figure], [target]
