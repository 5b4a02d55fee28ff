"""Bad input on the command line and hostile names in its output: a bad id, date or profile is
one line on stderr and the documented code; names holding terminal escapes or rich markup are
printed literally by `status` and `report`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

import pytest
from conftest import SignedHTTP
from test_bad_input import EXPERIENCE, PROJECT

from convert_tui import reporting
from convert_tui.cli import main

# --- the command line ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "code", "fragment"),
    [
        (["report", "10001/../2", EXPERIENCE], 2, "invalid project id"),
        (["report", PROJECT, "\x1b[2J"], 2, "invalid experience id '\\\\x1b[2J'"),
        (["report", PROJECT, "x" * 101], 2, "invalid experience id"),
        (["report", PROJECT, EXPERIENCE, "--goal", "é"], 2, "invalid goal id"),
        (["status", "--project", "1 0"], 2, "invalid project id"),
        (["report", PROJECT, "999999999"], 5, "check the id"),
        (["status", "--project", "424242"], 5, "check the id"),
        (["report", PROJECT, EXPERIENCE, "--from", "2026-02-30"], 2, "invalid date"),
        (["report", PROJECT, EXPERIENCE, "--to", "15/11/2026"], 2, "invalid date"),
        (["report", PROJECT, EXPERIENCE, "--from", "2026-11-05T00:00"], 2, "invalid date"),
        (["report", PROJECT, EXPERIENCE, "--from", "\x1b]52;c;ZXZpbA==\x07"], 2, "invalid date"),
        (["status", "--profile", "nobody"], 2, "no profile named 'nobody'"),
        (["report", PROJECT, EXPERIENCE, "--profile", "\x1b[2J"], 2, "no profile named"),
        (["login", "--profile", "bad name", "--secret-stdin"], 2, "invalid profile name"),
        (["status", "--base-url", "ftp://example.com/api"], 2, "invalid base URL"),
    ],
    ids=[
        "slash-in-id",
        "escape-in-id",
        "long-id",
        "unicode-goal-id",
        "space-in-project",
        "unknown-experience",
        "unknown-project",
        "no-such-day",
        "day-first-date",
        "datetime-not-date",
        "escape-in-date",
        "unknown-profile",
        "escape-in-profile",
        "bad-profile-name",
        "not-http",
    ],
)
def test_a_bad_argument_is_one_line_on_stderr_with_the_documented_code(
    env: Any,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    code: int,
    fragment: str,
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("whatever\n"))
    assert main(argv) == code
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("convert-tui: error: ") and err.count("\n") == 1, err
    assert fragment in err and "\x1b" not in err and "\x07" not in err, err


# --- terminal safety of CLI output ------------------------------------------------------------

ESCAPES = " \x1b[2J \x1b]52;c;ZXZpbA==\x07"
SHOWN = " \\x1b[2J \\x1b]52;c;ZXZpbA==\\x07"


@pytest.fixture
def hostile_names(env: Any, sandbox_http: SignedHTTP) -> dict[str, str]:
    """A project, goal, running experience and variation whose names carry markup and escapes.

    The markup goes through the API; the sandbox refuses control characters in names, so the
    escape sequences are added behind the API, as a real account's data might hold them.
    """
    pid = str(sandbox_http.ok("POST", "/projects/add", {"name": "[bold]Evil shop[/]"})["id"])
    goal = {"goal_name": "[/]Purchase[bold]", "goal_type": "visits_page"}
    gid = str(sandbox_http.ok("POST", f"/goals/add/{pid}", goal)["goal_id"])
    start = int(dt.datetime(2026, 11, 1, tzinfo=dt.UTC).timestamp())
    experience = {
        "name": "[bold]Exp[/]",
        "experience_type": "a/b",
        "experience_status": "active",
        "start_time": start,
        "goals": [{"goal_id": gid, "is_primary": True}],
    }
    eid = str(sandbox_http.ok("POST", f"/experiences/add/{pid}", experience)["id"])
    sandbox_http.ok("POST", f"/experiences/variations/add/{pid}/{eid}", {"name": "[bold]Red[/]"})
    store = env.store
    store.projects[pid]["name"] += ESCAPES
    data = store.data(pid)
    data.goals[gid]["goal_name"] += ESCAPES
    record = data.experiences[eid]
    record["name"] += ESCAPES
    for variation in record["variations"]:
        variation["name"] += ESCAPES
    return {"project": pid, "experience": eid}


def assert_terminal_safe(out: str, *names: str) -> None:
    assert "\x1b" not in out and "\x07" not in out, repr(out)
    for name in names:
        assert name + SHOWN in out, (name, out)


def test_status_and_report_tables_show_markup_and_escapes_literally(
    hostile_names: dict[str, str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pid, eid = hostile_names["project"], hostile_names["experience"]
    monkeypatch.setenv("COLUMNS", "400")  # wide enough for whole names
    assert main(["status", "--project", pid]) == 0
    out = capsys.readouterr().out
    # (the variation is named by a decided verdict only: this one is "not yet")
    assert_terminal_safe(out, "[bold]Evil shop[/]", "[bold]Exp[/]", "[/]Purchase[bold]")
    assert main(["report", pid, eid]) == 0
    out = capsys.readouterr().out
    assert_terminal_safe(out, "[bold]Exp[/]", "[/]Purchase[bold]", "[bold]Red[/]", "Original")
    assert main(["report", pid, eid, "--csv"]) == 0
    out = capsys.readouterr().out
    assert_terminal_safe(out, "[bold]Exp[/]", "[/]Purchase[bold]", "[bold]Red[/]")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {row["variation_name"] for row in rows} == {"Original" + SHOWN, "[bold]Red[/]" + SHOWN}


def test_json_output_keeps_hostile_names_verbatim_but_escaped(
    hostile_names: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    pid, eid = hostile_names["project"], hostile_names["experience"]
    for argv in (["status", "--project", pid, "--json"], ["report", pid, eid, "--json"]):
        assert main(argv) == 0
        out = capsys.readouterr().out
        assert "\x1b" not in out and "\x07" not in out
        assert '"[bold]Exp[/] \\u001b[2J \\u001b]52;c;ZXZpbA==\\u0007"' in out
        assert "[bold]Exp[/]" + ESCAPES in strings_in(json.loads(out))


def strings_in(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [s for item in value.values() for s in strings_in(item)]
    if isinstance(value, list):
        return [s for item in value for s in strings_in(item)]
    return [value] if isinstance(value, str) else []


def test_printable_never_passes_a_control_character() -> None:
    for code in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0), 0x202E, 0x2066, 0xFEFF]:
        shown = reporting.printable(f"a{chr(code)}b")
        assert shown.isprintable() and not any(ord(c) < 0x20 for c in shown), hex(code)
    assert reporting.printable("[bold]x[/]") == "[bold]x[/]"
