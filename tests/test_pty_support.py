"""The pseudo-terminal helper of the signal tests (tests/support/pty_app.py)."""

from __future__ import annotations

import os
import shutil

import pytest
from support.pty_app import PtyProgram


@pytest.mark.skipif(shutil.which("sh") is None, reason="needs sh")
def test_what_came_in_the_same_read_is_found_after_the_text_waited_for() -> None:
    # After `fg` the app switches to the alternate screen and draws it, often in one write: a
    # mark taken once the switch was seen is already past the drawing (a flaky test in CI).
    argv = ["sh", "-c", "printf 'switch:drawn'; sleep 5"]
    program = PtyProgram(argv, {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}, (80, 24))
    try:
        after_switch = program.wait_for(b"switch:")
        program.wait_for(b"drawn", after=after_switch, timeout=5)
        assert program.output.find(b"drawn", program.mark()) < 0  # what a late mark misses
    finally:
        program.kill()
