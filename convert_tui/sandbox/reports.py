"""Report generation: raw daily counts, made lazily and deterministically per experience.

Every number comes from random.Random seeded by (seed, experience, variation[, goal]), so a
report never depends on which other reports were asked for, and nothing is stored: a 10,000
experience sandbox costs memory only for the few series in the LRU cache.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import random
from typing import Any

from convert_tui.sandbox import validation as v
from convert_tui.sandbox.common import Ctx
from convert_tui.sandbox.responses import ApiError
from convert_tui.sandbox.store import Record

DAY = 86400
MAX_DAYS = 730
# Base conversion rate range by goal type; unknown types use the default.
RATES = {
    "revenue": (0.025, 0.045),
    "visits_page": (0.15, 0.35),
    "scroll_percentage": (0.3, 0.5),
    "submits_form": (0.02, 0.06),
    "advanced": (0.1, 0.2),
}
DEFAULT_RATE = (0.05, 0.14)
# Weekday traffic shape, Monday first.
WEEKDAY = (1.05, 1.08, 1.06, 1.02, 0.97, 0.88, 0.86)

Series = dict[str, Any]


def _day_start(ordinal: int) -> int:
    day = dt.date.fromordinal(ordinal)
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())


def lifetime(exp: Record, today: dt.date) -> tuple[int, int] | None:
    """First and last day (ordinals) with data, or None for an experience never started."""
    start = exp.get("start_time")
    if not isinstance(start, int | float) or start <= 0:
        return None
    first = dt.datetime.fromtimestamp(start, dt.UTC).date().toordinal()
    last = today.toordinal()
    end = exp.get("end_time")
    if isinstance(end, int | float) and end > 0:
        last = min(last, dt.datetime.fromtimestamp(end, dt.UTC).date().toordinal())
    if last < first:
        return None
    return max(first, last - MAX_DAYS + 1), last


def _binomial(rng: random.Random, n: int, p: float) -> int:
    if n <= 0 or p <= 0:
        return 0
    p = min(p, 1.0)  # shares divided by what is left can creep past 1 by rounding
    # Normal approximation of Binomial(n, p): fast and plenty for demo data.
    mean = n * p
    return min(n, max(0, round(rng.gauss(mean, math.sqrt(mean * (1 - p))))))


@functools.lru_cache(maxsize=128)
def series(
    seed: int,
    eid: str,
    profile: tuple[tuple[str, Any], ...],
    variations: tuple[tuple[str, float], ...],
    goals: tuple[tuple[str, str, bool], ...],
    first: int,
    last: int,
) -> Series:
    """Daily counts of the whole life: visitors[vid][day], goals[gid][vid][day] tuples."""
    prof = dict(profile)
    total_share = sum(p for _, p in variations) or 1.0
    shares = [p / total_share for _, p in variations]
    days = range(first, last + 1)
    visitors: dict[str, list[int]] = {vid: [] for vid, _ in variations}
    rng = random.Random(f"{seed}:{eid}:visitors")
    for i, day in enumerate(days):
        ramp = 0.6 if i == 0 else 1.0  # the first day is a partial day
        mean = prof["traffic"] * WEEKDAY[dt.date.fromordinal(day).weekday()] * ramp
        mean *= 1 + 0.06 * rng.gauss(0, 1)
        remaining = max(0, round(rng.gauss(mean, math.sqrt(max(mean, 1.0)))))
        left = 1.0
        # Bucketing splits the day's visitors multinomially by the variations' percentages.
        for k, (vid, _pct) in enumerate(variations):
            last_one = k == len(variations) - 1
            n = (
                remaining
                if last_one
                else _binomial(rng, remaining, shares[k] / left if left > 0 else 0)
            )
            remaining -= n
            left -= shares[k]
            if prof.get("kind") == "srm" and k == prof.get("arm"):
                n = round(
                    n * (1 - float(prof.get("skew", 0)))
                )  # visitors lost, e.g. a bad redirect
            visitors[vid].append(n)

    out_goals: dict[str, dict[str, list[tuple[int, float, int, float]]]] = {}
    for gid, goal_type, primary in goals:
        low, high = RATES.get(goal_type, DEFAULT_RATE)
        base = random.Random(f"{seed}:{eid}:{gid}:rate").uniform(low, high)
        per_variation: dict[str, list[tuple[int, float, int, float]]] = {}
        for k, (vid, _pct) in enumerate(variations):
            rng = random.Random(f"{seed}:{eid}:{vid}:{gid}")
            lift = float(prof.get("lift", 0)) if k == prof.get("arm") else 0.0
            rate = min(0.95, max(0.0, base * (1 + (lift if primary else lift / 2))))
            rows = []
            for n in visitors[vid]:
                conv = _binomial(rng, n, rate)
                revenue, products, squares = 0.0, 0, 0.0
                if goal_type == "revenue" and conv:
                    revenue, products, squares = _orders(rng, conv, float(prof["aov"]))
                rows.append((conv, revenue, products, squares))
            per_variation[vid] = rows
        out_goals[gid] = per_variation
    return {"first": first, "visitors": visitors, "goals": out_goals}


def _orders(rng: random.Random, conversions: int, aov: float) -> tuple[float, int, float]:
    """Revenue, products and sum of squared order values of a day's orders.

    Order values are log-normal around `aov`; a sample of at most 16 orders stands for the
    day, scaled up, which keeps sum_squares >= revenue^2 / orders as real data would.
    """
    sigma = 0.55
    mu = math.log(aov) - sigma * sigma / 2
    sample = [rng.lognormvariate(mu, sigma) for _ in range(min(conversions, 16))]
    scale = conversions / len(sample)
    revenue = sum(sample) * scale
    squares = sum(x * x for x in sample) * scale
    products = conversions + round(conversions * rng.uniform(0.2, 0.6))
    return revenue, products, squares


def build(
    ctx: Ctx, exp: Record, only_goal: str | None, start: float | None, end: float | None
) -> dict[str, Any]:
    data = ctx.store.data(ctx.param("p"))
    links = [g for g in exp.get("goals") or [] if isinstance(g, dict)]
    if only_goal is not None:
        links = [g for g in links if str(g.get("goal_id")) == only_goal]
    variations = [var for var in exp.get("variations") or [] if isinstance(var, dict)]
    life = lifetime(exp, ctx.store.today)
    goal_rows = []
    for link in links:
        gid = str(link.get("goal_id"))
        goal = data.goals.get(gid, {})
        goal_rows.append((gid, goal.get("goal_type") or "advanced", bool(link.get("is_primary"))))
    full: Series = {}
    if life is not None:
        profile = data.profiles.get(str(exp["id"])) or {"kind": "flat", "traffic": 2000, "aov": 50}
        var_key = tuple(
            (str(var.get("id")), float(var.get("percentage") or 0)) for var in variations
        )
        full = series(
            ctx.store.seed,
            str(exp["id"]),
            tuple(sorted(profile.items())),
            var_key,
            tuple(goal_rows),
            *life,
        )
    lo = -math.inf if start is None else start
    hi = math.inf if end is None else end
    days: list[int] = []
    if life is not None:
        # A day counts when any part of it falls inside the inclusive range.
        days = [
            d
            for d in range(life[0], life[1] + 1)
            if _day_start(d) <= hi and _day_start(d) + DAY - 1 >= lo
        ]
    goals_out = []
    for (gid, goal_type, primary), link in zip(goal_rows, links, strict=True):
        goal = data.goals.get(gid, {})
        rows = []
        for var in variations:
            vid = str(var.get("id"))
            row: dict[str, Any] = {
                "variation_id": vid,
                "variation_name": var.get("name"),
                "is_baseline": bool(var.get("is_baseline")),
                "visitors": 0,
                "conversions": 0,
            }
            revenue = goal_type == "revenue"
            totals = [0.0, 0, 0.0]
            daily = []
            for d in days:
                i = d - full["first"]
                n = full["visitors"][vid][i]
                conv, rev, products, squares = full["goals"][gid][vid][i]
                row["visitors"] += n
                row["conversions"] += conv
                totals[0] += rev
                totals[1] += products
                totals[2] += squares
                entry: dict[str, Any] = {
                    "date": dt.date.fromordinal(d).isoformat(),
                    "visitors": n,
                    "conversions": conv,
                }
                if revenue:
                    entry["revenue"] = round(rev, 2)
                daily.append(entry)
            if revenue:
                row["revenue"] = round(totals[0], 2)
                row["products"] = int(totals[1])
                row["revenue_sum_squares"] = round(totals[2], 2)
            row["daily"] = daily
            rows.append(row)
        goals_out.append(
            {
                "goal_id": gid,
                "goal_name": goal.get("goal_name") or link.get("goal_name"),
                "goal_type": goal_type,
                "is_primary": primary,
                "variations": rows,
            }
        )
    return {
        "experience_id": str(exp["id"]),
        "start_timestamp": _bound(start, _day_start(life[0]) if life else 0),
        "end_timestamp": _bound(end, _day_start(life[1]) + DAY - 1 if life else 0),
        "goals": goals_out,
    }


def _bound(sent: float | None, default: int) -> int | float:
    if sent is None:
        return default
    return int(sent) if float(sent).is_integer() else sent


def full_report(ctx: Ctx) -> dict[str, Any]:
    exp = ctx.store.get(ctx.param("p"), "experiences", ctx.param("e"))
    start, end = v.timestamp_range(ctx.body)
    return build(ctx, exp, None, start, end)


def partial_report(ctx: Ctx) -> dict[str, Any]:
    pid, gid = ctx.param("p"), ctx.param("g")
    exp = ctx.store.get(pid, "experiences", ctx.param("e"))
    ctx.store.get(pid, "goals", gid)
    if not any(
        isinstance(g, dict) and str(g.get("goal_id")) == gid for g in exp.get("goals") or []
    ):
        raise ApiError(404, f"Goal {gid} is not tracked by experience {exp['id']}")
    start, end = v.timestamp_range(ctx.body)
    return build(ctx, exp, gid, start, end)
