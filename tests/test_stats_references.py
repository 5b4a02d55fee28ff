"""The statistics against published numbers and independently derived references.

Sources (numbers only; no code was copied):

- GrowthBook gbstats, packages/stats/tests/frequentist/test_tests.py: TwoSidedTTest cases for a
  mean metric given sum / sum of squares / n (relative and absolute) and a proportion metric.
- R's ?power.prop.test examples: n = 50, p1 = .5, p2 = .75 gives power 0.7401659; power .90 needs
  n = 76.7 per group. statsmodels' samplesize_proportions_2indep_onetail is the same formula.
- scipy.stats.chisquare docs: [16, 18, 16, 14, 12, 12] gives p 0.84914503608460956, and against
  f_exp [16, 16, 16, 16, 16, 8] p 0.62338762774958223.
- Evan Miller, "Formulas for Bayesian A/B Testing": the closed form, evaluated here in exact
  rational arithmetic, and for large counts the defining integral by scipy quadrature.
- The delta-method Welch reference below is written from the formulas (Var(X̄t/X̄c) by the delta
  method, Welch-Satterthwaite df from the per-group variances / n), with scipy's Student t; during
  the review scipy's t tail was checked against 40-digit mpmath to ~1e-15 up to df 1e10.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate
from scipy import stats as sps
from statsmodels.stats.proportion import samplesize_proportions_2indep_onetail

from convert_tui.stats import (
    ExperienceSettings,
    GoalCounts,
    VariationCounts,
    analyse,
    chance_to_beat,
    is_srm,
    power_two_proportions,
    proportion_test,
    required_sample_size,
    required_visitors,
    revenue_per_visitor_test,
    srm_p_value,
    welch_test,
)

DERANDOMIZED = settings(derandomize=True, max_examples=120, deadline=None, database=None)


# -- independent references ----------------------------------------------------------------------


def ref_relative(
    mc: float, vc: float, nc: int, mt: float, vt: float, nt: int, alpha: float
) -> tuple[float, float, float, float]:
    """(lift, ci_low, ci_high, p) of mt/mc - 1 by the delta method and Welch's df."""
    lift = mt / mc - 1
    se = math.sqrt(vt / (nt * mc**2) + mt**2 * vc / (nc * mc**4))
    a, b = vc / nc, vt / nt
    df = (a + b) ** 2 / (a * a / (nc - 1) + b * b / (nt - 1))
    half = sps.t.ppf(1 - alpha / 2, df) * se
    return lift, lift - half, lift + half, 2 * sps.t.sf(abs(lift) / se, df)


def sample_variance(total: float, squares: float, n: int) -> float:
    return (squares - total * total / n) / (n - 1)


def miller_exact(bc: int, bn: int, c: int, n: int) -> Fraction:
    """P(p_variation > p_baseline) exactly, Evan Miller's sum with integer beta functions."""

    def beta(x: int, y: int) -> Fraction:
        return Fraction(math.factorial(x - 1) * math.factorial(y - 1), math.factorial(x + y - 1))

    a_a, b_a, a_b, b_b = bc + 1, bn - bc + 1, c + 1, n - c + 1
    return sum(
        (
            beta(a_a + i, b_b + b_a) / ((b_b + i) * beta(1 + i, b_b) * beta(a_a, b_a))
            for i in range(a_b)
        ),
        Fraction(0),
    )


def quad_chance(bc: int, bn: int, c: int, n: int, pieces: int = 32) -> tuple[float, float]:
    """(P(X2 > X1), P(X2 < X1)) by quadrature of f2(x) F1(x) and f2(x) S1(x) over the mass."""
    d1, d2 = sps.beta(bc + 1, bn - bc + 1), sps.beta(c + 1, n - c + 1)
    lo = min(d1.ppf(1e-16), d2.ppf(1e-16))
    hi = max(d1.isf(1e-16), d2.isf(1e-16))
    cuts = [lo + (hi - lo) * k / pieces for k in range(pieces + 1)]
    win = lose = 0.0
    for x0, x1 in itertools.pairwise(cuts):
        win += integrate.quad(lambda x: d2.pdf(x) * d1.cdf(x), x0, x1, epsabs=0, epsrel=1e-13)[0]
        lose += integrate.quad(lambda x: d2.pdf(x) * d1.sf(x), x0, x1, epsabs=0, epsrel=1e-13)[0]
    return win, lose


def goal(rows: list[tuple[Any, ...]], *, revenue: bool = False, goal_id: str = "g") -> GoalCounts:
    """rows: (visitors, conversions[, revenue, sum_squares, products[, percentage]])."""
    variations = []
    for i, row in enumerate(rows):
        extra: dict[str, Any] = {}
        if revenue:
            extra = dict(
                zip(("revenue", "revenue_sum_squares", "products"), row[2:5], strict=False)
            )
        if len(row) > 5:
            extra["percentage"] = row[5]
        variations.append(VariationCounts(str(i), f"v{i}", i == 0, row[0], row[1], **extra))
    return GoalCounts(goal_id, "Goal", "revenue" if revenue else "clicks", True, variations)


# -- gbstats' published TwoSidedTTest cases -------------------------------------------------------

GB_CONTROL = (1396.87, 52377.9767, 3407)  # sum, sum of squares, n (mean 0.41, sd 3.9)
GB_TREATMENT = (2422.7, 134698.29, 3461)  # mean 0.70, sd 6.2


def test_gbstats_relative_mean_case_through_the_revenue_test() -> None:
    r = revenue_per_visitor_test(*GB_CONTROL, *GB_TREATMENT, alpha=0.05)
    assert r.effect == pytest.approx(0.70732, abs=5e-6)
    assert r.ci_low == pytest.approx(-0.03526, abs=5e-6)
    assert r.ci_high == pytest.approx(1.44989, abs=5e-6)
    assert r.std_error == pytest.approx(0.37879, abs=5e-6)
    assert r.p_value == pytest.approx(0.06191, abs=5e-6)
    # gbstats' variance is the sample one (n - 1); with n the 5th decimals would differ.
    sc, ss, n = GB_CONTROL
    assert sample_variance(sc, ss, n) == pytest.approx(3.9**2, rel=1e-4)


def test_gbstats_absolute_mean_case_and_scipy_welch() -> None:
    (sc, qc, nc), (st_, qt, nt) = GB_CONTROL, GB_TREATMENT
    vc, vt = sample_variance(sc, qc, nc), sample_variance(st_, qt, nt)
    r = welch_test(sc / nc, vc, nc, st_ / nt, vt, nt, alpha=0.05, relative=False)
    assert r.effect == pytest.approx(0.29, abs=5e-6)
    assert (r.ci_low, r.ci_high) == pytest.approx((0.04538, 0.53462), abs=5e-6)
    assert r.std_error == pytest.approx(0.12478, abs=5e-6)
    assert r.p_value == pytest.approx(0.02016, abs=5e-6)
    scipy = sps.ttest_ind_from_stats(
        st_ / nt, math.sqrt(vt), nt, sc / nc, math.sqrt(vc), nc, equal_var=False
    )
    assert r.p_value == pytest.approx(scipy.pvalue, rel=1e-11)


def test_gbstats_binomial_case_through_proportion_test_and_analyse() -> None:
    r = proportion_test(14, 28, 16, 30, alpha=0.05)
    assert r.effect == pytest.approx(0.06667, abs=5e-6)
    assert (r.ci_low, r.ci_high) == pytest.approx((-0.47767, 0.61101), abs=5e-6)
    assert r.std_error == pytest.approx(0.2717, abs=5e-6)
    assert r.p_value == pytest.approx(0.80707, abs=5e-6)
    v = analyse([goal([(28, 14), (30, 16)])]).goals[0].variations[1]  # confidence unset: 95
    assert (v.uplift, v.uplift_ci_low, v.uplift_ci_high, v.p_value) == pytest.approx(
        (r.effect, r.ci_low, r.ci_high, r.p_value), rel=1e-12
    )
    assert v.conversion_rate == 16 / 30


# -- the delta-method Welch test against the reference -------------------------------------------

counts = st.tuples(
    st.integers(min_value=2, max_value=10**7), st.floats(min_value=1e-5, max_value=0.99)
)


@DERANDOMIZED
@given(
    base=counts,
    var=counts,
    confidence=st.sampled_from([80.0, 90.0, 95.0, 99.0, 99.9]),
)
def test_proportion_test_matches_the_delta_method_reference(
    base: tuple[int, float], var: tuple[int, float], confidence: float
) -> None:
    (nc, rc), (nt, rt) = base, var
    cc, ct = max(1, round(rc * nc)), round(rt * nt)
    pc, pt = cc / nc, ct / nt
    vc, vt = pc * (1 - pc), pt * (1 - pt)
    alpha = 1 - confidence / 100
    r = proportion_test(cc, nc, ct, nt, alpha=alpha)
    if (vc == 0 and vt == 0) or pt == 0:
        assert r.p_value is None
        return
    lift, lo, hi, p = ref_relative(pc, vc, nc, pt, vt, nt, alpha)
    assert r.effect == pytest.approx(lift, rel=1e-11, abs=1e-14)
    assert r.ci_low == pytest.approx(lo, rel=1e-9, abs=1e-13)
    assert r.ci_high == pytest.approx(hi, rel=1e-9, abs=1e-13)
    assert r.p_value == pytest.approx(p, rel=1e-9, abs=1e-300)
    v = analyse([goal([(nc, cc), (nt, ct)])], ExperienceSettings(confidence=confidence))
    stats = v.goals[0].variations[1]
    assert stats.p_value == r.p_value and stats.uplift_ci_low == r.ci_low


@pytest.mark.parametrize(
    ("base", "variation"),
    [
        ((123456, 10**7), (124000, 10**7)),  # df ~ 2e7
        ((117467, 12596996), (206769, 22302260)),
        ((4_000_000, 10**9), (4_010_000, 10**9)),  # df ~ 2e9
    ],
)
def test_large_samples_keep_full_precision(
    base: tuple[int, int], variation: tuple[int, int]
) -> None:
    # Regression: the Student t tail lost ~df * 1e-16 relative (1e-9 at df 1e7, 1e-6 at 1e10).
    (cc, nc), (ct, nt) = base, variation
    pc, pt = cc / nc, ct / nt
    r = proportion_test(cc, nc, ct, nt, alpha=0.05)
    _, lo, hi, p = ref_relative(pc, pc * (1 - pc), nc, pt, pt * (1 - pt), nt, 0.05)
    assert r.p_value == pytest.approx(p, rel=1e-11)
    assert (r.ci_low, r.ci_high) == pytest.approx((lo, hi), rel=1e-11)


def test_the_interval_level_is_the_experience_confidence() -> None:
    rows = [(20000, 1000), (20000, 1080)]
    pc, pt = 1000 / 20000, 1080 / 20000
    for confidence, alpha in ((None, 0.05), (90, 0.10), (99, 0.01)):
        v = analyse([goal(rows)], ExperienceSettings(confidence=confidence)).goals[0]
        _, lo, hi, p = ref_relative(pc, pc * (1 - pc), 20000, pt, pt * (1 - pt), 20000, alpha)
        stats = v.variations[1]
        assert (stats.uplift_ci_low, stats.uplift_ci_high) == pytest.approx((lo, hi), rel=1e-10)
        assert stats.p_value == pytest.approx(p, rel=1e-10)
        assert stats.significant is bool(p < alpha)


# -- revenue ------------------------------------------------------------------------------------


def test_revenue_figures_against_the_reference() -> None:
    base = (50_000, 2_100, 180_000.0, 2.1e7, 2_900)
    var = (49_000, 2_250, 199_000.0, 2.4e7, 3_300)
    g = analyse([goal([base, var], revenue=True)], ExperienceSettings(confidence=90)).goals[0]
    b, v = g.variations
    assert b.revenue_per_visitor == pytest.approx(180_000 / 50_000)
    assert v.average_order_value == pytest.approx(199_000 / 2_250)
    assert v.products_per_visitor == pytest.approx(3_300 / 49_000)
    assert v.revenue == 199_000.0
    mc, mt = 180_000 / 50_000, 199_000 / 49_000
    vc, vt = sample_variance(180_000, 2.1e7, 50_000), sample_variance(199_000, 2.4e7, 49_000)
    lift, lo, hi, p = ref_relative(mc, vc, 50_000, mt, vt, 49_000, 0.10)
    assert v.rpv_uplift == pytest.approx(lift, rel=1e-12)
    assert (v.rpv_uplift_ci_low, v.rpv_uplift_ci_high) == pytest.approx((lo, hi), rel=1e-10)
    assert v.rpv_p_value == pytest.approx(p, rel=1e-10)


# -- chance to beat the baseline -----------------------------------------------------------------


@pytest.mark.parametrize(
    "case",
    [(14, 28, 16, 30), (0, 1, 1, 1), (5, 100, 0, 100), (3, 10, 7, 12), (40, 400, 52, 410)],
)
def test_chance_to_beat_equals_evan_millers_closed_form_exactly(
    case: tuple[int, int, int, int],
) -> None:
    assert chance_to_beat(*case) == pytest.approx(float(miller_exact(*case)), rel=1e-12)


def test_chance_to_beat_small_known_values() -> None:
    assert chance_to_beat(0, 1, 1, 1) == pytest.approx(5 / 6, rel=1e-14)  # ∫ 2x (2x - x²) dx
    assert chance_to_beat(1, 1, 1, 1) == pytest.approx(0.5, abs=1e-12)
    assert chance_to_beat(3, 7, 3, 7) == pytest.approx(0.5, abs=1e-12)
    assert chance_to_beat(5, 0, 1, 1) is None and chance_to_beat(1, 1, 0, 0) is None


@pytest.mark.parametrize(
    "case",
    [
        (5000, 10**5, 5100, 10**5),
        (1000, 10**6, 1100, 10**6),
        (0, 10**6, 1, 10**6),
        (10**6, 10**6, 999_999, 10**6),
        (123_456, 10**7, 124_000, 10**7),
    ],
)
def test_chance_to_beat_large_counts_match_quadrature(case: tuple[int, int, int, int]) -> None:
    win, lose = quad_chance(*case)
    assert win + lose == pytest.approx(1, abs=1e-10)  # the reference checks itself
    chance = chance_to_beat(*case)
    assert chance is not None and math.isfinite(chance)
    assert chance == pytest.approx(win, rel=1e-9)
    reverse = chance_to_beat(case[2], case[3], case[0], case[1])
    assert reverse is not None and chance + reverse == pytest.approx(1, abs=1e-9)


# -- power: R's power.prop.test ------------------------------------------------------------------


def test_power_prop_test_documented_examples() -> None:
    power = power_two_proportions(50, 0.5, 0.75)
    assert power == pytest.approx(0.7401659, abs=5e-8)
    n = required_sample_size(0.5, 0.75, power=0.9)
    assert n is not None and round(n, 1) == 76.7
    assert n == pytest.approx(samplesize_proportions_2indep_onetail(0.25, 0.5, 0.9), rel=1e-12)
    assert required_visitors(0.5, 0.75, power=0.9) == 77


@pytest.mark.parametrize(
    ("p1", "p2", "alpha"),
    [(0.05, 0.06, 0.05), (0.10, 0.09, 0.05), (0.01, 0.012, 0.10), (0.3, 0.35, 0.01), (0, 1, 0.05)],
)
def test_required_visitors_is_power_prop_test_rounded_up(
    p1: float, p2: float, alpha: float
) -> None:
    n = samplesize_proportions_2indep_onetail(p2 - p1, p1, 0.8, alpha=alpha)
    assert required_visitors(p1, p2, alpha=alpha) == math.ceil(n - 1e-9)
    assert required_visitors(p1, p1, alpha=alpha) is None


def test_required_visitors_in_the_analysis_uses_the_confidence() -> None:
    rows = [(10000, 500), (10000, 560)]
    for confidence, alpha in ((None, 0.05), (90, 0.10)):
        v = analyse([goal(rows)], ExperienceSettings(confidence=confidence)).goals[0].variations
        n = samplesize_proportions_2indep_onetail(0.006, 0.05, 0.8, alpha=alpha)
        assert v[1].required_visitors == math.ceil(n)
    equal = analyse([goal([(1000, 50), (1200, 60)])]).goals[0].variations[1]
    assert equal.required_visitors is None


# -- SRM -----------------------------------------------------------------------------------------


def test_srm_scipy_documented_examples() -> None:
    assert srm_p_value([16, 18, 16, 14, 12, 12]) == pytest.approx(0.84914503608460956, rel=1e-12)
    weighted = srm_p_value([16, 18, 16, 14, 12, 12], [2, 2, 2, 2, 2, 1])
    assert weighted == pytest.approx(0.62338762774958223, rel=1e-12)


def test_srm_in_the_analysis_and_its_flag() -> None:
    rows = [(5000, 1, 0, 0, 0, None), (5300, 1, 0, 0, 0, None)]
    p = analyse([goal(rows)]).goals[0].srm_p_value
    assert p == pytest.approx(sps.chisquare([5000, 5300]).pvalue, rel=1e-12)
    assert p is not None and p < 0.01 and not is_srm(p)  # flagged only below 0.001
    split = [(70_300, 1, 0, 0, 0, 70), (29_700, 1, 0, 0, 0, 30)]
    p = analyse([goal(split)]).goals[0].srm_p_value
    assert p == pytest.approx(sps.chisquare([70_300, 29_700], [70_000, 30_000]).pvalue)
    big = analyse([goal([(10**7, 1), (10**7 + 20_000, 1)])]).goals[0].srm_p_value
    assert big == pytest.approx(sps.chisquare([10**7, 10**7 + 20_000]).pvalue, rel=1e-10)
    assert big is not None and is_srm(big)
    assert is_srm(0.000999) and not is_srm(0.001) and not is_srm(None)
