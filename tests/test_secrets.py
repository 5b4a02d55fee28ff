"""The secret never leaks: not into the --debug log, other files, output or errors.

Also: TLS verification is never turned off, and plain http to another machine is refused
unless the user passes --allow-insecure.
"""

from __future__ import annotations

import io
import logging
import os
import re
import ssl
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from convert_tui.api import ConvertClient, errors
from convert_tui.cli import main
from convert_tui.config import debuglog

SECRET = "S3CRET-zebra-4242"
PROJECT = "10001"
EXPERIENCE = "1000001"
SIGNATURE = re.compile(r"Signature=[0-9a-f]{64}")


@pytest.fixture(autouse=True)
def _debug_log_off_afterwards() -> Iterator[None]:
    yield
    debuglog.disable_debug_log()


@pytest.fixture
def secret_sandbox(sandbox_factory: Any) -> Any:
    return sandbox_factory(secret=SECRET)


def files_under(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


def assert_private(path: Path) -> None:
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, oct(path.stat().st_mode)


# --- the --debug log ---------------------------------------------------------------------------


def test_debug_runs_of_login_status_and_report_never_write_the_secret(
    secret_sandbox: Any,
    config_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    for name in ("CONVERT_APPLICATION_ID", "CONVERT_SECRET_KEY", "CONVERT_API_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CONVERT_PROFILE", "sb")
    monkeypatch.setattr(sys, "stdin", io.StringIO(SECRET + "\n"))
    url = secret_sandbox.base_url
    login = ["login", "--app-id", "demo", "--secret-stdin", "--base-url", url, "--debug"]
    runs = [
        (login, 0),
        (["status", "--debug"], 0),
        (["report", PROJECT, EXPERIENCE, "--debug"], 0),
        (["report", PROJECT, EXPERIENCE, "--json", "--debug"], 0),
        (["report", PROJECT, "424242", "--debug"], 5),
    ]
    output = ""
    for argv, code in runs:
        assert main(argv) == code, argv
        out, err = capsys.readouterr()
        output += out + err
    debuglog.disable_debug_log()
    # A separate process, as a user runs it: its stdout and stderr too.
    result = subprocess.run(
        [sys.executable, "-m", "convert_tui.cli", "status", "--all", "--debug"],
        capture_output=True,
        text=True,
        timeout=60,
        env=dict(os.environ),
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    output += result.stdout + result.stderr

    assert SECRET not in output and not SIGNATURE.search(output)
    written = [path for path in files_under(config_dir) if path.name != "credentials.json"]
    log = config_dir / "logs" / debuglog.LOG_FILENAME
    assert log in written
    for path in written:
        content = path.read_bytes()
        assert SECRET.encode() not in content, path
        assert not SIGNATURE.search(content.decode("utf-8", "replace")), path
    text = log.read_text(encoding="utf-8")
    assert re.search(r"POST http://127\.0\.0\.1:\d+/api/v1/projects -> 200 in \d+\.\d{3} s", text)
    assert re.search(rf"GET \S+/experiences/get/{PROJECT}/424242 -> 404 in ", text)
    assert f"debug log: {log}" in output  # the user is told where the log is
    assert_private(log)


def test_the_debug_log_redacts_secrets_signatures_and_authorization_from_any_logger(
    config_dir: Path,
) -> None:
    path = debuglog.enable_debug_log(SECRET)
    signature = "ab12" * 16
    logging.getLogger("httpcore.http11").debug(
        "send_request_headers.complete headers=%r",
        [(b"Authorization", f"Convert-HMAC-SHA256 Signature={signature}".encode())],
    )
    logging.getLogger("httpx").info("Authorization: Convert-HMAC-SHA256 Signature=%s", signature)
    logging.getLogger("convert_tui.ui.screens").debug("body %s", {"secret": SECRET})
    logging.getLogger("convert_tui").debug("json %s", '{"secret": "S3CRET-zebra-4242"}')
    try:
        raise ValueError(f"a message holding {SECRET}")
    except ValueError:
        logging.getLogger("convert_tui.state").exception("a failure")
    logging.getLogger("unrelated.library").warning("not ours: %s", "never written here")
    debuglog.disable_debug_log()
    text = path.read_text(encoding="utf-8")
    assert SECRET not in text and signature not in text
    assert "a message holding ***" in text and "Traceback" in text
    assert text.count("Authorization") == 2 and "Authorization: ***" in text
    assert "never written here" not in text
    assert_private(path)


def test_the_debug_log_rotates_and_every_file_stays_private(
    config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(debuglog, "MAX_BYTES", 2000)
    path = debuglog.enable_debug_log(SECRET)
    for index in range(200):
        logging.getLogger("convert_tui.api").debug("line %d with %s", index, SECRET)
    debuglog.disable_debug_log()
    logs = sorted(path.parent.glob(debuglog.LOG_FILENAME + "*"))
    assert len(logs) == 1 + debuglog.BACKUP_COUNT
    for log in logs:
        assert_private(log)
        assert SECRET not in log.read_text(encoding="utf-8")


async def test_the_client_logs_each_request_without_headers_or_bodies(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/404"):
            raise httpx.ConnectError("refused")
        return httpx.Response(200, json={"id": "1", "name": "Shop"})

    transport = httpx.MockTransport(answer)
    caplog.set_level(logging.DEBUG, logger="convert_tui.api")
    async with ConvertClient("app", SECRET, transport=transport, max_retries=0) as client:
        await client.update_project(PROJECT, {"name": f"named {SECRET}"})
        with pytest.raises(errors.TransportError):
            await client.get_project("404")
    lines = [r.getMessage() for r in caplog.records if r.name == "convert_tui.api"]
    assert len(lines) == 2
    assert re.fullmatch(r"PUT https://\S+/projects/update/10001 -> 200 in \d+\.\d{3} s", lines[0])
    assert re.fullmatch(r"GET https://\S+/projects/get/404 -> ConnectError in \S+ s", lines[1])
    assert not any(SECRET in line or "Signature" in line or "named" in line for line in lines)


# --- TLS ---------------------------------------------------------------------------------------


def test_tls_certificates_and_host_names_are_always_verified(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    options: list[dict[str, Any]] = []
    original = httpx.AsyncClient.__init__

    def recording(self: httpx.AsyncClient, *args: Any, **kwargs: Any) -> None:
        options.append(kwargs)
        original(self, *args, **kwargs)

    monkeypatch.setattr(httpx.AsyncClient, "__init__", recording)
    client = ConvertClient("app", SECRET, read_only=True)
    assert options and all(kw.get("verify", True) is not False for kw in options)
    pool = client._engine._http._transport._pool  # type: ignore[attr-defined]
    context: ssl.SSLContext = pool._ssl_context
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname


def test_no_code_turns_tls_verification_off() -> None:
    package = Path(__file__).resolve().parents[1] / "convert_tui"
    forbidden = re.compile(
        r"verify\s*=\s*False|CERT_NONE|check_hostname\s*=\s*False|_create_unverified_context"
    )
    offenders = [
        str(path)
        for path in package.rglob("*.py")
        if forbidden.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


# --- plain http ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [["status"], ["report", PROJECT, EXPERIENCE], ["login", "--app-id", "demo", "--secret-stdin"]],
    ids=["status", "report", "login"],
)
def test_plain_http_to_another_machine_is_refused_unless_allow_insecure(
    sandbox: Any,
    config_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
) -> None:
    # 0.0.0.0 is not a loopback address to the check, yet connecting to it reaches this machine,
    # so the sandbox can stand in for a remote host.
    remote = sandbox.base_url.replace("127.0.0.1", "0.0.0.0")
    monkeypatch.setenv("CONVERT_APPLICATION_ID", sandbox.app_id)
    monkeypatch.setenv("CONVERT_SECRET_KEY", sandbox.secret)
    monkeypatch.delenv("CONVERT_API_BASE_URL", raising=False)
    monkeypatch.delenv("CONVERT_PROFILE", raising=False)
    monkeypatch.setattr(sys, "stdin", io.StringIO(sandbox.secret + "\n"))
    assert main([*argv, "--base-url", remote]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert "refusing plain http to 0.0.0.0" in err and "--allow-insecure" in err
    assert sandbox.requests == []  # refused before anything was sent

    monkeypatch.setattr(sys, "stdin", io.StringIO(sandbox.secret + "\n"))
    assert main([*argv, "--base-url", remote, "--allow-insecure"]) == 0
    assert capsys.readouterr().err == ""
    assert sandbox.requests
