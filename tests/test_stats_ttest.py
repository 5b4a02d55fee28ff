"""Welch's test (absolute and delta-method relative) against scipy and an independent check."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as sps

from convert_tui.stats import proportion_test, revenue_per_visitor_test, welch_test
from convert_tui.stats.revenue import sample_variance

FAST = settings(max_examples=120, deadline=None)

means = st.floats(min_value=0.01, max_value=1000)
variances = st.floats(min_value=1e-4, max_value=1e5)
sizes = st.integers(min_value=2, max_value=2_000_000)
alphas = st.sampled_from([0.1, 0.05, 0.01, 0.001])


def welch_df(v1: float, n1: int, v2: float, n2: int) -> float:
    a, b = v1 / n1, v2 / n2
    return (a + b) ** 2 / (a * a / (n1 - 1) + b * b / (n2 - 1))


@FAST
@given(mc=means, vc=variances, nc=sizes, mt=means, vt=variances, nt=sizes, alpha=alphas)
def test_absolute_welch_matches_scipy(
    mc: float, vc: float, nc: int, mt: float, vt: float, nt: int, alpha: float
) -> None:
    res = welch_test(mc, vc, nc, mt, vt, nt, alpha=alpha, relative=False)
    ref = sps.ttest_ind_from_stats(mt, math.sqrt(vt), nt, mc, math.sqrt(vc), nc, equal_var=False)
    assert res.effect == pytest.approx(mt - mc)
    assert res.std_error is not None and res.p_value is not None
    assert res.effect / res.std_error == pytest.approx(ref.statistic, rel=1e-9, abs=1e-9)
    assert res.p_value == pytest.approx(ref.pvalue, rel=1e-6, abs=1e-12)
    df = welch_df(vt, nt, vc, nc)
    assert res.dof == pytest.approx(df, rel=1e-9)
    half = sps.t.ppf(1 - alpha / 2, df) * res.std_error
    assert res.ci_low == pytest.approx(mt - mc - half, rel=1e-6, abs=1e-9)
    assert res.ci_high == pytest.approx(mt - mc + half, rel=1e-6, abs=1e-9)


@FAST
@given(mc=means, vc=variances, nc=sizes, mt=means, vt=variances, nt=sizes, alpha=alphas)
def test_relative_delta_method(
    mc: float, vc: float, nc: int, mt: float, vt: float, nt: int, alpha: float
) -> None:
    res = welch_test(mc, vc, nc, mt, vt, nt, alpha=alpha, relative=True)
    lift = mt / mc - 1
    se = math.sqrt(vt / (nt * mc**2) + vc * mt**2 / (nc * mc**4))
    df = welch_df(vt, nt, vc, nc)  # gbstats: Welch df on the unscaled variances
    assert res.effect == pytest.approx(lift, rel=1e-9, abs=1e-12)
    assert res.std_error == pytest.approx(se, rel=1e-9)
    assert res.p_value == pytest.approx(2 * sps.t.sf(abs(lift / se), df), rel=1e-6, abs=1e-12)
    half = sps.t.ppf(1 - alpha / 2, df) * se
    assert res.ci_low == pytest.approx(lift - half, rel=1e-6, abs=1e-9)
    assert res.ci_high == pytest.approx(lift + half, rel=1e-6, abs=1e-9)


@FAST
@given(
    nb=st.integers(min_value=2, max_value=10**6),
    nv=st.integers(min_value=2, max_value=10**6),
    fb=st.floats(min_value=0.001, max_value=0.999),
    fv=st.floats(min_value=0.0, max_value=1.0),
)
def test_proportion_test_uses_binomial_variance(nb: int, nv: int, fb: float, fv: float) -> None:
    cb = max(1, min(nb - 1, round(nb * fb)))
    cv = round(nv * fv)
    pb, pv = cb / nb, cv / nv
    res = proportion_test(cb, nb, cv, nv, alpha=0.05)
    ref = welch_test(pb, pb * (1 - pb), nb, pv, pv * (1 - pv), nv, alpha=0.05)
    assert res == ref
    # the same test through scipy, on the absolute scale with the scaled statistic
    se = math.sqrt(pv * (1 - pv) / (nv * pb**2) + pb * (1 - pb) * pv**2 / (nb * pb**4))
    if se > 0:
        df = welch_df(pv * (1 - pv), nv, pb * (1 - pb), nb)
        expected = 2 * sps.t.sf(abs((pv / pb - 1) / se), df)
        assert res.p_value == pytest.approx(expected, rel=1e-6, abs=1e-12)


def test_known_case_by_hand() -> None:
    # 500/10000 vs 580/10000: lift 16%, se by the delta method
    res = proportion_test(500, 10000, 580, 10000, alpha=0.05)
    se = math.sqrt(0.058 * 0.942 / (10000 * 0.05**2) + 0.05 * 0.95 * 0.058**2 / (10000 * 0.05**4))
    assert res.effect == pytest.approx(0.16)
    assert res.std_error == pytest.approx(se)
    assert res.p_value == pytest.approx(0.0201644, rel=1e-4)


@pytest.mark.parametrize(
    ("cb", "nb", "cv", "nv"),
    [
        (0, 0, 0, 0),  # no visitors
        (0, 100, 5, 100),  # baseline rate 0: relative uplift undefined
        (0, 100, 0, 100),  # both zero
        (100, 100, 100, 100),  # both 100%: no variance
        (1, 1, 0, 1),  # a single visitor each: no df
        (150, 100, 20, 100),  # conversions > visitors: clamped
        (-3, 100, 20, -5),  # negative counts
    ],
)
def test_degenerate_counts_never_raise_or_return_nan(cb: int, nb: int, cv: int, nv: int) -> None:
    res = proportion_test(cb, nb, cv, nv, alpha=0.05)
    for value in (res.effect, res.ci_low, res.ci_high, res.p_value, res.std_error, res.dof):
        assert value is None or math.isfinite(value)
    if res.p_value is not None:
        assert 0.0 <= res.p_value <= 1.0


def test_baseline_zero_rate_gives_no_uplift() -> None:
    assert proportion_test(0, 100, 5, 100, alpha=0.05).effect is None


def test_conversions_above_visitors_are_clamped() -> None:
    assert proportion_test(150, 100, 20, 100, alpha=0.05).effect == pytest.approx(-0.8)


def test_revenue_variance_uses_n_minus_1() -> None:
    values = [0.0, 0.0, 10.0, 25.5, 0.0, 99.0]
    total, sumsq = sum(values), sum(x * x for x in values)
    var = sample_variance(total, sumsq, len(values))
    assert var == pytest.approx(sps.tvar(values))
    assert sample_variance(5.0, 25.0, 1) is None


@FAST
@given(
    nb=st.integers(min_value=2, max_value=10**6),
    nv=st.integers(min_value=2, max_value=10**6),
    mb=st.floats(min_value=0.1, max_value=100),
    mv=st.floats(min_value=0.0, max_value=100),
    cvb=st.floats(min_value=0.1, max_value=10),
    cvv=st.floats(min_value=0.1, max_value=10),
)
def test_rpv_test_matches_welch_on_sample_variance(
    nb: int, nv: int, mb: float, mv: float, cvb: float, cvv: float
) -> None:
    rb, rv = mb * nb, mv * nv
    # sums of squares consistent with a variance of (cv * mean)^2
    vb, vv = (cvb * mb) ** 2, (cvv * mv) ** 2
    sb = vb * (nb - 1) + rb * rb / nb
    sv = vv * (nv - 1) + rv * rv / nv
    res = revenue_per_visitor_test(rb, sb, nb, rv, sv, nv, alpha=0.05)
    ref = welch_test(mb, vb, nb, mv, vv, nv, alpha=0.05, relative=True)
    assert res.effect == pytest.approx(ref.effect, rel=1e-9, abs=1e-12)
    if ref.p_value is not None:
        assert res.p_value == pytest.approx(ref.p_value, rel=1e-5, abs=1e-9)


def test_rpv_without_sum_squares_gives_point_estimate_only() -> None:
    res = revenue_per_visitor_test(100.0, None, 10, 150.0, None, 10, alpha=0.05)
    assert res.effect == pytest.approx(0.5)
    assert res.p_value is None and res.ci_low is None
    assert revenue_per_visitor_test(0.0, 0.0, 10, 5.0, 25.0, 10, alpha=0.05).effect is None
