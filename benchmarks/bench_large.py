"""Section 3: a large account, 50 projects x 200 experiences (quick: 5 x 40).

Each run is one headless session in its own process (`benchmarks/large_driver.py`, so its peak
RSS is the app's alone) against a sandbox served from this process: every project is opened in
turn (l), then a filter is typed and erased. Figures (medians over runs of each run's median):
- a project's experiences shown: from the moment its lists arrived to the first frame painted
  with them (grouped by status) in the tree; also the worst project of a run;
- a filter keystroke: from the key to the first frame painted with the filtered tree;
- peak RSS after opening every project;
- requests: what the sandbox received while opening every project, by kind.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import statistics
import subprocess
import tempfile
from collections import Counter
from pathlib import Path

from benchmarks.bench_startup import opens_on_the_tree
from benchmarks.timing import PYTHON, Figure, Target
from convert_tui.sandbox import RunningSandbox, SandboxConfig, start_sandbox

QUERY = "cart"  # typed into the filter, then erased (2 x 4 keystrokes)


def _kind(path: str) -> str:
    parts = path.split("/api/v1/", 1)[-1].split("/")
    if parts[0] == "reports":
        return "per experience"
    if len(parts) >= 2 and parts[1] == "get":
        return "per experience" if parts[0] == "experiences" else f"get {parts[0]}"
    return f"list {parts[0]}"


def _session(box: RunningSandbox) -> tuple[dict[str, float], Counter[str]]:
    config_dir = tempfile.mkdtemp(prefix="convert-tui-bench-large-")
    opens_on_the_tree(Path(config_dir))  # (the overview's large account: bench_overview)
    env = {
        **os.environ,
        "CONVERT_APPLICATION_ID": box.app_id,
        "CONVERT_SECRET_KEY": box.secret,
        "CONVERT_API_BASE_URL": box.base_url,
        "CONVERT_PROFILE": "",
        "CONVERT_TUI_CONFIG_DIR": config_dir,
    }
    box.requests.clear()
    try:
        out = subprocess.run(
            [PYTHON, "-m", "benchmarks.large_driver", QUERY],
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )
    finally:
        shutil.rmtree(config_dir, ignore_errors=True)
    if out.returncode != 0:
        raise RuntimeError(f"large_driver exited {out.returncode}: {out.stderr[-800:]}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    sent = Counter(_kind(path) for _, path in box.requests)
    return {
        "expand": statistics.median(result["expand_ms"]),
        "expand_worst": max(result["expand_ms"]),
        "filter": statistics.median(result["filter_ms"]),
        "rss": result["peak_rss_mb"],
    }, sent


def run(runs: int, quick: bool) -> tuple[list[Figure], list[Target]]:
    projects, per_project = (5, 40) if quick else (50, 200)
    size = f"{projects}x{per_project}"
    expand = Figure(f"{size}: a project's experiences shown after its data arrived", "ms")
    worst = Figure(f"{size}: the same, worst project of a run", "ms")
    keystroke = Figure(f"{size}: filter keystroke to filtered view", "ms")
    rss = Figure(f"{size}: peak RSS after opening every project", "MB")
    config = SandboxConfig(port=0, projects=projects, experiences=projects * per_project)
    sent: Counter[str] = Counter()
    with start_sandbox(config) as box:
        for _ in range(runs):
            figures, sent = _session(box)
            expand.samples.append(figures["expand"])
            worst.samples.append(figures["expand_worst"])
            keystroke.samples.append(figures["filter"])
            rss.samples.append(figures["rss"])
    pages = math.ceil((per_project + 1) / 100)  # no total in the API: a short page ends a list
    requests = Figure(f"{size}: requests to open every project (last run)", "")
    requests.samples = [float(sum(sent.values()))]
    lists_per_project = sent["list experiences"] / projects
    targets = [
        Target("a project's experiences shown after its data (ms)", expand.median, 100, "ms"),
        Target("a filter keystroke to the filtered view (ms)", keystroke.median, 50, "ms"),
        Target("peak RSS after opening every project (MB)", rss.median, 250, "MB"),
        Target(
            f"experience list requests per project opened ({pages} pages = 1 list)",
            lists_per_project,
            pages,
            "",
        ),
        Target("per-experience requests while opening projects", sent["per experience"], 0, ""),
    ]
    print(f"# bench_large: requests of the last run by kind: {dict(sorted(sent.items()))}")
    return [expand, worst, keystroke, rss, requests], targets
