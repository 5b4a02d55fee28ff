"""Overview driver: one headless convert-tui session (Pilot) landing on the overview.

    python -m benchmarks.overview_driver QUERY   # credentials and base URL from the environment

Run in its own process so its peak RSS is the app's alone (the sandbox lives in the parent).
Prints one JSON object:
- `filled_s`: from the app's start to the first frame with every running and paused row's
  report analysed (the overview's loading done), and `reports`, the reports it asked for;
- in the All section (every experience): `sort_ms` per `O` (reverse the sort), from the key to
  the first frame painted with the re-sorted table; `filter_ms` per keystroke of QUERY typed in
  the filter (then as many backspaces), from the key to the first frame painted filtered;
- `rows`: the rows in All; `peak_rss_mb` at the end (everything loaded in the run).
Frames are rendered to text as a terminal driver would (`large_driver.Frames`).
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import time
from typing import Any

from benchmarks.large_driver import WAIT, Frames, _until

SIZE = (120, 40)


async def session(query: str) -> dict[str, Any]:
    from convert_tui.cli import build_parser
    from convert_tui.commands.tui import build_app
    from convert_tui.ui.overview.screen import OverviewScreen

    started = time.perf_counter()
    app = build_app(build_parser().parse_args(["--no-cache"]), deferred=True)
    sort_ms: list[float] = []
    filter_ms: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        frames = Frames(app)
        state = app.state
        screen = app.screen
        assert isinstance(screen, OverviewScreen), screen

        def filled() -> bool:
            return state.overview_loaded and not state.overview_pending

        painted = frames.expect(filled)
        await _until(filled)
        filled_s = (await asyncio.wait_for(painted, WAIT)) - started
        reports = state.client.request_count if state.client is not None else -1
        for _ in range(4):  # Running -> ... -> All
            await pilot.press("tab")
        await pilot.pause()
        rows = len(screen.shown)
        for _ in range(4):
            first = screen.shown[0].key if screen.shown else None
            frame = frames.expect(lambda f=first: bool(screen.shown) and screen.shown[0].key != f)  # type: ignore[misc]
            pressed = time.perf_counter()
            await app._press_keys(["O"])
            filter_painted = await asyncio.wait_for(frame, WAIT)
            sort_ms.append((filter_painted - pressed) * 1000)
        await pilot.press("slash")
        await pilot.pause()
        typed = ""
        for key in [*query, *["backspace"] * len(query)]:
            typed = typed[:-1] if key == "backspace" else typed + key
            frame = frames.expect(lambda t=typed: screen.filter_text == t)  # type: ignore[misc]
            pressed = time.perf_counter()
            await app._press_keys([key])
            filter_painted = await asyncio.wait_for(frame, WAIT)
            filter_ms.append((filter_painted - pressed) * 1000)
        await pilot.press("escape")
        peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "filled_s": filled_s,
        "reports": reports,
        "rows": rows,
        "sort_ms": sort_ms,
        "filter_ms": filter_ms,
        "peak_rss_mb": peak_rss_mb,
    }


def main() -> None:
    print(json.dumps(asyncio.run(session(sys.argv[1]))))


if __name__ == "__main__":
    main()
