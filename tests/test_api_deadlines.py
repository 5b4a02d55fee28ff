"""One timer keeps the deadline of every exchange in flight (convert_tui.api._deadlines): each
ends by its own deadline, whatever the order they started in, and a cancellation from elsewhere
stays a cancellation."""

from __future__ import annotations

import asyncio
import time

import pytest

from convert_tui.api._deadlines import Deadlines


async def test_each_awaitable_ends_by_its_own_deadline_in_any_order() -> None:
    deadlines = Deadlines()
    started = time.monotonic()
    ended: dict[str, float] = {}

    async def hang(name: str, seconds: float) -> None:
        try:
            await deadlines.within(seconds, asyncio.sleep(30))
        except TimeoutError:
            ended[name] = time.monotonic() - started

    # The later deadline first: the one timer must move earlier for the second.
    await asyncio.gather(hang("late", 0.4), hang("early", 0.1), hang("middle", 0.25))
    assert list(ended) == ["early", "middle", "late"]
    assert 0.1 <= ended["early"] < 0.25 <= ended["middle"] < 0.4 <= ended["late"] < 1.5


async def test_an_answer_in_time_is_returned_and_leaves_no_cancellation() -> None:
    deadlines = Deadlines()

    async def answer() -> str:
        await asyncio.sleep(0.01)
        return "ok"

    assert await deadlines.within(5, answer()) == "ok"
    task = asyncio.current_task()
    assert task is not None and task.cancelling() == 0
    await asyncio.sleep(0.02)  # the task goes on undisturbed


async def test_a_cancellation_from_elsewhere_stays_a_cancellation() -> None:
    deadlines = Deadlines()
    task = asyncio.create_task(deadlines.within(5, asyncio.sleep(30)))
    await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


async def test_a_deadline_still_holds_on_a_later_event_loop() -> None:
    deadlines = Deadlines()
    await deadlines.within(30, asyncio.sleep(0))  # leaves a timer on this loop

    def on_another_loop() -> None:
        async def hang() -> None:
            await deadlines.within(0.05, asyncio.sleep(30))

        with pytest.raises(TimeoutError):
            asyncio.run(asyncio.wait_for(hang(), 5))

    await asyncio.to_thread(on_another_loop)
