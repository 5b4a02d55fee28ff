"""The statistics settings a reader picks: confidence level, sides, sequential testing.

`StatsSettings` is what `analyse` (and `reporting.analyse_report`) take besides the correction.
Which source wins is decided by the callers (flag > remembered in-app choice > config.toml >
the experience's own `confidence` > these defaults; `/work/shared/decisions.md`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

DEFAULT_TUNING = 5000.0
SIDES = (1, 2)


@dataclass(frozen=True, slots=True)
class StatsSettings:
    """How every test of a report is run.

    - `confidence`: percent (e.g. 95); None uses the experience's own (95 when unset).
    - `sides`: 2 = two-sided; 1 = one-sided "the variation is better than the baseline".
    - `sequential`: always-valid p-values and confidence sequences (safe to read at any time);
      `tuning` is the total sample size where the sequence is narrowest (gbstats' N).
    """

    confidence: float | None = None
    sides: int = 2
    sequential: bool = False
    tuning: float = DEFAULT_TUNING

    def __post_init__(self) -> None:
        if self.sides not in SIDES:
            raise ValueError(f"sides must be 1 or 2, not {self.sides!r}")
        if not (math.isfinite(self.tuning) and self.tuning > 0):
            raise ValueError(
                f"the sequential tuning must be a positive number, not {self.tuning!r}"
            )
        if self.confidence is not None and not 0.0 < self.confidence < 100.0:
            raise ValueError(f"confidence must be a percent between 0 and 100: {self.confidence!r}")


def parse_confidence(text: str) -> float:
    """A confidence level in percent from '95', '99.5' or a fraction such as '0.95'.

    ValueError (with what to type instead) for anything else: not a number, 0, 100 or more.
    """
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if math.isfinite(value) and 0.0 < value < 1.0:
        value = round(value * 100.0, 10)  # 0.9 -> 90, not 90.00000000000001
    if not (math.isfinite(value) and 1.0 <= value < 100.0):
        raise ValueError(
            f"invalid confidence {text!r}: give a percent such as 90, 95 or 99 (or 0.95)"
        )
    return value


def parse_tuning(text: str) -> float:
    """The sequential tuning (a positive number of visitors); ValueError otherwise."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"invalid tuning {text!r}: give a positive number of visitors, e.g. 5000")
    return value
