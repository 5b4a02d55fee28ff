"""The API, sandbox and statistics packages must stay free of the UI.

Each import runs in a fresh interpreter so modules loaded by other tests cannot hide a leak.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEADLESS_PACKAGES = ["convert_tui.api", "convert_tui.sandbox", "convert_tui.stats"]


def _modules_loaded_by(import_line: str) -> set[str]:
    code = f"{import_line}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize("package", HEADLESS_PACKAGES)
def test_headless_package_does_not_load_textual(package: str) -> None:
    loaded = _modules_loaded_by(f"import {package}")
    assert package in loaded
    assert not any(m == "textual" or m.startswith("textual.") for m in loaded)


def test_stats_needs_no_scipy_numpy_or_http() -> None:
    loaded = _modules_loaded_by("import convert_tui.stats")
    heavy = {"scipy", "numpy", "httpx", "pydantic"}
    assert not heavy & {m.split(".")[0] for m in loaded}


def test_cli_help_does_not_load_textual() -> None:
    loaded = _modules_loaded_by(
        "import contextlib, io\nfrom convert_tui.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n    main(['--help'])"
    )
    assert "textual" not in loaded
