"""Multiple-comparison corrections across every variation-vs-baseline comparison of a report."""

from __future__ import annotations

import math
from typing import Literal, get_args

Correction = Literal["none", "bonferroni", "sidak"]
CORRECTIONS: tuple[str, ...] = get_args(Correction)


def check_correction(method: str) -> Correction:
    """`method` as a Correction; ValueError for an unknown name."""
    if method == "none":
        return "none"
    if method == "bonferroni":
        return "bonferroni"
    if method == "sidak":
        return "sidak"
    raise ValueError(f"unknown correction {method!r}; expected one of {', '.join(CORRECTIONS)}")


def adjust_p_value(p: float | None, comparisons: int, method: Correction) -> float | None:
    """The p-value adjusted for `comparisons` tests: Bonferroni min(1, m p), Šidák 1 - (1 - p)^m."""
    if p is None:
        return None
    m = max(1, comparisons)
    if method == "none" or m == 1:
        return p
    if method == "bonferroni":
        return min(1.0, p * m)
    if p >= 1.0:
        return 1.0
    return min(1.0, max(0.0, -math.expm1(m * math.log1p(-p))))


def adjust_alpha(alpha: float, comparisons: int, method: Correction) -> float:
    """The per-comparison alpha: Bonferroni α/m, Šidák 1 - (1 - α)^(1/m)."""
    m = max(1, comparisons)
    if method == "none" or m == 1:
        return alpha
    if method == "bonferroni":
        return alpha / m
    return -math.expm1(math.log1p(-alpha) / m)
