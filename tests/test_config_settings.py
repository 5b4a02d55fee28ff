"""UI settings: defaults, atomic save, and tolerance of a damaged file."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from convert_tui.config.settings import Settings, SortSpec, load_settings, save_settings


@pytest.fixture
def path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CONVERT_TUI_CONFIG_DIR", str(tmp_path))
    return tmp_path / "config" / "settings.json"


def test_defaults_when_missing(path: Path) -> None:
    settings = load_settings()
    assert settings == Settings()
    assert settings.auto_refresh_seconds == 60
    assert settings.sort == {} and settings.filters == {} and settings.last_project == {}


def test_roundtrip(path: Path) -> None:
    settings = Settings(
        auto_refresh_seconds=15,
        sort={"experiences": SortSpec(column="status", descending=True)},
        filters={"experiences": {"status": ["active", "paused"], "search": "hero"}},
        last_project={"default": "1001", "sandbox": "7"},
    )
    save_settings(settings)
    assert path.exists()
    assert load_settings() == settings


@pytest.mark.parametrize("content", ["", "{not json", "[1, 2]", "null", "\udcff"])
def test_corrupt_file_gives_defaults(path: Path, content: str) -> None:
    path.parent.mkdir(parents=True)
    path.write_bytes(content.encode("utf-8", "surrogateescape"))
    assert load_settings() == Settings()


def test_invalid_field_falls_back_alone(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_text(
        json.dumps(
            {
                "auto_refresh_seconds": -5,
                "sort": {"goals": {"column": "name"}},
                "last_project": {"default": "42"},
                "unknown_future_field": True,
            }
        )
    )
    settings = load_settings()
    assert settings.auto_refresh_seconds == 60
    assert settings.sort == {"goals": SortSpec(column="name")}
    assert settings.last_project == {"default": "42"}


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_settings_file_is_private(path: Path) -> None:
    save_settings(Settings())
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
