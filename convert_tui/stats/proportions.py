"""Conversion rates and the proportion inputs of the Welch test.

Counts are sanitised the same way everywhere (`clean_counts`): negative numbers become 0 and
conversions above visitors are clamped to visitors (a rate is a share of visitors, so it is never
above 1). The raw counts are still what a report shows; only the statistics use the clamped ones.
"""

from __future__ import annotations

from convert_tui.stats.inference import TWO_SIDED_FIXED, run_test
from convert_tui.stats.settings import StatsSettings
from convert_tui.stats.ttest import UNDEFINED, WelchResult


def clean_counts(visitors: int, conversions: int) -> tuple[int, int]:
    """(visitors, conversions) with 0 <= conversions <= visitors."""
    v = max(0, int(visitors))
    return v, min(max(0, int(conversions)), v)


def conversion_rate(conversions: int, visitors: int) -> float | None:
    """conversions / visitors (clamped to [0, 1]); None without visitors."""
    v, c = clean_counts(visitors, conversions)
    return c / v if v > 0 else None


def binomial_variance(rate: float) -> float:
    """The per-visitor variance of a conversion indicator, p(1 - p) (no n/(n-1) factor)."""
    return rate * (1.0 - rate)


def proportion_test(
    baseline_conversions: int,
    baseline_visitors: int,
    conversions: int,
    visitors: int,
    *,
    alpha: float,
    settings: StatsSettings = TWO_SIDED_FIXED,
) -> WelchResult:
    """Relative uplift of a variation's conversion rate over the baseline's, delta-method Welch
    (one- or two-sided, fixed or sequential as `settings` say)."""
    nb, cb = clean_counts(baseline_visitors, baseline_conversions)
    nv, cv = clean_counts(visitors, conversions)
    if nb == 0 or nv == 0:
        return UNDEFINED
    pb, pv = cb / nb, cv / nv
    return run_test(
        pb, binomial_variance(pb), nb, pv, binomial_variance(pv), nv, alpha=alpha, settings=settings
    )
