"""One comparison run as the settings say: two- or one-sided, fixed-horizon or sequential.

All four start from the same delta-method Welch estimate (`ttest.welch_test`: the relative
effect, its standard error and Welch–Satterthwaite degrees of freedom) and differ only in the
p-value and the interval, as gbstats' TwoSidedTTest, OneSidedTreatmentGreaterTTest,
SequentialTwoSidedTTest and SequentialOneSidedTreatmentGreaterTTest:

- two-sided fixed: 2·P(T > |t|), effect ± t(1-α/2, df)·se;
- one-sided fixed ("the variation is better"): P(T > t) = 1 - T(t, df),
  [effect - t(1-α, df)·se, +inf);
- sequential: `sequential` (n = visitors of baseline + variation together).

A one-sided interval has `ci_high = math.inf` (JSON shows it as null).
"""

from __future__ import annotations

import math

from convert_tui.stats.distributions import t_ppf, t_sf
from convert_tui.stats.settings import StatsSettings
from convert_tui.stats.ttest import WelchResult, welch_test

TWO_SIDED_FIXED = StatsSettings()


def _finite(x: float) -> float | None:
    return x if math.isfinite(x) else None


def run_test(
    mean_c: float,
    var_c: float,
    n_c: float,
    mean_t: float,
    var_t: float,
    n_t: float,
    *,
    alpha: float,
    settings: StatsSettings = TWO_SIDED_FIXED,
) -> WelchResult:
    """The relative uplift of t over c, its interval at level 1 - alpha and its p-value."""
    base = welch_test(mean_c, var_c, n_c, mean_t, var_t, n_t, alpha=alpha, relative=True)
    effect, se, dof = base.effect, base.std_error, base.dof
    if effect is None or se is None or dof is None:
        return base  # no interval or p-value to change
    one_sided = settings.sides == 1
    if settings.sequential:
        from convert_tui.stats import sequential  # (loaded only when it is asked for)

        n = n_c + n_t
        if one_sided:
            low = effect - sequential.halfwidth_one_sided(se, n, alpha, settings.tuning)
            p = sequential.p_value_one_sided(effect, se, n, alpha, settings.tuning)
            return base._replace(ci_low=_finite(low), ci_high=math.inf, p_value=p)
        half = sequential.halfwidth_two_sided(se, n, alpha, settings.tuning)
        p = sequential.p_value_two_sided(effect, se, n, alpha, settings.tuning)
        return base._replace(
            ci_low=_finite(effect - half), ci_high=_finite(effect + half), p_value=p
        )
    if one_sided:
        low = effect + t_ppf(alpha, dof) * se  # t(α) = -t(1-α), exact in the lower tail
        p = min(1.0, max(0.0, t_sf(effect / se, dof)))
        return base._replace(ci_low=_finite(low), ci_high=math.inf, p_value=p)
    return base
