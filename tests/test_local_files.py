"""The app's own files read back safely (issue 12, items 2, 6 and 12): the credentials file is
refused when it is a symbolic link, another user's, a directory or a FIFO (with its path and
why); settings, cache and drafts that are FIFOs, nested 100k deep or carry impossible dates are
set aside as `.bad`, reported once, and never block or crash the app."""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from convert_tui.cli import main
from convert_tui.config import local_files, profiles
from convert_tui.config.cache import TreeCache
from convert_tui.config.drafts import DraftStore
from convert_tui.config.errors import CredentialsFileError, CredentialsPermissionError
from convert_tui.config.settings import load_settings, settings_path

SECRET = "zz-Distinctive-Secret-local-files"
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX files")


@pytest.fixture
def home(home: Path) -> Path:
    local_files.reports()  # what earlier tests left undelivered
    return home


def saved_credentials() -> Path:
    return profiles.save_profile(profiles.Profile(name="default", app_id="1", secret=SECRET))


# -- item 2: what ssh refuses for a private key ----------------------------------------------


@posix_only
def test_a_symlink_in_place_of_the_credentials_is_refused_without_chmod_advice(
    home: Path, tmp_path: Path
) -> None:
    real = saved_credentials()
    elsewhere = tmp_path / "someone-elses-file"
    real.rename(elsewhere)
    os.chmod(elsewhere, 0o644)  # advice to chmod the link would change this file's mode
    real.symlink_to(elsewhere)
    with pytest.raises(CredentialsPermissionError) as caught:
        profiles.load_profiles()
    message = str(caught.value)
    assert "symbolic link" in message and str(real) in message
    assert "chmod" not in message
    assert (elsewhere.stat().st_mode & 0o777) == 0o644
    os.chmod(elsewhere, 0o600)  # a private target is refused just the same
    with pytest.raises(CredentialsPermissionError, match="symbolic link"):
        profiles.load_profiles()


@posix_only
@pytest.mark.skipif(os.name == "posix" and os.geteuid() != 0, reason="chown needs root")
def test_credentials_owned_by_another_user_are_refused(home: Path) -> None:
    path = saved_credentials()
    os.chown(path, 54321, 54321)  # still mode 0600: private, but someone else's
    with pytest.raises(CredentialsPermissionError) as caught:
        profiles.load_profiles()
    message = str(caught.value)
    assert "another user" in message and "54321" in message and str(path) in message
    assert "chmod" not in message and SECRET not in message


def test_a_directory_in_place_of_the_credentials_names_the_path(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = profiles.credentials_path()
    path.mkdir(parents=True)
    with pytest.raises(CredentialsFileError) as caught:
        profiles.load_profiles()
    assert f"{path} is a directory" in str(caught.value)
    assert main(["profiles"]) == 2
    assert f"{path} is a directory" in capsys.readouterr().err


# -- item 6: a FIFO never blocks -------------------------------------------------------------


@pytest.fixture
def unblock() -> Iterator[list[Path]]:
    """FIFOs to open for writing after a few seconds, so code that blocks on one (the bug)
    fails the test instead of hanging it. The list says which had to be unblocked."""
    fifos: list[Path] = []
    unblocked: list[Path] = []
    done = threading.Event()

    def rescue() -> None:
        if done.wait(5):
            return
        while not done.wait(0.1):  # the test reads the FIFOs one after the other
            for fifo in fifos:
                try:
                    fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
                except OSError:
                    continue  # no reader waiting on it (or gone)
                unblocked.append(fifo)
                os.close(fd)

    thread = threading.Thread(target=rescue, daemon=True)
    thread.start()
    yield fifos
    done.set()
    thread.join()
    assert not unblocked, f"blocked on {unblocked}"


def fifo_at(path: Path, unblock: list[Path]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path, 0o600)
    unblock.append(path)
    return path


@posix_only
def test_a_fifo_in_place_of_the_credentials_is_refused_at_once(
    home: Path, unblock: list[Path]
) -> None:
    path = fifo_at(profiles.credentials_path(), unblock)
    started = time.monotonic()
    with pytest.raises(CredentialsFileError) as caught:
        profiles.load_profiles()
    assert time.monotonic() - started < 2
    assert f"{path} is a FIFO" in str(caught.value)


@posix_only
def test_fifos_in_place_of_settings_cache_and_drafts_are_set_aside(
    home: Path, unblock: list[Path]
) -> None:
    settings = fifo_at(settings_path(), unblock)
    cache = TreeCache("default", account=None)
    tree = fifo_at(cache.tree_path, unblock)
    drafts = DraftStore()
    draft = fifo_at(drafts.root / "0123.json", unblock)

    assert load_settings().auto_refresh_seconds == 60  # the defaults
    assert cache.load() is None
    assert drafts.list() == []
    for path in (settings, tree, draft):
        assert not path.exists() and path.with_name(path.name + ".bad").exists()
    told = local_files.reports()
    assert len(told) == 3 and all("FIFO" in line for line in told)
    assert load_settings().auto_refresh_seconds == 60 and local_files.reports() == []


# -- item 12: every file read is validated ---------------------------------------------------


def deep(levels: int) -> str:
    return "[" * levels + "]" * levels


def test_settings_nested_100k_deep_are_set_aside_with_defaults(home: Path) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True)
    path.write_text('{"auto_refresh_seconds": 5, "filters": ' + deep(100_000) + "}")
    assert load_settings().auto_refresh_seconds == 60
    assert path.with_name("settings.json.bad").exists()
    (told,) = local_files.reports()
    assert str(path) in told and "deeper" in told


def draft_document(saved_at: str, **payload: object) -> dict[str, object]:
    return {"version": 1, "kind": "form", "key": f"k{saved_at}", "saved_at": saved_at,
            "payload": {"values": {"name": "x"}, **payload}}  # fmt: skip


@pytest.mark.parametrize(
    "saved_at", ["0001-01-01T00:00:00+00:00", "2026-01-05T10:00:00", "9999-12-31T23:59:59+00:00"]
)
def test_drafts_with_impossible_or_naive_dates_are_set_aside(home: Path, saved_at: str) -> None:
    store = DraftStore()
    good = store.save("form", "good", {"values": {"name": "kept"}})
    bad = store.root / "bad.json"
    bad.write_text(json.dumps(draft_document(saved_at)))
    listed = store.list()  # mixing naive and aware dates made sorting raise TypeError
    assert [d.key for d in listed] == [good.key]
    listed[0].saved_at.astimezone()  # year 1 made this raise OverflowError
    assert bad.with_name("bad.json.bad").exists()
    (told,) = local_files.reports()
    assert "saved_at" in told


def test_a_draft_nested_100k_deep_is_set_aside(home: Path) -> None:
    store = DraftStore()
    store.root.mkdir(parents=True)
    path = store.root / "deep.json"
    document = json.dumps(draft_document("2026-01-05T10:00:00+00:00"))
    path.write_text(document.replace('"x"', deep(100_000)))
    assert store.list() == []
    assert path.with_name("deep.json.bad").exists()


@pytest.mark.parametrize("saved_at", ["0001-01-01T00:00:00+00:00", "2026-01-05T10:00:00"])
def test_a_cache_with_an_impossible_date_is_set_aside(home: Path, saved_at: str) -> None:
    cache = TreeCache("default", account="a@b")
    cache.save({"projects": []})
    document = json.loads(cache.tree_path.read_text())
    cache.tree_path.write_text(json.dumps({**document, "saved_at": saved_at}))
    assert cache.load() is None
    assert TreeCache("default", account=None).load() is None
    assert cache.tree_path.with_name("tree.json.bad").exists()
    assert len(local_files.reports()) == 1


@pytest.mark.parametrize(
    ("name", "entry", "told"),
    [
        ("default", {"app_id": "12\r\n34", "secret": SECRET}, "app_id: contains control"),
        ("default", {"app_id": "1", "secret": SECRET, "base_url": "https://a\x1b[2J"},
         "base_url: contains control"),
        ("two\nlines", {"app_id": "1", "secret": SECRET}, "profile name 'two\\nlines'"),
    ],
)  # fmt: skip
def test_a_line_break_in_the_credentials_never_reaches_the_output(
    home: Path, capsys: pytest.CaptureFixture[str], name: str, entry: dict[str, str], told: str
) -> None:
    path = profiles.credentials_path()
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"version": 1, "profiles": {name: entry}}))
    os.chmod(path, 0o600)
    assert main(["profiles"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and told in err, err
    assert "\x1b" not in err and "\r" not in err and SECRET not in err
