"""`convert-tui --help` names every subcommand and flag a user can reach."""

from __future__ import annotations

import subprocess
import sys

import pytest

from convert_tui.cli import main


def test_help_lists_every_subcommand_and_top_level_flag(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for word in ["login", "logout", "profiles", "sandbox", "status", "report", "tui"]:
        assert word in out
    for flag in ["--demo", "--read-only", "--profile", "--no-cache", "--base-url", "--debug"]:
        assert flag in out


@pytest.mark.parametrize(
    ("command", "flags"),
    [
        (
            ["sandbox"],
            ["--port", "--seed", "--fail-rate", "--rate-limit", "--latency-ms", "--data"],
        ),
        (["report"], ["--goal", "--from", "--to", "--correction", "--json", "--csv"]),
        (["status"], ["--project", "--all", "--json"]),
        (["login"], ["--app-id", "--secret-stdin", "--read-only", "--base-url"]),
    ],
)
def test_subcommand_help_lists_its_flags(
    command: list[str], flags: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*command, "--help"]) == 0
    out = capsys.readouterr().out
    for flag in flags:
        assert flag in out


def test_usage_error_exits_2_with_one_line_and_no_traceback() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "convert_tui.cli", "report", "--correction", "wrong", "1", "2"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "invalid choice" in result.stderr
