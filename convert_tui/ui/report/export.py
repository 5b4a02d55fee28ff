"""Write the report view's document to files: the same JSON and CSV as `convert-tui report`.

Files go to the user data directory's `exports/` (`convert_tui.config.paths.data_dir()`;
`CONVERT_TUI_CONFIG_DIR=/some/dir` puts them in `/some/dir/data/exports/`), never the current
directory, which for a TUI is wherever it happened to be started. Names say what is inside:
`report-<experience>-<goal or all-goals>-<range>-<YYYYmmdd-HHMMSS>.<json|csv>`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

from convert_tui import reporting
from convert_tui.config import paths
from convert_tui.config.atomic import atomic_write

FORMATS = ("csv", "json")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def exports_path() -> Path:
    """Where exports go (not created)."""
    return paths.app_paths().data / "exports"


def exports_dir() -> Path:
    """Where exports go, created private (0700) if missing."""
    return paths.ensure_private_dir(exports_path())


def _part(text: str) -> str:
    """API ids can hold anything; a file name part holds only safe characters."""
    return _UNSAFE.sub("_", text).strip("._")[:60] or "x"


def file_name(
    experience_id: str, goal_part: str, range_slug: str, when: dt.datetime, fmt: str
) -> str:
    stamp = when.strftime("%Y%m%d-%H%M%S")
    parts = "-".join(_part(p) for p in ("report", experience_id, goal_part, range_slug, stamp))
    return f"{parts}.{fmt}"


def render(document: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(document, indent=2, allow_nan=False) + "\n"
    return reporting.report_csv(document)


def export(document: dict[str, Any], fmt: str, name: str, directory: Path | None = None) -> Path:
    """Write `document` as `fmt` under `name` (plus -2, -3, ... rather than overwrite)."""
    folder = directory if directory is not None else exports_dir()
    target = folder / name
    stem, suffix = target.stem, target.suffix
    counter = 2
    while target.exists():
        target = folder / f"{stem}-{counter}{suffix}"
        counter += 1
    atomic_write(target, render(document, fmt))
    return target
