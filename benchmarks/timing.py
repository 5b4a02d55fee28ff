"""Small timing helpers shared by the benchmark sections."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field


@dataclass
class Figure:
    """One measured quantity: the median of its samples, with the samples kept for the JSON."""

    name: str
    unit: str
    samples: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.samples) if self.samples else float("nan")


@dataclass
class Target:
    """A ratio (or absolute bound) and whether it held in this run."""

    name: str
    value: float
    limit: float
    unit: str = "x"

    @property
    def holds(self) -> bool:
        return self.value <= self.limit


def paired_ratio(numerators: list[float], denominators: list[float]) -> float:
    """The median of the ratios of samples taken side by side (round i of both): a slow moment
    of the machine slows both of a pair, so it cancels out of the ratio, not of the medians."""
    pairs = zip(numerators, denominators, strict=True)
    return statistics.median(n / d for n, d in pairs)


def median_of(runs: int, measure: Callable[[], float]) -> list[float]:
    """Run `measure` `runs` times, after one untimed warm-up, and return the samples."""
    measure()
    return [measure() for _ in range(runs)]


def time_command(argv: list[str], env: Mapping[str, str] | None = None) -> float:
    """Wall-clock seconds of one subprocess, failing loudly if it fails."""
    full_env = {**os.environ, **(env or {})}
    start = time.perf_counter()
    result = subprocess.run(argv, env=full_env, capture_output=True, text=True, timeout=300)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"{argv!r} exited {result.returncode}: {result.stderr.strip()[-400:]}")
    return elapsed


PYTHON = sys.executable
