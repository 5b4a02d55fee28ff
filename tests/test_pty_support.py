"""The pseudo-terminal helper of the signal tests (tests/support/pty_app.py)."""

from __future__ import annotations

import os
import shutil

import pytest
from support.pty_app import PtyProgram


@pytest.mark.skipif(shutil.which("sh") is None, reason="needs sh")
def test_wait_for_says_where_the_text_ends_so_what_came_with_it_is_not_skipped() -> None:
    # After `fg` the app switches to the alternate screen and draws it, often in one write: a
    # mark taken once the switch was seen is already past the drawing (a flaky test in CI).
    argv = ["sh", "-c", "printf 'switch:drawn'; sleep 5"]
    program = PtyProgram(argv, {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}, (80, 24))
    try:
        after_switch = program.wait_for(b"switch:")
        program.wait_for(b"drawn", after=after_switch, timeout=5)
        assert program.output[after_switch:].startswith(b"drawn")
    finally:
        program.kill()
