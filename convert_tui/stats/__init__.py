"""Pure statistics for A/B reports: no I/O, no textual, no scipy/numpy (stdlib `math` only).

Entry points:

- `analyse(goals, settings, correction)` -> `Analysis` with one `GoalAnalysis` per goal and one
  `VariationStats` per variation (field names = the `report --json` keys; `GoalAnalysis.to_dict()`).
- `verdict(goal_analysis, confidence=...)` -> 'Winner: ...' / 'Loser: ...' / 'Not yet: ...' lines.
- `cumulative_rates(daily)` -> running conversion rate per day, for charts.

Settings: `StatsSettings` (confidence level, one- or two-sided, sequential + tuning) picks how every
test runs (`inference.run_test`; `sequential` has the always-valid formulas); `posterior` gives the
expected loss and the credible interval of the uplift; `progress` the time to done and SRM's window.

Building blocks: `distributions` (normal, Student t, chi-square, incomplete beta/gamma),
`ttest` (Welch, delta method), `proportions`, `revenue`, `bayes` (chance to beat), `srm`, `power`
(power.prop.test), `corrections` (Bonferroni, Šidák).
"""

from typing import TYPE_CHECKING

from convert_tui.lazy import attributes_on_first_use
from convert_tui.stats.analysis import (
    REVENUE_FIELDS,
    Analysis,
    ExperienceSettings,
    GoalAnalysis,
    GoalCounts,
    VariationCounts,
    VariationStats,
    analyse,
    days_running,
    effective_confidence,
)
from convert_tui.stats.bayes import chance_to_beat, prob_beta_greater
from convert_tui.stats.corrections import CORRECTIONS, Correction, adjust_alpha, adjust_p_value
from convert_tui.stats.inference import run_test
from convert_tui.stats.power import power_two_proportions, required_sample_size, required_visitors
from convert_tui.stats.proportions import conversion_rate, proportion_test
from convert_tui.stats.revenue import revenue_per_visitor_test
from convert_tui.stats.settings import DEFAULT_TUNING, StatsSettings, parse_confidence, parse_tuning
from convert_tui.stats.srm import SRM_THRESHOLD, is_srm, srm_p_value
from convert_tui.stats.ttest import WelchResult, welch_test
from convert_tui.stats.verdict import (
    NONE,
    Verdict,
    VerdictKind,
    classify,
    early_read_note,
    format_chance,
    format_chance_or_none,
    format_interval,
    format_interval_or_none,
    format_money,
    format_p_value,
    format_percent,
    format_percent_or_none,
    round_sensibly,
    verdict,
)

if TYPE_CHECKING:
    from convert_tui.stats.cumulative import CumulativePoint, DailyCounts, cumulative_rates
    from convert_tui.stats.posterior import expected_loss, uplift_credible_interval

# Loaded on first use: charts and the report's decision figures need them, status rows do not.
__getattr__ = attributes_on_first_use(
    __name__,
    {
        "CumulativePoint": "cumulative",
        "DailyCounts": "cumulative",
        "cumulative_rates": "cumulative",
        "expected_loss": "posterior",
        "uplift_credible_interval": "posterior",
    },
)


__all__ = [
    "CORRECTIONS",
    "DEFAULT_TUNING",
    "NONE",
    "REVENUE_FIELDS",
    "SRM_THRESHOLD",
    "Analysis",
    "Correction",
    "CumulativePoint",
    "DailyCounts",
    "ExperienceSettings",
    "GoalAnalysis",
    "GoalCounts",
    "StatsSettings",
    "VariationCounts",
    "VariationStats",
    "Verdict",
    "VerdictKind",
    "WelchResult",
    "adjust_alpha",
    "adjust_p_value",
    "analyse",
    "chance_to_beat",
    "classify",
    "conversion_rate",
    "cumulative_rates",
    "days_running",
    "early_read_note",
    "effective_confidence",
    "expected_loss",
    "format_chance",
    "format_chance_or_none",
    "format_interval",
    "format_interval_or_none",
    "format_money",
    "format_p_value",
    "format_percent",
    "format_percent_or_none",
    "is_srm",
    "parse_confidence",
    "parse_tuning",
    "power_two_proportions",
    "prob_beta_greater",
    "proportion_test",
    "required_sample_size",
    "required_visitors",
    "revenue_per_visitor_test",
    "round_sensibly",
    "run_test",
    "srm_p_value",
    "uplift_credible_interval",
    "verdict",
    "welch_test",
]
