"""The analysis of a whole report: every variation of every goal against its goal's baseline.

Inputs and outputs are plain frozen dataclasses; the output field names are exactly the keys of
the `report --json` document (see `GoalAnalysis.to_dict`).

Choices made here (documented once):

- Baseline: the first variation with `is_baseline`; if none is flagged, the first variation.
  The baseline's comparative fields (uplift, interval, p-value, chance, required visitors,
  significant) are None.
- Confidence: the experience's `confidence` in percent; 95 when unset, 0 or outside (0, 100).
  alpha = 1 - confidence/100.
- Multiple comparisons: m = the number of non-baseline variations summed over the goals analysed.
  With a correction, p-values (conversion and revenue per visitor) are adjusted for m and the
  intervals use the adjusted alpha (`corrections`); `significant` compares the adjusted p-value with
  the unadjusted alpha, which is the same decision. `required_visitors` and the chance to beat the
  baseline are not corrected.
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
from dataclasses import dataclass, fields, replace
from typing import Any

from convert_tui.stats.bayes import chance_to_beat
from convert_tui.stats.corrections import (
    Correction,
    adjust_alpha,
    adjust_p_value,
    check_correction,
)
from convert_tui.stats.power import required_visitors
from convert_tui.stats.proportions import clean_counts, conversion_rate, proportion_test
from convert_tui.stats.revenue import revenue_per_visitor_test, safe_ratio
from convert_tui.stats.srm import srm_p_value

DEFAULT_CONFIDENCE = 95.0
SECONDS_PER_DAY = 86_400.0

#: Fields of VariationStats that only revenue goals carry in the JSON document.
REVENUE_FIELDS: tuple[str, ...] = (
    "revenue",
    "revenue_per_visitor",
    "rpv_uplift",
    "rpv_uplift_ci_low",
    "rpv_uplift_ci_high",
    "rpv_p_value",
    "average_order_value",
    "products_per_visitor",
)


# --- inputs -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class VariationCounts:
    variation_id: str
    variation_name: str | None
    is_baseline: bool
    visitors: int
    conversions: int
    revenue: float | None = None
    products: float | None = None
    revenue_sum_squares: float | None = None
    percentage: float | None = None


@dataclass(frozen=True, slots=True)
class GoalCounts:
    goal_id: str
    goal_name: str | None
    goal_type: str | None
    is_primary: bool
    variations: Sequence[VariationCounts] = ()


@dataclass(frozen=True, slots=True)
class ExperienceSettings:
    """The experience's statistics settings. Times are UNIX seconds (start_time 0 = not started)."""

    confidence: float | None = None
    minvis: int | None = None
    minconv: int | None = None
    minrun: float | None = None
    start_time: float | None = None
    now: float | None = None


# --- outputs ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class VariationStats:
    variation_id: str
    variation_name: str | None
    is_baseline: bool
    visitors: int
    conversions: int
    conversion_rate: float | None
    uplift: float | None = None
    uplift_ci_low: float | None = None
    uplift_ci_high: float | None = None
    p_value: float | None = None
    chance_to_beat_baseline: float | None = None
    required_visitors: int | None = None
    significant: bool | None = None
    revenue: float | None = None
    revenue_per_visitor: float | None = None
    rpv_uplift: float | None = None
    rpv_uplift_ci_low: float | None = None
    rpv_uplift_ci_high: float | None = None
    rpv_p_value: float | None = None
    average_order_value: float | None = None
    products_per_visitor: float | None = None

    def to_dict(self, *, with_revenue: bool = False) -> dict[str, Any]:
        """The JSON object of this variation (revenue keys only when `with_revenue`)."""
        return {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if with_revenue or f.name not in REVENUE_FIELDS
        }


@dataclass(frozen=True, slots=True)
class GoalAnalysis:
    goal_id: str
    goal_name: str | None
    goal_type: str | None
    srm_p_value: float | None
    variations: tuple[VariationStats, ...] = ()

    @property
    def has_revenue(self) -> bool:
        return is_revenue_goal(self.goal_type, [v.revenue for v in self.variations])

    @property
    def baseline(self) -> VariationStats | None:
        return next((v for v in self.variations if v.is_baseline), None)

    @property
    def leader(self) -> VariationStats | None:
        """The non-baseline variation with the highest conversion rate (None without data)."""
        rated = [v for v in self.variations if not v.is_baseline and v.conversion_rate is not None]
        return max(rated, key=lambda v: v.conversion_rate or 0.0, default=None)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of this goal, keys in the documented order."""
        with_revenue = self.has_revenue
        return {
            "goal_id": self.goal_id,
            "goal_name": self.goal_name,
            "goal_type": self.goal_type,
            "srm_p_value": self.srm_p_value,
            "variations": [v.to_dict(with_revenue=with_revenue) for v in self.variations],
        }


@dataclass(frozen=True, slots=True)
class Analysis:
    confidence: float
    correction: Correction
    comparisons: int
    goals: tuple[GoalAnalysis, ...] = ()


# --- helpers ------------------------------------------------------------------------------------


def effective_confidence(confidence: float | None) -> float:
    """The confidence level in percent: DEFAULT_CONFIDENCE when unset, 0 or not in (0, 100).

    Values so close to 0 or 100 that alpha = 1 - confidence/100 rounds to 1 or 0 count as unset.
    """
    if confidence is None or not 0.0 < 1.0 - confidence / 100.0 < 1.0:
        return DEFAULT_CONFIDENCE
    return float(confidence)


def is_revenue_goal(goal_type: str | None, revenues: Sequence[float | None]) -> bool:
    return goal_type == "revenue" or any(r is not None for r in revenues)


def days_running(start_time: float | None, now: float | None) -> float | None:
    """Days (fractional) between start_time and now; None when not started or unknown."""
    if start_time is None or now is None or start_time <= 0:
        return None
    return max(0.0, (now - start_time) / SECONDS_PER_DAY)


def _finite_or_none(x: float | None) -> float | None:
    return x if x is not None and math.isfinite(x) else None


def _sanitised(v: VariationCounts) -> VariationCounts:
    """The variation with NaN/inf amounts replaced by None (counts are cleaned where used)."""
    return replace(
        v,
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
) -> GoalAnalysis:
    variations = [_sanitised(v) for v in goal.variations]
    base = _baseline_of(variations)
    with_revenue = is_revenue_goal(goal.goal_type, [v.revenue for v in variations])
    srm = srm_p_value([v.visitors for v in variations], [v.percentage for v in variations])
    runtime_ok = _runtime_met(settings)
    base_ok = base is not None and _meets_minimums(base, settings)
    base_rate = conversion_rate(base.conversions, base.visitors) if base is not None else None

    out: list[VariationStats] = []
    for v in variations:
        rate = conversion_rate(v.conversions, v.visitors)
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
            base.conversions, base.visitors, v.conversions, v.visitors, alpha=interval_alpha
        )
        p_value = adjust_p_value(test.p_value, comparisons, correction)
        significant = (
            p_value is not None
            and p_value < alpha
            and runtime_ok
            and base_ok
            and _meets_minimums(v, settings)
        )
        common.update(
            uplift=test.effect,
            uplift_ci_low=test.ci_low,
            uplift_ci_high=test.ci_high,
            p_value=p_value,
            chance_to_beat_baseline=chance_to_beat(
                base.conversions, base.visitors, v.conversions, v.visitors
            ),
            required_visitors=required_visitors(base_rate, rate, alpha=alpha),
            significant=significant,
        )
        if with_revenue:
            rpv = revenue_per_visitor_test(
                base.revenue,
                base.revenue_sum_squares,
                base.visitors,
                v.revenue,
                v.revenue_sum_squares,
                v.visitors,
                alpha=interval_alpha,
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


def count_comparisons(goals: Sequence[GoalCounts]) -> int:
    """Variation-vs-baseline comparisons in a report: non-baseline variations over all goals."""
    return sum(max(0, len(g.variations) - 1) for g in goals)


def analyse(
    goals: Sequence[GoalCounts],
    settings: ExperienceSettings | None = None,
    correction: str = "none",
) -> Analysis:
    """Analyse every goal of a report. Never raises on odd data (only on an unknown correction)."""
    method = check_correction(correction)
    settings = settings or ExperienceSettings()
    confidence = effective_confidence(settings.confidence)
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
            )
            for g in goals
        ),
    )
