"""Every file convert_tui.config writes (credentials, settings, cache, drafts) goes through
atomic_write, so a crash mid-save leaves the old file or the new one, never half of one.

test_config_atomic.py shows the helper itself is atomic; this shows nobody goes around it:
each writer is run with every low-level way of writing a file watched, and a source scan
finds any new writer (which must then be added to WRITERS) or any direct write.
The debug log is the one exception: logging appends to it and rotates it by itself.
"""

from __future__ import annotations

import ast
import builtins
import io
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

import convert_tui.config as config_package
from convert_tui.config import atomic, cache, drafts, profiles, settings

CONFIG_DIR = Path(config_package.__file__).parent
NOT_STATE_FILES = {"atomic.py", "debuglog.py"}  # the helper itself; the append-only debug log
MODULES = {"cache": cache, "drafts": drafts, "profiles": profiles, "settings": settings}
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC


def a_profile(name: str = "default") -> profiles.Profile:
    return profiles.Profile(name=name, app_id="app", secret=SecretStr("s3cr3t-value"))


def save_then_delete_profile() -> None:
    profiles.save_profile(a_profile("other"))
    profiles.delete_profile("other")


# Each public writer of convert_tui.config, and a call that makes it write.
WRITERS: dict[str, Callable[[], Any]] = {
    "profiles.save_profile": lambda: profiles.save_profile(a_profile()),
    "profiles.delete_profile": save_then_delete_profile,
    "settings.save_settings": lambda: settings.save_settings(settings.Settings()),
    "settings.remember_landing": lambda: settings.remember_landing("tree"),
    "cache.TreeCache.save": lambda: cache.TreeCache("default").save({"projects": []}),
    "cache.TreeCache.save_report": lambda: cache.TreeCache("default").save_report(
        "1", "2", {"goals": []}
    ),
    "cache.TreeCache.save_overview": lambda: cache.TreeCache("default").save_overview({"rows": []}),
    "drafts.DraftStore.save": lambda: drafts.DraftStore().save("experience", "1/2", {"a": 1}),
}


class WriteWatch:
    """Records atomic_write calls, and any file write made outside one."""

    def __init__(self) -> None:
        self.atomic_targets: list[Path] = []
        self.stray_writes: list[str] = []
        self._depth = 0

    def atomic_write(self, path: Any, data: Any, mode: int = 0o600) -> None:
        self.atomic_targets.append(Path(path))
        self._depth += 1
        try:
            atomic.atomic_write(path, data, mode)
        finally:
            self._depth -= 1

    def check(self, what: str) -> None:
        if self._depth == 0:
            self.stray_writes.append(what)


@contextmanager
def watching(monkeypatch: pytest.MonkeyPatch) -> Iterator[WriteWatch]:
    watch = WriteWatch()
    for module in MODULES.values():
        monkeypatch.setattr(module, "atomic_write", watch.atomic_write)
    real_open, real_os_open = io.open, os.open

    def guarded_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if any(flag in mode for flag in "wax+"):
            watch.check(f"open({file!r}, {mode!r})")
        return real_open(file, mode, *args, **kwargs)

    def guarded_os_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & WRITE_FLAGS:
            watch.check(f"os.open({path!r})")
        return real_os_open(path, flags, *args, **kwargs)

    def refuse(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def guarded(*args: Any, **kwargs: Any) -> Any:
            watch.check(f"{name}{args!r}")
            return real(*args, **kwargs)

        return guarded

    monkeypatch.setattr(builtins, "open", guarded_open)
    monkeypatch.setattr(io, "open", guarded_open)
    monkeypatch.setattr(os, "open", guarded_os_open)
    for name in ("replace", "rename"):
        monkeypatch.setattr(os, name, refuse(f"os.{name}", getattr(os, name)))
    for name in ("copyfile", "copy", "copy2", "move"):
        monkeypatch.setattr(shutil, name, refuse(f"shutil.{name}", getattr(shutil, name)))
    try:
        yield watch
    finally:
        monkeypatch.undo()


@pytest.mark.parametrize("writer", list(WRITERS))
def test_every_config_writer_saves_through_atomic_write(
    writer: str, config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with watching(monkeypatch) as watch:
        WRITERS[writer]()
    assert watch.atomic_targets, f"{writer} wrote nothing through atomic_write"
    assert watch.stray_writes == [], f"{writer} wrote around atomic_write"
    for target in watch.atomic_targets:
        assert target.is_file() and config_dir in target.parents
    leftovers = [p.name for p in config_dir.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []


# --- finding writers in the source --------------------------------------------------------------


def _calls(function: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(function):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name):
                names.add(func.id)
            elif isinstance(func, ast.Attribute):
                names.add(func.attr)
    return names


def _functions(tree: ast.Module) -> dict[str, ast.AST]:
    found: dict[str, ast.AST] = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            found[node.name] = node
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef):
                    found[f"{node.name}.{item.name}"] = item
    return found


def public_writers() -> set[str]:
    """Public functions and methods that reach atomic_write (through helpers of their module)."""
    writers = set()
    for path in sorted(CONFIG_DIR.glob("*.py")):
        if path.name in NOT_STATE_FILES:
            continue
        functions = _functions(ast.parse(path.read_text(encoding="utf-8")))
        reaching = {"atomic_write"}
        changed = True
        while changed:  # a fixed point: helpers calling helpers calling atomic_write
            before = len(reaching)
            for name, node in functions.items():
                if _calls(node) & reaching:
                    reaching.add(name.split(".")[-1])
                    reaching.add(name)
            changed = len(reaching) != before
        writers |= {
            f"{path.stem}.{name}"
            for name in functions
            if name in reaching and not name.split(".")[-1].startswith("_")
        }
    return writers


def test_the_list_of_writers_covers_every_writer_in_the_source() -> None:
    assert public_writers() == set(WRITERS)


def _mode(node: ast.Call) -> str:
    """The mode of an open()/fdopen() call when it is a literal ("r" when not given)."""
    given = node.args[1:2] + [k.value for k in node.keywords if k.arg == "mode"]
    literal = [m.value for m in given if isinstance(m, ast.Constant)]
    return str(literal[0]) if literal else "r"


def _os_open_writes(node: ast.Call) -> bool:
    flags = ast.unparse(node.args[1]) if len(node.args) > 1 else ""
    return any(flag in flags for flag in ("O_WRONLY", "O_RDWR", "O_CREAT", "O_APPEND", "O_TRUNC"))


def direct_writes(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        owner = ""
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            owner = func.value.id
        if owner == "os" and name == "open":
            writes = _os_open_writes(node)
        elif name in ("open", "fdopen"):
            writes = any(c in _mode(node) for c in "wax+")
        else:
            writes = (
                name in ("write_text", "write_bytes", "dump", "mkstemp", "NamedTemporaryFile")
                or (owner == "os" and name in ("replace", "rename", "link", "symlink"))
                or (owner == "shutil" and name.startswith(("copy", "move")))
            )
        if writes:
            found.append(f"line {node.lineno}: {ast.unparse(node)[:80]}")
    return found


def test_no_config_module_writes_a_file_except_through_atomic_write() -> None:
    offenders = {
        path.name: writes
        for path in sorted(CONFIG_DIR.glob("*.py"))
        if path.name not in NOT_STATE_FILES
        and (writes := direct_writes(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}


def test_the_source_scan_does_spot_direct_writes() -> None:
    sample = (
        "import os, json\n"
        "open(p, 'w').write(x)\n"
        "path.write_text(x)\n"
        "os.replace(a, b)\n"
        "fd = os.open(p, os.O_CREAT | os.O_WRONLY)\n"
        "json.dump(x, handle)\n"
        "open(p, 'rb').read()\n"
        "os.open(p, os.O_RDONLY)\n"
        "os.fdopen(fd, 'rb')\n"
        "os.fdopen(fd, mode='wb')\n"
    )
    assert len(direct_writes(sample)) == 6
