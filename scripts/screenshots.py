"""Regenerate `screenshots/*.svg` from the demo data: `python scripts/screenshots.py`.

The sandbox's `today` and the app's clock are pinned, so a rerun on unchanged code gives the
same pictures. Configuration goes to a temporary directory: your profiles are never touched.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "screenshots"
TODAY = dt.date(2026, 11, 15)
NOW = dt.datetime(2026, 11, 15, 9, 30, tzinfo=dt.UTC)
SIZES = [(80, 24), (120, 40)]


async def settle(pilot: Any) -> None:
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause(0.3)


async def cursor_to(pilot: Any, label: str) -> None:
    """Press j until the tree's cursor rests on a line starting with `label`."""
    from convert_tui.ui.explorer.tree import ExplorerTree

    tree = pilot.app.screen.query_one(ExplorerTree)
    for _ in range(tree.last_line + 2):
        node = tree.cursor_node
        if node is not None and node.label.plain.startswith(label):
            return
        await pilot.press("j")
    raise RuntimeError(f"no tree line starts with {label!r}")


async def shoot(sandbox: Any, size: tuple[int, int]) -> list[str]:
    from convert_tui.config.profiles import Profile
    from convert_tui.state import ProfileInfo
    from convert_tui.ui.app import ConvertApp

    profile = Profile(
        name="demo", app_id=sandbox.app_id, secret=sandbox.secret, base_url=sandbox.base_url
    )
    app = ConvertApp(profile, clock=lambda: NOW, use_cache=False)  # the same start each size
    written: list[str] = []

    def save(name: str) -> None:
        # The sandbox port is random; show the default one so pictures do not churn.
        app.state.profile = ProfileInfo("demo", "http://127.0.0.1:8787/api/v1", False)
        filename = f"{name}-{size[0]}x{size[1]}.svg"
        app.save_screenshot(filename=filename, path=str(OUT))
        written.append(filename)

    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("1")  # the overview: the landing screen
        await settle(pilot)
        save("overview")
        await pilot.press("tab")
        await settle(pilot)
        save("overview-attention")
        await pilot.press("shift+tab", "2")
        await settle(pilot)
        await pilot.press("j", "l")
        await settle(pilot)
        await cursor_to(pilot, "Experiences")
        await pilot.press("l", "l", "l", "l")
        await pilot.pause(0.6)  # the one-line result loads once the cursor rests
        await settle(pilot)
        save("main")
        await pilot.press("enter")
        await settle(pilot)
        save("experience")
        await pilot.press("R")
        await settle(pilot)
        await pilot.pause(0.5)
        save("report")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        save("variations")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        save("experience-form")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        save("help")
    return written


async def main() -> int:
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as config_dir:
        os.environ["CONVERT_TUI_CONFIG_DIR"] = config_dir
        from convert_tui.sandbox import SandboxConfig, start_sandbox

        with start_sandbox(SandboxConfig(seed=1, today=TODAY)) as sandbox:
            for size in SIZES:
                for name in await shoot(sandbox, size):
                    print(f"wrote screenshots/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
