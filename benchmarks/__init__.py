"""convert-tui benchmarks: `python -m benchmarks [--quick]`.

Every figure is a median of several runs and every target is a ratio taken in the same run, so
the numbers mean the same on a slow CI box and a fast laptop. Nothing here is asserted in tests.
"""
