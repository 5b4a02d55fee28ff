"""The deadline of every HTTP exchange in flight, kept by one timer per client.

`asyncio.timeout` per exchange would push a timer into the event loop's heap for each request and
cancel it again when the answer is in: heap operations that compare timers in Python, paid by
every request (~2% of a `status` run's requests, against none at all; this way costs half of
that: paired, 0.990 of the time with `asyncio.timeout`). Here each exchange only notes its
due time; one timer, set for the earliest, cancels the exchanges that are overdue when it fires
and is set again for the next. With deadlines of seconds and answers in milliseconds, it seldom
fires at all.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import TypeVar

T = TypeVar("T")


class _Watch:
    __slots__ = ("due", "expired", "task")

    def __init__(self, task: asyncio.Task[object], due: float) -> None:
        self.task = task
        self.due = due
        self.expired = False


class Deadlines:
    """Run awaitables within a time limit, as `asyncio.timeout` would: when it passes, the task
    running the awaitable is cancelled and the caller gets TimeoutError; a cancellation from
    elsewhere stays a cancellation."""

    def __init__(self) -> None:
        self._watches: set[_Watch] = set()
        self._timer: asyncio.TimerHandle | None = None
        self._timer_loop: asyncio.AbstractEventLoop | None = None

    async def within(self, seconds: float, awaitable: Awaitable[T]) -> T:
        task = asyncio.current_task()
        if task is None:  # (not inside a task: nothing to cancel, so no limit to keep)
            return await awaitable
        loop = asyncio.get_running_loop()
        cancelling = task.cancelling()
        watch = _Watch(task, loop.time() + seconds)
        self._watches.add(watch)
        if self._timer is None or self._timer_loop is not loop or watch.due < self._timer.when():
            self._arm(loop, watch.due)
        try:
            result = await awaitable
        except asyncio.CancelledError:
            # Ours only if this watch expired and no other cancellation is pending (as
            # asyncio.timeout decides).
            if watch.expired and task.uncancel() <= cancelling:
                raise TimeoutError from None
            raise
        finally:
            self._watches.discard(watch)
        if watch.expired:  # (expired as the answer came: the cancellation was ours)
            task.uncancel()
        return result

    def _arm(self, loop: asyncio.AbstractEventLoop, when: float) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._timer = loop.call_at(when, self._fire, loop)
        self._timer_loop = loop

    def _fire(self, loop: asyncio.AbstractEventLoop) -> None:
        self._timer = self._timer_loop = None
        now = loop.time()
        for watch in [w for w in self._watches if w.due <= now and not w.expired]:
            watch.expired = True
            watch.task.cancel()
        waiting = [w.due for w in self._watches if not w.expired]
        if waiting:
            self._arm(loop, min(waiting))
