"""Unsaved work (forms, variation code) kept on disk until it is saved or discarded.

One file per draft, written atomically, so a crash or `kill -9` loses at most the edit being
typed, never an older draft. Files live in `<data dir>/drafts/`; the name is a hash of
(kind, key), which are stored inside the file. Include the profile in `key` when drafts of two
accounts could otherwise collide.

Reading validates each file (a regular file, depth, types, an aware `saved_at` in range); an
unusable one is set aside as `.bad` and reported once (`config.local_files`), never fatal. The
values inside a form draft are checked against the form by the UI when it restores them.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from convert_tui.config.atomic import atomic_write
from convert_tui.config.local_files import (
    SMALL_FILE_BYTES,
    BadLocalFile,
    parse_saved_at,
    read_json,
    set_aside,
)
from convert_tui.config.paths import app_paths, ensure_private_dir

DRAFT_FORMAT_VERSION = 1


@dataclass(frozen=True)
class Draft:
    kind: str
    key: str
    saved_at: datetime
    payload: dict[str, Any]


class DraftStore:
    def __init__(self, root: Path | None = None) -> None:
        self.root = root or app_paths().data / "drafts"

    def _path(self, kind: str, key: str) -> Path:
        digest = hashlib.sha256(f"{kind}\0{key}".encode()).hexdigest()[:32]
        return self.root / f"{digest}.json"

    def save(self, kind: str, key: str, payload: dict[str, Any]) -> Draft:
        draft = Draft(kind, key, datetime.now(UTC), payload)
        document = {
            "version": DRAFT_FORMAT_VERSION,
            "kind": kind,
            "key": key,
            "saved_at": draft.saved_at.isoformat(),
            "payload": payload,
        }
        ensure_private_dir(self.root)
        atomic_write(self._path(kind, key), json.dumps(document), mode=0o600)
        return draft

    def load(self, kind: str, key: str) -> Draft | None:
        draft = _read(self._path(kind, key))
        # A hash collision is practically impossible, but never hand back someone else's draft.
        if draft is None or (draft.kind, draft.key) != (kind, key):
            return None
        return draft

    def list(self, kind: str | None = None) -> list[Draft]:
        """All readable drafts (optionally of one kind), newest first; broken files skipped."""
        if not self.root.is_dir():
            return []
        drafts = [d for p in self.root.glob("*.json") if (d := _read(p)) is not None]
        if kind is not None:
            drafts = [d for d in drafts if d.kind == kind]
        return sorted(drafts, key=lambda d: d.saved_at, reverse=True)

    def set_aside(self, kind: str, key: str, problem: str) -> None:
        """A draft its editor cannot use (e.g. values of the wrong type): renamed `.bad` and
        reported once, like a file that does not read."""
        path = self._path(kind, key)
        set_aside(path, BadLocalFile(f"{path}: {problem}"), "the saved version is shown")

    def delete(self, kind: str, key: str) -> bool:
        """Forget a draft; False if there was none."""
        try:
            os.unlink(self._path(kind, key))
        except FileNotFoundError:
            return False
        return True


def _read(path: Path) -> Draft | None:
    """The draft in `path`; None when missing or unusable (then set aside and reported)."""
    try:
        document = read_json(path, limit=SMALL_FILE_BYTES)
        if document is None:
            return None
        return _draft_of(document, path)
    except BadLocalFile as exc:
        set_aside(path, exc, "the other drafts are kept")
        return None


def _draft_of(document: Any, path: Path) -> Draft:
    if not isinstance(document, dict) or document.get("version") != DRAFT_FORMAT_VERSION:
        raise BadLocalFile(f"{path} is not a draft of this version")
    payload, kind, key = document.get("payload"), document.get("kind"), document.get("key")
    if not (isinstance(payload, dict) and isinstance(kind, str) and isinstance(key, str)):
        raise BadLocalFile(f"{path}: kind, key or payload has the wrong type")
    title = payload.get("title")
    if title is not None and not isinstance(title, str):
        raise BadLocalFile(f"{path}: the title is not text")
    for part in ("values", "base"):
        if payload.get(part) is not None and not isinstance(payload[part], dict):
            raise BadLocalFile(f"{path}: {part} is not an object")
    return Draft(kind, key, parse_saved_at(document.get("saved_at"), path), payload)
