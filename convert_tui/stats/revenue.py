"""Revenue per visitor and its test.

Per-visitor revenue has mean revenue / visitors. Its variance comes from the revenue and the sum of
squared revenue over the same visitors (the report's `revenue_sum_squares`, visitors without an
order counting as 0) as the unbiased sample variance

    var = (sum_squares - revenue² / n) / (n - 1)   (= n/(n-1) · (sum_squares/n - mean²)),

which is what gbstats uses for mean metrics (for conversion indicators the plain p(1-p) is used, as
there). Rounding can make it slightly negative: it is clamped at 0. With fewer than 2 visitors it is
undefined (None).
"""

from __future__ import annotations

import math

from convert_tui.stats.inference import TWO_SIDED_FIXED, run_test
from convert_tui.stats.settings import StatsSettings
from convert_tui.stats.ttest import UNDEFINED, WelchResult, estimate_only, relative_change


def safe_ratio(numerator: float | None, denominator: float | None) -> float | None:
    """numerator / denominator; None when either is missing, the denominator is <= 0 or the
    result is not finite."""
    if numerator is None or denominator is None or not denominator > 0:
        return None
    result = numerator / denominator
    return result if math.isfinite(result) else None


def sample_variance(total: float, sum_squares: float, n: int) -> float | None:
    """The n-1 sample variance from a sum and a sum of squares; None when n < 2."""
    if n < 2:
        return None
    variance = (sum_squares - total * total / n) / (n - 1)
    return max(0.0, variance) if math.isfinite(variance) else None


def revenue_per_visitor_test(
    baseline_revenue: float | None,
    baseline_sum_squares: float | None,
    baseline_visitors: int,
    revenue: float | None,
    sum_squares: float | None,
    visitors: int,
    *,
    alpha: float,
    settings: StatsSettings = TWO_SIDED_FIXED,
) -> WelchResult:
    """Relative uplift in revenue per visitor, delta-method Welch (None fields when undefined)."""
    mean_b = safe_ratio(baseline_revenue, baseline_visitors)
    mean_v = safe_ratio(revenue, visitors)
    if mean_b is None or mean_v is None or baseline_revenue is None or revenue is None:
        return UNDEFINED
    var_b = var_v = None
    if baseline_sum_squares is not None and sum_squares is not None:
        var_b = sample_variance(baseline_revenue, baseline_sum_squares, baseline_visitors)
        var_v = sample_variance(revenue, sum_squares, visitors)
    if var_b is None or var_v is None:
        # No dispersion known (or fewer than 2 visitors): the point estimate only.
        return estimate_only(relative_change(mean_b, mean_v))
    return run_test(
        mean_b, var_b, baseline_visitors, mean_v, var_v, visitors, alpha=alpha, settings=settings
    )
