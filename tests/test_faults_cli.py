"""`status`, `report` and `login` under faults: the right output, or one clear line and its code.

Exit codes (the documented table): 0 ok, 2 usage, 3 authentication, 4 network or server,
5 not found. A failure is ONE line on stderr saying what failed and what to do, never a
traceback. The ugliest cases run the real CLI in subprocesses (in parallel, so the real
retry back-off costs its few seconds once); the others run in-process with a short back-off.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from support.bad_server import (
    bad_server,
    clock_skewed_401,
    closed_port_url,
    cut_short,
    json_body,
    reset_mid_body,
)

from convert_tui.api import _transport
from convert_tui.cli import main

PROJECT = "10001"
EXPERIENCE = "1000001"  # active a/b with a revenue goal (seed 1)
ERROR_LINE = re.compile(r"^convert-tui: error: [^\n]+\n$")
# Said while waiting more than 1 s before another try (the error line comes after).
RETRY_NOTICE = re.compile(r"^convert-tui: [^\n]+ — trying again in \d+ s \(attempt \d of \d\)\n$")


@pytest.fixture
def quick_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retries still happen and still wait as Retry-After says; only the back-off is short."""
    monkeypatch.setattr(_transport, "BACKOFF_BASE_SECONDS", 0.01)


@pytest.fixture
def use_server(config_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """`use_server(base_url, secret=...)`: point the CLI's environment credentials at a server."""
    monkeypatch.delenv("CONVERT_PROFILE", raising=False)

    def use(base_url: str, *, app_id: str = "demo", secret: str = "demo-secret") -> None:
        monkeypatch.setenv("CONVERT_APPLICATION_ID", app_id)
        monkeypatch.setenv("CONVERT_SECRET_KEY", secret)
        monkeypatch.setenv("CONVERT_API_BASE_URL", base_url)

    return use


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_error_line(out: str, err: str, *fragments: str) -> None:
    assert out == ""
    assert ERROR_LINE.match(err), err
    for fragment in fragments:
        assert fragment in err, err


# --- flaky, busy and slow servers --------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [["status", "--json"], ["report", PROJECT, EXPERIENCE, "--json"]],
    ids=["status", "report"],
)
def test_with_30_percent_server_errors_the_output_is_right_or_one_clear_line(
    sandbox: Any,
    sandbox_factory: Any,
    use_server: Any,
    quick_backoff: None,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
) -> None:
    use_server(sandbox.base_url)
    code, expected, err = run(capsys, *argv)
    assert code == 0, err
    flaky = sandbox_factory(fail_rate=0.3)
    use_server(flaky.base_url)
    code, out, err = run(capsys, *argv)
    if code == 0:  # retries got every read through
        assert json.loads(out) == json.loads(expected) and err == ""
        assert len(flaky.requests) > len(sandbox.requests)
    else:  # some read failed max_retries + 1 times in a row
        assert code == 4
        assert_one_error_line(out, err, "(HTTP 500)", "the server had a problem; retry")


def test_status_rides_out_bursts_of_429_and_prints_everything(
    sandbox: Any, sandbox_factory: Any, use_server: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    use_server(sandbox.base_url)
    code, expected, err = run(capsys, "status")
    assert code == 0, err
    limited = sandbox_factory(rate_limit=10)  # status sends 20 requests, 8 at a time
    use_server(limited.base_url)
    code, out, err = run(capsys, "status")
    assert code == 0, err
    # Every row, as without the limit (rows print as their reports arrive: any order).
    assert out.splitlines()[0] == expected.splitlines()[0]
    assert sorted(out.splitlines()) == sorted(expected.splitlines()) and err == ""
    assert len(limited.requests) > len(sandbox.requests)  # the 429s were retried


def test_report_from_a_server_taking_3_seconds_per_answer(
    sandbox: Any, sandbox_factory: Any, use_server: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    use_server(sandbox.base_url)
    code, expected, err = run(capsys, "report", PROJECT, EXPERIENCE)
    assert code == 0, err
    slow = sandbox_factory(latency_ms=3000)  # report sends its two requests concurrently
    use_server(slow.base_url)
    code, out, err = run(capsys, "report", PROJECT, EXPERIENCE)
    assert code == 0, err
    assert out == expected and err == ""


@pytest.mark.parametrize(
    "argv", [["status"], ["report", PROJECT, EXPERIENCE]], ids=["status", "report"]
)
def test_a_server_failing_every_request_gives_one_line_and_exit_4(
    sandbox_factory: Any,
    use_server: Any,
    quick_backoff: None,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
) -> None:
    use_server(sandbox_factory(fail_rate=1.0).base_url)
    code, out, err = run(capsys, *argv)
    assert code == 4
    assert_one_error_line(out, err, "failed: ", "(HTTP 500)", "retry in a moment")


@pytest.mark.parametrize(
    ("behaviour", "base_url", "fragment"),
    [
        (cut_short('[{"id": "10001", "name": "Shop"}]'), None, "RemoteProtocolError"),
        (None, "https://xn--zz/api/v1", "IDNAError"),  # a host no resolver could look up
    ],
    ids=["200-cut-short", "unusable-host-name"],
)
def test_a_broken_answer_or_host_is_a_network_error_with_exit_4(
    use_server: Any,
    quick_backoff: None,
    capsys: pytest.CaptureFixture[str],
    behaviour: Any,
    base_url: str | None,
    fragment: str,
) -> None:
    with ExitStack() as stack:
        if behaviour is not None:
            base_url = stack.enter_context(bad_server(behaviour)).base_url
        assert base_url is not None
        use_server(base_url)
        code, out, err = run(capsys, "status")
    assert code == 4
    assert_one_error_line(out, err, "list projects failed", fragment, "check the network")


# --- authentication ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv", [["status"], ["report", PROJECT, EXPERIENCE]], ids=["status", "report"]
)
def test_a_401_from_a_skewed_clock_says_your_clock_is_off(
    use_server: Any, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    with bad_server(clock_skewed_401(3600)) as server:
        use_server(server.base_url)
        code, out, err = run(capsys, *argv)
    assert code == 3
    assert_one_error_line(out, err, "(HTTP 401)", "fix the system time")
    match = re.search(r"your clock is (\d+) s off \(behind the server's\)", err)
    assert match and abs(int(match.group(1)) - 3600) <= 3, err


@pytest.mark.parametrize(
    "argv", [["status"], ["report", PROJECT, EXPERIENCE]], ids=["status", "report"]
)
def test_bad_credentials_exit_3_with_one_line_saying_what_to_check(
    sandbox: Any, use_server: Any, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    use_server(sandbox.base_url, secret="not-the-right-secret")
    code, out, err = run(capsys, *argv)
    assert code == 3
    assert_one_error_line(out, err, "(HTTP 401)", "check the application ID and secret key")
    assert "clock" not in err and "not-the-right-secret" not in err


def test_login_with_bad_credentials_exits_3_and_saves_nothing(
    sandbox: Any,
    config_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("not-the-right-secret\n"))
    flags = ["--app-id", sandbox.app_id, "--base-url", sandbox.base_url, "--secret-stdin"]
    code, out, err = run(capsys, "login", *flags)
    assert code == 3
    assert_one_error_line(out, err, "nothing saved", "check the application ID and secret key")
    assert not (config_dir / "config" / "credentials.json").exists()


def test_a_bug_is_one_line_pointing_to_the_debug_log_which_holds_the_traceback(
    sandbox: Any,
    use_server: Any,
    config_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from convert_tui import reporting
    from convert_tui.config import debuglog

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise ZeroDivisionError("a bug in the statistics")

    monkeypatch.setattr(reporting, "analyse_report", broken)
    use_server(sandbox.base_url)
    code, out, err = run(capsys, "report", PROJECT, EXPERIENCE)
    assert code == 1
    assert_one_error_line(out, err, "unexpected internal error (ZeroDivisionError)", "--debug")
    try:
        code, out, err = run(capsys, "report", PROJECT, EXPERIENCE, "--debug")
    finally:
        debuglog.disable_debug_log()
    assert code == 1 and "Traceback" not in err
    log = (config_dir / "logs" / debuglog.LOG_FILENAME).read_text(encoding="utf-8")
    assert "Traceback" in log and "ZeroDivisionError: a bug in the statistics" in log


# --- the ugliest cases, as a user runs them ---------------------------------------------------


@dataclass
class Case:
    argv: list[str]
    code: int
    fragments: tuple[str, ...]
    base_url: str = ""
    stdin: str = ""


DEEP_JSON = "[" * 5000 + "]" * 5000
NO_COUNTS = '{"goals": [{"goal_id": "1", "variations": [{"variation_id": "2"}]}]}'
HOSTILE_404 = json.dumps({"isError": True, "code": 404, "message": "gone\x1b]52;c;ZXZpbA==\x07"})


def ugly_cases(stack: ExitStack, sandbox: Any) -> dict[str, Case]:
    def serve(behaviour: Any) -> str:
        return str(stack.enter_context(bad_server(behaviour)).base_url)

    report = ["report", PROJECT, EXPERIENCE]
    network = "check the network connection and the base URL"
    not_api = "does not look like the Convert API; check the base URL"
    skewed = serve(clock_skewed_401(3600))
    deep, shapeless = serve(json_body(200, DEEP_JSON)), serve(json_body(200, NO_COUNTS))
    hostile_404 = serve(json_body(404, HOSTILE_404))
    return {
        "connection refused": Case(["status"], 4, ("ConnectError", network), closed_port_url()),
        "reset mid-body": Case(report, 4, ("get ", network), serve(reset_mid_body)),
        "html 200": Case(["status"], 4, ("not JSON", not_api), serve(json_body(200, "<html>"))),
        "deep json": Case(report, 4, ("nested too deeply", not_api), deep),
        "report shape": Case(report, 4, ("visitors", not_api), shapeless),
        "clock skew": Case(["status"], 3, ("your clock is", "fix the system time"), skewed),
        "404 escapes": Case(report, 5, (r"gone\x1b]52;c;ZXZpbA==\x07", "check the"), hostile_404),
        "unclosed ipv6": Case(["status"], 2, ("invalid base URL",), "https://[::1/api/v1"),
        "port too big": Case(["status"], 2, ("invalid base URL",), "https://localhost:99999/api/v1"),
        "bad login": Case(
            ["login", "--app-id", sandbox.app_id, "--secret-stdin"],
            3,
            ("credentials rejected", "secret key"),
            sandbox.base_url,
            stdin="not-the-right-secret\n",
        ),
    }  # fmt: skip


@pytest.fixture
def ugly_results(sandbox: Any, tmp_path: Path) -> Iterator[dict[str, tuple[Case, Any]]]:
    with ExitStack() as stack:
        cases = ugly_cases(stack, sandbox)
        running = {}
        for name, case in cases.items():
            env = {
                **os.environ,
                "CONVERT_TUI_CONFIG_DIR": str(tmp_path / name.replace(" ", "-")),
                "CONVERT_APPLICATION_ID": "demo",
                "CONVERT_SECRET_KEY": "demo-secret",
                "CONVERT_API_BASE_URL": case.base_url,
            }
            env.pop("CONVERT_PROFILE", None)
            running[name] = subprocess.Popen(
                [sys.executable, "-m", "convert_tui.cli", *case.argv],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
                cwd=tmp_path,
            )
        results = {}
        for name, process in running.items():
            out, err = process.communicate(cases[name].stdin, timeout=120)
            results[name] = (cases[name], (process.returncode, out, err))
        yield results


def test_the_ugliest_failures_end_in_one_line_and_the_documented_code(
    ugly_results: dict[str, tuple[Case, Any]],
) -> None:
    problems = []
    for name, (case, (code, out, err)) in ugly_results.items():
        lines = err.splitlines(keepends=True)
        err = "".join(line for line in lines if not RETRY_NOTICE.match(line))
        ok = (
            code == case.code
            and "Traceback" not in err
            and out == ""
            and ERROR_LINE.match(err) is not None
            and all(fragment in err for fragment in case.fragments)
            and "\x1b" not in err
            and "\x07" not in err
        )
        if not ok:
            problems.append(f"{name}: exit {code}, stdout {out!r}, stderr {err!r}")
    assert not problems, "\n".join(problems)
