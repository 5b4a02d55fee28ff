"""Section 2: `convert-tui status --json` over https against a 10 x 20 sandbox, at 0 ms and
50 ms latency.

At 0 ms it is compared with its floor (`status_floor.py`): the same imports, the same TLS
context construction and GC handling, and as many bare https requests as it sends. At 50 ms
with the latency rounds no client can beat given those requests and its bound of 8 in flight,
plus that same floor measured at 0 ms in the same round (the local work any client does). A
plain `import httpx, pydantic` is reported for reference. The sandboxes serve https (a throwaway
CA, trusted as the default store is: see `trust.py`); the programs run in turn, round after
round, and each ratio is the median of the rounds' ratios.
"""

from __future__ import annotations

import math
import os
import subprocess
from pathlib import Path

from benchmarks.timing import PYTHON, Figure, Target, paired_ratio, time_command
from benchmarks.trust import trust_dir, trusting
from convert_tui.sandbox import RunningSandbox, SandboxConfig, start_sandbox

MAX_IN_FLIGHT = 8  # the status command's documented concurrency bound
# `convert-tui status --json` as its console script runs it (`convert_tui.cli:program`), with
# the code of the checkout measured (`-c` puts it first on sys.path, as `-m` does).
# `python -m convert_tui.cli` also ran cli.py twice (as __main__, then as the module the
# commands import) and through runpy: ~1% more than what a user's `convert-tui` runs.
STATUS_ARGV = [PYTHON, "-c", "from convert_tui.cli import program; program()", "status", "--json"]
LATENCY_MS = 50


def _env(sandbox: RunningSandbox, trust: dict[str, str]) -> dict[str, str]:
    return {
        **trust,
        "CONVERT_APPLICATION_ID": sandbox.app_id,
        "CONVERT_SECRET_KEY": sandbox.secret,
        "CONVERT_API_BASE_URL": sandbox.base_url,
        "CONVERT_PROFILE": "",
    }


def _requests_of_one_run(sandbox: RunningSandbox, env: dict[str, str]) -> list[tuple[str, str]]:
    """The (method, path) of the requests one `status --json` sends (logged by the sandbox)."""
    before = len(sandbox.requests)
    subprocess.run(
        STATUS_ARGV,
        env={**os.environ, **env},
        capture_output=True,
        check=True,
        timeout=300,
    )
    return list(sandbox.requests[before:])


def critical_rounds(sent: list[tuple[str, str]], in_flight: int = MAX_IN_FLIGHT) -> int:
    """Latency rounds no client can beat: the project list comes first (every other request
    needs its ids); then the other requests, in full waves of `in_flight` (the client's bound)
    and no fewer than their dependency levels (a project's reports need its list)."""
    levels = any("/experiences/" in p for _, p in sent) + any("/reports/" in p for _, p in sent)
    return 1 + max(levels, math.ceil(max(0, len(sent) - 1) / in_flight))


def _ca(sandbox: RunningSandbox) -> Path:
    assert sandbox.ca_path is not None, "the sandbox serves plain http"
    return sandbox.ca_path


def run(runs: int, quick: bool) -> tuple[list[Figure], list[Target]]:
    projects, per_project = (2, 5) if quick else (10, 20)

    def sandbox_config(latency: int) -> SandboxConfig:
        return SandboxConfig(
            port=0,
            projects=projects,
            experiences=projects * per_project,
            latency_ms=latency,
            tls=True,
        )

    size = f"{projects}x{per_project}"
    baseline = Figure("python -c 'import httpx, pydantic' (reference)", "s")
    status = Figure(f"status --json, {size}, 0 ms latency, https", "s")
    slow = Figure(f"status --json, {size}, {LATENCY_MS} ms latency, https", "s")
    with (
        start_sandbox(sandbox_config(0)) as fast_box,
        start_sandbox(sandbox_config(LATENCY_MS)) as slow_box,
        trusting(_ca(fast_box)) as fast_trust,
        trusting(_ca(slow_box)) as slow_trust,
    ):
        fast_env, slow_env = _env(fast_box, fast_trust), _env(slow_box, slow_trust)
        sent = _requests_of_one_run(fast_box, fast_env)
        requests = len(sent)
        assert len(_requests_of_one_run(slow_box, slow_env)) == requests
        sent_file = Path(trust_dir(fast_trust)) / "status-requests.txt"
        sent_file.write_text("".join(f"{m} {p}\n" for m, p in sent), encoding="utf-8")
        floor_argv = [PYTHON, "-m", "benchmarks.status_floor", str(sent_file)]
        floor = Figure(f"floor of status at 0 ms: imports + its {requests} https requests", "s")
        # In turn, round after round (the first round only warms up).
        programs = [
            (baseline, [PYTHON, "-c", "import httpx, pydantic"], {}),
            (status, STATUS_ARGV, fast_env),
            (floor, floor_argv, fast_env),
            (slow, STATUS_ARGV, slow_env),
        ]
        for index in range(runs + 1):
            for figure, argv, program_env in programs:
                sample = time_command(argv, program_env)
                if index:
                    figure.samples.append(sample)
    rounds = critical_rounds(sent)
    critical = [rounds * LATENCY_MS / 1000 + sample for sample in floor.samples]
    targets = [
        Target(
            "status --json at 0 ms / its floor (https)",
            paired_ratio(status.samples, floor.samples),
            1.25,
        ),
        Target(
            f"status --json at {LATENCY_MS} ms / ({rounds} x {LATENCY_MS} ms + the 0 ms floor)",
            paired_ratio(slow.samples, critical),
            1.1,
        ),
    ]
    floor_ratio = Figure("ratio: status floor at 0 ms / import httpx, pydantic", "x")
    floor_ratio.samples = [paired_ratio(floor.samples, baseline.samples)]
    return [baseline, status, floor, slow, floor_ratio], targets
