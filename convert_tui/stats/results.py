"""The results of `analyse`: NamedTuples (cheap to create: every status row builds them) whose
field names are the `report --json` keys.

Conventions: rates, p-values, uplifts and losses are fractions; a one-sided interval has
`uplift_ci_high = math.inf` (`to_dict` writes it as null, so JSON stays standard).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple, TypeVar

from convert_tui.stats.corrections import Correction
from convert_tui.stats.settings import StatsSettings

T = TypeVar("T")

#: Fields of VariationStats that only revenue goals carry in the JSON document.
REVENUE_FIELDS: tuple[str, ...] = (
    "revenue",
    "revenue_per_visitor",
    "rpv_uplift",
    "rpv_uplift_ci_low",
    "rpv_uplift_ci_high",
    "rpv_p_value",
    "average_order_value",
    "products_per_visitor",
)


def is_revenue_goal(goal_type: str | None, revenues: Sequence[float | None]) -> bool:
    return goal_type == "revenue" or any(r is not None for r in revenues)


def highest_rate(candidates: Iterable[tuple[T, float | None]]) -> T | None:
    """The first candidate with the highest known conversion rate (None: no rate known)."""
    best: T | None = None
    best_rate = 0.0
    for candidate, rate in candidates:
        if rate is not None and (best is None or rate > best_rate):
            best, best_rate = candidate, rate
    return best


def _json_number(value: Any) -> Any:
    return None if isinstance(value, float) and not math.isfinite(value) else value


# --- outputs ------------------------------------------------------------------------------------


class VariationStats(NamedTuple):
    variation_id: str
    variation_name: str | None
    is_baseline: bool
    visitors: int
    conversions: int
    conversion_rate: float | None
    uplift: float | None = None
    uplift_ci_low: float | None = None
    uplift_ci_high: float | None = None
    p_value: float | None = None
    chance_to_beat_baseline: float | None = None
    required_visitors: int | None = None
    significant: bool | None = None
    expected_loss: float | None = None
    uplift_credible_low: float | None = None
    uplift_credible_high: float | None = None
    progress: float | None = None
    days_to_go: int | None = None
    revenue: float | None = None
    revenue_per_visitor: float | None = None
    rpv_uplift: float | None = None
    rpv_uplift_ci_low: float | None = None
    rpv_uplift_ci_high: float | None = None
    rpv_p_value: float | None = None
    average_order_value: float | None = None
    products_per_visitor: float | None = None

    def to_dict(self, *, with_revenue: bool = False) -> dict[str, Any]:
        """The JSON object of this variation (revenue keys only when `with_revenue`)."""
        return {
            name: _json_number(value)
            for name, value in zip(self._fields, self, strict=True)
            if with_revenue or name not in REVENUE_FIELDS
        }


class GoalAnalysis(NamedTuple):
    goal_id: str
    goal_name: str | None
    goal_type: str | None
    srm_p_value: float | None
    variations: tuple[VariationStats, ...] = ()

    @property
    def has_revenue(self) -> bool:
        return is_revenue_goal(self.goal_type, [v.revenue for v in self.variations])

    @property
    def baseline(self) -> VariationStats | None:
        return next((v for v in self.variations if v.is_baseline), None)

    @property
    def leader(self) -> VariationStats | None:
        """The non-baseline variation with the highest conversion rate (None without data)."""
        return highest_rate((v, v.conversion_rate) for v in self.variations if not v.is_baseline)

    @property
    def progress(self) -> float | None:
        """The smallest progress among the non-baseline arms (None when none is known)."""
        known = [
            v.progress for v in self.variations if not v.is_baseline and v.progress is not None
        ]
        return min(known, default=None)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of this goal, keys in the documented order."""
        with_revenue = self.has_revenue
        return {
            "goal_id": self.goal_id,
            "goal_name": self.goal_name,
            "goal_type": self.goal_type,
            "srm_p_value": self.srm_p_value,
            "variations": [v.to_dict(with_revenue=with_revenue) for v in self.variations],
        }


class Analysis(NamedTuple):
    confidence: float  # percent, the level actually used
    correction: Correction
    comparisons: int
    goals: tuple[GoalAnalysis, ...] = ()
    settings: StatsSettings = StatsSettings()  # (frozen: one default is safe to share)

    @property
    def sides(self) -> int:
        return self.settings.sides

    @property
    def sequential(self) -> bool:
        return self.settings.sequential

    @property
    def sequential_tuning(self) -> float | None:
        """The tuning when sequential testing is on, else None."""
        return self.settings.tuning if self.settings.sequential else None
