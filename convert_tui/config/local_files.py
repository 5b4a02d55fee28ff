"""Reading back the app's own files: only regular files, never blocking, bounded and validated.

Every file the app reads (credentials, settings, the cache, drafts) goes through here:
- `open_regular` opens without blocking (O_NONBLOCK: a FIFO in a file's place would otherwise
  wait forever for a writer, deaf to ctrl+c) and accepts only a regular file, checked on the
  open descriptor (a directory, FIFO, socket or device is refused with the path and what it is);
  `nofollow` refuses a symbolic link (O_NOFOLLOW), for the credentials.
- `read_json` also caps the size and the nesting depth, so a hostile or corrupt file costs
  neither unbounded memory nor a RecursionError later, in code that walks the value.
- A file that fails (`BadLocalFile`) is set aside (renamed `<name>.bad`, kept for the user to
  look at) and reported once per process through `reports` (the TUI shows each as a warning);
  the caller carries on with its defaults. Never fatal.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from convert_tui.config.atomic import move_aside

MAX_FILE_BYTES = 256 * 1024 * 1024  # a cached tree of 100k projects stays well below
SMALL_FILE_BYTES = 16 * 1024 * 1024  # settings and drafts: a few kB in practice
MAX_DEPTH = 64  # our files nest ~10 deep; a report's unknown fields get some room
# Dates we wrote ourselves: anything outside is corrupt (and year 1 or 9999 overflows when a
# time zone is applied for display).
EARLIEST = datetime(1970, 1, 2, tzinfo=UTC)
LATEST = datetime(9000, 1, 1, tzinfo=UTC)

_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_READ_FLAGS |= getattr(os, "O_BINARY", 0)


class BadLocalFile(Exception):
    """A file of ours that cannot be used; the message says what is wrong (never content)."""


class NotRegularFile(BadLocalFile):
    """A directory, FIFO, socket, device or (with nofollow) symbolic link in a file's place."""


def describe_kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISLNK, "a symbolic link"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def open_regular(path: Path, *, nofollow: bool = False) -> tuple[int, os.stat_result] | None:
    """An open descriptor of the regular file `path` and its fstat; None when it is missing.

    Raises NotRegularFile (anything else in its place) or BadLocalFile (cannot be opened).
    Checked before opening (lstat: nothing is opened that could block) and again on the
    descriptor (the path may have been swapped in between).
    """
    try:
        before = os.lstat(path) if nofollow else os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise BadLocalFile(f"{path}: {exc.strerror or exc}") from None
    if not stat.S_ISREG(before.st_mode):
        raise NotRegularFile(f"{path} is {describe_kind(before.st_mode)}, not a regular file")
    try:
        fd = os.open(path, _READ_FLAGS | (_O_NOFOLLOW if nofollow else 0))
    except FileNotFoundError:
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise NotRegularFile(f"{path} is a symbolic link, not a regular file") from None
        raise BadLocalFile(f"{path}: {exc.strerror or exc}") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise NotRegularFile(f"{path} is {describe_kind(info.st_mode)}, not a regular file")
    return fd, info


def read_fd(fd: int, path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """Read all of `fd` (closed afterwards), refusing more than `limit` bytes."""
    with os.fdopen(fd, "rb") as handle:
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise BadLocalFile(f"{path}: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise BadLocalFile(f"{path} is larger than {limit // (1024 * 1024)} MB")
    return data


def read_regular(path: Path, *, limit: int = MAX_FILE_BYTES) -> bytes | None:
    """The bytes of the regular file `path` (symlinks followed), None when it is missing."""
    opened = open_regular(path)
    return None if opened is None else read_fd(opened[0], path, limit)


def parse_json(raw: bytes, path: Path, max_depth: int = MAX_DEPTH) -> Any:
    """The JSON value in `raw`; BadLocalFile when it is not UTF-8 JSON or nests too deep."""
    try:
        value = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise BadLocalFile(f"{path} is not UTF-8 text") from None
    except json.JSONDecodeError as exc:  # names a position, never the content
        raise BadLocalFile(f"{path} is not valid JSON ({exc})") from None
    except RecursionError:
        raise BadLocalFile(f"{path} nests deeper than {max_depth} levels") from None
    if _depth_exceeds(value, max_depth):
        raise BadLocalFile(f"{path} nests deeper than {max_depth} levels")
    return value


def read_json(path: Path, *, limit: int = MAX_FILE_BYTES, max_depth: int = MAX_DEPTH) -> Any:
    """The JSON document in the regular file `path`; None when missing; BadLocalFile."""
    raw = read_regular(path, limit=limit)
    return None if raw is None else parse_json(raw, path, max_depth)


def _depth_exceeds(value: Any, max_depth: int) -> bool:
    # Iterative: a recursive walk is what a deep file must not be able to break.
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > max_depth:
                return True
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


def parse_saved_at(value: Any, path: Path) -> datetime:
    """A `saved_at` we wrote: ISO 8601 text with a time zone, within EARLIEST..LATEST."""
    if not isinstance(value, str):
        raise BadLocalFile(f"{path}: saved_at is not a date")
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise BadLocalFile(f"{path}: saved_at is not a date") from None
    if when.tzinfo is None or when.utcoffset() is None:
        raise BadLocalFile(f"{path}: saved_at has no time zone")
    if not EARLIEST <= when < LATEST:
        raise BadLocalFile(f"{path}: saved_at is out of range ({when.year})")
    return when


# -- setting bad files aside and saying so once --------------------------------------------

_lock = threading.Lock()
_pending: list[str] = []
_reported: set[str] = set()
_listener: Callable[[str], None] | None = None


def set_aside(path: Path, problem: BadLocalFile | str, consequence: str) -> None:
    """Rename `path` to `<name>.bad` (best effort) and report it once per process.

    `consequence`: what the app does instead ("defaults are used").
    """
    try:
        where = f"moved to {move_aside(path).name}"
    except OSError as exc:
        where = f"could not be moved aside: {exc.strerror or exc}"
    report(str(path), f"Unusable file set aside: {problem} ({where}); {consequence}.")


def report(key: str, message: str) -> None:
    """Tell the user `message` once per `key` (the listener, or whoever takes the reports)."""
    with _lock:
        if key in _reported:
            return
        _reported.add(key)
        listener = _listener
        if listener is None:
            _pending.append(message)
            return
    with contextlib.suppress(Exception):  # a report must never be the next failure
        listener(message)


def reports() -> list[str]:
    """The reports not delivered yet (emptied)."""
    with _lock:
        taken = list(_pending)
        _pending.clear()
    return taken


def listen(listener: Callable[[str], None] | None) -> None:
    """Deliver every report to `listener` from now on (the pending ones at once)."""
    global _listener
    with _lock:
        _listener = listener
    if listener is not None:
        for message in reports():
            with contextlib.suppress(Exception):
                listener(message)
