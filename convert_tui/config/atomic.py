"""Crash-safe file replacement.

The new content goes to a temporary file in the same directory (same filesystem, so the rename
is atomic), is flushed to disk, then renamed over the target; the directory is fsynced so the
rename itself survives a power cut. A reader sees the old file or the new one, never a mix.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

# O_CLOEXEC keeps the descriptor out of child processes; absent on Windows.
_CREATE_FLAGS = os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_CLOEXEC", 0)
_CREATE_FLAGS |= getattr(os, "O_BINARY", 0)


def atomic_write(path: str | os.PathLike[str], data: bytes | str, mode: int = 0o600) -> None:
    """Replace `path` with `data` (str is written as UTF-8).

    The temporary file is created with `mode` (O_EXCL, never chmod-ed afterwards), so the
    content is never readable by others, even for an instant.
    """
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    temp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
    fd = os.open(temp, _CREATE_FLAGS, mode)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    _fsync_dir(target.parent)


def _fsync_dir(directory: Path) -> None:
    # Directories cannot be opened for fsync on Windows; elsewhere this persists the rename.
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def move_aside(path: str | os.PathLike[str], suffix: str = ".bad") -> Path:
    """Rename `path` to `<name><suffix>` (an older one of that name is replaced): a file the
    app cannot use is kept for the user to look at, out of the app's way. One rename, so the
    file is in one place or the other, never lost."""
    source = Path(path)
    target = source.with_name(source.name + suffix)
    os.replace(source, target)
    _fsync_dir(source.parent)
    return target
