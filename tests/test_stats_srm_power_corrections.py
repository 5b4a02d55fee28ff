"""SRM (chi-square), sample size (power.prop.test) and corrections against scipy/statsmodels."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import optimize
from scipy import stats as sps
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.power import NormalIndPower

from convert_tui.stats import (
    Correction,
    adjust_alpha,
    adjust_p_value,
    is_srm,
    power_two_proportions,
    required_sample_size,
    required_visitors,
    srm_p_value,
)

FAST = settings(max_examples=80, deadline=None)

# --- SRM ----------------------------------------------------------------------------------------


def test_srm_scipy_documentation_example() -> None:
    # scipy.stats.chisquare([16, 18, 16, 14, 12, 12]) -> statistic 2.0, p 0.84914503608460956
    assert srm_p_value([16, 18, 16, 14, 12, 12]) == pytest.approx(0.84914503608460956, rel=1e-12)


@FAST
@given(
    data=st.lists(
        st.tuples(st.integers(min_value=0, max_value=10**6), st.floats(min_value=1, max_value=90)),
        min_size=2,
        max_size=6,
    ).filter(lambda rows: sum(v for v, _ in rows) > 0)
)
def test_srm_matches_scipy_chisquare(data: list[tuple[int, float]]) -> None:
    visitors = [v for v, _ in data]
    pct = [p for _, p in data]
    total = sum(visitors)
    expected = [total * p / sum(pct) for p in pct]
    ref = sps.chisquare(visitors, expected).pvalue
    assert srm_p_value(visitors, pct) == pytest.approx(ref, rel=1e-9, abs=1e-300)
    equal = sps.chisquare(visitors).pvalue
    assert srm_p_value(visitors) == pytest.approx(equal, rel=1e-9, abs=1e-300)
    # an incomplete split falls back to the equal split
    assert srm_p_value(visitors, [None, *pct[1:]]) == pytest.approx(equal, rel=1e-9, abs=1e-300)


def test_srm_flag_and_degenerate_inputs() -> None:
    assert is_srm(srm_p_value([10_000, 10_600]))
    assert not is_srm(srm_p_value([10_000, 10_050]))
    assert srm_p_value([5, 7], [50, 50]) == pytest.approx(sps.chisquare([5, 7]).pvalue)
    assert srm_p_value([0, 0]) is None
    assert srm_p_value([100]) is None
    assert srm_p_value([]) is None
    assert srm_p_value([10_000, 10_000], [0, 0]) == 1.0
    assert not is_srm(None)


# --- power --------------------------------------------------------------------------------------


def test_r_power_prop_test_examples() -> None:
    # R's ?power.prop.test: power.prop.test(p1 = .50, p2 = .75, power = .90)  =>  n = 76.7
    assert required_sample_size(0.5, 0.75, alpha=0.05, power=0.9) == pytest.approx(76.7, abs=0.01)
    assert required_visitors(0.5, 0.75, alpha=0.05, power=0.9) == 77
    # power.prop.test(n = 50, p1 = .50, p2 = .75)  =>  power = 0.740
    assert power_two_proportions(50, 0.5, 0.75) == pytest.approx(0.7401659, abs=1e-6)


def r_power(n: float, p1: float, p2: float, alpha: float) -> float:
    """power.prop.test's power equation (strict = FALSE), written with scipy."""
    q = sps.norm.isf(alpha / 2)
    num = math.sqrt(n) * abs(p1 - p2) - q * math.sqrt((p1 + p2) * (1 - (p1 + p2) / 2))
    return float(sps.norm.cdf(num / math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))))


@FAST
@given(
    p1=st.floats(min_value=0.001, max_value=0.999),
    p2=st.floats(min_value=0.001, max_value=0.999),
    alpha=st.sampled_from([0.1, 0.05, 0.01]),
    power=st.sampled_from([0.8, 0.9]),
)
def test_sample_size_solves_r_power_equation(
    p1: float, p2: float, alpha: float, power: float
) -> None:
    assume(abs(p1 - p2) >= 1e-3)
    n = required_sample_size(p1, p2, alpha=alpha, power=power)
    assert n is not None
    root = optimize.brentq(lambda m: r_power(m, p1, p2, alpha) - power, 1e-6, 1e12, xtol=1e-10)
    assert n == pytest.approx(root, rel=1e-7)
    assert power_two_proportions(n, p1, p2, alpha=alpha) == pytest.approx(power, abs=1e-9)


@FAST
@given(p=st.floats(min_value=0.01, max_value=0.5), rel=st.floats(min_value=0.01, max_value=0.05))
def test_sample_size_close_to_statsmodels_for_small_effects(p: float, rel: float) -> None:
    # For close rates the pooled and unpooled variances agree, so power.prop.test's n approaches
    # statsmodels' NormalIndPower with Cohen's effect size Δ/√(p̄q̄).
    p2 = p * (1 + rel)
    pbar = (p + p2) / 2
    es = (p2 - p) / math.sqrt(pbar * (1 - pbar))
    ref = NormalIndPower().solve_power(effect_size=es, alpha=0.05, power=0.8, ratio=1.0)
    assert required_sample_size(p, p2, alpha=0.05, power=0.8) == pytest.approx(ref, rel=5e-3)


def test_required_visitors_undefined_cases() -> None:
    assert required_visitors(0.1, 0.1) is None
    assert required_visitors(None, 0.1) is None
    assert required_visitors(0.0, 0.0) is None
    assert required_visitors(0.0, 0.01) is not None
    assert required_sample_size(1.5, 0.1) is None


# --- corrections --------------------------------------------------------------------------------


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # statsmodels' log1p(-1)
@FAST
@given(
    pvals=st.lists(st.floats(min_value=0, max_value=1), min_size=1, max_size=12),
    method=st.sampled_from(["bonferroni", "sidak"]),
)
def test_adjusted_p_values_match_statsmodels(pvals: list[float], method: Correction) -> None:
    _, corrected, alpha_sidak, alpha_bonf = multipletests(pvals, alpha=0.05, method=method)
    m = len(pvals)
    for p, ref in zip(pvals, corrected, strict=True):
        assert adjust_p_value(p, m, method) == pytest.approx(ref, rel=1e-9, abs=1e-15)
    expected_alpha = alpha_bonf if method == "bonferroni" else alpha_sidak
    assert adjust_alpha(0.05, m, method) == pytest.approx(expected_alpha, rel=1e-12)


def test_no_correction_is_identity() -> None:
    assert adjust_p_value(0.03, 10, "none") == 0.03
    assert adjust_alpha(0.05, 10, "none") == 0.05
    assert adjust_p_value(None, 3, "sidak") is None
    assert adjust_p_value(0.5, 0, "bonferroni") == 0.5
