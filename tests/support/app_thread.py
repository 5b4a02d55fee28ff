"""One running app shared by many hypothesis examples.

Pilot sessions take a second or two to start, far too slow for one per example. `AppThread`
runs `app.run_test()` on an event loop in a background thread; the (synchronous) hypothesis
test hands it coroutines to run against the pilot, one example after the other.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from textual.pilot import Pilot

T = TypeVar("T")


class AppThread:
    def __init__(self, app: Any, size: tuple[int, int] = (80, 24)) -> None:
        self.app, self.size = app, size
        self.loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._stop: asyncio.Event | None = None
        self._pilot: Pilot[Any] | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._main, name="app-thread", daemon=True)

    def _main(self) -> None:
        asyncio.set_event_loop(self.loop)
        try:
            self.loop.run_until_complete(self._session())
        except BaseException as exc:  # reported by stop(), in the test's thread
            self._error = exc
        finally:
            self._ready.set()
            self.loop.close()

    async def _session(self) -> None:
        self._stop = asyncio.Event()
        async with self.app.run_test(size=self.size) as pilot:
            self._pilot = pilot
            self._ready.set()
            await self._stop.wait()

    def start(self) -> AppThread:
        self._thread.start()
        self._ready.wait(timeout=60)
        if self._pilot is None:
            raise RuntimeError(f"the app did not start: {self._error!r}")
        return self

    def run(self, step: Callable[[Pilot[Any]], Awaitable[T]], timeout: float = 60) -> T:
        """Run `step(pilot)` in the app's loop and return its result (or raise its error)."""
        pilot = self._pilot
        assert pilot is not None

        async def in_app() -> T:
            with self.app._context():  # the active app, as inside `run_test`
                return await step(pilot)

        future = asyncio.run_coroutine_threadsafe(in_app(), self.loop)
        return future.result(timeout=timeout)

    def stop(self) -> None:
        """End the session; raises what the app raised (run_test re-raises a crash)."""
        if self._stop is not None and self._thread.is_alive():
            self.loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(timeout=30)
        if self._error is not None:
            raise self._error
