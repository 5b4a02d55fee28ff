"""Signals on a real terminal (issue 12, item 11): SIGTERM and SIGHUP (a closed SSH session) quit
like `q` does: the draft typed a moment ago is written, the terminal is restored (alternate
screen left, mouse tracking off, cursor shown) and SIGTERM exits 0. Ctrl+z suspends and `fg`
draws the whole screen again. `convert-tui` runs on a pseudo-terminal, as a user starts it."""

from __future__ import annotations

import os
import shutil
import signal
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from support import signal_driver
from support.pty_app import PtyProgram, terminal_env
from support.ui import land_on_tree

from convert_tui.config.drafts import DraftStore

pytestmark = pytest.mark.skipif(os.name != "posix", reason="pseudo-terminals and signals")
SIZE = (80, 24)
TYPED = "Typed at the signal"
LEAVE_ALTERNATE_SCREEN = b"\x1b[?1049l"
MOUSE_TRACKING_OFF = b"\x1b[?1000l"
SHOW_CURSOR = b"\x1b[?25h"


def environment(sandbox: Any, config_dir: Path) -> dict[str, str]:
    land_on_tree()  # the drafts are typed in a form opened from the tree
    return terminal_env(sandbox, config_dir)


@pytest.fixture
def app_with_a_typed_form(
    sandbox: Any, sandbox_http: Any, config_dir: Path
) -> Iterator[PtyProgram]:
    """convert-tui on a terminal, a new-project form open with TYPED in its name; the draft
    is not on disk yet (the driver turns the 0.5 s draft timer off)."""
    argv = [sys.executable, signal_driver.__file__, "--no-cache"]
    ready = config_dir / "form-ready"
    program = PtyProgram(argv, dict(environment(sandbox, config_dir), FORM_READY_FILE=str(ready)),
                         SIZE)  # fmt: skip
    try:
        program.wait_for(first_project_name(sandbox_http).encode())
        mark = program.mark()
        program.send(b"n")  # on the first project: a new project
        program.wait_for(b"New project", after=mark)
        until(ready.exists, "the form to be ready")
        mark = program.mark()
        program.send(TYPED.encode())
        program.wait_for(TYPED[:-1].encode(), after=mark)
        assert DraftStore().list() == []
        yield program
    finally:
        program.kill()


def until(condition: Callable[[], bool], what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def first_project_name(sandbox_http: Any) -> str:
    return str(sandbox_http.ok("POST", "/projects", {})[0]["name"])


def draft_names() -> list[str]:
    return [d.payload["values"]["name"] for d in DraftStore().list("form")]


def test_sigterm_writes_the_draft_restores_the_terminal_and_exits_0(
    app_with_a_typed_form: PtyProgram,
) -> None:
    program = app_with_a_typed_form
    mark = program.mark()
    os.kill(program.pid, signal.SIGTERM)
    status = program.wait()
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, status
    program.wait_for(SHOW_CURSOR, after=mark, timeout=5)
    after = program.output[mark:]
    assert LEAVE_ALTERNATE_SCREEN in after and MOUSE_TRACKING_OFF in after
    assert draft_names() == [TYPED]


def test_a_closed_terminal_writes_the_draft_and_exits_cleanly(
    app_with_a_typed_form: PtyProgram, config_dir: Path
) -> None:
    program = app_with_a_typed_form
    program.hang_up()
    status = program.wait()
    assert os.WIFEXITED(status), f"killed by signal {os.WTERMSIG(status)}"
    assert draft_names() == [TYPED]
    assert not list((config_dir / "logs").glob("crash-*"))


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash for job control")
def test_ctrl_z_suspends_and_fg_draws_the_screen_again(
    sandbox: Any, sandbox_http: Any, config_dir: Path
) -> None:
    project = first_project_name(sandbox_http).encode()
    env = dict(environment(sandbox, config_dir), PS1="shell$ ", HISTFILE="/dev/null")
    program = PtyProgram(["bash", "--norc", "--noprofile", "-i"], env, SIZE)
    try:
        program.wait_for(b"shell$ ")
        command = f"{sys.executable} {signal_driver.__file__} --no-cache\n"
        program.send(command.encode())
        program.wait_for(project)
        mark = program.mark()
        program.send(b"\x1a")  # ctrl+z
        program.wait_for(b"Stopped", after=mark)
        program.wait_for(b"shell$ ", after=mark)
        mark = program.mark()
        program.send(b"fg\n")
        # Back in the alternate screen, then drawn again: the drawing may come in the same read
        # as the switch, so it is looked for from the switch on, not from a mark taken later.
        resumed = program.wait_for(b"\x1b[?1049h", after=mark)
        program.wait_for(project, after=resumed)
        program.wait_for(b"palette", after=resumed)  # and the footer
        mark = program.mark()
        program.send(b"q")
        program.wait_for(b"shell$ ", after=mark)
        program.send(b"exit\n")
        program.wait()
    finally:
        program.kill()
