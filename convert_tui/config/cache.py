"""On-disk cache of what was last fetched, per profile, so the explorer opens instantly.

Layout: `<cache dir>/<profile>/tree.json` and `<cache dir>/<profile>/reports/<p>_<e>.json`,
each `{"version", "profile", "account", "saved_at", "data"}`. A cache is only a hint: `load`
returns None for anything missing, unreadable, corrupt, from another format version or from
another account, and never raises. Credentials are never stored: keys that look like secrets
are stripped before writing, whatever the caller passes.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from convert_tui.config.atomic import atomic_write
from convert_tui.config.paths import app_paths, ensure_private_dir
from convert_tui.config.profiles import Profile

CACHE_FORMAT_VERSION = 1
_SENSITIVE_KEYS = frozenset(
    {"secret", "secret_key", "secretkey", "convert_secret_key", "authorization", "password"}
)
_SAFE_NAME = re.compile(r"[A-Za-z0-9._-]{1,64}")


@dataclass(frozen=True)
class CacheEntry:
    saved_at: datetime
    data: dict[str, Any]


class TreeCache:
    """The cache of one profile. `account` (app id and base URL) guards against reading the
    data of another account saved under the same profile name."""

    def __init__(self, profile: str, *, account: str = "", root: Path | None = None) -> None:
        self.profile = profile
        self.account = account
        self.directory = (root or app_paths().cache) / safe_filename(profile)

    @classmethod
    def for_profile(cls, profile: Profile, root: Path | None = None) -> TreeCache:
        return cls(profile.name, account=f"{profile.app_id}@{profile.base_url}", root=root)

    @property
    def tree_path(self) -> Path:
        return self.directory / "tree.json"

    def report_path(self, project_id: str, experience_id: str) -> Path:
        name = f"{safe_filename(str(project_id))}_{safe_filename(str(experience_id))}.json"
        return self.directory / "reports" / name

    def load(self) -> CacheEntry | None:
        return self._read(self.tree_path)

    def save(self, data: Mapping[str, Any] | BaseModel) -> None:
        self._write(self.tree_path, data)

    def load_report(self, project_id: str, experience_id: str) -> CacheEntry | None:
        return self._read(self.report_path(project_id, experience_id))

    def save_report(
        self, project_id: str, experience_id: str, payload: Mapping[str, Any] | BaseModel
    ) -> None:
        self._write(self.report_path(project_id, experience_id), payload)

    def clear(self) -> None:
        """Delete everything cached for this profile (logout)."""
        shutil.rmtree(self.directory, ignore_errors=True)

    def _write(self, path: Path, data: Mapping[str, Any] | BaseModel) -> None:
        document = {
            "version": CACHE_FORMAT_VERSION,
            "profile": self.profile,
            "account": self.account,
            "saved_at": datetime.now(UTC).isoformat(),
            "data": scrub(data),
        }
        ensure_private_dir(path.parent)
        atomic_write(path, json.dumps(document, separators=(",", ":")), mode=0o600)

    def _read(self, path: Path) -> CacheEntry | None:
        try:
            document = json.loads(path.read_bytes())
            if (
                not isinstance(document, dict)
                or document.get("version") != CACHE_FORMAT_VERSION
                or document.get("profile") != self.profile
                or document.get("account") != self.account
                or not isinstance(document.get("data"), dict)
            ):
                return None
            return CacheEntry(datetime.fromisoformat(document["saved_at"]), document["data"])
        except (OSError, ValueError, KeyError, TypeError):
            return None


def scrub(value: Any) -> Any:
    """A JSON-ready copy of `value` without secret-looking keys (models are dumped first)."""
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json")
    if isinstance(value, Mapping):
        return {str(k): scrub(v) for k, v in value.items() if str(k).lower() not in _SENSITIVE_KEYS}
    if isinstance(value, list | tuple):
        return [scrub(v) for v in value]
    return value


def safe_filename(name: str) -> str:
    """`name` if it is a harmless file name, else a stable hash of it (no path tricks)."""
    if _SAFE_NAME.fullmatch(name) and name not in (".", ".."):
        return name
    return "h-" + hashlib.sha256(name.encode()).hexdigest()[:24]
