"""Always-valid inference: Waudby-Smith et al.'s asymptotic confidence sequences.

As GrowthBook's gbstats applies them to the delta-method relative uplift (re-derived from the
paper, arXiv 2103.06476v7, not copied). With alpha the level, N the tuning parameter (the total
sample size where the sequence is narrowest), n = visitors of baseline + variation together and
s² = se² · n the per-visitor variance of the estimate:

- two-sided: rho = sqrt((-2 ln α + ln(1 - 2 ln α)) / N)                      (eq. 161)
  half-width = sqrt(s²) · sqrt(2 (n rho² + 1) ln(sqrt(n rho² + 1) / α) / (n rho)²)   (eq. 9)
  p = min(1, 1 / E), E = exp(rho² z² / (2 (n rho² + 1))) / sqrt(n rho² + 1), z² = n·effect²/s²
  (eq. 155: the e-value of the mixture martingale);
- one-sided ("the variation is better"): rho with 2α in place of α, the lower bound
  effect - sqrt(s² · 2 (n rho² + 1) / (n rho)² · ln(1 + sqrt(n rho² + 1) / (2 α))), upper +inf.
  Its p-value is the smallest α whose lower bound reaches 0, solved in closed form (gbstats
  bisects for it and clips it to [1e-5, 0.4999]; here it is exact in [0, 1]).
"""

from __future__ import annotations

import math


def rho(alpha: float, tuning: float, *, two_sided: bool = True) -> float:
    """The mixing parameter for level `alpha` and tuning N (one-sided: computed at 2α)."""
    level = alpha if two_sided else 2.0 * alpha
    log_level = math.log(level)
    return math.sqrt((-2.0 * log_level + math.log(1.0 - 2.0 * log_level)) / tuning)


def _spread(n: float, mixing: float) -> tuple[float, float]:
    """(n rho² + 1, 2 (n rho² + 1) / (n rho)²), shared by both widths."""
    grow = n * mixing * mixing + 1.0
    return grow, 2.0 * grow / ((n * mixing) ** 2)


def halfwidth_two_sided(std_error: float, n: float, alpha: float, tuning: float) -> float:
    """Half-width of the two-sided confidence sequence around the estimate."""
    mixing = rho(alpha, tuning)
    grow, scale = _spread(n, mixing)
    s2 = std_error * std_error * n
    return math.sqrt(s2 * scale * math.log(math.sqrt(grow) / alpha))


def halfwidth_one_sided(std_error: float, n: float, alpha: float, tuning: float) -> float:
    """How far below the estimate the one-sided sequence's lower bound is."""
    mixing = rho(alpha, tuning, two_sided=False)
    grow, scale = _spread(n, mixing)
    s2 = std_error * std_error * n
    return math.sqrt(s2 * scale * math.log1p(math.sqrt(grow) / (2.0 * alpha)))


def p_value_two_sided(
    effect: float, std_error: float, n: float, alpha: float, tuning: float
) -> float:
    """The always-valid two-sided p-value (rho is the one of the level `alpha`)."""
    mixing = rho(alpha, tuning)
    grow = n * mixing * mixing + 1.0
    # n z² is gbstats' "st2" (n · effect² / se²); the e-value in logs, so nothing overflows
    n_z2 = n * (effect / std_error) ** 2
    log_evalue = mixing * mixing * n_z2 / (2.0 * grow) - 0.5 * math.log(grow)
    return min(1.0, math.exp(-log_evalue))


def p_value_one_sided(
    effect: float, std_error: float, n: float, alpha: float, tuning: float
) -> float:
    """The smallest level at which the one-sided lower bound is above 0 (rho fixed at `alpha`'s).

    Lower bound 0 means ln(1 + sqrt(g)/(2a)) = effect² / (s² · scale) =: L, so
    a = sqrt(g) / (2 (e^L - 1)). 1 when the estimate is not above 0.
    """
    if effect <= 0.0:
        return 1.0
    mixing = rho(alpha, tuning, two_sided=False)
    grow, scale = _spread(n, mixing)
    s2 = std_error * std_error * n
    level = effect * effect / (s2 * scale)
    if level > 700.0:  # e^L beyond float range: the level is 0 to double precision
        return 0.0
    return min(1.0, math.sqrt(grow) / (2.0 * math.expm1(level)))
