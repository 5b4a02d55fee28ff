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
import json
import math
import time
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate
from scipy import stats as sps
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import samplesize_proportions_2indep_onetail

from convert_tui.cli import main
from convert_tui.stats import (
    ExperienceSettings,
    GoalCounts,
    VariationCounts,
    adjust_alpha,
    adjust_p_value,
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


# -- significance and corrections ----------------------------------------------------------------

NOW = 1_800_000_000.0
DAY = 86_400.0


def test_significant_needs_every_minimum() -> None:
    # baseline well above every minimum; the variation sits exactly on them
    rows = [(20000, 1000), (10000, 560)]
    p = analyse([goal(rows)]).goals[0].variations[1].p_value
    assert p is not None and 0.01 < p < 0.05

    def significant(**kw: Any) -> bool | None:
        s = ExperienceSettings(**{"start_time": NOW - 7 * DAY, "now": NOW, **kw})
        return analyse([goal(rows)], s).goals[0].variations[1].significant

    assert significant(minvis=10000, minconv=560, minrun=7) is True
    assert significant(minvis=10001) is False
    assert significant(minconv=561) is False
    assert significant(minrun=7.01) is False
    assert significant(confidence=99) is False  # p is above 0.01
    assert analyse([goal(rows)]).goals[0].variations[0].significant is None  # the baseline


@pytest.mark.parametrize("method", ["bonferroni", "sidak"])
def test_corrections_across_variations_and_goals(method: str) -> None:
    goals = [
        goal([(10000, 500), (10000, 560), (10000, 580)], goal_id="a"),
        goal([(10000, 1000), (10000, 1100), (10000, 1010)], goal_id="b"),
    ]
    plain = [v for g in analyse(goals).goals for v in g.variations if not v.is_baseline]
    analysis = analyse(goals, None, method)
    corrected = [v for g in analysis.goals for v in g.variations if not v.is_baseline]
    assert analysis.comparisons == 4
    raw = [v.p_value for v in plain]
    expected = multipletests(raw, alpha=0.05, method=method)[1]
    alpha = 0.05 / 4 if method == "bonferroni" else 1 - 0.95 ** (1 / 4)
    assert adjust_alpha(0.05, 4, method) == pytest.approx(alpha, rel=1e-14)  # type: ignore[arg-type]
    rows = [((10000, 500), (10000, 560)), ((10000, 500), (10000, 580))]
    rows += [((10000, 1000), (10000, 1100)), ((10000, 1000), (10000, 1010))]
    for v, p_adj, ((nc, cc), (nt, ct)) in zip(corrected, expected, rows, strict=True):
        assert v.p_value == pytest.approx(p_adj, rel=1e-12)
        assert v.significant is bool(p_adj < 0.05)
        pc, pt = cc / nc, ct / nt
        _, lo, hi, _ = ref_relative(pc, pc * (1 - pc), nc, pt, pt * (1 - pt), nt, alpha)
        assert (v.uplift_ci_low, v.uplift_ci_high) == pytest.approx((lo, hi), rel=1e-10)
    for p in (0.0, 1e-9, 0.01, 0.3, 1.0):
        got = adjust_p_value(p, 4, method)  # type: ignore[arg-type]
        sidak = -math.expm1(4 * math.log1p(-p)) if p < 1 else 1.0  # no cancellation at tiny p
        want = min(1.0, 4 * p) if method == "bonferroni" else sidak
        assert got == pytest.approx(want, rel=1e-12, abs=1e-300)


# -- edge cases: nothing raises, nothing is NaN or infinite --------------------------------------

EDGE_ROWS = [
    [(0, 0), (0, 0)],
    [(1, 0), (1, 1)],
    [(1, 1), (1, 1)],
    [(100, 0), (100, 5)],  # no conversions in the baseline
    [(100, 5), (100, 0)],
    [(100, 100), (100, 100)],  # 100% conversion
    [(100, 100), (100, 90)],
    [(1000, 50), (1000, 50)],  # equal rates
    [(100, 150), (100, 20)],  # conversions > visitors
    [(100, 20), (100, 150)],
    [(-5, 3), (10, 2)],
    [(10**7, 123_456), (10**7, 124_000)],
    [(10**6, 10**6), (10**6, 999_999)],
    [(10**6, 0), (10**6, 1)],
    [(3, 1), (0, 0)],
]


def assert_clean(document: dict[str, Any]) -> None:
    json.dumps(document, allow_nan=False)  # raises on NaN / inf
    for v in document["variations"]:
        for key in ("p_value", "rpv_p_value", "chance_to_beat_baseline", "conversion_rate"):
            if v.get(key) is not None:
                assert 0.0 <= v[key] <= 1.0, (key, v)
        for prefix in ("uplift", "rpv_uplift"):
            low, mid, high = (v.get(prefix + s) for s in ("_ci_low", "", "_ci_high"))
            if low is not None:
                assert mid is not None and high is not None
                assert low <= mid <= high, v
        if v["required_visitors"] is not None:
            assert isinstance(v["required_visitors"], int) and v["required_visitors"] > 0
    if document["srm_p_value"] is not None:
        assert 0.0 <= document["srm_p_value"] <= 1.0


@pytest.mark.parametrize("rows", EDGE_ROWS)
def test_edge_cases_give_finite_or_null_figures(rows: list[tuple[int, int]]) -> None:
    for correction in ("none", "bonferroni", "sidak"):
        assert_clean(analyse([goal(rows)], ExperienceSettings(), correction).goals[0].to_dict())


def test_edge_case_values() -> None:
    zero_base = analyse([goal([(100, 0), (100, 5)])]).goals[0].variations[1]
    assert zero_base.uplift is None and zero_base.p_value is None  # relative to 0: undefined
    assert zero_base.chance_to_beat_baseline == pytest.approx(float(miller_exact(0, 100, 5, 100)))
    equal = analyse([goal([(1000, 50), (1000, 50)])]).goals[0].variations[1]
    assert equal.uplift == 0.0 and equal.p_value == pytest.approx(1.0)
    clamped = analyse([goal([(100, 150), (100, 20)])]).goals[0].variations
    assert clamped[0].conversion_rate == 1.0 and clamped[1].uplift == pytest.approx(-0.8)


amounts = st.one_of(
    st.none(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=-1e3, max_value=1e12),
)
visitors = st.one_of(
    st.integers(min_value=-3, max_value=3), st.integers(min_value=0, max_value=10**8)
)


@DERANDOMIZED
@given(
    rows=st.lists(st.tuples(visitors, visitors, amounts, amounts, amounts), min_size=1, max_size=4),
    confidence=st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True)),
    correction=st.sampled_from(["none", "bonferroni", "sidak"]),
)
def test_wild_inputs_never_raise_nan_or_inf(
    rows: list[tuple[Any, ...]], confidence: float | None, correction: str
) -> None:
    goals = [goal(rows, revenue=True), goal([r[:2] for r in rows], goal_id="h")]
    analysis = analyse(goals, ExperienceSettings(confidence=confidence), correction)
    for g in analysis.goals:
        assert_clean(g.to_dict())


# -- end to end: `convert-tui report --json` on the sandbox, recomputed from raw counts -----------

PROJECT, EXPERIENCE = "10001", "1000001"  # seed 1: a revenue primary goal and a click goal


def test_report_json_revenue_goal_recomputed_independently(
    sandbox: Any,
    sandbox_http: Any,
    config_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # tests/test_report_cli.py checks conversion uplift / p / interval and SRM; this adds the rest.
    monkeypatch.setenv("CONVERT_APPLICATION_ID", sandbox.app_id)
    monkeypatch.setenv("CONVERT_SECRET_KEY", sandbox.secret)
    monkeypatch.setenv("CONVERT_API_BASE_URL", sandbox.base_url)
    monkeypatch.delenv("CONVERT_PROFILE", raising=False)
    assert main(["report", PROJECT, EXPERIENCE, "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    raw = sandbox_http.ok("POST", f"/reports/full/{PROJECT}/{EXPERIENCE}", {})
    experience = sandbox_http.ok("GET", f"/experiences/get/{PROJECT}/{EXPERIENCE}")
    confidence = experience.get("confidence") or 95
    alpha = 1 - confidence / 100
    days = (time.time() - experience["start_time"]) / DAY
    assert experience["start_time"] > 0 and not experience.get("end_time")

    revenue_goals = [g for g in raw["goals"] if g["goal_type"] == "revenue"]
    assert revenue_goals
    for raw_goal in raw["goals"]:
        out = next(g for g in doc["goals"] if g["goal_id"] == str(raw_goal["goal_id"]))
        base = next(v for v in raw_goal["variations"] if v["is_baseline"])
        nb, cb = base["visitors"], base["conversions"]
        for v, rv in zip(out["variations"], raw_goal["variations"], strict=True):
            n, c = rv["visitors"], rv["conversions"]
            if raw_goal["goal_type"] == "revenue":
                assert v["revenue"] == pytest.approx(rv["revenue"])
                assert v["revenue_per_visitor"] == pytest.approx(rv["revenue"] / n)
                assert v["average_order_value"] == pytest.approx(rv["revenue"] / c)
                assert v["products_per_visitor"] == pytest.approx(rv["products"] / n)
            if rv["is_baseline"]:
                continue
            # chance to beat: quadrature of the Beta posteriors
            win, _ = quad_chance(cb, nb, c, n)
            assert v["chance_to_beat_baseline"] == pytest.approx(win, abs=1e-10)
            # required visitors: power.prop.test at the confidence, 80% power, rounded up
            need = samplesize_proportions_2indep_onetail(c / n - cb / nb, cb / nb, 0.8, alpha=alpha)
            assert v["required_visitors"] == math.ceil(need)
            # significance: p < alpha and the experience's minimums
            met = (
                min(n, nb) >= (experience.get("minvis") or 0)
                and min(c, cb) >= (experience.get("minconv") or 0)
                and days >= (experience.get("minrun") or 0)
            )
            assert v["significant"] is (v["p_value"] < alpha and met)
            if raw_goal["goal_type"] != "revenue":
                continue
            # revenue per visitor: delta-method Welch with the sample variance of revenue
            mc, mt = base["revenue"] / nb, rv["revenue"] / n
            vc = sample_variance(base["revenue"], base["revenue_sum_squares"], nb)
            vt = sample_variance(rv["revenue"], rv["revenue_sum_squares"], n)
            lift, lo, hi, p = ref_relative(mc, vc, nb, mt, vt, n, alpha)
            assert v["rpv_uplift"] == pytest.approx(lift, rel=1e-12)
            assert v["rpv_uplift_ci_low"] == pytest.approx(lo, rel=1e-10)
            assert v["rpv_uplift_ci_high"] == pytest.approx(hi, rel=1e-10)
            assert v["rpv_p_value"] == pytest.approx(p, rel=1e-10, abs=1e-300)
