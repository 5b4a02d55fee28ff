"""The analysis of a whole report: every variation of every goal against its goal's baseline.

Inputs and outputs are plain frozen dataclasses; the output field names are exactly the keys of
the `report --json` document (see `GoalAnalysis.to_dict`).

Choices made here (documented once):

- Baseline: the first variation with `is_baseline`; if none is flagged, the first variation.
  The baseline's comparative fields (uplift, interval, p-value, chance, required visitors,
  significant) are None.
- Settings (`StatsSettings`): the confidence level (else the experience's `confidence` in percent;
  95 when unset, 0 or outside (0, 100)), alpha = 1 - confidence/100; one- or two-sided; fixed
  horizon or sequential (`inference.run_test`). Every test (conversion and revenue per visitor)
  follows them, corrections included.
- Decision figures per non-baseline variation (`posterior`, `progress`): expected loss, the
  equal-tailed credible interval of the uplift at the confidence level, progress and days to go.
- SRM: over the arms whose `percentage` is above 0 (all arms when a share is unknown), expected
  shares renormalised over them; with daily rows, only the days since the most recently started
  arm's first visitor, and None ("too early") with fewer than 3 such days (`progress.srm_window`).
  Without daily rows (`daily=None`) the totals are used.
- Multiple comparisons: m = the number of non-baseline variations summed over the goals analysed.
  With a correction, p-values (conversion and revenue per visitor) are adjusted for m and the
  intervals use the adjusted alpha (`corrections`); `significant` compares the adjusted p-value with
  the unadjusted alpha, which is the same decision. Sequential tests build their sequence (its
  rho) at the corrected level, as gbstats does, and their p-value is then adjusted the same way.
  `required_visitors`, the chance to beat the baseline and the Bayesian figures are not corrected.
- significant = adjusted p < alpha and the experience's minimums are met: the variation and the
  baseline each have >= minvis visitors and >= minconv conversions, and >= minrun days have passed
  since start_time (when minrun is set, an unknown start time or `now` means not met).
- Counts: negative counts are 0 and conversions above visitors are clamped to visitors for the
  statistics; the `visitors`/`conversions` fields show the counts as received. NaN or infinite
  amounts (revenue, products, sums of squares, percentages) are treated as missing.
- Revenue goals (goal_type "revenue", or any variation carrying revenue) also get revenue per
  visitor, its relative uplift/interval/p-value (`revenue`), average order value
  (revenue/conversions) and products per visitor.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from typing import Any, NamedTuple

from convert_tui.stats import progress as time_to_done
from convert_tui.stats.bayes import chance_to_beat
from convert_tui.stats.corrections import (
    Correction,
    adjust_alpha,
    adjust_p_value,
    check_correction,
)
from convert_tui.stats.power import required_visitors
from convert_tui.stats.progress import VisitorDay
from convert_tui.stats.proportions import clean_counts, conversion_rate, proportion_test
from convert_tui.stats.results import (
    REVENUE_FIELDS,
    Analysis,
    GoalAnalysis,
    VariationStats,
    highest_rate,
    is_revenue_goal,
)
from convert_tui.stats.revenue import revenue_per_visitor_test, safe_ratio
from convert_tui.stats.settings import StatsSettings
from convert_tui.stats.srm import srm_p_value

__all__ = [
    "REVENUE_FIELDS",
    "Analysis",
    "GoalAnalysis",
    "VariationStats",
    "analyse",
    "is_revenue_goal",
]

DEFAULT_CONFIDENCE = 95.0
SECONDS_PER_DAY = 86_400.0

# --- inputs -------------------------------------------------------------------------------------


class VariationCounts(NamedTuple):
    variation_id: str
    variation_name: str | None
    is_baseline: bool
    visitors: int
    conversions: int
    revenue: float | None = None
    products: float | None = None
    revenue_sum_squares: float | None = None
    percentage: float | None = None
    daily: Sequence[VisitorDay] | None = None  # (date, visitors); None: unknown, SRM uses totals


class GoalCounts(NamedTuple):
    goal_id: str
    goal_name: str | None
    goal_type: str | None
    is_primary: bool
    variations: Sequence[VariationCounts] = ()


class ExperienceSettings(NamedTuple):
    """The experience's statistics settings. Times are UNIX seconds (start_time 0 = not started)."""

    confidence: float | None = None
    minvis: int | None = None
    minconv: int | None = None
    minrun: float | None = None
    start_time: float | None = None
    now: float | None = None


# --- helpers ------------------------------------------------------------------------------------


def effective_confidence(confidence: float | None) -> float:
    """The confidence level in percent: DEFAULT_CONFIDENCE when unset, 0 or not in (0, 100).

    Values so close to 0 or 100 that alpha = 1 - confidence/100 rounds to 1 or 0 count as unset.
    """
    if confidence is None or not 0.0 < 1.0 - confidence / 100.0 < 1.0:
        return DEFAULT_CONFIDENCE
    return float(confidence)


def days_running(start_time: float | None, now: float | None) -> float | None:
    """Days (fractional) between start_time and now; None when not started or unknown."""
    if start_time is None or now is None or start_time <= 0:
        return None
    return max(0.0, (now - start_time) / SECONDS_PER_DAY)


def _finite_or_none(x: float | None) -> float | None:
    return x if x is not None and math.isfinite(x) else None


def _sanitised(v: VariationCounts) -> VariationCounts:
    """The variation with NaN/inf amounts replaced by None (counts are cleaned where used)."""
    amounts = (v.revenue, v.products, v.revenue_sum_squares, v.percentage)
    if all(x is None or math.isfinite(x) for x in amounts):
        return v  # the usual case: no copy
    return v._replace(
        revenue=_finite_or_none(v.revenue),
        products=_finite_or_none(v.products),
        revenue_sum_squares=_finite_or_none(v.revenue_sum_squares),
        percentage=_finite_or_none(v.percentage),
    )


def _baseline_of(variations: Sequence[VariationCounts]) -> VariationCounts | None:
    for v in variations:
        if v.is_baseline:
            return v
    return variations[0] if variations else None


def _meets_minimums(v: VariationCounts, settings: ExperienceSettings) -> bool:
    visitors, conversions = clean_counts(v.visitors, v.conversions)
    if settings.minvis and visitors < settings.minvis:
        return False
    return not (settings.minconv and conversions < settings.minconv)


def _runtime_met(settings: ExperienceSettings) -> bool:
    if not settings.minrun:
        return True
    days = days_running(settings.start_time, settings.now)
    return days is not None and days >= settings.minrun


def _analyse_goal(
    goal: GoalCounts,
    settings: ExperienceSettings,
    *,
    alpha: float,
    interval_alpha: float,
    comparisons: int,
    correction: Correction,
    tests: StatsSettings,
    summary: bool = False,
) -> GoalAnalysis:
    variations = [_sanitised(v) for v in goal.variations]
    base = _baseline_of(variations)
    rates = [conversion_rate(v.conversions, v.visitors) for v in variations]
    # A summary computes the chance to beat only where a status row shows it: the leader's
    # (as `GoalAnalysis.leader` picks it) and the significant variations' (the verdict's).
    leader = (
        highest_rate((v, r) for v, r in zip(variations, rates, strict=True) if v is not base)
        if summary
        else None
    )
    with_revenue = is_revenue_goal(goal.goal_type, [v.revenue for v in variations])
    srm = _srm(variations)
    runtime_ok = _runtime_met(settings)
    base_ok = base is not None and _meets_minimums(base, settings)
    base_rate = conversion_rate(base.conversions, base.visitors) if base is not None else None

    out: list[VariationStats] = []
    for v, rate in zip(variations, rates, strict=True):
        common: dict[str, Any] = {
            "variation_id": v.variation_id,
            "variation_name": v.variation_name,
            "is_baseline": v is base,
            "visitors": v.visitors,
            "conversions": v.conversions,
            "conversion_rate": rate,
        }
        if with_revenue:
            _, clean_conversions = clean_counts(v.visitors, v.conversions)
            common.update(
                revenue=v.revenue,
                revenue_per_visitor=safe_ratio(v.revenue, v.visitors),
                average_order_value=safe_ratio(v.revenue, clean_conversions),
                products_per_visitor=safe_ratio(v.products, v.visitors),
            )
        if v is base or base is None:
            out.append(VariationStats(**common))
            continue
        test = proportion_test(
            base.conversions,
            base.visitors,
            v.conversions,
            v.visitors,
            alpha=interval_alpha,
            settings=tests,
        )
        p_value = adjust_p_value(test.p_value, comparisons, correction)
        significant = (
            p_value is not None
            and p_value < alpha
            and runtime_ok
            and base_ok
            and _meets_minimums(v, settings)
        )
        chance = None
        if not summary or significant or v is leader:
            chance = chance_to_beat(base.conversions, base.visitors, v.conversions, v.visitors)
        common.update(
            uplift=test.effect,
            uplift_ci_low=test.ci_low,
            uplift_ci_high=test.ci_high,
            p_value=p_value,
            chance_to_beat_baseline=chance,
            significant=significant,
            **_decision_figures(
                base, v, base_rate, rate, chance=chance, alpha=alpha, summary=summary
            ),
        )
        if with_revenue and not summary:
            rpv = revenue_per_visitor_test(
                base.revenue,
                base.revenue_sum_squares,
                base.visitors,
                v.revenue,
                v.revenue_sum_squares,
                v.visitors,
                alpha=interval_alpha,
                settings=tests,
            )
            common.update(
                rpv_uplift=rpv.effect,
                rpv_uplift_ci_low=rpv.ci_low,
                rpv_uplift_ci_high=rpv.ci_high,
                rpv_p_value=adjust_p_value(rpv.p_value, comparisons, correction),
            )
        out.append(VariationStats(**common))
    return GoalAnalysis(
        goal_id=goal.goal_id,
        goal_name=goal.goal_name,
        goal_type=goal.goal_type,
        srm_p_value=srm,
        variations=tuple(out),
    )


def _srm(variations: Sequence[VariationCounts]) -> float | None:
    shares = [v.percentage for v in variations]
    on = list(variations)
    if all(share is not None for share in shares) and any((s or 0) > 0 for s in shares):
        on = [v for v in variations if (v.percentage or 0) > 0]
    if all(v.daily is not None for v in on):
        visitors = time_to_done.srm_window([v.daily or () for v in on])
        if visitors is None:
            return None
    else:
        visitors = [v.visitors for v in on]
    return srm_p_value(visitors, [v.percentage for v in on])


def _decision_figures(
    base: VariationCounts,
    v: VariationCounts,
    base_rate: float | None,
    rate: float | None,
    *,
    chance: float | None,
    alpha: float,
    summary: bool = False,
) -> dict[str, Any]:
    """Required visitors, expected loss, credible interval, progress and days to go (a
    summary: the required visitors and progress only)."""
    required = required_visitors(base_rate, rate, alpha=alpha)
    nv, cv = clean_counts(v.visitors, v.conversions)
    if summary:
        return {"required_visitors": required, "progress": time_to_done.progress(nv, required)}
    from convert_tui.stats.posterior import expected_loss, uplift_credible_interval

    nb, cb = clean_counts(base.visitors, base.conversions)
    credible = uplift_credible_interval(cb, nb, cv, nv, level=1.0 - alpha)
    return {
        "required_visitors": required,
        "expected_loss": expected_loss(cb, nb, cv, nv, chance=chance),
        "uplift_credible_low": credible[0] if credible else None,
        "uplift_credible_high": credible[1] if credible else None,
        "progress": time_to_done.progress(nv, required),
        "days_to_go": time_to_done.days_to_go(nv, required, v.daily),
    }


def count_comparisons(goals: Sequence[GoalCounts]) -> int:
    """Variation-vs-baseline comparisons in a report: non-baseline variations over all goals."""
    return sum(max(0, len(g.variations) - 1) for g in goals)


def analyse(
    goals: Sequence[GoalCounts],
    settings: ExperienceSettings | None = None,
    correction: str = "none",
    tests: StatsSettings | None = None,
    *,
    summary: bool = False,
) -> Analysis:
    """Analyse every goal of a report. Never raises on odd data (only on an unknown correction).

    `tests` picks the level, sides and sequential testing; its confidence, when set, wins over
    the experience's. `summary`: only what a status row shows (rows are analysed by the
    hundred): the chance to beat of the leader and of the significant variations, required
    visitors and progress; no expected loss, credible interval, days to go or revenue test.
    """
    method = check_correction(correction)
    settings = settings or ExperienceSettings()
    tests = tests or StatsSettings()
    confidence = effective_confidence(
        tests.confidence if tests.confidence is not None else settings.confidence
    )
    alpha = 1.0 - confidence / 100.0
    comparisons = max(1, count_comparisons(goals))
    interval_alpha = adjust_alpha(alpha, comparisons, method)
    return Analysis(
        confidence=confidence,
        correction=method,
        comparisons=comparisons,
        goals=tuple(
            _analyse_goal(
                g,
                settings,
                alpha=alpha,
                interval_alpha=interval_alpha,
                comparisons=comparisons,
                correction=method,
                tests=tests,
                summary=summary,
            )
            for g in goals
        ),
        settings=tests if tests.confidence == confidence else replace(tests, confidence=confidence),
    )
