"""`status` and `report` against hostile servers: a trickling body, a body over the size cap,
an error body under HTTP 200, an absurd Retry-After, a wrong base URL. Each ends in the
documented exit code and ONE line saying what failed (the operation) and what to do.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from support.bad_server import bad_server, http_response, json_body, sequence, trickle
from test_faults_cli import PROJECT, assert_one_error_line, run, use_server

EXPERIENCE = "1000001"
STATUS = ["status"]
REPORT = ["report", PROJECT, EXPERIENCE]
__all__ = ["use_server"]  # the fixture, used by name


@pytest.mark.parametrize(
    ("argv", "operation"),
    [(STATUS, "list projects"), (REPORT, "get ")],
    ids=["status", "report"],
)
def test_a_trickling_answer_ends_at_the_deadline_with_exit_4(
    use_server: Any,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    operation: str,
) -> None:
    monkeypatch.setenv("CONVERT_TUI_DEADLINE", "0.5")
    with bad_server(trickle(b"[" + b" " * 58 + b"]", every=0.2, max_seconds=15)) as server:
        use_server(server.base_url)
        code, out, err = run(capsys, *argv)
    assert code == 4
    assert_one_error_line(out, err, operation, "within 0.5 s", "CONVERT_TUI_DEADLINE")


def test_an_unusable_deadline_setting_exits_2_naming_it(
    use_server: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CONVERT_TUI_DEADLINE", "soon")
    with bad_server(json_body(200, "[]")) as server:
        use_server(server.base_url)
        code, out, err = run(capsys, *STATUS)
        assert server.requests == []
    assert code == 2
    assert_one_error_line(out, err, "CONVERT_TUI_DEADLINE", "'soon'")


@pytest.mark.parametrize("encoding", ["identity", "gzip"])
def test_an_answer_over_the_size_cap_exits_4_naming_the_cap(
    use_server: Any,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    encoding: str,
) -> None:
    import gzip

    projects = json.dumps([{"id": str(n), "name": "x" * 100} for n in range(20_000)]).encode()
    body = gzip.compress(projects) if encoding == "gzip" else projects  # ~2.4 MB decoded
    answer = http_response(200, body, {"Content-Encoding": encoding})
    monkeypatch.setenv("CONVERT_TUI_MAX_BODY_MB", "1")
    with bad_server(lambda _request: answer) as server:
        use_server(server.base_url)
        code, out, err = run(capsys, *STATUS)
    assert code == 4
    assert_one_error_line(out, err, "list projects failed", "larger than 1 MB")


@pytest.mark.parametrize("argv", [STATUS, REPORT], ids=["status", "report"])
def test_an_error_body_under_http_200_exits_as_its_code_says(
    use_server: Any, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    body = '{"isError": true, "code": 401, "message": "Signature invalid"}'
    with bad_server(json_body(200, body)) as server:
        use_server(server.base_url)
        code, out, err = run(capsys, *argv)
    assert code == 3
    assert_one_error_line(out, err, "Signature invalid", "check the application ID")


@pytest.mark.parametrize("header", ["inf", "1e400", "-1", "garbage"])
def test_an_absurd_retry_after_is_one_line_and_exit_4(
    use_server: Any, capsys: pytest.CaptureFixture[str], header: str
) -> None:
    busy = '{"isError": true, "code": 429, "message": "slow down"}'
    answers = [json_body(429, busy, {"Retry-After": header})]
    if header in ("-1", "garbage"):  # read as absent: our own back-off, then an answer
        answers.append(json_body(200, "[]"))
    with bad_server(sequence(*answers)) as server:
        use_server(server.base_url)
        code, out, err = run(capsys, *STATUS)
    if len(answers) == 1:
        assert code == 4
        assert_one_error_line(out, err, "slow down", "wait 120 s")
    else:
        assert code == 0 and "Traceback" not in err, err


def test_a_404_on_the_projects_list_says_the_base_url_is_wrong_and_exits_4(
    use_server: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    body = '{"isError": true, "code": 404, "message": "No such endpoint: POST /api/v2/projects"}'
    with bad_server(json_body(404, body)) as server:
        use_server(server.base_url)
        code, out, err = run(capsys, *STATUS)
    assert code == 4
    assert_one_error_line(
        out, err, server.base_url, "looks like https://api.convert.com/api/v1", "base URL"
    )
    assert "check the id" not in err


def test_a_wait_over_a_second_says_what_is_being_tried(
    use_server: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    busy = '{"isError": true, "code": 429, "message": "slow down"}'
    limited = sequence(json_body(429, busy, {"Retry-After": "2"}), json_body(200, "[]"))
    with bad_server(limited) as server:
        use_server(server.base_url)
        code, _out, err = run(capsys, *STATUS)
    assert code == 0
    assert err.startswith("convert-tui: list projects: slow down (HTTP 429)"), err
    assert "trying again in 2 s (attempt 2 of 4)" in err and err.count("\n") == 1, err
