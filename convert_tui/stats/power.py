"""Sample size for comparing two proportions, as R's `power.prop.test` (two-sided, strict=FALSE).

power.prop.test solves for n

    power = Φ((√n |p1 - p2| - z_{1-α/2} √((p1 + p2)(q1 + q2)/2)) / √(p1 q1 + p2 q2));

without the `strict` term that equation has the closed form

    n = ((z_{1-α/2} √(2 p̄ q̄) + z_{power} √(p1 q1 + p2 q2)) / |p1 - p2|)²,   p̄ = (p1 + p2)/2,

the number of visitors needed in *each* group. (R's manual example p1 = .5, p2 = .75, power = .9
gives n = 76.7.)
"""

from __future__ import annotations

import math

from convert_tui.stats.distributions import normal_cdf, normal_ppf

DEFAULT_POWER = 0.8


def required_sample_size(
    p1: float, p2: float, *, alpha: float = 0.05, power: float = DEFAULT_POWER
) -> float | None:
    """Visitors per group to detect p1 vs p2 (two-sided level alpha, given power); None if p1 == p2.

    Rates outside [0, 1] and alpha/power outside (0, 1) give None.
    """
    if not (0.0 <= p1 <= 1.0 and 0.0 <= p2 <= 1.0 and 0.0 < alpha < 1.0 and 0.0 < power < 1.0):
        return None
    delta = abs(p1 - p2)
    if delta == 0.0:
        return None
    p_bar = 0.5 * (p1 + p2)
    z_alpha = -normal_ppf(alpha / 2.0)
    z_power = normal_ppf(power)
    root = z_alpha * math.sqrt(2.0 * p_bar * (1.0 - p_bar)) + z_power * math.sqrt(
        p1 * (1.0 - p1) + p2 * (1.0 - p2)
    )
    ratio = root / delta
    return ratio * ratio


def required_visitors(
    p1: float | None, p2: float | None, *, alpha: float = 0.05, power: float = DEFAULT_POWER
) -> int | None:
    """`required_sample_size` rounded up to whole visitors; None when undefined."""
    if p1 is None or p2 is None:
        return None
    n = required_sample_size(p1, p2, alpha=alpha, power=power)
    if n is None or not math.isfinite(n):
        return None
    return max(1, math.ceil(n - 1e-9))


def power_two_proportions(n: float, p1: float, p2: float, *, alpha: float = 0.05) -> float | None:
    """The power of the two-sided test with n visitors per group (power.prop.test, strict=FALSE)."""
    if n <= 0 or not (0.0 <= p1 <= 1.0 and 0.0 <= p2 <= 1.0 and 0.0 < alpha < 1.0):
        return None
    spread = math.sqrt(p1 * (1.0 - p1) + p2 * (1.0 - p2))
    if spread == 0.0:
        return None
    z_alpha = -normal_ppf(alpha / 2.0)
    pooled = math.sqrt((p1 + p2) * (2.0 - p1 - p2) / 2.0)
    return normal_cdf((math.sqrt(n) * abs(p1 - p2) - z_alpha * pooled) / spread)
