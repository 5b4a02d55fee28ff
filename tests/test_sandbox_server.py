"""Fault injection, persistence, the request log, in-process use and the CLI command."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import TODAY, SignedHTTP

from convert_tui.cli import build_parser
from convert_tui.commands import sandbox as sandbox_command
from convert_tui.sandbox import SandboxConfig, SandboxDataError, create_app, start_sandbox


def _http(running: Any) -> SignedHTTP:
    return SignedHTTP(running.base_url, running.app_id, running.secret)


def test_fail_rate_one_answers_500(sandbox_factory: Any) -> None:
    response = _http(sandbox_factory(fail_rate=1.0)).request("POST", "/projects", {})
    assert response.status_code == 500
    assert response.json()["isError"] is True and response.json()["code"] == 500


def test_fail_rate_is_a_seeded_share(sandbox_factory: Any) -> None:
    def pattern() -> list[int]:
        http = _http(sandbox_factory(fail_rate=0.5, seed=3))
        return [http.request("POST", "/projects", {}).status_code for _ in range(40)]

    first = pattern()
    assert set(first) == {200, 500} and first == pattern()


def test_rate_limit_answers_429_with_retry_after(sandbox_factory: Any) -> None:
    http = _http(sandbox_factory(rate_limit=2))
    codes = [http.request("POST", "/projects", {}) for _ in range(6)]
    limited = [r for r in codes if r.status_code == 429]
    assert codes[0].status_code == 200 and limited
    assert int(limited[0].headers["Retry-After"]) >= 1
    assert limited[0].json()["code"] == 429
    time.sleep(1.05)
    assert http.request("POST", "/projects", {}).status_code == 200


def test_latency_is_added(sandbox_factory: Any) -> None:
    http = _http(sandbox_factory(latency_ms=120))
    started = time.perf_counter()
    http.request("POST", "/projects", {})
    assert time.perf_counter() - started >= 0.12


def test_requests_are_logged(sandbox: Any, sandbox_http: SignedHTTP) -> None:
    sandbox_http.request("POST", "/projects", {})
    sandbox_http.request("GET", "/projects/get/10001")
    assert sandbox.requests == [("POST", "/api/v1/projects"), ("GET", "/api/v1/projects/get/10001")]


def test_persistence_survives_a_restart(tmp_path: Path) -> None:
    data = tmp_path / "sandbox.json"
    with start_sandbox(SandboxConfig(data_file=data, today=TODAY)) as first:
        assert data.exists()  # generated and written at start
        http = _http(first)
        pid = http.ok("POST", "/projects/add", {"name": "Persisted", "x_extra": [1, 2]})["id"]
        eid = http.ok("POST", f"/experiences/add/{pid}", {"name": "Kept"})["id"]
        http.ok("PUT", "/projects/update/10002", {"name": "Renamed"})
        http.ok("DELETE", "/projects/delete/10003")
        http.http.close()
    assert json.loads(data.read_text())["format"] == "convert-tui-sandbox"
    assert [p.name for p in tmp_path.iterdir()] == ["sandbox.json"]  # no temp files left
    # Another seed: the file, not the generator, is the data now.
    with start_sandbox(SandboxConfig(data_file=data, seed=99, today=TODAY)) as second:
        http = _http(second)
        names = {p["id"]: p["name"] for p in http.ok("POST", "/projects", {})}
        assert names[pid] == "Persisted" and names["10002"] == "Renamed" and "10003" not in names
        assert http.ok("GET", f"/projects/get/{pid}")["x_extra"] == [1, 2]
        assert http.ok("GET", f"/experiences/get/{pid}/{eid}")["name"] == "Kept"
        assert http.ok("POST", "/experiences/10001", {})  # generated children were saved too
        http.http.close()


def test_unreadable_data_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(SandboxDataError):
        create_app(SandboxConfig(data_file=bad))


async def test_create_app_works_in_process() -> None:
    app = create_app(SandboxConfig(today=TODAY))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport) as client:
        url = "http://testserver/api/v1/projects"
        expires = str(int(time.time()) + 60)
        signature = SignedHTTP.signature("demo", "demo-secret", expires, url, b"{}")
        headers = {
            "Convert-Application-ID": "demo",
            "Expires": expires,
            "Authorization": f"Convert-HMAC-SHA256 Signature={signature}",
        }
        response = await client.post(url, content=b"{}", headers=headers)
        assert response.status_code == 200 and len(response.json()) == 3
        assert "date" in response.headers


def test_stop_is_clean_and_frees_the_port(sandbox_factory: Any) -> None:
    running = sandbox_factory()
    port = running.port
    running.stop()
    assert not running.is_running()
    again = sandbox_factory(port=port)  # the port is usable again right away
    assert again.port == port


def test_cli_arguments_map_onto_the_config(tmp_path: Path) -> None:
    argv = "sandbox --port 0 --seed 5 --projects 50 --experiences 10000 --latency-ms 10"
    argv += " --fail-rate 0.1 --rate-limit 20 --app-id a --secret s"
    args = build_parser().parse_args([*argv.split(), "--data", str(tmp_path / "d.json")])
    cfg = sandbox_command.config_from_args(args)
    assert (cfg.host, cfg.port, cfg.seed, cfg.projects, cfg.experiences) == (
        "127.0.0.1",
        0,
        5,
        50,
        10000,
    )
    assert (cfg.latency_ms, cfg.fail_rate, cfg.rate_limit) == (10, 0.1, 20)
    assert (cfg.app_id, cfg.secret, cfg.data_file) == ("a", "s", str(tmp_path / "d.json"))


def test_cli_rejects_bad_values(capsys: pytest.CaptureFixture[str]) -> None:
    args = build_parser().parse_args(["sandbox", "--fail-rate", "2"])
    assert sandbox_command.run(args) == 2
    assert "fail-rate" in capsys.readouterr().err


def test_cli_runs_until_interrupted(monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    from convert_tui.sandbox import server

    def interrupt(running: Any) -> None:
        assert running.is_running()
        raise KeyboardInterrupt  # what Ctrl+C raises in the waiting main thread

    monkeypatch.setattr(server, "_wait_until_stopped", interrupt)
    args = build_parser().parse_args(["sandbox", "--port", "0"])
    assert sandbox_command.run(args) == 0
    out = capsys.readouterr().out
    assert "http://127.0.0.1:" in out and "/api/v1" in out and "demo" in out
    assert "stopped" in out
