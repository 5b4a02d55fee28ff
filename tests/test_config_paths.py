"""Where files go: platform dirs, CONVERT_TUI_CONFIG_DIR relocation, private (0700) dirs."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from convert_tui.config import paths

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


@pytest.fixture
def umask_zero() -> Iterator[None]:
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def mode_of(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_env_var_relocates_every_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(paths.CONFIG_DIR_ENV, str(tmp_path / "root"))
    found = paths.app_paths()
    assert found == paths.AppPaths(
        config=tmp_path / "root" / "config",
        cache=tmp_path / "root" / "cache",
        data=tmp_path / "root" / "data",
        logs=tmp_path / "root" / "logs",
    )
    assert paths.config_dir() == found.config and found.config.is_dir()
    assert paths.cache_dir() == found.cache and found.cache.is_dir()
    assert paths.data_dir() == found.data and found.data.is_dir()
    assert paths.log_dir() == found.logs and found.logs.is_dir()


def test_without_env_var_uses_platform_dirs_named_for_the_app(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(paths.CONFIG_DIR_ENV, raising=False)
    found = paths.app_paths()
    for directory in (found.config, found.cache, found.data, found.logs):
        assert "convert-tui" in str(directory)


def test_explicit_env_mapping_wins_over_process_environment(tmp_path: Path) -> None:
    found = paths.app_paths({paths.CONFIG_DIR_ENV: str(tmp_path)})
    assert found.config == tmp_path / "config"


@posix_only
@pytest.mark.usefixtures("umask_zero")
def test_directories_are_created_0700_even_with_umask_zero(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(paths.CONFIG_DIR_ENV, str(tmp_path / "new" / "root"))
    for make in (paths.config_dir, paths.cache_dir, paths.data_dir, paths.log_dir):
        assert mode_of(make()) == 0o700
    # Missing parents are private too, not world-readable.
    assert mode_of(tmp_path / "new" / "root") == 0o700
    assert mode_of(tmp_path / "new") == 0o700


@posix_only
def test_existing_directory_with_wide_mode_is_tightened(tmp_path: Path) -> None:
    loose = tmp_path / "loose"
    loose.mkdir()
    os.chmod(loose, 0o755)
    paths.ensure_private_dir(loose)
    assert mode_of(loose) == 0o700


def test_config_package_never_loads_textual_the_api_client_or_pydantic() -> None:
    # Start-up resolves a profile and reads the settings before its first request: pydantic
    # (~0.1 s to load) must not be needed for that.
    code = (
        "import json, sys\n"
        "import convert_tui.config.cache, convert_tui.config.drafts, convert_tui.config.settings\n"
        "from convert_tui.config import profiles\n"
        "profiles.Profile(name='n', app_id='a', secret='s')\n"
        "convert_tui.config.settings.load_settings()\n"
        "print(json.dumps(sorted(sys.modules)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    loaded = {m.split(".")[0] for m in json.loads(out.stdout)} | set(json.loads(out.stdout))
    assert "textual" not in loaded and "httpx" not in loaded and "pydantic" not in loaded
    assert "convert_tui.api" not in loaded
