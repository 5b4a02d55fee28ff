"""UI settings that outlive a session, in `settings.json` under the config dir.

Loading never fails: a missing or corrupt file gives the defaults, and an invalid field falls
back to its default while the valid ones are kept.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from convert_tui.config.atomic import atomic_write
from convert_tui.config.paths import app_paths, ensure_private_dir

SETTINGS_FILENAME = "settings.json"


class SortSpec(BaseModel):
    column: str
    descending: bool = False


class Settings(BaseModel):
    model_config = ConfigDict(extra="ignore", validate_assignment=True)

    auto_refresh_seconds: int = Field(default=60, ge=0)  # 0 turns auto-refresh off
    sort: dict[str, SortSpec] = Field(default_factory=dict)  # table name -> sort
    filters: dict[str, dict[str, Any]] = Field(default_factory=dict)  # table name -> filters
    last_project: dict[str, str] = Field(default_factory=dict)  # profile name -> project id


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
    try:
        return Settings.model_validate(document)
    except ValidationError as exc:
        bad = {err["loc"][0] for err in exc.errors() if err["loc"]}
    kept = {k: v for k, v in document.items() if k not in bad}
    try:
        return Settings.model_validate(kept)
    except ValidationError:
        return Settings()


def save_settings(settings: Settings, path: Path | None = None) -> None:
    target = path or settings_path()
    ensure_private_dir(target.parent)
    atomic_write(target, settings.model_dump_json(indent=2) + "\n", mode=0o600)
