"""Peeking: seeded A/A experiments read at 20 looks (`benchmarks/peeking.py`; the benchmark runs
3000 of them, this test 800 to stay quick)."""

from __future__ import annotations

from benchmarks.peeking import false_positive_rates


def test_sequential_stays_under_alpha_when_peeked_at_and_fixed_horizon_does_not() -> None:
    result = false_positive_rates(800, 20, seed=7)
    assert result.sequential_rate <= result.alpha
    assert result.fixed_rate > 2 * result.alpha  # about 1 in 4 A/A tests "won" at some look
