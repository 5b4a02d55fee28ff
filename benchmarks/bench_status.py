"""Section 2: `convert-tui status --json` against a 10 x 20 sandbox, at 0 ms and 50 ms latency."""

from __future__ import annotations

import json
import math
import os
import subprocess

from benchmarks.timing import PYTHON, Figure, Target, median_of, time_command
from convert_tui.sandbox import SandboxConfig, start_sandbox

MAX_IN_FLIGHT = 8  # the status command's documented concurrency bound


def _env(base_url: str) -> dict[str, str]:
    return {
        "CONVERT_APPLICATION_ID": "demo",
        "CONVERT_SECRET_KEY": "demo-secret",
        "CONVERT_API_BASE_URL": base_url,
        "CONVERT_PROFILE": "",
    }


def _critical_path_requests(base_url: str) -> int:
    """Rounds of requests that cannot overlap: the project list, the experience lists (in
    parallel), then the reports in waves of MAX_IN_FLIGHT."""
    out = subprocess.run(
        [PYTHON, "-m", "convert_tui.cli", "status", "--json"],
        env={**os.environ, **_env(base_url)},
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    shown = sum(len(p["experiences"]) for p in json.loads(out.stdout)["projects"])
    return 2 + math.ceil(shown / MAX_IN_FLIGHT)


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
            else:
                rounds = _critical_path_requests(sandbox.base_url)
                critical = rounds * latency / 1000
                # The process start-up is not network time: compare what the latency added.
                targets.append(
                    Target(
                        f"status --json at 50 ms / critical path ({rounds} x 50 ms + start-up)",
                        figure.median / (critical + figures[1].median),
                        1.5,
                    )
                )
    return figures, targets
