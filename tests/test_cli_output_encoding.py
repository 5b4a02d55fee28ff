"""Text `status` and `report` to a stdout that is not UTF-8 (issue 12, item 12): ASCII-safe
output and exit 0, never a UnicodeEncodeError ("unexpected internal error")."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

COMMANDS = [["status"], ["status", "--all"], ["report", "10001", "1000001"]]


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_text_output_to_a_narrow_encoding_is_ascii_safe(
    sandbox: Any, config_dir: Path, command: list[str], encoding: str
) -> None:
    env = dict(
        os.environ,
        PYTHONIOENCODING=encoding,
        CONVERT_TUI_CONFIG_DIR=str(config_dir),
        CONVERT_APPLICATION_ID=sandbox.app_id,
        CONVERT_SECRET_KEY=sandbox.secret,
        CONVERT_API_BASE_URL=sandbox.base_url,
        COLUMNS="200",  # (wide enough for whole names: narrower ones end in "~" here)
    )
    done = subprocess.run(
        [sys.executable, "-m", "convert_tui.cli", *command],
        env=env, capture_output=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr.decode(encoding, "replace")
    text = done.stdout.decode(encoding)  # strict: what it cannot encode was replaced
    assert "Northwind Outfitters" in text or "Low-stock urgency message" in text
    assert b"Error" not in done.stderr and b"internal error" not in done.stderr
