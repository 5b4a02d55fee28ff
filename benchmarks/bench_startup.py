"""Section 1: start-up to first frame, in subprocesses on a real terminal (a pty), over https.

Programs, timed from just before the process is spawned to the frame that counts (reported by
`benchmarks/startup_driver.py` from inside the app, see there):
- a bare Textual app (Header, a Tree with one node, Footer): its first frame (with the GC
  paused while it starts, as the product does and as every bare app here);
- convert-tui with a warm cache: the first frame showing the (cached) projects;
- convert-tui with an empty cache, the target: the first frame showing the projects the
  sandbox sent, checked by the models (they are not drawn before);
- the floor under that checked frame (`startup_driver.py bare-live`): the bare app, one https
  request with the same TLS context construction, pydantic checking the answer, the same GC
  pause and lazy imports. Reported against the bare app too.
The sandbox serves https (a throwaway CA, trusted as the default store is: see `trust.py`).
The programs run in turn, round after round, so a slow moment of the machine hits all of them.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import select
import shutil
import struct
import subprocess
import tempfile
import termios
import time
from collections.abc import Iterator
from pathlib import Path

from benchmarks.timing import PYTHON, Figure, Target, paired_ratio
from benchmarks.trust import trusting
from convert_tui.sandbox import RunningSandbox, SandboxConfig, start_sandbox

COLUMNS, LINES = 120, 40
TIMEOUT = 60.0


def run_in_pty(argv: list[str], env: dict[str, str]) -> float:
    """Seconds from spawning `argv` on a fresh pty to the frame time it reports."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    report_read, report_write = os.pipe()
    full_env = {
        **os.environ,
        **env,
        "BENCH_REPORT_FD": str(report_write),
        "TERM": "xterm-256color",
        "COLORTERM": "truecolor",
    }
    started = time.time()
    process = subprocess.Popen(
        argv,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=full_env,
        pass_fds=(report_write,),
        start_new_session=True,
    )
    os.close(slave)
    os.close(report_write)
    report, screen = b"", b""
    try:
        open_fds = [master, report_read]
        deadline = time.monotonic() + TIMEOUT
        # Drain the terminal (a full pty would block the app) until both sides are closed.
        while open_fds and time.monotonic() < deadline:
            ready, _, _ = select.select(open_fds, [], [], 0.5)
            for fd in ready:
                try:
                    data = os.read(fd, 65536)
                except OSError:  # EIO: the child closed its side of the pty
                    data = b""
                if not data:
                    open_fds.remove(fd)
                elif fd == master:
                    screen = (screen + data)[-4000:]
                else:
                    report += data
            if not ready and process.poll() is not None:
                break
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(master)
        os.close(report_read)
    if process.returncode != 0 or not report.strip():
        tail = screen.decode("utf-8", "replace")[-600:]
        raise RuntimeError(f"{argv[3:]!r} exited {process.returncode} without a frame: {tail}")
    return float(report.split()[0]) - started


def _in(env: dict[str, str], config_dir: Path) -> dict[str, str]:
    return {**env, "CONVERT_TUI_CONFIG_DIR": str(config_dir)}


def opens_on_the_tree(config_dir: Path) -> None:
    """These figures are the tree's start-up: settings of someone who last left from it (a
    first run lands on the overview, measured in bench_overview)."""
    settings = config_dir / "config" / "settings.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text('{"landing": "tree"}')


@contextlib.contextmanager
def _config_dir() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="convert-tui-bench-"))
    opens_on_the_tree(path)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def run(runs: int, quick: bool) -> tuple[list[Figure], list[Target]]:
    projects, experiences = (3, 40) if quick else (10, 200)
    bare = Figure("first frame: bare Textual app (Header, Tree, Footer)", "s")
    warm = Figure("first frame: convert-tui, warm cache (cached tree shown), https", "s")
    checked = Figure(
        f"first frame: convert-tui, empty cache, live {projects} projects checked (target)", "s"
    )
    floor = Figure("floor of the checked frame: bare app + 1 https request + pydantic", "s")
    driver = [PYTHON, "-m", "benchmarks.startup_driver"]
    config = SandboxConfig(port=0, projects=projects, experiences=experiences, tls=True)
    with start_sandbox(config) as box, trusting(_ca(box)) as trust:
        credentials = {
            **trust,
            "CONVERT_APPLICATION_ID": box.app_id,
            "CONVERT_SECRET_KEY": box.secret,
            "CONVERT_API_BASE_URL": box.base_url,
            "CONVERT_PROFILE": "",
        }
        with _config_dir() as warm_dir:
            warm_env = {**credentials, "CONVERT_TUI_CONFIG_DIR": str(warm_dir)}
            # Fill the cache the way a user does: a session that loaded the projects and
            # reopened the last project (saved in the settings), then quit.
            _remember_first_project(warm_dir, box, trust)
            run_in_pty([*driver, "convert", "settled"], warm_env)
            for index in range(runs + 1):  # the first round warms the OS caches, untimed
                with _config_dir() as empty:  # (a run may save)
                    samples = (
                        run_in_pty([*driver, "bare"], {}),
                        run_in_pty([*driver, "convert", "projects"], warm_env),
                        run_in_pty([*driver, "convert", "checked"], _in(credentials, empty)),
                        run_in_pty([*driver, "bare-live"], credentials),
                    )
                if index:
                    figures = (bare, warm, checked, floor)
                    for figure, sample in zip(figures, samples, strict=True):
                        figure.samples.append(sample)
    # Each ratio is the median of the rounds' ratios: the programs of a round run one after
    # the other, so a slow moment of the machine hits both sides of the ratio.
    targets = [
        Target(
            "first frame, warm cache / bare Textual app",
            paired_ratio(warm.samples, bare.samples),
            1.3,
        ),
        Target(
            "checked live frame (https) / its floor",
            paired_ratio(checked.samples, floor.samples),
            1.15,
        ),
    ]
    # Reported, not a target: the floor against the bare app.
    floor_ratio = Figure("ratio: floor of the checked frame / bare Textual app", "x")
    floor_ratio.samples = [paired_ratio(floor.samples, bare.samples)]
    return [bare, warm, checked, floor, floor_ratio], targets


def _ca(box: RunningSandbox) -> Path:
    assert box.ca_path is not None, "the sandbox serves plain http"
    return box.ca_path


def _remember_first_project(config_dir: Path, box: RunningSandbox, trust: dict[str, str]) -> None:
    """Save settings.last_project for the environment profile: the first project listed."""
    import asyncio

    from convert_tui.api import ConvertClient, tls
    from convert_tui.config.profiles import ENV_PROFILE_NAME
    from convert_tui.config.settings import Settings, save_settings

    async def first_project() -> str:
        async with ConvertClient(box.app_id, box.secret, box.base_url) as client:
            projects = await client.list_projects(results_per_page=1)
            return str(projects[0].id)

    tls.prepare(env=trust)  # this process trusts the sandbox as the programs do
    try:
        projects = {ENV_PROFILE_NAME: asyncio.run(first_project())}
    finally:
        tls.reset()
    settings = Settings(last_project=projects, landing="tree")
    save_settings(settings, config_dir / "config" / "settings.json")
