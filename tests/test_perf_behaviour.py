"""What keeps convert-tui fast, checked as behaviour (no timing assertions here; the timings
are in `python -m benchmarks`).

- Requests: opening a project sends its four lists once each (experiences, goals, audiences,
  hypotheses, as the tree shows all four groups with their counts), each walked page by page:
  ceil((n + 1) / 100) requests for n records, the last page short or empty since the API has
  no total count. Nothing is asked per experience until one is opened (or rested on, for its
  report). Identical reads in flight share one request.
- The tree only builds the nodes it can show, and no widget is mounted per record.
- Start-up imports: the first frame needs neither pydantic, httpx, the API client nor the
  sandbox; `status --json` needs no Textual.
"""

from __future__ import annotations

import asyncio
import importlib.abc
import json
import math
import subprocess
import sys
import time
from collections import Counter
from typing import Any

import pytest
from test_ui_explorer import SIZE, settle, tree_of

from convert_tui.api import ConvertClient
from convert_tui.config.errors import ConfigError
from convert_tui.config.profiles import Profile
from convert_tui.sandbox import RunningSandbox
from convert_tui.ui.app import ConvertApp
from convert_tui.ui.explorer.tree import FILTER_EXPAND_LINES, ExplorerTree, NodeRef

PER_PROJECT = 200


def app_for(sandbox: RunningSandbox) -> ConvertApp:
    profile = Profile(
        name="big", app_id=sandbox.app_id, secret=sandbox.secret, base_url=sandbox.base_url
    )
    return ConvertApp(profile, use_cache=False)


def kind_of(path: str) -> str:
    """What a sandbox request path asks for: "list experiences", "report", ..."""
    parts = path.split("/api/v1/", 1)[-1].split("/")
    if parts[0] == "reports":
        return "report"
    if len(parts) >= 2 and parts[1] == "get":
        return f"get {parts[0]}"
    return f"list {parts[0]}"


def nodes(tree: ExplorerTree) -> int:
    stack, count = [tree.root], 0
    while stack:
        node = stack.pop()
        count += 1
        stack.extend(node.children)
    return count


@pytest.fixture
def big(sandbox_factory: Any, config_dir: Any) -> RunningSandbox:
    sandbox: RunningSandbox = sandbox_factory(projects=4, experiences=4 * PER_PROJECT)
    return sandbox


async def test_opening_a_project_sends_its_lists_once_and_nothing_per_experience(
    big: RunningSandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    from convert_tui.ui.explorer import screen as explorer_screen

    # A report loads once the cursor *rests* on an experience (by design): out of this test's
    # way, however long a busy machine takes between keys.
    monkeypatch.setattr(explorer_screen, "REPORT_DELAY", 600.0)
    app = app_for(big)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert Counter(kind_of(path) for _, path in big.requests) == {"list projects": 1}
        project = app.state.projects[1]
        pid = str(project.id)
        big.requests.clear()
        tree = tree_of(pilot)
        tree.select_ref(NodeRef("project", pid))
        await pilot.press("l")
        await settle(pilot)
        kids = app.state.project_children[pid]
        assert len(kids.experiences) == PER_PROJECT
        sent = Counter(kind_of(path) for _, path in big.requests)
        pages = math.ceil((PER_PROJECT + 1) / 100)
        assert sent == {
            "list experiences": pages,
            "list goals": math.ceil((len(kids.goals) + 1) / 100),
            "list audiences": math.ceil((len(kids.audiences) + 1) / 100),
            "list hypotheses": math.ceil((len(kids.hypotheses) + 1) / 100),
        }
        assert all(f"/{pid}" in path for _, path in big.requests)  # only that project's
        # Collapse and expand again: already loaded, nothing sent.
        big.requests.clear()
        await pilot.press("h", "l")
        await settle(pilot)
        assert not big.requests
        # Opening the experiences group and moving over them: still nothing per experience.
        tree.select_ref(NodeRef("status", pid, group="experience", status="active"))
        await pilot.press("l", "j", "j")
        await settle(pilot)
        assert not {kind_of(p) for _, p in big.requests} & {"get experiences", "report"}


async def test_identical_reads_in_flight_share_one_request(big: RunningSandbox) -> None:
    async with ConvertClient(big.app_id, big.secret, big.base_url) as client:
        projects = await client.list_projects()
        pid = str(projects[0].id)
        before = client.request_count
        first, second, third = await asyncio.gather(
            client.list_goals(pid), client.list_goals(pid), client.list_goals(pid)
        )
        assert first == second == third
        assert client.request_count - before == 1
        other = await client.list_goals(pid, results_per_page=10)  # another read: its own
        assert client.request_count - before == 2 and len(other) <= 10


class _ImportRecorder(importlib.abc.MetaPathFinder):
    """Records every module the import system is asked to find (and finds none itself)."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def find_spec(self, name: str, path: Any, target: Any = None) -> None:
        self.names.append(name)


async def test_requests_look_for_no_module(sandbox: RunningSandbox) -> None:
    # httpcore asks for sniffio on every request; were it missing, each ask would be a failed
    # import walking sys.path (several per request, most of a request's cost in `status`).
    async with ConvertClient(sandbox.app_id, sandbox.secret, sandbox.base_url) as client:
        projects = await client.list_projects()  # the first use may import what it needs
        pid = str(projects[0].id)
        experiences = await client.list_experiences(pid)
        await client.get_full_report(pid, str(experiences[0].id))
        recorder = _ImportRecorder()
        sys.meta_path.insert(0, recorder)
        try:
            await asyncio.gather(
                client.list_projects(),
                client.get_project(pid),
                *(client.get_full_report(pid, str(e.id)) for e in experiences[:4]),
            )
        finally:
            sys.meta_path.remove(recorder)
    assert recorder.names == []


async def test_the_tree_builds_only_what_it_shows_and_mounts_no_widget_per_record(
    big: RunningSandbox,
) -> None:
    app = app_for(big)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        widgets = len(app.screen.query("*"))
        app.state.load_all_children()
        await settle(pilot)
        tree = tree_of(pilot)
        loaded = sum(len(k.experiences) for k in app.state.project_children.values())
        assert loaded == 4 * PER_PROJECT
        # Collapsed projects: their records are not built as nodes.
        assert nodes(tree) < 50
        # A one-letter filter matches nearly everything: it opens only a few screens' worth.
        assert len(app.screen.query("*")) == widgets  # no widget per record
        await pilot.press("slash", "e")
        await settle(pilot)
        assert tree.filter_text == "e"
        assert nodes(tree) < FILTER_EXPAND_LINES + PER_PROJECT
        # No widget per record: the filter box is new (the footer shows fewer keys for it).
        assert len(app.screen.query("*")) <= widgets + 1


async def test_the_first_frame_holds_no_hidden_filter_box(sandbox: RunningSandbox) -> None:
    """The filter box is built on the first `/` (a hidden one cost ~1.5% of a start's checked
    frame): none at start, then shown and focused, hidden again by Esc and reused."""
    app = app_for(sandbox)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not app.screen.query("#filter")
        await pilot.press("slash")
        await settle(pilot)
        box = app.screen.query_one("#filter")
        assert box.display and app.focused is box
        await pilot.press("escape")
        await settle(pilot)
        assert not box.display and app.focused is tree_of(pilot)
        await pilot.press("slash", "x")
        await settle(pilot)
        assert app.screen.query("#filter").results() and box.display
        assert len(app.screen.query("#filter")) == 1
        assert tree_of(pilot).filter_text == "x"


@pytest.mark.parametrize(
    "import_line",
    [
        "import convert_tui.cli, convert_tui.commands.tui, convert_tui.ui.app",
        "from convert_tui.ui.explorer.screen import MainScreen",
    ],
)
def test_the_first_frame_needs_no_pydantic_httpx_api_or_sandbox(import_line: str) -> None:
    code = f"{import_line}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    loaded = set(json.loads(out.stdout.strip().splitlines()[-1]))
    heavy = {"pydantic", "pydantic_core", "httpx", "anyio", "plotext", "textual_plotext"}
    assert not heavy & {m.split(".")[0] for m in loaded}
    assert not {m for m in loaded if m.startswith(("convert_tui.api", "convert_tui.sandbox"))}


def test_the_profile_name_guess_matches_the_profile_resolution() -> None:
    """The first frame shows the cache of the profile the flags name; it must be the one
    config.profiles then picks (else the cache would be dropped after frame 1)."""
    import argparse

    from convert_tui.commands import tui
    from convert_tui.config import profiles
    from convert_tui.ui import app

    assert tui.DEFAULT_PROFILE == profiles.DEFAULT_PROFILE == app.DEFAULT_PROFILE
    assert tui.ENV_PROFILE_NAME == profiles.ENV_PROFILE_NAME
    env_creds = {"CONVERT_APPLICATION_ID": "a", "CONVERT_SECRET_KEY": "s"}
    cases = [
        (None, {}, "default"),
        (None, {"CONVERT_PROFILE": " work "}, "work"),
        ("ci", {"CONVERT_PROFILE": "work"}, "ci"),
        (None, {**env_creds, "CONVERT_PROFILE": "work"}, "env"),
        ("ci", env_creds, "ci"),
    ]
    for name, env, expected in cases:
        assert tui.profile_name_hint(argparse.Namespace(profile=name), env) == expected
        if "CONVERT_APPLICATION_ID" in env and name is None:
            assert profiles.resolve_profile(name, env).name == expected
        else:
            assert profiles.selected_profile_name(name, env) == expected


def test_status_json_loads_no_textual(sandbox: RunningSandbox) -> None:
    code = (
        "import sys, json\nfrom convert_tui.cli import main\nmain(['status', '--json'])\n"
        "print(json.dumps(sorted(sys.modules)), file=sys.stderr)"
    )
    env = {
        "CONVERT_APPLICATION_ID": sandbox.app_id,
        "CONVERT_SECRET_KEY": sandbox.secret,
        "CONVERT_API_BASE_URL": sandbox.base_url,
        "PATH": "/usr/bin:/bin",
    }
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env
    )
    assert out.returncode == 0, out.stderr[-2000:]
    document = json.loads(out.stdout)
    assert document["projects"]
    loaded = set(json.loads(out.stderr.strip().splitlines()[-1]))
    assert not {m for m in loaded if m == "textual" or m.startswith("textual.")}


async def test_the_start_up_pause_of_the_cyclic_gc_ends(
    sandbox: RunningSandbox, config_dir: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # convert-tui starts with the cyclic GC off (commands.tui.build_app); left off, a long
    # session would keep every cycle of garbage it makes.
    import gc

    from convert_tui.cli import build_parser
    from convert_tui.commands.tui import build_app
    from convert_tui.ui import app as app_module

    for name, value in (
        ("CONVERT_APPLICATION_ID", sandbox.app_id),
        ("CONVERT_SECRET_KEY", sandbox.secret),
        ("CONVERT_API_BASE_URL", sandbox.base_url),
    ):
        monkeypatch.setenv(name, value)
    # Long enough that a busy machine's slow start-up is still inside it.
    monkeypatch.setattr(app_module, "STARTUP_GC_PAUSE", 3.0)
    assert gc.isenabled()
    try:
        started = time.monotonic()
        app = build_app(build_parser().parse_args(["--no-cache"]), deferred=True)
        assert not gc.isenabled()
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            if time.monotonic() - started < 2.5:  # (a very busy machine may take longer)
                assert not gc.isenabled()  # still starting
            await pilot.pause(max(0.0, started + 3.5 - time.monotonic()))
            assert gc.isenabled()
            await settle(pilot)
            assert app.state.projects  # (it opens on the overview: the tree is built on `2`)
        # A start-up that fails (a setup to fix) leaves the collector as it found it.
        for name in ("CONVERT_APPLICATION_ID", "CONVERT_SECRET_KEY"):
            monkeypatch.delenv(name)
        credentials = config_dir / "config" / "credentials.json"
        credentials.parent.mkdir(exist_ok=True)
        credentials.write_text('{"version": 1, "profiles": {}}')
        credentials.chmod(0o644)  # readable by others: refused
        with pytest.raises(ConfigError):
            build_app(build_parser().parse_args([]))
        assert gc.isenabled()
    finally:
        gc.enable()


def test_only_one_shot_commands_run_without_the_cyclic_gc(monkeypatch: pytest.MonkeyPatch) -> None:
    # `status` and friends end in a second; the TUI (which pauses it only while it starts) and
    # the sandbox server run for hours and must keep collecting.
    import gc
    import importlib

    from convert_tui.cli import ONE_SHOT_COMMANDS, main

    collecting: dict[str, bool] = {}
    for command in ("status", "tui", "sandbox"):
        module = importlib.import_module(f"convert_tui.commands.{command}")

        def run(args: Any, command: str = command) -> int:
            collecting[command] = gc.isenabled()
            return 0

        monkeypatch.setattr(module, "run", run)
    assert gc.isenabled()
    for argv in (["status"], [], ["sandbox"]):
        assert main(argv) == 0
        assert gc.isenabled()  # as it was, once the command is done
    assert collecting == {"status": False, "tui": True, "sandbox": True}
    assert "status" in ONE_SHOT_COMMANDS and "sandbox" not in ONE_SHOT_COMMANDS
