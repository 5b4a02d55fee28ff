"""Section 4: a report of 10 variations x 5 goals x 365 days: decode, analyse, chart series
(with the default settings, and again one-sided + sequential); the report view
(`convert_tui/ui/report/screen.py`) rendered from it; and the peeking simulation
(`benchmarks/peeking.py`): A/A experiments read 20 times, fixed-horizon vs sequential.

The render figure runs the app headless (Pilot) against a small sandbox, puts the synthetic
report and its experience in the state (no request for them) and times opening the report
screen up to the first frame painted with its goal section filled (tables and chart), the
frame rendered to text as a terminal driver would. Imports are warm (one untimed run first):
it is the view's own cost, not Python's.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import importlib.util
import json
import random
import time
from typing import Any

from benchmarks.timing import Figure, Target, median_of
from convert_tui import reporting
from convert_tui.api import models
from convert_tui.stats import StatsSettings, cumulative_rates, posterior


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


def _analyse_once(body: bytes, settings: StatsSettings | None = None) -> float:
    # A fresh report each time: the posterior tables cached by an earlier run must not help.
    posterior.clear_caches()
    start = time.perf_counter()
    report = models.Report.model_validate_json(body)
    reporting.analyse_report(report, correction="sidak", settings=settings)
    for goal in report.goals:
        for variation in goal.variations:
            cumulative_rates(reporting.daily_counts(variation))
    return time.perf_counter() - start


def synthetic_experience(variations: int, goals: int) -> dict[str, Any]:
    """The experience the synthetic report belongs to (ids as in `synthetic_report`)."""
    return {
        "id": "100",
        "name": "Synthetic checkout test",
        "experience_type": "a/b",
        "experience_status": "active",
        "start_time": int(dt.datetime(2025, 1, 1, tzinfo=dt.UTC).timestamp()),
        "confidence": 95,
        "goals": [
            {"goal_id": str(200 + g), "goal_name": f"Goal {g}", "is_primary": g == 0}
            for g in range(goals)
        ],
        "variations": [
            {
                "id": str(300 + v),
                "name": "Original" if v == 0 else f"Variation {v}",
                "is_baseline": v == 0,
                "percentage": round(100 / variations, 2),
            }
            for v in range(variations)
        ],
    }


async def _report_view_samples(runs: int, body: bytes, experience: dict[str, Any]) -> list[float]:
    from benchmarks.large_driver import Frames
    from convert_tui.config.profiles import Profile
    from convert_tui.sandbox import SandboxConfig, start_sandbox
    from convert_tui.secret import as_secret
    from convert_tui.ui.app import ConvertApp
    from convert_tui.ui.report.goal import GoalReport
    from convert_tui.ui.report.screen import ReportScreen

    key = ("bench-project", "100")
    report = models.Report.model_validate_json(body)
    exp = models.Experience.model_validate(experience)
    samples: list[float] = []
    with start_sandbox(SandboxConfig(port=0)) as box:
        secret = as_secret(box.secret)
        profile = Profile(name="bench", app_id=box.app_id, secret=secret, base_url=box.base_url)
        app = ConvertApp(profile, use_cache=False)
        async with app.run_test(size=(120, 40)) as pilot:
            frames = Frames(app)
            await app.workers.wait_for_complete()
            for index in range(runs + 1):  # the first one warms the imports, untimed
                app.state.reports = {**app.state.reports, key: report}
                app.state.experiences = {**app.state.experiences, key: exp}

                def filled() -> bool:
                    screen = app.screen
                    sections = list(screen.query(GoalReport))
                    return (
                        isinstance(screen, ReportScreen)
                        and screen.shown is not None
                        and bool(sections)
                        and all(section.goal_id is not None for section in sections)
                    )

                frame = frames.expect(filled)
                started = time.perf_counter()
                await app.push_screen(ReportScreen(*key))
                painted = await asyncio.wait_for(frame, 60)
                if index:
                    samples.append(painted - started)
                app.pop_screen()
                await pilot.pause()
    return samples


def _peeking(experiments: int) -> tuple[list[Figure], list[Target]]:
    """False positives of A/A experiments read 20 times (seeded): sequential stays under alpha,
    fixed-horizon does not."""
    from benchmarks.peeking import false_positive_rates

    result = false_positive_rates(experiments, 20)
    fixed = Figure(f"A/A x {experiments}, 20 looks: fixed-horizon false positives", "%")
    fixed.samples = [100 * result.fixed_rate]
    sequential = Figure(f"A/A x {experiments}, 20 looks: sequential false positives", "%")
    sequential.samples = [100 * result.sequential_rate]
    targets = [
        Target("sequential false positives over alpha (share / alpha)",
               result.sequential_rate / result.alpha, 1.0),
        Target("alpha over fixed-horizon false positives (peeking inflates them)",
               result.alpha / max(result.fixed_rate, 1e-9), 1.0),
    ]  # fmt: skip
    return [fixed, sequential], targets


def run(runs: int, quick: bool) -> tuple[list[Figure], list[Target]]:
    variations, goals, days = (3, 2, 30) if quick else (10, 5, 365)
    body = json.dumps(synthetic_report(variations, goals, days)).encode()
    figure = Figure(f"report {variations}x{goals}x{days}: decode + statistics + series", "s")
    figure.samples = median_of(runs, lambda: _analyse_once(body))
    target = Target("statistics for the report (ms, absolute)", figure.median * 1000, 200, "ms")
    figures, targets = [figure], [target]
    tests = StatsSettings(sides=1, sequential=True)
    other = Figure(f"report {variations}x{goals}x{days}: same, one-sided sequential", "s")
    other.samples = median_of(runs, lambda: _analyse_once(body, tests))
    figures.append(other)
    targets.append(Target("statistics, one-sided sequential (ms)", other.median * 1000, 200, "ms"))
    # A young report: few conversions per arm, so every credible interval takes the slow
    # (numerical convolution) path instead of the Cornish-Fisher one.
    young_body = json.dumps(synthetic_report(variations, goals, 7)).encode()
    young = Figure(f"report {variations}x{goals}x7 (few conversions): same", "s")
    young.samples = median_of(runs, lambda: _analyse_once(young_body))
    figures.append(young)
    targets.append(Target("statistics, young report (ms)", young.median * 1000, 200, "ms"))
    figures_peeking, targets_peeking = _peeking(500 if quick else 3000)
    figures += figures_peeking
    targets += targets_peeking
    if importlib.util.find_spec("convert_tui.ui.report.screen") is not None:
        view = Figure(f"report {variations}x{goals}x{days}: view opened to first frame", "s")
        experience = synthetic_experience(variations, goals)
        view.samples = asyncio.run(_report_view_samples(runs, body, experience))
        figures.append(view)
    else:  # the report view is not part of this build: no figure (said in the table)
        print("# bench_stats: convert_tui/ui/screens/report.py not found, no render figure")
    return figures, targets
