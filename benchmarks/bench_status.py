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

from benchmarks.timing import PYTHON, Figure, Target, median_of, time_command
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
    baseline = Figure("python -c 'import httpx, pydantic'", "s")
    baseline.samples = median_of(
        runs, lambda: time_command([PYTHON, "-c", "import httpx, pydantic"])
    )
    figures, targets = [baseline], []
    for latency in (0, 50):
        config = SandboxConfig(
            port=0, projects=projects, experiences=projects * per_project, latency_ms=latency
        )
        with start_sandbox(config) as sandbox:
            argv = [PYTHON, "-m", "convert_tui.cli", "status", "--json"]
            env = _env(sandbox.base_url)
            figure = Figure(f"status --json, {projects}x{per_project}, {latency} ms latency", "s")
            figure.samples = median_of(runs, lambda a=argv, e=env: time_command(a, e))
            figures.append(figure)
            if latency == 0:
                targets.append(
                    Target(
                        "status --json at 0 ms / bare import", figure.median / baseline.median, 2.0
                    )
                )
                # What the design costs before any of the command's own work (see there).
                requests = _requests_of_one_run(sandbox, sandbox.base_url)
                floor_argv = [PYTHON, "-m", "benchmarks.status_floor", str(requests)]
                floor = Figure(
                    f"floor of status at 0 ms: imports + {requests} bare httpx requests", "s"
                )
                floor.samples = median_of(runs, lambda a=floor_argv, e=env: time_command(a, e))
                figures.append(floor)
            else:
                requests = _requests_of_one_run(sandbox, sandbox.base_url)
                rounds = critical_rounds(requests)
                # The critical path: the latency rounds (see critical_rounds) plus the local
                # work, which is the whole run at 0 ms (start-up, parsing, statistics).
                critical = rounds * latency / 1000 + figures[1].median
                targets.append(
                    Target(
                        f"status --json at 50 ms / critical path ({rounds} x 50 ms + 0 ms run)",
                        figure.median / critical,
                        1.5,
                    )
                )
    return figures, targets
