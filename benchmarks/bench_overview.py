"""Section 5: the overview (the landing screen).

- Filled: 10 projects x 20 experiences (quick: 3 x 10), from the app's start to the frame with
  every running and paused row's report analysed, at 0 ms and at 50 ms of server latency. Its
  critical path at 50 ms is the rounds a client of the contract cannot avoid (the project list,
  one experience page, then the reports in waves of 8: the client's bound) x 50 ms, plus the
  same run at 0 ms (our own work: not a floor, an upper estimate of what is not waiting).
- First frame from the disk cache (a second start) against a bare Textual app showing a
  DataTable (the GC paused while it starts, as the product does), on a pseudo-terminal
  (benchmarks/startup_driver.py), side by side each round.
- Large account, 50 x 200 (quick: 5 x 40) in the All section (every experience a row): `O`
  (reverse the sort) and a filter keystroke, from the key to the frame painted; peak RSS with
  everything loaded in the run (every running and paused report analysed).
Each run is one headless session in its own process (benchmarks/overview_driver.py), over
https against the sandbox's TLS, trusted as the default store is (`trust.py`).
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import shutil
import statistics
import subprocess
import tempfile
from collections.abc import Iterator
from typing import Any

from benchmarks.bench_startup import run_in_pty
from benchmarks.timing import PYTHON, Figure, Target, paired_ratio
from benchmarks.trust import trusting
from convert_tui.sandbox import RunningSandbox, SandboxConfig, start_sandbox

QUERY = "cart"
LATENCY_MS = 50


def _env(box: RunningSandbox, trust: dict[str, str], config_dir: str) -> dict[str, str]:
    """convert-tui's environment for `box`: its credentials, trust and a config dir."""
    return {
        **trust,
        "CONVERT_APPLICATION_ID": box.app_id,
        "CONVERT_SECRET_KEY": box.secret,
        "CONVERT_API_BASE_URL": box.base_url,
        "CONVERT_PROFILE": "",
        "CONVERT_TUI_CONFIG_DIR": config_dir,
    }


def _session(box: RunningSandbox, trust: dict[str, str]) -> dict[str, Any]:
    config_dir = tempfile.mkdtemp(prefix="convert-tui-bench-overview-")
    env = {**os.environ, **_env(box, trust, config_dir)}
    try:
        out = subprocess.run(
            [PYTHON, "-m", "benchmarks.overview_driver", QUERY],
            env=env, capture_output=True, text=True, timeout=1800,
        )  # fmt: skip
    finally:
        shutil.rmtree(config_dir, ignore_errors=True)
    if out.returncode != 0:
        raise RuntimeError(f"overview_driver exited {out.returncode}: {out.stderr[-800:]}")
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


@contextlib.contextmanager
def https(config: SandboxConfig) -> Iterator[tuple[RunningSandbox, dict[str, str]]]:
    """A TLS sandbox and the environment that trusts it."""
    with start_sandbox(config) as box:
        assert box.ca_path is not None
        with trusting(box.ca_path) as trust:
            yield box, trust


def _first_frame(box: RunningSandbox, trust: dict[str, str], runs: int) -> tuple[Figure, Figure]:
    """The overview's first frame from the disk cache (a user's second start) and the bare app
    with a DataTable, side by side in each round, on a pty (startup_driver.py)."""
    bare = Figure("first frame: bare Textual app with a DataTable", "s")
    cached = Figure("first frame: convert-tui overview from the cache, https", "s")
    driver = [PYTHON, "-m", "benchmarks.startup_driver"]
    config_dir = tempfile.mkdtemp(prefix="convert-tui-bench-overview-frame-")
    env = _env(box, trust, config_dir)
    try:
        run_in_pty([*driver, "convert", "overview-settled"], env)  # fills the cache, then quits
        for index in range(runs + 1):  # the first round warms the OS caches, untimed
            samples = (
                run_in_pty([*driver, "bare-table"], {}),
                run_in_pty([*driver, "convert", "overview"], env),
            )
            if index:
                bare.samples.append(samples[0])
                cached.samples.append(samples[1])
    finally:
        shutil.rmtree(config_dir, ignore_errors=True)
    return bare, cached


def _reports_asked(box: RunningSandbox) -> int:
    return sum(1 for _, path in box.requests if "/reports/" in path)


def run(runs: int, quick: bool) -> tuple[list[Figure], list[Target]]:
    projects, per_project = (3, 10) if quick else (10, 20)
    size = f"{projects}x{per_project}"
    fast = Figure(f"overview {size}: every row filled, 0 ms latency, https", "s")
    slow = Figure(f"overview {size}: every row filled, {LATENCY_MS} ms latency, https", "s")

    def config(projects: int, experiences: int, latency: int = 0) -> SandboxConfig:
        return SandboxConfig(
            port=0, projects=projects, experiences=experiences, latency_ms=latency, tls=True
        )

    with https(config(projects, projects * per_project)) as (box, trust):
        _session(box, trust)  # warm the OS caches, untimed
        box.requests.clear()
        for _ in range(runs):
            fast.samples.append(_session(box, trust)["filled_s"])
        reports = _reports_asked(box) // max(1, runs)
    with https(config(projects, projects * per_project)) as (box, trust):
        bare, cached = _first_frame(box, trust, runs)
    with https(config(projects, projects * per_project, LATENCY_MS)) as (box, trust):
        for _ in range(runs):
            slow.samples.append(_session(box, trust)["filled_s"])
    rounds = 2 + math.ceil(reports / 8)
    path = Figure(f"  its critical path: {rounds} rounds x {LATENCY_MS} ms + the 0 ms run", "s")
    path.samples = [rounds * LATENCY_MS / 1000 + fast.median]

    big_projects, big_per = (5, 40) if quick else (50, 200)
    big = f"{big_projects}x{big_per}"
    sort = Figure(f"overview {big}, All: reverse-sort keystroke to frame", "ms")
    keystroke = Figure(f"overview {big}, All: filter keystroke to frame", "ms")
    rss = Figure(f"overview {big}: peak RSS, every running report loaded", "MB")
    rows = 0
    with https(config(big_projects, big_projects * big_per)) as (box, trust):
        for _ in range(max(1, runs // 2)):
            result = _session(box, trust)
            rows = result["rows"]
            sort.samples.append(statistics.median(result["sort_ms"]))
            keystroke.samples.append(statistics.median(result["filter_ms"]))
            rss.samples.append(result["peak_rss_mb"])
    print(f"# bench_overview: {reports} reports for {size}; {rows} rows in All for {big}")
    targets = [
        Target(
            "overview first frame from the cache / bare app with a DataTable",
            paired_ratio(cached.samples, bare.samples),
            1.3,
        ),
        Target(f"overview filled at {LATENCY_MS} ms / its critical path", slow.median / path.median,
               1.5),
        Target(f"overview {big}: reverse-sort keystroke (ms)", sort.median, 50, "ms"),
        Target(f"overview {big}: filter keystroke (ms)", keystroke.median, 50, "ms"),
        Target(f"overview {big}: peak RSS (MB)", rss.median, 250, "MB"),
    ]  # fmt: skip
    return [bare, cached, fast, slow, path, sort, keystroke, rss], targets
