"""The analysis' rules and edge cases against independent references: minimums, corrections,
edge rows, wild inputs, and a report's JSON recomputed from scratch (the references and
helpers are those of test_stats_references)."""

from __future__ import annotations

import json
import math
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import samplesize_proportions_2indep_onetail
from support.credentials import use_sandbox
from test_stats_references import (
    DERANDOMIZED,
    goal,
    miller_exact,
    quad_chance,
    ref_relative,
    sample_variance,
)

from convert_tui.cli import main
from convert_tui.stats import (
    ExperienceSettings,
    adjust_alpha,
    adjust_p_value,
    analyse,
)

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
    use_sandbox(sandbox, monkeypatch)
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
