"""atomic_write: permissions set at creation, and a crash never leaves a partial file."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from convert_tui.config.atomic import atomic_write

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


@pytest.fixture
def umask_zero() -> Iterator[None]:
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def mode_of(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_writes_bytes_and_utf8_text(tmp_path: Path) -> None:
    atomic_write(tmp_path / "a.bin", b"\x00\x01")
    atomic_write(tmp_path / "b.txt", "héllo")
    assert (tmp_path / "a.bin").read_bytes() == b"\x00\x01"
    assert (tmp_path / "b.txt").read_bytes() == "héllo".encode()


def test_replaces_existing_content(tmp_path: Path) -> None:
    target = tmp_path / "f.json"
    atomic_write(target, "old")
    atomic_write(target, "new")
    assert target.read_text() == "new"
    assert os.listdir(tmp_path) == ["f.json"]


@posix_only
@pytest.mark.usefixtures("umask_zero")
def test_default_mode_is_0600_even_with_umask_zero(tmp_path: Path) -> None:
    atomic_write(tmp_path / "secret.json", "{}")
    assert mode_of(tmp_path / "secret.json") == 0o600


@posix_only
def test_mode_is_given_at_creation_never_by_chmod(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_chmod(*args: object, **kwargs: object) -> None:
        raise AssertionError("atomic_write must not chmod")

    target = tmp_path / "f"
    target.write_text("old")
    os.chmod(target, 0o644)  # the previous version was readable by others
    monkeypatch.setattr(os, "chmod", no_chmod)
    monkeypatch.setattr(os, "fchmod", no_chmod)
    atomic_write(target, "new")
    assert mode_of(target) == 0o600  # the replaced file's wider mode is not inherited


def test_crash_at_rename_keeps_old_file_and_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "config.json"
    atomic_write(target, "old content")

    def crash(src: object, dst: object) -> None:
        raise OSError("simulated crash during rename")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="simulated crash"):
        atomic_write(target, "new content that must not appear")
    assert target.read_text() == "old content"
    assert os.listdir(tmp_path) == ["config.json"]


def test_crash_while_flushing_keeps_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "config.json"
    atomic_write(target, "old content")

    def crash(fd: int) -> None:
        raise OSError("simulated disk failure")

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(OSError, match="simulated disk failure"):
        atomic_write(target, "new")
    assert target.read_text() == "old content"
    assert os.listdir(tmp_path) == ["config.json"]
