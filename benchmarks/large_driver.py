"""Large-account driver: one headless convert-tui session (Pilot) against a big sandbox.

    python -m benchmarks.large_driver QUERY     # credentials and base URL from the environment

Run in its own process so that its peak RSS is the app's alone (the sandbox serving it lives
in the parent). Prints one JSON object:
- `expand_ms`: per project, from the moment its lists arrived (the state applies them) to the
  first frame painted with the project's experiences (grouped by status) in the tree;
- `filter_ms`: per keystroke of QUERY typed in the filter (then as many backspaces), from the
  key to the first frame painted with the filtered tree;
- `peak_rss_mb` after opening every project, and `requests` the client sent.
Frames are those Textual hands to its driver (`App._display`); headless Textual skips writing
them, so the driver here renders each one to text to keep that cost in the figures.
"""

from __future__ import annotations

import asyncio
import io
import json
import resource
import sys
import time
from collections.abc import Callable
from typing import Any

from rich.console import Console

SIZE = (120, 40)
WAIT = 60.0


class Frames:
    """Hooks `app._display`: every frame is rendered to text and time-stamped."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.console = Console(
            file=io.StringIO(), width=SIZE[0], height=SIZE[1], color_system="truecolor",
            force_terminal=True,
        )  # fmt: skip
        self.waiters: list[tuple[Callable[[], bool], asyncio.Future[float]]] = []
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            original(screen, renderable)
            if renderable is None or app._batch_count:
                return
            if hasattr(renderable, "render_segments"):
                renderable.render_segments(self.console)
            now = time.perf_counter()
            for check, future in list(self.waiters):
                if not future.done() and check():
                    future.set_result(now)
                    self.waiters.remove((check, future))

        app._display = display

    def expect(self, check: Callable[[], bool]) -> asyncio.Future[float]:
        """The time of the first frame painted from now on in which `check()` holds."""
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self.waiters.append((check, future))
        return future


async def _until(check: Callable[[], bool]) -> None:
    deadline = time.monotonic() + WAIT
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError("the app never got there")
        await asyncio.sleep(0.005)


def _timed_applies(state: Any, arrivals: dict[str, float]) -> None:
    """Time-stamp the moment each load's data is applied to the state."""
    original = state._load

    async def load(key: str, what: str, fetch: Any, apply: Callable[[Any], None]) -> None:
        def timed(result: Any) -> None:
            arrivals[key] = time.perf_counter()
            apply(result)

        await original(key, what, fetch, timed)

    state._load = load


async def session(query: str) -> dict[str, Any]:
    from convert_tui.cli import build_parser
    from convert_tui.commands.tui import build_app
    from convert_tui.ui.explorer.tree import ExplorerTree

    app = build_app(build_parser().parse_args(["--no-cache"]), deferred=True)
    arrivals: dict[str, float] = {}
    expand_ms: list[float] = []
    filter_ms: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        frames = Frames(app)
        state = app.state
        await _until(lambda: bool(state.projects) and "projects" not in state.loading)
        _timed_applies(state, arrivals)
        tree = app.screen.query_one(ExplorerTree)
        tree.focus()

        def project_node(pid: str) -> Any:
            return next(n for n in tree.root.children if n.data and n.data.project_id == pid)

        for project in state.projects:
            pid = str(project.id)
            key = f"children:{pid}"
            tree.move_cursor(project_node(pid))
            await pilot.pause()

            def shown(p: str = pid, k: str = key) -> bool:
                node = project_node(p)
                groups = [c.data.group for c in node.children if c.data is not None]
                return k in arrivals and node.is_expanded and "experience" in groups

            frame = frames.expect(shown)
            await pilot.press("l")
            painted = await asyncio.wait_for(frame, WAIT)
            expand_ms.append((painted - arrivals[key]) * 1000)
            await pilot.press("h")  # collapse again, as a user moving on would
        peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        requests = state.client.request_count if state.client is not None else -1

        await pilot.press("slash")
        await pilot.pause()
        typed = ""
        for key in [*query, *["backspace"] * len(query)]:
            typed = typed[:-1] if key == "backspace" else typed + key
            frame = frames.expect(lambda t=typed: tree.filter_text == t.strip())  # type: ignore[misc]
            started = time.perf_counter()
            await app._press_keys([key])
            painted = await asyncio.wait_for(frame, WAIT)
            filter_ms.append((painted - started) * 1000)
        await pilot.press("escape")
    return {
        "expand_ms": expand_ms,
        "filter_ms": filter_ms,
        "peak_rss_mb": peak_rss_mb,
        "requests": requests,
    }


def main() -> None:
    result = asyncio.run(session(sys.argv[1]))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
