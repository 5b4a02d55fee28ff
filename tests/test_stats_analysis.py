"""analyse(), verdict() and cumulative_rates(): shapes, rules and edge cases."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as sps

from convert_tui.stats import (
    REVENUE_FIELDS,
    DailyCounts,
    ExperienceSettings,
    GoalAnalysis,
    GoalCounts,
    VariationCounts,
    VariationStats,
    analyse,
    cumulative_rates,
    format_percent,
    round_sensibly,
    verdict,
)

DAY = 86_400.0
BASE_KEYS = [
    "variation_id",
    "variation_name",
    "is_baseline",
    "visitors",
    "conversions",
    "conversion_rate",
    "uplift",
    "uplift_ci_low",
    "uplift_ci_high",
    "p_value",
    "chance_to_beat_baseline",
    "required_visitors",
    "significant",
    "expected_loss",
    "uplift_credible_low",
    "uplift_credible_high",
    "progress",
    "days_to_go",
]
COMPARATIVE = BASE_KEYS[6:]


def var(vid: str, name: str, visitors: int, conversions: int, **kw: object) -> VariationCounts:
    return VariationCounts(vid, name, vid == "1", visitors, conversions, **kw)  # type: ignore[arg-type]


def goal(*variations: VariationCounts, gid: str = "g", gtype: str = "clicks_link") -> GoalCounts:
    return GoalCounts(gid, f"Goal {gid}", gtype, gid == "g", variations)


def two_arm(cb: int, cv: int, n: int = 10_000, **kw: object) -> GoalCounts:
    return goal(var("1", "Original", n, cb), var("2", "Green", n, cv), **kw)  # type: ignore[arg-type]


def test_field_names_are_the_json_keys() -> None:
    names = list(VariationStats._fields)
    assert names == BASE_KEYS + list(REVENUE_FIELDS)
    assert list(GoalAnalysis._fields) == [
        "goal_id",
        "goal_name",
        "goal_type",
        "srm_p_value",
        "variations",
    ]
    plain = analyse([two_arm(500, 580)]).goals[0].to_dict()
    assert list(plain) == ["goal_id", "goal_name", "goal_type", "srm_p_value", "variations"]
    assert all(list(v) == BASE_KEYS for v in plain["variations"])
    revenue = goal(
        var("1", "A", 100, 10, revenue=500.0, products=12, revenue_sum_squares=30_000.0),
        var("2", "B", 100, 12, revenue=700.0, products=15, revenue_sum_squares=45_000.0),
        gtype="revenue",
    )
    rev = analyse([revenue]).goals[0].to_dict()
    assert all(list(v) == BASE_KEYS + list(REVENUE_FIELDS) for v in rev["variations"])


def test_two_arm_numbers_against_scipy() -> None:
    result = analyse([two_arm(500, 580)], ExperienceSettings(confidence=95))
    base, green = result.goals[0].variations
    assert base.is_baseline and all(getattr(base, k) is None for k in COMPARATIVE)
    assert green.conversion_rate == pytest.approx(0.058)
    assert green.uplift == pytest.approx(0.16)
    se = math.sqrt(0.058 * 0.942 / (1e4 * 0.05**2) + 0.05 * 0.95 * 0.058**2 / (1e4 * 0.05**4))
    a, b = 0.058 * 0.942 / 1e4, 0.05 * 0.95 / 1e4
    df = (a + b) ** 2 / (a * a / 9999 + b * b / 9999)
    assert green.p_value == pytest.approx(2 * sps.t.sf(0.16 / se, df), rel=1e-7)
    half = sps.t.ppf(0.975, df) * se
    assert green.uplift_ci_low == pytest.approx(0.16 - half, rel=1e-7)
    assert green.uplift_ci_high == pytest.approx(0.16 + half, rel=1e-7)
    assert green.significant is True
    assert green.chance_to_beat_baseline is not None and green.chance_to_beat_baseline > 0.99
    assert green.required_visitors is not None and green.required_visitors > 10_000
    assert result.confidence == 95.0 and result.correction == "none"


@pytest.mark.parametrize("confidence", [None, 0, 100, -5, 250])
def test_confidence_defaults_to_95(confidence: float | None) -> None:
    assert analyse([two_arm(5, 6)], ExperienceSettings(confidence=confidence)).confidence == 95.0


def test_higher_confidence_widens_interval_and_can_remove_significance() -> None:
    at95 = analyse([two_arm(500, 580)], ExperienceSettings(confidence=95)).goals[0].variations[1]
    at99 = analyse([two_arm(500, 580)], ExperienceSettings(confidence=99)).goals[0].variations[1]
    assert at99.p_value == at95.p_value
    assert at99.uplift_ci_low is not None and at95.uplift_ci_low is not None
    assert at99.uplift_ci_low < at95.uplift_ci_low
    assert at95.significant and not at99.significant  # p ≈ 0.02


def test_corrections_adjust_p_values_and_intervals() -> None:
    goals = [
        goal(var("1", "A", 10_000, 500), var("2", "B", 10_000, 580), var("3", "C", 10_000, 510)),
        goal(
            var("1", "A", 10_000, 100),
            var("2", "B", 10_000, 90),
            var("3", "C", 10_000, 140),
            gid="h",
        ),
    ]
    plain = analyse(goals)
    bonf = analyse(goals, correction="bonferroni")
    sidak = analyse(goals, correction="sidak")
    assert bonf.comparisons == 4 and bonf.correction == "bonferroni"
    for g0, gb, gs in zip(plain.goals, bonf.goals, sidak.goals, strict=True):
        for v0, vb, vs in zip(g0.variations[1:], gb.variations[1:], gs.variations[1:], strict=True):
            assert v0.p_value is not None
            assert vb.p_value == pytest.approx(min(1.0, 4 * v0.p_value))
            assert vs.p_value == pytest.approx(1 - (1 - v0.p_value) ** 4)
            assert vb.uplift_ci_low is not None and v0.uplift_ci_low is not None
            assert vb.uplift_ci_low < v0.uplift_ci_low
            assert vb.chance_to_beat_baseline == v0.chance_to_beat_baseline
    with pytest.raises(ValueError):
        analyse(goals, correction="holm")


def test_minimums_gate_significance() -> None:
    start = 1_700_000_000.0
    ok = ExperienceSettings(
        minvis=10_000, minconv=500, minrun=7, start_time=start, now=start + 8 * DAY
    )
    assert analyse([two_arm(500, 580)], ok).goals[0].variations[1].significant is True
    for bad in [
        ExperienceSettings(minvis=10_001),
        ExperienceSettings(minconv=501),  # the baseline has only 500
        ExperienceSettings(minrun=7, start_time=start, now=start + 6.5 * DAY),
        ExperienceSettings(minrun=7, start_time=0, now=start),  # never started
        ExperienceSettings(minrun=7, start_time=start, now=None),
    ]:
        v = analyse([two_arm(500, 580)], bad).goals[0].variations[1]
        assert v.significant is False
        assert v.p_value is not None and v.p_value < 0.05


def _all_numbers(result: object) -> list[float]:
    out: list[float] = []

    def walk(x: object) -> None:
        if isinstance(x, dict):
            for value in x.values():
                walk(value)
        elif isinstance(x, list):
            for value in x:
                walk(value)
        elif isinstance(x, float):
            out.append(x)

    walk(result)
    return out


@pytest.mark.parametrize(
    "g",
    [
        two_arm(0, 0, n=0),  # zero visitors
        two_arm(0, 0),  # zero conversions
        two_arm(0, 12),  # baseline rate 0
        two_arm(50, 50),  # equal rates
        two_arm(150, 20, n=100),  # conversions > visitors
        two_arm(10_000, 10_000),  # both 100%
        goal(var("1", "A", 1, 1), var("2", "B", 1, 0)),  # single visitors
        goal(var("1", "A", 0, 0)),  # baseline only
        goal(),  # no variations
        goal(
            var("1", "A", 0, 0, revenue=0.0, revenue_sum_squares=0.0),
            var("2", "B", 5, 0, revenue=None, products=3),
            gtype="revenue",
        ),
        two_arm(500_000, 501_000, n=10**6),
    ],
)
def test_edge_cases_never_raise_nor_produce_nan(g: GoalCounts) -> None:
    result = analyse([g], ExperienceSettings(minvis=1, minconv=1, minrun=1))
    doc = result.goals[0].to_dict()
    json.dumps(doc, allow_nan=False)
    assert all(math.isfinite(x) for x in _all_numbers(doc))
    verdict(result.goals[0])


def test_specific_edge_values() -> None:
    zero = analyse([two_arm(0, 12)]).goals[0].variations[1]
    assert zero.uplift is None and zero.p_value is None and zero.significant is False
    assert zero.chance_to_beat_baseline is not None and zero.chance_to_beat_baseline > 0.99
    equal = analyse([two_arm(50, 50)]).goals[0].variations[1]
    assert equal.uplift == 0.0 and equal.required_visitors is None
    assert equal.p_value == pytest.approx(1.0)
    clamped = analyse([two_arm(150, 20, n=100)]).goals[0].variations
    assert clamped[0].conversion_rate == 1.0 and clamped[0].conversions == 150
    empty = analyse([two_arm(0, 0, n=0)]).goals[0]
    assert empty.srm_p_value is None and empty.variations[1].conversion_rate is None


def test_baseline_defaults_to_first_variation() -> None:
    g = GoalCounts(
        "g",
        "G",
        None,
        True,
        (VariationCounts("9", "X", False, 100, 10), VariationCounts("8", "Y", False, 100, 20)),
    )
    first, second = analyse([g]).goals[0].variations
    assert first.is_baseline and not second.is_baseline
    assert second.uplift == pytest.approx(1.0)


def test_revenue_metrics() -> None:
    g = goal(
        var("1", "A", 1000, 50, revenue=4000.0, products=70, revenue_sum_squares=4000.0 * 80 * 1.4),
        var("2", "B", 1000, 60, revenue=5100.0, products=90, revenue_sum_squares=5100.0 * 85 * 1.4),
        gtype="revenue",
    )
    base, b = analyse([g]).goals[0].variations
    assert base.revenue_per_visitor == 4.0 and base.average_order_value == 80.0
    assert base.products_per_visitor == pytest.approx(0.07) and base.rpv_uplift is None
    assert b.rpv_uplift == pytest.approx(5.1 / 4.0 - 1)
    var_a = (4000.0 * 80 * 1.4 - 4000.0**2 / 1000) / 999
    var_b = (5100.0 * 85 * 1.4 - 5100.0**2 / 1000) / 999
    se = math.sqrt(var_b / (1000 * 16) + var_a * 5.1**2 / (1000 * 4.0**4))
    sa, sb = var_a / 1000, var_b / 1000
    df = (sa + sb) ** 2 / (sa * sa / 999 + sb * sb / 999)
    assert b.rpv_p_value == pytest.approx(2 * sps.t.sf((5.1 / 4 - 1) / se, df), rel=1e-7)


def test_srm_uses_percentages() -> None:
    g = goal(
        var("1", "A", 10_000, 10, percentage=50),
        var("2", "B", 10_000, 10, percentage=50),
    )
    assert analyse([g]).goals[0].srm_p_value == pytest.approx(1.0)
    skewed = goal(var("1", "A", 8_000, 10, percentage=80), var("2", "B", 2_000, 10, percentage=20))
    assert analyse([skewed]).goals[0].srm_p_value == pytest.approx(1.0)
    assert analyse([two_arm(1, 1, n=1)]).goals[0].srm_p_value == pytest.approx(1.0)


counts = st.integers(min_value=-5, max_value=2_000_000)


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            counts,
            counts,
            st.none() | st.floats(min_value=0, max_value=1e7),
            st.none() | st.floats(min_value=0, max_value=1e12),
            st.none() | st.floats(min_value=0, max_value=100),
        ),
        min_size=1,
        max_size=4,
    ),
    correction=st.sampled_from(["none", "bonferroni", "sidak"]),
    confidence=st.none() | st.floats(min_value=-10, max_value=120),
)
def test_random_reports_are_well_formed(
    rows: list[tuple[int, int, float | None, float | None, float | None]],
    correction: str,
    confidence: float | None,
) -> None:
    variations = [
        VariationCounts(
            str(i), f"V{i}", i == 0, v, c, revenue=r, revenue_sum_squares=s, percentage=p
        )
        for i, (v, c, r, s, p) in enumerate(rows)
    ]
    result = analyse(
        [GoalCounts("g", "G", "revenue", True, variations)],
        ExperienceSettings(confidence=confidence),
        correction,
    )
    doc = result.goals[0].to_dict()
    json.dumps(doc, allow_nan=False)
    for v in result.goals[0].variations:
        for name in ("p_value", "rpv_p_value", "chance_to_beat_baseline", "conversion_rate"):
            value = getattr(v, name)
            assert value is None or 0.0 <= value <= 1.0
        if v.uplift_ci_low is not None:
            assert v.uplift is not None and v.uplift_ci_high is not None
            assert v.uplift_ci_low <= v.uplift <= v.uplift_ci_high
    verdict(result.goals[0], confidence=result.confidence)


# --- verdict ------------------------------------------------------------------------------------


def test_verdict_winner_and_loser_lines() -> None:
    g = analyse([two_arm(500, 580)]).goals[0]
    v = g.variations[1]
    assert v.uplift_ci_low is not None and v.uplift_ci_high is not None
    assert v.chance_to_beat_baseline is not None
    expected = (
        f"Winner: Green, +16.0% [{v.uplift_ci_low * 100:.1f}%, {v.uplift_ci_high * 100:.1f}%], "
        f"{v.chance_to_beat_baseline * 100:.1f}% chance to beat Original"
    )
    assert verdict(g) == expected
    loser = verdict(analyse([two_arm(580, 480)]).goals[0])
    assert loser.startswith("Loser: Green, -17.2% [") and "chance to beat Original" in loser


def test_verdict_not_yet_rounds_the_visitors_needed() -> None:
    g = analyse([two_arm(500, 510)]).goals[0]
    needed = g.variations[1].required_visitors
    assert needed is not None
    more = round_sensibly(needed - 10_000)
    assert verdict(g) == f"Not yet: about {more:,} more visitors per variation needed"
    assert round_sensibly(6_287) == 6_300 and round_sensibly(42) == 42
    assert round_sensibly(1_234_567) == 1_200_000


def test_verdict_other_not_yet_cases() -> None:
    assert verdict(analyse([two_arm(50, 50)]).goals[0]).startswith("Not yet: no difference")
    assert verdict(analyse([two_arm(0, 0, n=0)]).goals[0]) == "Not yet: no visitors so far"
    gated = analyse([two_arm(500, 580)], ExperienceSettings(minvis=50_000)).goals[0]
    assert "minimum" in verdict(gated, confidence=95)
    assert "minimum" not in verdict(analyse([two_arm(500, 530)]).goals[0], confidence=95)


# --- cumulative rates ---------------------------------------------------------------------------


def test_cumulative_rates() -> None:
    days = [
        DailyCounts("2026-11-02", 100, 10, 50.0),
        DailyCounts("2026-11-01", 0, 0, 0.0),
        DailyCounts("2026-11-03", 100, 5, None),
        DailyCounts("2026-11-02", 100, 5, 25.0),
    ]
    points = cumulative_rates(days)
    assert [p.date for p in points] == ["2026-11-01", "2026-11-02", "2026-11-03"]
    assert points[0].conversion_rate is None and points[0].revenue_per_visitor is None
    assert (points[1].visitors, points[1].conversions) == (200, 15)
    assert points[1].conversion_rate == pytest.approx(0.075)
    assert points[1].revenue_per_visitor == pytest.approx(75.0 / 200)
    assert points[2].conversion_rate == pytest.approx(20 / 300)
    assert points[2].revenue_per_visitor is None
    assert cumulative_rates([]) == []


def test_percent_formatting_and_leader() -> None:
    assert format_percent(0.123, signed=True) == "+12.3%"
    assert format_percent(-0.0004, signed=True) == "+0.0%"  # no "-0.0%"
    assert format_percent(0.04493, digits=2) == "4.49%"
    g = analyse([goal(var("1", "A", 100, 10), var("2", "B", 100, 30), var("3", "C", 100, 20))])
    leader = g.goals[0].leader
    assert leader is not None and leader.variation_name == "B"
    assert analyse([two_arm(0, 0, n=0)]).goals[0].leader is None
