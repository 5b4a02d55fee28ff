"""Sample ratio mismatch: chi-square goodness of fit of visitors against the traffic split."""

from __future__ import annotations

from collections.abc import Sequence

from convert_tui.stats.chi2 import chi2_sf

SRM_THRESHOLD = 0.001


def srm_p_value(
    visitors: Sequence[int], percentages: Sequence[float | None] | None = None
) -> float | None:
    """p-value of Pearson's chi-square test of `visitors` against the expected split.

    The expected split is `percentages` when every one is a positive number, otherwise an equal
    split (no percentages set, or an incomplete/zero set that cannot describe the allocation).
    Percentages need not add up to 100; they are normalised. None when there are fewer than two
    variations or no visitors at all.
    """
    counts = [max(0, int(v)) for v in visitors]
    k = len(counts)
    total = sum(counts)
    if k < 2 or total == 0:
        return None
    weights: list[float]
    if (
        percentages is not None
        and len(percentages) == k
        and all(p is not None and p > 0 for p in percentages)
    ):
        weights = [float(p) for p in percentages if p is not None]
    else:
        weights = [1.0] * k
    weight_sum = sum(weights)
    statistic = 0.0
    for observed, weight in zip(counts, weights, strict=True):
        expected = total * weight / weight_sum
        deviation = observed - expected
        statistic += deviation * deviation / expected
    return min(1.0, max(0.0, chi2_sf(statistic, k - 1)))


def is_srm(p_value: float | None) -> bool:
    """True when the SRM p-value is below SRM_THRESHOLD (a mismatch is flagged)."""
    return p_value is not None and p_value < SRM_THRESHOLD
