"""A CR or LF inside a name never breaks a line (issue 12, item 12): names from the server in
`status`, `report` (text and CSV) and on the TUI's screens stay on their row, and so does a file
name in the warning about a local file set aside."""

from __future__ import annotations

from typing import Any

import pytest
from support.credentials import use_sandbox
from support.ui import screen_lines
from test_ui_explorer import SIZE, settle

from convert_tui.cli import main
from convert_tui.config.drafts import DraftStore
from convert_tui.ui.forms.drafts import unsaved_drafts
from convert_tui.ui.messages import OpenReport

PROJECT = "North\r\nwind"
EXPERIENCE = "Low\rstock\nurgency"
GOAL = "Pur\nchase"
FRAGMENTS = ("wind", "stock", "urgency", "chase")  # what a break would put at a line's start


@pytest.fixture
def broken_names(sandbox: Any, sandbox_http: Any, config_dir: Any, monkeypatch: Any) -> tuple:
    project = sandbox_http.ok("POST", "/projects", {})[0]
    pid = str(project["id"])
    experience = sandbox_http.ok("POST", f"/experiences/{pid}", {})[0]
    eid = str(experience["id"])
    goal_id = str(experience["goals"][0]["goal_id"])
    # The sandbox refuses control characters in names: set behind the API, as a real
    # account's data might hold them.
    sandbox.store.projects[pid]["name"] = PROJECT
    data = sandbox.store.data(pid)
    data.experiences[eid]["name"] = EXPERIENCE
    data.goals[goal_id]["goal_name"] = GOAL
    use_sandbox(sandbox, monkeypatch)
    return pid, eid


def assert_unbroken(lines: list[str]) -> None:
    for line in lines:
        assert "\r" not in line
        assert not line.lstrip("│ ").startswith(FRAGMENTS), line


@pytest.mark.parametrize("command", [["status"], ["report"], ["report", "--csv"]], ids=" ".join)
def test_the_cli_keeps_each_name_on_its_line(
    broken_names: tuple, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    pid, eid = broken_names
    argv = [*command, pid, eid] if command[0] == "report" else command
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert_unbroken(out.split("\n"))
    assert "North" in out or "Low" in out


async def test_the_tui_keeps_each_name_on_its_line(make_ui_app: Any, broken_names: tuple) -> None:
    pid, eid = broken_names
    drafts = DraftStore().root
    drafts.mkdir(parents=True)
    (drafts / "two\nlines.json").write_text("not a draft")  # its warning names the file
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.state.load_project_children(pid)
        await settle(pilot)
        assert any("North" in line for line in screen_lines(app))
        assert_unbroken(screen_lines(app))
        app.post_message(OpenReport(pid, eid))
        await settle(pilot)
        await pilot.pause(0.3)
        assert any("Low" in line for line in screen_lines(app))
        assert_unbroken(screen_lines(app))
        assert unsaved_drafts() == []  # as `q` lists them: the bad file is set aside, reported
        await settle(pilot)
        (warning,) = [n.message for n in app._notifications if "set aside" in n.message]
        assert "two ↵ lines.json" in warning and "\n" not in warning
