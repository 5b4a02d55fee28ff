"""analyse(summary=True), what status rows are built from: the same verdict, leader and progress
as the full analysis, without the figures a row never shows."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from convert_tui.stats import (
    ExperienceSettings,
    GoalCounts,
    VariationCounts,
    analyse,
    classify,
)

arm = st.tuples(
    st.integers(min_value=0, max_value=200_000),  # visitors
    st.floats(min_value=0.0, max_value=0.2),  # conversion rate
    st.none() | st.floats(min_value=0, max_value=1e6),  # revenue
)


def _goal(arms: list[tuple[int, float, float | None]], goal_type: str) -> GoalCounts:
    variations = [
        VariationCounts(str(i), f"V{i}", i == 0, visitors, round(visitors * rate), revenue=revenue)
        for i, (visitors, rate, revenue) in enumerate(arms)
    ]
    return GoalCounts("g", "Goal", goal_type, True, variations)


@settings(max_examples=150, deadline=None)
@given(
    arms=st.lists(arm, min_size=1, max_size=5),
    goal_type=st.sampled_from(["clicks_link", "revenue"]),
    minvis=st.none() | st.integers(min_value=1, max_value=50_000),
    confidence=st.sampled_from([None, 90.0, 99.0]),
)
def test_a_summary_shows_what_the_full_analysis_shows(
    arms: list[tuple[int, float, float | None]],
    goal_type: str,
    minvis: int | None,
    confidence: float | None,
) -> None:
    goals = [_goal(arms, goal_type)]
    minimums = ExperienceSettings(confidence=confidence, minvis=minvis)
    full = analyse(goals, minimums)
    summary = analyse(goals, minimums, summary=True)
    whole, short = full.goals[0], summary.goals[0]

    # What a status row shows: the verdict's words, the leader's figures, progress and SRM.
    verdict, summary_verdict = classify(whole), classify(short)
    assert summary_verdict.kind == verdict.kind
    assert summary_verdict.short() == verdict.short()
    assert summary_verdict.long() == verdict.long()
    assert short.progress == whole.progress
    assert short.srm_p_value == whole.srm_p_value
    shown = ("uplift", "uplift_ci_low", "uplift_ci_high", "chance_to_beat_baseline", "p_value")
    if whole.leader is None:
        assert short.leader is None
    else:
        assert short.leader is not None
        assert short.leader.variation_id == whole.leader.variation_id
        for name in (*shown, "significant", "required_visitors"):
            assert getattr(short.leader, name) == getattr(whole.leader, name), name

    # What it leaves out.
    for v in short.variations:
        assert v.expected_loss is None and v.days_to_go is None
        assert v.uplift_credible_low is None and v.uplift_credible_high is None
        assert v.rpv_p_value is None
