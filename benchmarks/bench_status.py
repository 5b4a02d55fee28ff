"""Section 2: `convert-tui status --json` against a 10 x 20 sandbox, at 0 ms and 50 ms latency.

At 0 ms it is compared with `python -c "import httpx, pydantic"` (the two libraries it cannot do
without); at 50 ms with its critical path: the latency rounds no client can beat given the
requests it must send (counted by the sandbox) and its bound of 8 in flight, plus its own
local work (the run at 0 ms).
"""

from __future__ import annotations

import math
import os
import subprocess

from benchmarks.timing import PYTHON, Figure, Target, median_of, paired_ratio, time_command
from convert_tui.sandbox import RunningSandbox, SandboxConfig, start_sandbox

MAX_IN_FLIGHT = 8  # the status command's documented concurrency bound


def _env(base_url: str) -> dict[str, str]:
    return {
        "CONVERT_APPLICATION_ID": "demo",
        "CONVERT_SECRET_KEY": "demo-secret",
        "CONVERT_API_BASE_URL": base_url,
        "CONVERT_PROFILE": "",
    }


def _requests_of_one_run(sandbox: RunningSandbox, base_url: str) -> int:
    """How many requests one `status --json` sends (counted by the sandbox)."""
    before = len(sandbox.requests)
    subprocess.run(
        [PYTHON, "-m", "convert_tui.cli", "status", "--json"],
        env={**os.environ, **_env(base_url)},
        capture_output=True,
        check=True,
        timeout=300,
    )
    return len(sandbox.requests) - before


def critical_rounds(requests: int, in_flight: int = MAX_IN_FLIGHT) -> int:
    """Latency rounds no client can beat: the project list comes first (every other request
    needs its ids), then the other requests in full waves of `in_flight` (the client's bound).
    Experience lists and reports are not separate rounds: a project's reports can start as
    soon as its own list is in, so waves are limited by the bound, not by the phases."""
    return 1 + math.ceil(max(0, requests - 1) / in_flight)


def run(runs: int, quick: bool) -> tuple[list[Figure], list[Target]]:
    projects, per_project = (2, 5) if quick else (10, 20)

    def sandbox_config(latency: int) -> SandboxConfig:
        return SandboxConfig(
            port=0, projects=projects, experiences=projects * per_project, latency_ms=latency
        )

    status_argv = [PYTHON, "-m", "convert_tui.cli", "status", "--json"]
    baseline = Figure("python -c 'import httpx, pydantic'", "s")
    status = Figure(f"status --json, {projects}x{per_project}, 0 ms latency", "s")
    with start_sandbox(sandbox_config(0)) as sandbox:
        env = _env(sandbox.base_url)
        # What the design costs before any of the command's own work (see status_floor).
        requests = _requests_of_one_run(sandbox, sandbox.base_url)
        floor_argv = [PYTHON, "-m", "benchmarks.status_floor", str(requests)]
        floor = Figure(f"floor of status at 0 ms: imports + {requests} bare httpx requests", "s")
        # The three in turn, round after round (the first round only warms up): each ratio is
        # the median of the rounds' ratios, so a slow moment of the machine cancels out.
        programs = [
            (baseline, [PYTHON, "-c", "import httpx, pydantic"], {}),
            (status, status_argv, env),
            (floor, floor_argv, env),
        ]
        for index in range(runs + 1):
            for figure, argv, program_env in programs:
                sample = time_command(argv, program_env)
                if index:
                    figure.samples.append(sample)
    targets = [
        Target(
            "status --json at 0 ms / bare import",
            paired_ratio(status.samples, baseline.samples),
            2.0,
        )
    ]
    with start_sandbox(sandbox_config(50)) as sandbox:
        env = _env(sandbox.base_url)
        slow = Figure(f"status --json, {projects}x{per_project}, 50 ms latency", "s")
        slow.samples = median_of(runs, lambda: time_command(status_argv, env))
        requests = _requests_of_one_run(sandbox, sandbox.base_url)
        rounds = critical_rounds(requests)
        # The critical path: the latency rounds (see critical_rounds) plus the local work,
        # which is the whole run at 0 ms (start-up, parsing, statistics).
        critical = rounds * 50 / 1000 + status.median
        targets.append(
            Target(
                f"status --json at 50 ms / critical path ({rounds} x 50 ms + 0 ms run)",
                slow.median / critical,
                1.5,
            )
        )
    return [baseline, status, floor, slow], targets
