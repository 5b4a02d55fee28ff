"""Welch's two-sample t-test on summary statistics, absolute or relative (delta method).

This follows the frequentist two-sample test of GrowthBook's gbstats (re-derived, not copied):

- absolute effect: mean_t - mean_c, variance var_t/n_t + var_c/n_c;
- relative effect: (mean_t - mean_c) / mean_c, delta-method variance
  var_t / (n_t mean_c²) + var_c mean_t² / (n_c mean_c⁴);
- degrees of freedom: Welch–Satterthwaite on the *unscaled* variances,
  (var_t/n_t + var_c/n_c)² / ((var_t/n_t)²/(n_t - 1) + (var_c/n_c)²/(n_c - 1)), in both modes;
- two-sided p-value 2·P(T > |effect/se|), interval effect ± t_{1-α/2, df}·se.

Undefined pieces are None, never NaN or inf: the effect when the control mean is 0 (relative) or a
group is empty; the interval and p-value when a group has fewer than 2 units or the standard error
is 0 (no variance in either group).
"""

from __future__ import annotations

import math
from typing import NamedTuple

from convert_tui.stats.distributions import t_ppf, t_two_sided_p


class WelchResult(NamedTuple):
    effect: float | None
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    std_error: float | None
    dof: float | None


UNDEFINED = WelchResult(None, None, None, None, None, None)


def _finite(x: float | None) -> float | None:
    return x if x is not None and math.isfinite(x) else None


def estimate_only(effect: float | None) -> WelchResult:
    """A result with a point estimate but no interval or p-value."""
    return WelchResult(_finite(effect), None, None, None, None, None)


def relative_change(control: float | None, treatment: float | None) -> float | None:
    """(treatment - control) / control; None when either is missing or the control is 0."""
    if control is None or treatment is None or control == 0.0:
        return None
    return _finite((treatment - control) / control)


def welch_test(
    mean_c: float,
    var_c: float,
    n_c: float,
    mean_t: float,
    var_t: float,
    n_t: float,
    *,
    alpha: float = 0.05,
    relative: bool = True,
) -> WelchResult:
    """Compare a treatment (t) with a control (c) from their means, variances and sizes.

    `alpha` sets the interval level 1 - alpha (0 < alpha < 1). Negative variances (rounding in
    sums of squares) are treated as 0.
    """
    if n_c <= 0 or n_t <= 0 or not 0.0 < alpha < 1.0:
        return UNDEFINED
    if not all(math.isfinite(x) for x in (mean_c, var_c, n_c, mean_t, var_t, n_t)):
        return UNDEFINED
    if relative and mean_c == 0.0:
        return UNDEFINED
    var_c = max(0.0, var_c)
    var_t = max(0.0, var_t)
    diff = mean_t - mean_c
    effect = diff / mean_c if relative else diff
    if n_c < 2 or n_t < 2:
        return estimate_only(effect)
    sq_t, sq_c = var_t / n_t, var_c / n_c
    if relative:
        # var_t/(n_t mean_c²) + var_c mean_t²/(n_c mean_c⁴), arranged so nothing under/overflows
        ratio = mean_t / mean_c
        std_error = math.sqrt(sq_t + sq_c * ratio * ratio) / abs(mean_c)
    else:
        std_error = math.sqrt(sq_t + sq_c)
    if not std_error > 0.0 or not math.isfinite(std_error) or not sq_t + sq_c > 0.0:
        return estimate_only(effect)
    # Welch–Satterthwaite, written with shares of the total so tiny variances cannot underflow.
    w_t, w_c = sq_t / (sq_t + sq_c), sq_c / (sq_t + sq_c)
    dof = 1.0 / (w_t * w_t / (n_t - 1) + w_c * w_c / (n_c - 1))
    stat = effect / std_error
    p_value = min(1.0, max(0.0, t_two_sided_p(stat, dof)))
    half_width = -t_ppf(alpha / 2.0, dof) * std_error  # the lower tail keeps tiny alphas exact
    return WelchResult(
        effect=_finite(effect),
        ci_low=_finite(effect - half_width),
        ci_high=_finite(effect + half_width),
        p_value=p_value,
        std_error=std_error,
        dof=dof,
    )
