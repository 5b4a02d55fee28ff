"""The parser built for one command line (only the subcommand it names) reads that line exactly
as the parser of every subcommand does: the same values, or the same error and exit code."""

from __future__ import annotations

import argparse
import contextlib
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convert_tui.cli import build_parser

WORDS = [
    "status", "report", "tui", "login", "logout", "profiles", "sandbox", "config",
    "completion", "bash", "--json", "--all", "--project", "--profile", "--prof", "--profile=x",
    "--base-url", "--base", "--ca-bundle", "--c", "--demo", "--read-only", "--no-cache",
    "--allow-insecure", "--sides", "2", "--alert", "srm", "--watch", "5", "--port", "0",
    "--path", "-x", "--", "p1", "e1", "--csv", "--goal", "--version",
]  # fmt: skip


def _parse(parser: argparse.ArgumentParser, argv: list[str]) -> tuple[object, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            result: object = vars(parser.parse_args(argv))
        except SystemExit as exc:
            result = ("exit", exc.code)
    return result, out.getvalue(), err.getvalue()


@settings(max_examples=400, deadline=None)
@given(argv=st.lists(st.sampled_from(WORDS), max_size=6))
def test_the_parser_of_one_command_line_reads_it_as_the_whole_parser(argv: list[str]) -> None:
    assert _parse(build_parser(argv), argv) == _parse(build_parser(), argv)


@pytest.mark.parametrize(
    "argv",
    [
        ["status", "--json"],
        ["--profile", "status", "report", "p", "e"],  # a profile named like a command
        ["--prof", "report", "status"],
        ["--base-url=https://x", "status", "--all"],
        ["--demo"],
        [],
        ["--help"],
        ["status", "-h"],
        ["statu"],
    ],
)
def test_lines_that_could_mislead_the_shortcut(argv: list[str]) -> None:
    assert _parse(build_parser(argv), argv) == _parse(build_parser(), argv)
