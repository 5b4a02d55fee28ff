"""Why sequential testing: a seeded simulation of A/A experiments read at every look.

Each experiment has two identical arms (the same true conversion rate), grows by `step` visitors
per arm between looks and is read `peeks` times; a false positive is a p-value below alpha at
any look. The fixed-horizon test (valid for one look) calls far more than alpha of them; the
always-valid sequential test stays under alpha however often it is read.
"""

from __future__ import annotations

from dataclasses import dataclass

from convert_tui.stats import StatsSettings
from convert_tui.stats.proportions import proportion_test


@dataclass(frozen=True)
class PeekingResult:
    experiments: int
    peeks: int
    alpha: float
    fixed_rate: float  # share of A/A experiments called significant at some look
    sequential_rate: float


def false_positive_rates(
    experiments: int = 3000,
    peeks: int = 20,
    *,
    step: int = 500,
    rate: float = 0.05,
    alpha: float = 0.05,
    seed: int = 14,
) -> PeekingResult:
    import numpy as np  # the test extras have it; the app never imports this module

    rng = np.random.default_rng(seed)
    # conversions per arm per look, then running totals: shape (experiments, peeks)
    base = rng.binomial(step, rate, size=(experiments, peeks)).cumsum(axis=1)
    variation = rng.binomial(step, rate, size=(experiments, peeks)).cumsum(axis=1)
    sequential = StatsSettings(sequential=True)
    fixed_hits = sequential_hits = 0
    for row in range(experiments):
        fixed_hit = sequential_hit = False
        for look in range(peeks):
            n = step * (look + 1)
            cb, cv = int(base[row, look]), int(variation[row, look])
            if not fixed_hit:
                p = proportion_test(cb, n, cv, n, alpha=alpha).p_value
                fixed_hit = p is not None and p < alpha
            if not sequential_hit:
                p = proportion_test(cb, n, cv, n, alpha=alpha, settings=sequential).p_value
                sequential_hit = p is not None and p < alpha
        fixed_hits += fixed_hit
        sequential_hits += sequential_hit
    return PeekingResult(
        experiments, peeks, alpha, fixed_hits / experiments, sequential_hits / experiments
    )
