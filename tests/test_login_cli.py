"""login / logout / profiles commands and the shared error handling of commands.common."""

from __future__ import annotations

import argparse
import io
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from support.credentials import use_sandbox

from convert_tui.api import errors
from convert_tui.cli import main
from convert_tui.commands import common
from convert_tui.config import profiles
from convert_tui.config.cache import TreeCache
from convert_tui.config.errors import CredentialsPermissionError, ProfileNotFoundError
from convert_tui.config.profiles import Profile
from convert_tui.secret import Secret

SECRET = "zz-Distinctive-Secret-77c0de"


@pytest.fixture(autouse=True)
def _no_env_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CONVERT_APPLICATION_ID", "CONVERT_SECRET_KEY", "CONVERT_API_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("CONVERT_PROFILE", raising=False)


def login(monkeypatch: pytest.MonkeyPatch, stdin: str, *flags: str) -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return main(["login", *flags])


def saved(name: str = "default") -> Profile:
    profile = Profile(name=name, app_id=f"app-{name}", secret=Secret(SECRET))
    profiles.save_profile(profile)
    return profile


# -- login ---------------------------------------------------------------------------------


def test_login_with_secret_stdin_verifies_and_saves(
    sandbox: Any,
    config_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    flags = ["--profile", "sb", "--app-id", sandbox.app_id, "--base-url", sandbox.base_url]
    code = login(monkeypatch, sandbox.secret + "\n", *flags, "--secret-stdin", "--read-only")
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "sb" in out and sandbox.secret not in out + err
    profile = profiles.get_profile("sb")
    assert profile.app_id == sandbox.app_id
    assert profile.secret.get_secret_value() == sandbox.secret
    assert profile.base_url == sandbox.base_url.rstrip("/")
    assert profile.read_only is True
    if os.name == "posix":
        assert os.stat(profiles.credentials_path()).st_mode & 0o777 == 0o600


def test_login_with_a_wrong_secret_exits_3_and_saves_nothing(
    sandbox: Any,
    config_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    wrong = "wrong-" + sandbox.secret
    flags = ["--app-id", sandbox.app_id, "--base-url", sandbox.base_url, "--secret-stdin"]
    code = login(monkeypatch, wrong + "\n", *flags)
    out, err = capsys.readouterr()
    assert code == 3
    assert err.startswith("convert-tui: error:") and err.count("\n") == 1
    assert wrong not in out + err and "Traceback" not in err
    assert profiles.load_profiles() == {}


def test_interactive_login_prompts_for_app_id_and_secret(
    sandbox: Any, config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("builtins.input", lambda prompt="": sandbox.app_id)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": sandbox.secret)
    assert main(["login", "--base-url", sandbox.base_url]) == 0
    assert profiles.get_profile("default").app_id == sandbox.app_id


def test_secret_stdin_without_app_id_is_a_usage_error(
    config_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert login(monkeypatch, "s\n", "--secret-stdin") == 2
    assert "--app-id" in capsys.readouterr().err


def test_empty_secret_is_a_usage_error(config_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert login(monkeypatch, "", "--app-id", "x", "--secret-stdin") == 2
    assert profiles.load_profiles() == {}


def test_remote_http_base_url_is_refused_before_any_request(
    config_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    flags = ["--app-id", "x", "--base-url", "http://api.example.com/api/v1", "--secret-stdin"]
    assert login(monkeypatch, SECRET + "\n", *flags) == 2
    err = capsys.readouterr().err
    assert "--allow-insecure" in err and SECRET not in err
    assert profiles.load_profiles() == {}


def test_unreachable_server_exits_4_without_traceback(config_dir: Path) -> None:
    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "convert_tui.cli",
            "login",
            "--app-id",
            "x",
            "--secret-stdin",
            "--base-url",
            f"http://127.0.0.1:{port}/api/v1",
        ],
        input=SECRET + "\n",
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "CONVERT_TUI_CONFIG_DIR": str(config_dir)},
    )
    assert result.returncode == 4, result.stderr
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1
    assert SECRET not in result.stdout + result.stderr


# -- logout and profiles -------------------------------------------------------------------


def test_logout_removes_the_profile_and_its_cache(
    config_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = saved("work")
    saved("default")
    cache = TreeCache.for_profile(profile)
    cache.save({"projects": []})
    assert main(["logout", "--profile", "work"]) == 0
    assert sorted(profiles.load_profiles()) == ["default"]
    assert not cache.directory.exists()
    assert main(["logout", "--profile", "work"]) == 2
    err = capsys.readouterr().err
    assert "work" in err and "default" in err  # names the known profiles


def test_profiles_lists_everything_but_the_secret(
    config_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    saved("default")
    profiles.save_profile(
        Profile(
            name="sb",
            app_id="demo",
            secret=Secret(SECRET),
            read_only=True,
            base_url="http://127.0.0.1:8787/api/v1",
        )
    )
    assert main(["profiles"]) == 0
    out, err = capsys.readouterr()
    assert SECRET not in out + err
    for text in [
        "default",
        "app-default",
        "https://api.convert.com/api/v1",
        "sb",
        "demo",
        "http://127.0.0.1:8787/api/v1",
        "READ-ONLY",
        "yes",
    ]:
        assert text in out


def test_profiles_with_none_saved(config_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["profiles"]) == 0
    assert "convert-tui login" in capsys.readouterr().out


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
@pytest.mark.parametrize("command", [["profiles"], ["logout"]])
def test_commands_refuse_an_open_credentials_file(
    config_dir: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    saved("default")
    os.chmod(profiles.credentials_path(), 0o644)
    assert main(command) == 2
    err = capsys.readouterr().err
    assert "chmod 600" in err and err.count("\n") == 1 and SECRET not in err


# -- commands.common -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("exc", "code"),
    [
        (errors.AuthError("bad signature"), 3),
        (errors.ForbiddenError("no access"), 3),
        (errors.NotFoundError("no such experience"), 5),
        (errors.TransportError("connection refused"), 4),
        (errors.ServerError("boom", status=503), 4),
        (errors.RateLimitError("slow down", retry_after=3), 4),
        (errors.DecodeError("not JSON"), 4),
        (errors.ValidationError("bad body", fields={"x": "wrong"}), 2),
        (errors.ReadOnlyError("read-only"), 2),
        (ProfileNotFoundError("x", ["default"]), 2),
        (CredentialsPermissionError("too open"), 2),
    ],
)
def test_exit_codes(exc: BaseException, code: int) -> None:
    assert common.exit_code_for(exc) == code


def test_run_async_turns_errors_into_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    async def failing() -> int:
        raise errors.AuthError("expired", operation="list projects", clock_skew_seconds=-125.4)

    assert common.run_async(failing) == 3
    err = capsys.readouterr().err
    assert err.startswith("convert-tui: error:") and err.count("\n") == 1
    assert "clock is 125 s" in err


def test_run_async_success_and_interrupt(capsys: pytest.CaptureFixture[str]) -> None:
    async def ok() -> None:
        return None

    async def interrupted() -> int:
        raise KeyboardInterrupt

    assert common.run_async(ok) == 0
    assert common.run_async(interrupted) == 130
    assert capsys.readouterr().err.count("\n") == 1


def test_fail_prints_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert common.fail("first\nsecond", 5) == 5
    assert capsys.readouterr().err == "convert-tui: error: first second\n"


def test_profile_from_args_applies_flags(config_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    saved("default")
    args = argparse.Namespace(
        profile=None, base_url="http://localhost:9/api/v1/", allow_insecure=False, read_only=True
    )
    profile = common.profile_from_args(args)
    assert profile.base_url == "http://localhost:9/api/v1"
    assert profile.read_only is True
    args.base_url = "http://remote.example/api/v1"
    with pytest.raises(common.ConfigError, match="--allow-insecure"):
        common.profile_from_args(args)
    args.allow_insecure = True
    assert common.profile_from_args(args).base_url == "http://remote.example/api/v1"


def test_env_credentials_build_a_client_without_saved_profiles(
    sandbox: Any, config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_sandbox(sandbox, monkeypatch)
    args = argparse.Namespace(profile=None, base_url=None, allow_insecure=False, read_only=False)

    async def list_one() -> int:
        async with common.client_from_args(args) as client:
            assert len(await client.list_projects(results_per_page=1)) == 1
        return 0

    assert common.run_async(list_one) == 0
    assert not profiles.credentials_path().exists()


def test_config_and_client_agree_on_the_production_url() -> None:
    from convert_tui.api import PRODUCTION_BASE_URL

    assert profiles.PRODUCTION_BASE_URL == PRODUCTION_BASE_URL
