"""UI settings that outlive a session, in `settings.json` under the config dir.

Loading never fails: a missing or corrupt file gives the defaults, and an invalid field falls
back to its default while the valid ones are kept.

Plain dataclasses, not pydantic: the app reads them while it connects (the last project, the
saved filter), before its first request, which must not wait for pydantic to load.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from convert_tui.config.atomic import atomic_write
from convert_tui.config.paths import app_paths, ensure_private_dir

SETTINGS_FILENAME = "settings.json"
LANDING_SCREENS = ("overview", "tree")


@dataclass
class SortSpec:
    column: str
    descending: bool = False


@dataclass
class Settings:
    auto_refresh_seconds: int = 60  # 0 turns auto-refresh off
    sort: dict[str, SortSpec] = field(default_factory=dict)  # table name -> sort
    filters: dict[str, dict[str, Any]] = field(default_factory=dict)  # table name -> filters
    last_project: dict[str, str] = field(default_factory=dict)  # profile name -> project id
    # "project/experience" -> the report view's statistics choices (level, sides, sequential)
    report_stats: dict[str, dict[str, Any]] = field(default_factory=dict)
    landing: str = "overview"  # the screen the app opens on: "overview" or "tree"


def _refresh_seconds(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError("a whole number of seconds, 0 or more")
    return value


def _sort(value: Any) -> dict[str, SortSpec]:
    if not isinstance(value, dict):
        raise ValueError("an object")
    specs: dict[str, SortSpec] = {}
    for table, spec in value.items():
        column = spec.get("column") if isinstance(spec, dict) else None
        descending = spec.get("descending", False) if isinstance(spec, dict) else None
        if not isinstance(column, str) or not isinstance(descending, bool):
            raise ValueError("{column, descending} per table")
        specs[str(table)] = SortSpec(column, descending)
    return specs


def _filters(value: Any) -> dict[str, dict[str, Any]]:
    if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
        raise ValueError("an object per table")
    return {str(table): dict(filters) for table, filters in value.items()}


def _last_project(value: Any) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise ValueError("a project id per profile")
    return {str(profile): project for profile, project in value.items()}


def _report_stats(value: Any) -> dict[str, dict[str, Any]]:
    if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
        raise ValueError("an object per experience")
    return {str(key): dict(choices) for key, choices in value.items()}


def _landing(value: Any) -> str:
    if value not in LANDING_SCREENS:
        raise ValueError(f"one of {', '.join(LANDING_SCREENS)}")
    return str(value)


_READERS = {
    "auto_refresh_seconds": _refresh_seconds,
    "sort": _sort,
    "filters": _filters,
    "last_project": _last_project,
    "report_stats": _report_stats,
    "landing": _landing,
}


def settings_path() -> Path:
    return app_paths().config / SETTINGS_FILENAME


def load_settings(path: Path | None = None) -> Settings:
    target = path or settings_path()
    try:
        document = json.loads(target.read_bytes())
    except (OSError, ValueError):
        return Settings()
    if not isinstance(document, dict):
        return Settings()
    fields: dict[str, Any] = {}
    for name, read in _READERS.items():  # unknown keys are ignored
        # A field that does not read falls back to its default; the others are kept.
        if name in document:
            with contextlib.suppress(ValueError):
                fields[name] = read(document[name])
    return Settings(**fields)


def save_settings(settings: Settings, path: Path | None = None) -> None:
    target = path or settings_path()
    ensure_private_dir(target.parent)
    atomic_write(target, json.dumps(asdict(settings), indent=2) + "\n", mode=0o600)


def remember_landing(landing: str) -> None:
    """Save the screen the app opens on next time (a convenience: never an error)."""
    with contextlib.suppress(Exception):
        settings = load_settings()
        if settings.landing != landing:
            settings.landing = landing
            save_settings(settings)
