"""DraftStore: one atomic file per draft, private, and durable across kill -9."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from convert_tui.config.drafts import DraftStore


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> DraftStore:
    monkeypatch.setenv("CONVERT_TUI_CONFIG_DIR", str(tmp_path))
    return DraftStore()


def test_lives_under_the_data_dir(store: DraftStore, tmp_path: Path) -> None:
    assert store.root == tmp_path / "data" / "drafts"


def test_save_load_list_delete(store: DraftStore) -> None:
    store.save("experience-form", "p1/e1", {"name": "Hero test"})
    store.save("variation-code", "p1/e1/v2", {"css": "body{}", "js": ""})
    loaded = store.load("experience-form", "p1/e1")
    assert loaded is not None and loaded.payload == {"name": "Hero test"}
    assert loaded.saved_at.tzinfo is not None
    assert {(d.kind, d.key) for d in store.list()} == {
        ("experience-form", "p1/e1"),
        ("variation-code", "p1/e1/v2"),
    }
    assert [d.key for d in store.list("variation-code")] == ["p1/e1/v2"]
    assert store.delete("experience-form", "p1/e1") is True
    assert store.delete("experience-form", "p1/e1") is False
    assert store.load("experience-form", "p1/e1") is None


def test_saving_again_replaces_and_list_is_newest_first(store: DraftStore) -> None:
    store.save("form", "a", {"v": 1})
    store.save("form", "b", {"v": 1})
    store.save("form", "a", {"v": 2})
    drafts = store.list()
    assert [(d.key, d.payload["v"]) for d in drafts] == [("a", 2), ("b", 1)]


def test_empty_or_missing_store(store: DraftStore) -> None:
    assert store.list() == []
    assert store.load("form", "nothing") is None


def test_broken_and_temporary_files_are_skipped(store: DraftStore) -> None:
    store.save("form", "good", {"ok": True})
    (store.root / "broken.json").write_text("{half a draft")
    (store.root / "other.json").write_text('{"version": 99}')
    (store.root / ".x.json.abc.tmp").write_text("partial")
    assert [d.key for d in store.list()] == ["good"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_draft_files_are_private(store: DraftStore) -> None:
    store.save("form", "k", {"secretish": "text"})
    assert stat.S_IMODE(os.stat(store.root).st_mode) == 0o700
    for path in store.root.iterdir():
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_drafts_survive_sigkill_right_after_save(tmp_path: Path) -> None:
    # The child saves, says so, then keeps rewriting another draft until it is killed
    # mid-flight: both drafts must still load, whole.
    script = textwrap.dedent(
        """
        import sys
        from convert_tui.config.drafts import DraftStore
        store = DraftStore()
        store.save("variation-code", "p1/e1/v1", {"css": "h1{color:red}", "n": 0})
        store.save("busy", "loop", {"n": 0, "blob": "x" * 100_000})
        print("saved", flush=True)
        n = 0
        while True:
            n += 1
            store.save("busy", "loop", {"n": n, "blob": "x" * 100_000})
        """
    )
    env = {**os.environ, "CONVERT_TUI_CONFIG_DIR": str(tmp_path)}
    child = subprocess.Popen(
        [sys.executable, "-c", script], env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "saved"
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
        if child.stdout is not None:
            child.stdout.close()
    assert child.returncode == -signal.SIGKILL

    store = DraftStore(tmp_path / "data" / "drafts")
    kept = store.load("variation-code", "p1/e1/v1")
    assert kept is not None and kept.payload == {"css": "h1{color:red}", "n": 0}
    busy = store.load("busy", "loop")
    assert busy is not None and len(busy.payload["blob"]) == 100_000
    assert {d.kind for d in store.list()} == {"variation-code", "busy"}
