"""Chance to beat the baseline against closed forms, numerical integration and Monte Carlo."""

from __future__ import annotations

import math
import time

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from scipy import integrate
from scipy import stats as sps

from convert_tui.stats import chance_to_beat, prob_beta_greater
from convert_tui.stats.bayes import _normal_approximation
from convert_tui.stats.distributions import log_beta


def integrated(a1: int, b1: int, a2: int, b2: int) -> float:
    """P(X2 > X1) = ∫ f1(x) (1 - F2(x)) dx, over X1's bulk. X2's mean is a break point too:
    where 1 - F2 falls from 1 to 0 in X1's far tail (X2 narrow), the integrator otherwise
    stepped over the fall (chance_to_beat(21, 40, 1514, 1782): 1.6e-7 off the value that
    40-digit integration gives, which chance_to_beat matches to 2e-13)."""
    mean = a1 / (a1 + b1)
    sd = math.sqrt(a1 * b1 / ((a1 + b1) ** 2 * (a1 + b1 + 1)))
    lo, hi = max(0.0, mean - 40 * sd), min(1.0, mean + 40 * sd)
    breaks = sorted({m for m in (mean, a2 / (a2 + b2)) if lo < m < hi})
    value, _ = integrate.quad(
        lambda x: sps.beta.pdf(x, a1, b1) * sps.beta.sf(x, a2, b2),
        lo,
        hi,
        points=breaks or None,
        limit=500,
        epsabs=1e-12,
    )
    return float(value)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ((1, 1, 1, 1), 0.5),
        ((1, 1, 2, 1), 2 / 3),  # ∫ 2x·x dx
        ((3, 1, 5, 1), 5 / 8),  # Beta(a, 1): a2 / (a1 + a2)
        ((1, 4, 1, 7), 4 / 11),  # Beta(1, b): b1 / (b1 + b2)
        ((2, 1, 1, 1), 1 / 3),
    ],
)
def test_closed_form_cases(params: tuple[int, int, int, int], expected: float) -> None:
    assert prob_beta_greater(*params) == pytest.approx(expected, abs=1e-12)


@settings(max_examples=60, deadline=None)
@example(n1=40, n2=1782, f1=0.53125, f2=0.849609375)  # found by CI: the reference was off
@given(
    n1=st.integers(min_value=1, max_value=5000),
    n2=st.integers(min_value=1, max_value=5000),
    f1=st.floats(min_value=0, max_value=1),
    f2=st.floats(min_value=0, max_value=1),
)
def test_matches_numerical_integration(n1: int, n2: int, f1: float, f2: float) -> None:
    c1, c2 = round(n1 * f1), round(n2 * f2)
    got = chance_to_beat(c1, n1, c2, n2)
    assert got == pytest.approx(integrated(c1 + 1, n1 - c1 + 1, c2 + 1, n2 - c2 + 1), abs=1e-8)


@settings(max_examples=60, deadline=None)
@given(
    a1=st.integers(min_value=1, max_value=3000),
    b1=st.integers(min_value=1, max_value=3000),
    a2=st.integers(min_value=1, max_value=3000),
    b2=st.integers(min_value=1, max_value=3000),
)
def test_symmetric_forms_agree(a1: int, b1: int, a2: int, b2: int) -> None:
    p = prob_beta_greater(a1, b1, a2, b2)
    assert p + prob_beta_greater(a2, b2, a1, b1) == pytest.approx(1.0, abs=1e-10)
    # 1 - X ~ Beta(b, a) reverses the order
    assert prob_beta_greater(b2, a2, b1, a1) == pytest.approx(p, abs=1e-10)


@pytest.mark.parametrize(
    ("cb", "cv", "n"),
    [
        (50_000, 50_500, 10**6),
        (500_000, 501_000, 10**6),
        (20, 31, 10**6),
        (999_000, 998_900, 10**6),
    ],
)
def test_million_visitors_monte_carlo_and_fast(cb: int, cv: int, n: int) -> None:
    start = time.perf_counter()
    got = chance_to_beat(cb, n, cv, n)
    elapsed = time.perf_counter() - start
    assert got is not None and 0.0 <= got <= 1.0
    assert elapsed < 0.2
    rng = np.random.default_rng(20240601)
    draws = 400_000
    xb = rng.beta(cb + 1, n - cb + 1, draws)
    xv = rng.beta(cv + 1, n - cv + 1, draws)
    mc = float(np.mean(xv > xb))
    assert got == pytest.approx(mc, abs=4 * math.sqrt(0.25 / draws) + 1e-4)
    if min(cb, cv, n - cb, n - cv) >= 10_000:  # large counts: the posteriors are nearly normal
        assert got == pytest.approx(
            _normal_approximation(cb + 1, n - cb + 1, cv + 1, n - cv + 1), abs=2e-3
        )


def test_huge_counts_do_not_overflow() -> None:
    got = chance_to_beat(10**8, 10**9, 10**8 + 30_000, 10**9)
    assert got is not None and math.isfinite(got) and 0.98 < got < 0.995


def test_no_visitors_gives_none_and_bad_counts_are_clamped() -> None:
    assert chance_to_beat(0, 0, 5, 10) is None
    assert chance_to_beat(5, 10, 0, 0) is None
    assert chance_to_beat(0, 10, 0, 10) == pytest.approx(0.5)
    assert chance_to_beat(20, 10, 10, 10) == pytest.approx(0.5)  # 20 > 10 clamped to 10


def _term_sum_with_integers(a1: int, b1: int, a2: int, b2: int) -> float:
    """The sum of `bayes._sum_form` with every ratio r_k taken from the integers themselves,
    walked to the ends: what the float-stepped walk must reproduce."""
    last, total_ab = a2 - 1, a1 + b1 + b2
    start = min(last, max(0, math.floor((a1 * b2 - total_ab) / (b1 + 1)) + 1))
    up, term = [], 1.0
    for k in range(start, last):
        term *= (a1 + k) * (b2 + k) / ((1 + k) * (total_ab + k))
        up.append(term)
    down, term = [], 1.0
    for k in range(start - 1, -1, -1):
        term *= (1 + k) * (total_ab + k) / ((a1 + k) * (b2 + k))
        down.append(term)
    log_scale = (
        log_beta(a1 + start, b1 + b2)
        - math.log(b2 + start)
        - log_beta(1 + start, b2)
        - log_beta(a1, b1)
    )
    return min(1.0, math.exp(log_scale + math.log(math.fsum([1.0, *up, *down]))))


@settings(max_examples=150, deadline=None)
@given(
    visitors=st.tuples(st.integers(1, 10**5), st.integers(1, 10**5)),
    rates=st.tuples(st.floats(0, 1), st.floats(0, 1)),
)
def test_the_walk_from_the_mode_equals_the_whole_sum(
    visitors: tuple[int, int], rates: tuple[float, float]
) -> None:
    from convert_tui.stats.bayes import _sum_form

    (n1, n2), (f1, f2) = visitors, rates
    c1, c2 = round(n1 * f1), round(n2 * f2)
    params = (c1 + 1, n1 - c1 + 1, c2 + 1, n2 - c2 + 1)
    assert _sum_form(*params) == pytest.approx(_term_sum_with_integers(*params), rel=1e-12)
