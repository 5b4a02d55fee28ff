"""How a one-shot command's process ends (convert_tui.process_end): without the interpreter's
teardown, yet with its whole output written and its exit code kept; a reader that leaves early
or a full disk is a clear ending, never "Exception ignored" and exit 120.

Run as users run it (`convert-tui` is `convert_tui.cli:program`), with stdout block-buffered as
it is outside a terminal: PYTHONUNBUFFERED (set in some shells and CI) would hide the buffer.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from convert_tui.cli import main

PROGRAM = [sys.executable, "-c", "from convert_tui.cli import program; program()"]


def run(
    args: list[str], cwd: Path, stdout: Any = subprocess.PIPE
) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    return subprocess.run(
        [*PROGRAM, *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
        timeout=60,
        cwd=cwd,
    )


def test_the_whole_output_and_the_exit_code_reach_the_caller(
    env: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    every_alert = ["--alert", "srm,winner,loser,no-traffic,overdue"]
    expected_code = main(["status", "--json", *every_alert])
    expected = json.loads(capsys.readouterr().out)
    result = run(["status", "--json", *every_alert], tmp_path)
    assert result.stderr == ""
    assert result.returncode == expected_code == 1  # the demo data has alerts
    assert json.loads(result.stdout) == expected
    plain = run(["status", "--json"], tmp_path)
    assert plain.returncode == 0 and json.loads(plain.stdout) == expected
    usage = run(["status", "--project", "a/b"], tmp_path)
    assert usage.returncode == 2 and usage.stdout == ""
    assert usage.stderr.startswith("convert-tui: error:") and usage.stderr.count("\n") == 1


def test_a_reader_that_leaves_before_the_output_is_written_is_no_error(
    env: Any, tmp_path: Path
) -> None:
    reading, writing = os.pipe()
    os.close(reading)  # `convert-tui status --json | true`: the reader is gone at once
    try:
        result = run(["status", "--json", "--project", "10001"], tmp_path, stdout=writing)
    finally:
        os.close(writing)
    assert (result.returncode, result.stderr) == (0, "")


def test_a_report_reader_that_leaves_early_is_no_error_either(env: Any, tmp_path: Path) -> None:
    reading, writing = os.pipe()
    os.close(reading)  # `convert-tui report P E | head -1`, once head has its line
    try:
        result = run(["report", "10001", "1000001"], tmp_path, stdout=writing)
    finally:
        os.close(writing)
    assert (result.returncode, result.stderr) == (0, "")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_output_to_a_full_disk_is_one_line_and_exit_1(env: Any, tmp_path: Path) -> None:
    with open("/dev/full", "w") as full:
        result = run(["status", "--json", "--project", "10001"], tmp_path, stdout=full)
    assert result.returncode == 1
    assert result.stderr.startswith("convert-tui: error:")
    assert "No space left on device" in result.stderr and result.stderr.count("\n") == 1


def test_a_library_exiting_under_a_command_keeps_the_code_it_asked_for(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from convert_tui.commands import completion\n"
        "def leave(args): raise SystemExit(3)\n"
        "completion.run = leave\n"
        "sys.argv = ['convert-tui', 'completion', 'bash']\n"
        "from convert_tui.cli import program\n"
        "program()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=tmp_path
    )
    assert (result.returncode, result.stderr) == (3, "")
