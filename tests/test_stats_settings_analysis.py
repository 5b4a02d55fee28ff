"""The report-level effect of the statistics settings, SRM's window and the time to done."""

from __future__ import annotations

import json
import math
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from convert_tui.stats import (
    ExperienceSettings,
    GoalCounts,
    StatsSettings,
    VariationCounts,
    analyse,
    early_read_note,
)


def days(visitors: list[int], start: int = 1) -> tuple[tuple[str, int], ...]:
    return tuple((f"2026-11-{start + i:02d}", v) for i, v in enumerate(visitors))


def arm(vid: str, visitors: int, conversions: int, **kw: object) -> VariationCounts:
    return VariationCounts(vid, f"Arm {vid}", vid == "1", visitors, conversions, **kw)  # type: ignore[arg-type]


def one_goal(*arms: VariationCounts) -> GoalCounts:
    return GoalCounts("g", "Goal", "clicks_link", True, arms)


AB = one_goal(arm("1", 10_000, 500), arm("2", 10_000, 580))


def test_one_sided_interval_is_open_above_and_null_in_json() -> None:
    goal = analyse([AB], tests=StatsSettings(sides=1)).goals[0]
    variation = goal.variations[1]
    assert variation.uplift_ci_high == math.inf
    document = goal.to_dict()["variations"][1]
    assert document["uplift_ci_high"] is None
    json.dumps(document, allow_nan=False)  # stays standard JSON


def test_sequential_interval_is_wider_and_p_value_larger_than_fixed() -> None:
    fixed = analyse([AB]).goals[0].variations[1]
    always_valid = analyse([AB], tests=StatsSettings(sequential=True)).goals[0].variations[1]
    assert always_valid.uplift_ci_low < fixed.uplift_ci_low  # type: ignore[operator]
    assert always_valid.uplift_ci_high > fixed.uplift_ci_high  # type: ignore[operator]
    assert always_valid.p_value > fixed.p_value  # type: ignore[operator]
    assert fixed.significant and not always_valid.significant


def test_chosen_confidence_wins_over_the_experience_and_is_reported() -> None:
    analysis = analyse([AB], ExperienceSettings(confidence=95), tests=StatsSettings(confidence=99))
    assert analysis.confidence == 99
    assert analysis.settings.confidence == 99
    assert analyse([AB], ExperienceSettings(confidence=97)).confidence == 97


def test_correction_applies_to_the_sequential_p_value() -> None:
    two = one_goal(arm("1", 10_000, 500), arm("2", 10_000, 580), arm("3", 10_000, 560))
    tests = StatsSettings(sequential=True)
    plain = analyse([two], tests=tests).goals[0].variations[1]
    corrected = analyse([two], correction="bonferroni", tests=tests).goals[0].variations[1]
    # the sequence is built at the corrected level (as gbstats does), then p is adjusted for m
    assert corrected.p_value > plain.p_value  # type: ignore[operator]
    assert corrected.uplift_ci_low < plain.uplift_ci_low  # type: ignore[operator]
    assert corrected.uplift_ci_high > plain.uplift_ci_high  # type: ignore[operator]


def test_a_stopped_arm_does_not_raise_a_false_srm() -> None:
    """Arm 3 got traffic, then was set to 0%: the running arms are split 50/50 as configured."""
    goal = one_goal(
        arm("1", 7_000, 350, percentage=50, daily=days([1000] * 7)),
        arm("2", 7_000, 360, percentage=50, daily=days([1000] * 7)),
        arm("3", 1_500, 80, percentage=0, daily=days([500] * 3)),
    )
    srm = analyse([goal]).goals[0].srm_p_value
    assert srm is not None and srm > 0.5


def test_srm_counts_only_the_days_since_the_newest_arm_started() -> None:
    """Arm 2 was added on day 5 at 50%: before that arm 1 had all the traffic (no mismatch)."""
    goal = one_goal(
        arm("1", 8_000, 400, percentage=50, daily=days([1000] * 4 + [1000] * 4)),
        arm("2", 4_000, 200, percentage=50, daily=days([0] * 4 + [1000] * 4)),
    )
    srm = analyse([goal]).goals[0].srm_p_value
    assert srm is not None and srm > 0.5
    # A real mismatch inside the window is still found.
    skewed = one_goal(
        arm("1", 8_000, 400, percentage=50, daily=days([1000] * 4 + [1200] * 4)),
        arm("2", 3_200, 160, percentage=50, daily=days([0] * 4 + [800] * 4)),
    )
    assert analyse([skewed]).goals[0].srm_p_value < 0.001  # type: ignore[operator]


def test_srm_is_too_early_with_fewer_than_three_days() -> None:
    goal = one_goal(
        arm("1", 2_000, 100, percentage=50, daily=days([1000, 1000])),
        arm("2", 1_000, 50, percentage=50, daily=days([500, 500])),
    )
    assert analyse([goal]).goals[0].srm_p_value is None


def test_progress_and_days_to_go() -> None:
    goal = one_goal(
        arm("1", 2_000, 100, daily=days([100] * 20)),
        arm("2", 2_000, 130, daily=days([50] * 13 + [200] * 7)),
    )
    variation = analyse([goal]).goals[0].variations[1]
    required = variation.required_visitors
    assert required is not None and required > 2_000
    assert variation.progress == 2_000 / required
    assert variation.days_to_go == math.ceil((required - 2_000) / 200)  # last 7 rows: 200/day
    baseline = analyse([goal]).goals[0].variations[0]
    assert baseline.progress is None and baseline.days_to_go is None


def test_no_days_to_go_without_recent_visitors() -> None:
    goal = one_goal(
        arm("1", 2_000, 100, daily=days([0] * 7)), arm("2", 2_000, 130, daily=days([0] * 7))
    )
    variation = analyse([goal]).goals[0].variations[1]
    assert variation.progress is not None and variation.days_to_go is None


def test_early_read_note_names_the_sequential_setting_until_the_sample_is_reached() -> None:
    early = analyse([AB]).goals[0]
    assert early.progress is not None and early.progress < 1
    note = early_read_note(early, sequential=False)
    assert note is not None and "not a decision" in note and "--sequential" in note
    assert early_read_note(early, sequential=True) is None
    done = one_goal(arm("1", 100_000, 5_000), arm("2", 100_000, 6_000))
    assert early_read_note(analyse([done]).goals[0], sequential=False) is None


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.dates().map(lambda d: d.isoformat()), st.integers(-5, 10_000)),
        max_size=30,
    )
)
def test_daily_rate_is_the_mean_of_the_newest_seven_days_in_any_order(days: list[Any]) -> None:
    from convert_tui.stats.progress import RECENT_DAYS, daily_rate

    newest = sorted(days, reverse=True)[:RECENT_DAYS]
    expected = sum(max(0, n) for _, n in newest) / len(newest) if newest else None
    assert daily_rate(days) == expected
    assert daily_rate(list(reversed(days))) == expected
