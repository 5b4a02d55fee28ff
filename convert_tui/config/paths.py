"""Where convert-tui keeps its files.

Normally the platform's user directories (platformdirs) for the app "convert-tui". Setting
`CONVERT_TUI_CONFIG_DIR` relocates *all* of them under one root (config/, cache/, data/, logs/),
which tests and portable setups rely on. Every directory is private (0700).
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

import platformdirs

APP_NAME = "convert-tui"
CONFIG_DIR_ENV = "CONVERT_TUI_CONFIG_DIR"
PRIVATE_DIR_MODE = 0o700


class AppPaths(NamedTuple):
    config: Path
    cache: Path
    data: Path
    logs: Path


def app_paths(env: Mapping[str, str] | None = None) -> AppPaths:
    """The four directories (not created). `env` defaults to `os.environ`, read at call time."""
    environ = os.environ if env is None else env
    root = environ.get(CONFIG_DIR_ENV, "").strip()
    if root:
        base = Path(root).expanduser().absolute()
        return AppPaths(base / "config", base / "cache", base / "data", base / "logs")
    # appauthor=False: no "<author>" level on Windows; there is no author to name.
    return AppPaths(
        config=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        cache=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
        data=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        logs=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
    )


def ensure_private_dir(path: Path) -> Path:
    """Create `path` (and missing parents) with mode 0700 and make sure it ends up 0700.

    Missing components are created one by one with the mode given at creation, so there is no
    window in which they are world-readable; the final stat catches a directory that existed
    already with wider bits (or a umask that removed owner bits) and tightens it.
    """
    missing: list[Path] = []
    current = path
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for directory in reversed(missing):
        # FileExistsError: created concurrently, which is fine; the mode is verified below.
        with contextlib.suppress(FileExistsError):
            os.mkdir(directory, PRIVATE_DIR_MODE)
    if os.name == "posix":
        mode = stat.S_IMODE(os.stat(path).st_mode)
        if mode != PRIVATE_DIR_MODE:
            os.chmod(path, PRIVATE_DIR_MODE)
    return path


def config_dir(env: Mapping[str, str] | None = None) -> Path:
    return ensure_private_dir(app_paths(env).config)


def cache_dir(env: Mapping[str, str] | None = None) -> Path:
    return ensure_private_dir(app_paths(env).cache)


def data_dir(env: Mapping[str, str] | None = None) -> Path:
    return ensure_private_dir(app_paths(env).data)


def log_dir(env: Mapping[str, str] | None = None) -> Path:
    return ensure_private_dir(app_paths(env).logs)
