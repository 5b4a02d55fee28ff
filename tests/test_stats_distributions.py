"""The pure-Python distribution functions against scipy (tests only) and exact identities."""

from __future__ import annotations

import math

import mpmath
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import special
from scipy import stats as sps

from convert_tui.stats import chi2
from convert_tui.stats import distributions as d

FAST = settings(max_examples=150, deadline=None)

dfs = st.floats(min_value=0.5, max_value=5e6, allow_nan=False)
probs = st.one_of(
    st.floats(min_value=1e-10, max_value=1 - 1e-10),
    st.floats(min_value=-12, max_value=-1).map(lambda e: 10.0**e),
)


def close(a: float, b: float, rel: float, abs_: float = 0.0) -> bool:
    return abs(a - b) <= max(rel * abs(b), abs_)


@FAST
@given(x=st.floats(min_value=-37, max_value=37))
def test_normal_cdf_matches_scipy(x: float) -> None:
    assert close(d.normal_cdf(x), sps.norm.cdf(x), 1e-11, 1e-300)
    assert close(d.normal_sf(x), sps.norm.sf(x), 1e-11, 1e-300)


@FAST
@given(p=probs)
def test_normal_ppf_matches_scipy(p: float) -> None:
    assert close(d.normal_ppf(p), sps.norm.ppf(p), 1e-12, 1e-14)
    assert close(d.normal_ppf(1 - p), sps.norm.ppf(1 - p), 1e-12, 1e-14)


def test_normal_ppf_known_values() -> None:
    assert d.normal_ppf(0.975) == pytest.approx(1.959963984540054, rel=1e-14)
    assert d.normal_ppf(0.8) == pytest.approx(0.8416212335729143, rel=1e-14)
    assert d.normal_ppf(0.5) == 0.0
    with pytest.raises(ValueError):
        d.normal_ppf(0.0)


@FAST
@given(t=st.floats(min_value=-30, max_value=30), df=dfs)
def test_t_tails_match_scipy(t: float, df: float) -> None:
    # scipy's own t tail is good to ~1e-9 at df ~ 10^6 (its log-beta loses digits there).
    assert close(d.t_two_sided_p(t, df), 2 * sps.t.sf(abs(t), df), 1e-7, 1e-300)
    assert close(d.t_cdf(t, df), sps.t.cdf(t, df), 1e-7, 1e-300)
    assert close(d.t_sf(t, df), sps.t.sf(t, df), 1e-7, 1e-300)


@FAST
@given(p=probs, df=dfs)
def test_t_ppf_matches_scipy(p: float, df: float) -> None:
    assert close(d.t_ppf(p, df), sps.t.ppf(p, df), 1e-7, 1e-12)


def test_t_ppf_known_values() -> None:
    assert d.t_ppf(0.975, 10) == pytest.approx(2.228138851986274, rel=1e-12)
    assert d.t_ppf(0.975, 1) == pytest.approx(12.706204736174694, rel=1e-12)
    assert d.t_ppf(0.975, 1e12) == pytest.approx(1.959963984540054, rel=1e-9)


@FAST
@given(
    a=st.floats(min_value=0.05, max_value=2e6),
    b=st.floats(min_value=0.05, max_value=2e6),
    x=st.floats(min_value=0.0, max_value=1.0),
)
def test_regularized_beta_matches_scipy(a: float, b: float, x: float) -> None:
    assert close(d.regularized_beta(a, b, x), special.betainc(a, b, x), 1e-7, 1e-13)


@FAST
@given(x=st.floats(min_value=0, max_value=500), k=st.integers(min_value=1, max_value=200))
def test_chi2_sf_matches_scipy(x: float, k: int) -> None:
    assert close(chi2.chi2_sf(x, k), sps.chi2.sf(x, k), 1e-10, 1e-300)


@FAST
@given(a=st.floats(min_value=10, max_value=1e7), b=st.integers(min_value=1, max_value=400))
def test_log_beta_large_argument_exact(a: float, b: int) -> None:
    # B(a, b) = (b-1)! / (a (a+1) ... (a+b-1)) for integer b: an exact-ish reference.
    exact = math.lgamma(b) - math.fsum(math.log(a + k) for k in range(b))
    assert close(d.log_beta(a, b), exact, 1e-13, 1e-12)


@FAST
@given(a=st.floats(min_value=0.01, max_value=1e6), b=st.floats(min_value=0.01, max_value=1e6))
def test_log_beta_matches_a_40_digit_reference(a: float, b: float) -> None:
    # scipy's betaln loses ~1e-9 where log B(a, b) is near zero with a >> b (a=461439,
    # b=0.14); a 40-digit mpmath value is the reference that cannot be the weaker side.
    with mpmath.workdps(40):
        reference = float(mpmath.log(mpmath.beta(a, b)))
    assert close(d.log_beta(a, b), reference, 1e-12, 1e-13)


def _t_tail_40_digits(t: float, df: float) -> float:
    with mpmath.workdps(40):
        x = mpmath.mpf(df) / (mpmath.mpf(df) + mpmath.mpf(t) ** 2)
        return float(mpmath.betainc(mpmath.mpf(df) / 2, 0.5, 0, x, regularized=True))


@settings(max_examples=600, deadline=None)
@given(
    t=st.one_of(
        st.floats(min_value=0, max_value=12),
        st.floats(min_value=-8, max_value=0).map(lambda e: 10.0**e),
    ),
    df=st.floats(min_value=1999, max_value=1e14),
)
def test_large_df_t_tail_keeps_full_precision(t: float, df: float) -> None:
    # Where the continued fraction would lose ~df * 1e-16, the series in 1/df takes over;
    # its p-values must still agree with 40 digits to double precision, at any df. (A tail
    # is exp of a log computed in doubles: its relative error grows with |log p|, 1e-13 at
    # p = 1e-30, as with any method in double precision.)
    reference = _t_tail_40_digits(t, df)
    tolerance = 2e-14 + 1e-15 * abs(math.log(reference)) if reference > 0 else 0.0
    assert close(d.t_two_sided_p(t, df), reference, tolerance, 1e-300)


@pytest.mark.parametrize(
    ("t", "df"),
    [(1.96, 1999.0), (1.96, 2001.5), (0.3, 5e4), (30.0, 2500.0), (60.0, 2500.0), (8.0, 1e11)],
)
def test_large_df_t_tail_on_both_sides_of_each_method(t: float, df: float) -> None:
    # Both sides of the switch to the series (df 2000), its fallback to the continued
    # fraction in the far tail (t² > 1.7 df, a tail below 1e-200) and df past 1e10, where
    # the normal tail used to stand in for the t (1e-10 off at t = 3).
    assert close(d.t_two_sided_p(t, df), _t_tail_40_digits(t, df), 5e-14, 1e-300)


def test_large_df_series_coefficients_are_the_exact_ones() -> None:
    # (sinh(v/2) / (v/2))^(-1/2) = exp(-g/2), g = Σ B_2k v^2k / (2k (2k)!), in exact rationals.
    from fractions import Fraction

    count = len(d._T_TAIL_COEFFS)
    bernoulli = [Fraction(1)]
    for m in range(1, 2 * count + 1):
        bernoulli.append(-sum(math.comb(m + 1, k) * bernoulli[k] for k in range(m)) / (m + 1))
    h = [Fraction(0)] + [
        -bernoulli[2 * k] / (2 * k * math.factorial(2 * k)) / 2 for k in range(1, count)
    ]
    coeffs = [Fraction(1)]
    for n in range(1, count):
        coeffs.append(sum(k * h[k] * coeffs[n - k] for k in range(1, n + 1)) / n)
    assert tuple(float(c) for c in coeffs) == d._T_TAIL_COEFFS
