"""On-disk cache of what was last fetched, per profile, so the explorer opens instantly.

Layout: `<cache dir>/<profile>/tree.json` and `<cache dir>/<profile>/reports/<p>_<e>.json`,
each `{"version", "profile", "account", "saved_at", "data"}`. A cache is only a hint: `load`
returns None for anything missing, unreadable, corrupt, from another format version or from
another account, and never raises; an unusable file (not a regular file, not JSON, nested too
deep, an impossible `saved_at`) is set aside as `.bad` and reported once (`config.local_files`).
Credentials are never stored: keys that look like secrets are stripped before writing, whatever
the caller passes.

Importing this module is cheap (json, no pydantic): the explorer reads the cache to paint its
first frame before the profile (pydantic) and the API client (httpx) are even imported. It then
reads with `account=None` (any account; the entry says which) and checks `entry.account`
against the profile once that is known.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from convert_tui.config.atomic import atomic_write
from convert_tui.config.local_files import BadLocalFile, parse_saved_at, read_json, set_aside
from convert_tui.config.paths import app_paths, ensure_private_dir

if TYPE_CHECKING:
    from pydantic import BaseModel

    from convert_tui.config.profiles import Profile

CACHE_FORMAT_VERSION = 1
_SENSITIVE_KEYS = frozenset(
    {"secret", "secret_key", "secretkey", "convert_secret_key", "authorization", "password"}
)
_SAFE_NAME = re.compile(r"[A-Za-z0-9._-]{1,64}")


class CacheEntry(NamedTuple):
    saved_at: datetime
    data: dict[str, Any]
    account: str = ""  # whose data it is ("<app id>@<base URL>")


def account_of(app_id: str, base_url: str) -> str:
    return f"{app_id}@{base_url}"


class TreeCache:
    """The cache of one profile. `account` (app id and base URL) guards against reading the
    data of another account saved under the same profile name; `account=None` reads any
    account's (the caller checks `CacheEntry.account`) and cannot write."""

    def __init__(self, profile: str, *, account: str | None = "", root: Path | None = None) -> None:
        self.profile = profile
        self.account = account
        self.directory = (root or app_paths().cache) / safe_filename(profile)

    @classmethod
    def for_profile(cls, profile: Profile, root: Path | None = None) -> TreeCache:
        return cls(profile.name, account=account_of(profile.app_id, profile.base_url), root=root)

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

    @property
    def overview_path(self) -> Path:
        return self.directory / "overview.json"

    def load_overview(self) -> CacheEntry | None:
        return self._read(self.overview_path)

    def save_overview(self, data: Mapping[str, Any]) -> None:
        self._write(self.overview_path, data)

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
        if self.account is None:
            raise ValueError("a cache opened for any account is read-only")
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
            document = read_json(path)
            if document is None:
                return None
            if not isinstance(document, dict) or not isinstance(document.get("data"), dict):
                raise BadLocalFile(f"{path} is not a cache entry")
            if (
                document.get("version") != CACHE_FORMAT_VERSION
                or document.get("profile") != self.profile
                or not isinstance(document.get("account"), str)
                or (self.account is not None and document["account"] != self.account)
            ):
                return None  # another format or account's: not corrupt, just not ours to use
            saved_at = parse_saved_at(document.get("saved_at"), path)
        except BadLocalFile as exc:
            set_aside(path, exc, "it is fetched again")
            return None
        return CacheEntry(saved_at, document["data"], document["account"])


def scrub(value: Any) -> Any:
    """A JSON-ready copy of `value` without secret-looking keys (models are dumped first)."""
    as_plain = getattr(value, "model_dump", None)  # a pydantic model (pydantic not imported)
    if callable(as_plain) and not isinstance(value, type):
        value = as_plain(mode="json", warnings=False)  # (values kept as the server sent them)
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
