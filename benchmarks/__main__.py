"""Run the benchmark: prints a table and writes JSON.

python -m benchmarks            # full sizes, 5 runs a figure
python -m benchmarks --quick    # small sizes, 3 runs: CI runs this so the code cannot rot
"""

from __future__ import annotations

import argparse
import compileall
import importlib
import json
import os
import platform
import sys
import time
from pathlib import Path

from benchmarks.timing import Figure, Target

SECTIONS = ["bench_startup", "bench_status", "bench_large", "bench_stats", "bench_overview"]


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _machine() -> dict[str, object]:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": _cpu_model(),
        "cpus": os.cpu_count(),
    }


def _number(value: float, unit: str) -> str:
    digits = {"s": 4, "ms": 1, "MB": 1, "x": 2}.get(unit, 0)
    return f"{value:.{digits}f}"


def _compile_bytecode() -> None:
    """Compile the package's bytecode first, as an installed package has it: start-up figures
    must not include compiling sources (a fresh clone, or PYTHONDONTWRITEBYTECODE, has none)."""
    root = Path(__file__).resolve().parent.parent
    for package in ("convert_tui", "benchmarks"):
        compileall.compile_dir(root / package, quiet=1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes, fewer runs")
    parser.add_argument("--runs", type=int, help="runs per figure (default 5, quick 3)")
    parser.add_argument("--output", default="benchmarks/results/latest.json")
    parser.add_argument("--only", choices=SECTIONS, action="append", help="run one section")
    args = parser.parse_args(argv)
    runs = args.runs or (3 if args.quick else 5)

    _compile_bytecode()
    figures: list[Figure] = []
    targets: list[Target] = []
    failures: list[str] = []
    for name in args.only or SECTIONS:
        module = importlib.import_module(f"benchmarks.{name}")
        started = time.perf_counter()
        try:
            section_figures, section_targets = module.run(runs=runs, quick=args.quick)
        except Exception as exc:  # one broken section must not hide the others' numbers
            failures.append(f"{name}: {type(exc).__name__}: {exc}")
            continue
        figures += section_figures
        targets += section_targets
        print(f"# {name} done in {time.perf_counter() - started:.1f} s", file=sys.stderr)

    print(f"\nconvert-tui benchmark ({'quick' if args.quick else 'full'}, median of {runs} runs)")
    print(f"machine: {_machine()}\n")
    print(f"{'figure':<70} {'median':>12}")
    for figure in figures:
        print(f"{figure.name:<70} {_number(figure.median, figure.unit):>9} {figure.unit}")
    print(f"\n{'target':<70} {'value':>9} {'limit':>9}  ok")
    for target in targets:
        mark = "yes" if target.holds else "NO"
        value = _number(target.value, target.unit) + target.unit
        limit = _number(target.limit, target.unit) + target.unit
        print(f"{target.name:<70} {value:>9} {limit:>9}  {mark}")
    for failure in failures:
        print(f"FAILED {failure}")

    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(
        json.dumps(
            {
                "mode": "quick" if args.quick else "full",
                "runs": runs,
                "machine": _machine(),
                "figures": [
                    {"name": f.name, "unit": f.unit, "median": f.median, "samples": f.samples}
                    for f in figures
                ],
                "targets": [
                    {"name": t.name, "value": t.value, "limit": t.limit, "holds": t.holds}
                    for t in targets
                ],
                "failures": failures,
            },
            indent=2,
        ),
        encoding="utf-8",
    )
    print(f"\nwritten: {output}")
    # A crashed section fails the run; a missed target is reported, not a crash.
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
