"""TreeCache: a hint that never raises, never holds credentials, and is per profile/account."""

from __future__ import annotations

import dataclasses
import json
import os
import stat
from pathlib import Path

import pytest
from pydantic import BaseModel

from convert_tui.config.cache import CACHE_FORMAT_VERSION, TreeCache, safe_filename
from convert_tui.config.profiles import Profile
from convert_tui.secret import Secret

SECRET = "zz-Distinctive-Secret-4410ab"
TREE = {"projects": [{"id": "1", "name": "Shop", "experiences": [{"id": "10", "name": "Hero"}]}]}


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CONVERT_TUI_CONFIG_DIR", str(tmp_path))
    return tmp_path / "cache"


def profile(name: str = "default", app_id: str = "app-1") -> Profile:
    return Profile(name=name, app_id=app_id, secret=Secret(SECRET))


def test_roundtrip_under_the_cache_dir(root: Path) -> None:
    cache = TreeCache.for_profile(profile())
    assert cache.load() is None
    cache.save(TREE)
    entry = cache.load()
    assert entry is not None and entry.data == TREE
    assert entry.saved_at.tzinfo is not None
    document = json.loads(cache.tree_path.read_text())
    assert cache.tree_path.is_relative_to(root)
    assert document["version"] == CACHE_FORMAT_VERSION
    assert document["profile"] == "default"
    assert document["data"] == TREE


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"{truncated",
        b"\xff\xfe",
        b"[]",
        b'{"version": 1, "profile": "default", "account": "app-1@x", "data": []}',
        b'{"version": 1, "profile": "default", "data": {}}',
    ],
)
def test_corrupt_files_are_ignored(root: Path, content: bytes) -> None:
    cache = TreeCache("default", account="app-1@x")
    cache.tree_path.parent.mkdir(parents=True)
    cache.tree_path.write_bytes(content)
    assert cache.load() is None


def test_foreign_version_is_ignored(root: Path) -> None:
    cache = TreeCache.for_profile(profile())
    cache.save(TREE)
    document = json.loads(cache.tree_path.read_text())
    document["version"] = CACHE_FORMAT_VERSION + 1
    cache.tree_path.write_text(json.dumps(document))
    assert cache.load() is None


def test_other_account_under_same_profile_name_is_ignored(root: Path) -> None:
    TreeCache.for_profile(profile(app_id="app-1")).save(TREE)
    assert TreeCache.for_profile(profile(app_id="app-2")).load() is None
    assert TreeCache.for_profile(profile(name="other")).load() is None


def test_secret_never_reaches_the_file(root: Path) -> None:
    cache = TreeCache.for_profile(profile())
    cache.save(
        {
            "projects": [{"id": "1", "secret": SECRET, "nested": {"Authorization": SECRET}}],
            "secret_key": SECRET,
            "profile": dataclasses.asdict(profile()),  # even a careless dump of the Profile
            "headers": [{"authorization": f"Convert-HMAC-SHA256 Signature={SECRET}"}],
        }
    )
    raw = cache.tree_path.read_text()
    assert SECRET not in raw
    entry = cache.load()
    assert entry is not None and entry.data["projects"] == [{"id": "1", "nested": {}}]


def test_pydantic_models_are_stored_as_json(root: Path) -> None:
    class Project(BaseModel):
        id: str
        name: str

    cache = TreeCache("default")
    cache.save({"projects": [Project(id="1", name="Shop")]})
    entry = cache.load()
    assert entry is not None and entry.data == {"projects": [{"id": "1", "name": "Shop"}]}


def test_report_cache_roundtrip_and_keys(root: Path) -> None:
    cache = TreeCache.for_profile(profile())
    assert cache.load_report("1", "10") is None
    cache.save_report("1", "10", {"goals": [{"goal_id": "200"}]})
    cache.save_report("1", "11", {"goals": []})
    entry = cache.load_report("1", "10")
    assert entry is not None and entry.data == {"goals": [{"goal_id": "200"}]}
    other = cache.load_report("1", "11")
    assert other is not None and other.data == {"goals": []}


def test_hostile_names_stay_inside_the_cache_dir(root: Path) -> None:
    cache = TreeCache("../../escape")
    cache.save_report("../..", "/etc/passwd", {"x": 1})
    cache.save(TREE)
    for path in (cache.tree_path, cache.report_path("../..", "/etc/passwd")):
        assert path.resolve().is_relative_to(root.resolve())
    assert safe_filename("plain-name_1.0") == "plain-name_1.0"
    assert safe_filename("..") != ".."


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_cache_files_are_private(root: Path) -> None:
    cache = TreeCache.for_profile(profile())
    cache.save(TREE)
    cache.save_report("1", "10", {})
    assert stat.S_IMODE(os.stat(cache.tree_path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(cache.directory).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(cache.report_path("1", "10")).st_mode) == 0o600


def test_clear_removes_everything_of_the_profile(root: Path) -> None:
    cache = TreeCache.for_profile(profile())
    cache.save(TREE)
    cache.save_report("1", "10", {})
    cache.clear()
    assert cache.load() is None and cache.load_report("1", "10") is None
    assert not cache.directory.exists()
    cache.clear()  # idempotent
