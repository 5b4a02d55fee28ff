"""Client behaviour: retries, read-only, pagination, coalescing, concurrency, lifetime."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from convert_tui.api import ConvertClient, errors, models
from convert_tui.api._transport import MAX_RETRY_AFTER_SECONDS

BASE = "http://sandbox/api/v1"


class SleepRecorder:
    """Stands in for asyncio.sleep so retries are instant and their delays visible."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


class Script:
    """Answers requests from a list of (status, json) in order, then repeats the last one."""

    def __init__(self, *answers: tuple[int, Any] | httpx.Response | Exception) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers[min(len(self.requests), len(self.answers)) - 1]
        if isinstance(answer, Exception):
            raise answer
        if isinstance(answer, httpx.Response):
            return answer
        status, payload = answer
        return httpx.Response(status, json=payload)


def make_client(
    handler: Callable[[httpx.Request], Any], sleep: SleepRecorder | None = None, **options: Any
) -> ConvertClient:
    transport = httpx.MockTransport(handler)
    return ConvertClient("app", "secret", BASE, transport=transport, sleep=sleep, **options)


SERVER_ERROR = (500, {"isError": True, "code": 500, "message": "boom"})
EXPERIENCE = (200, {"id": "2", "name": "E"})

# --- retries -----------------------------------------------------------------------------------


async def test_read_retried_after_500_then_succeeds() -> None:
    script, sleep = Script(SERVER_ERROR, SERVER_ERROR, EXPERIENCE), SleepRecorder()
    async with make_client(script, sleep) as client:
        experience = await client.get_experience(1, 2)
        assert client.request_count == 3
    assert experience.name == "E"
    assert len(sleep.delays) == 2
    # Exponential backoff with jitter: 0.5..0.75 s, then 1.0..1.5 s.
    assert 0.5 <= sleep.delays[0] <= 0.75
    assert 1.0 <= sleep.delays[1] <= 1.5


async def test_read_gives_up_after_max_retries() -> None:
    script, sleep = Script(SERVER_ERROR), SleepRecorder()
    async with make_client(script, sleep, max_retries=3) as client:
        with pytest.raises(errors.ServerError):
            await client.list_goals(1)
    assert len(script.requests) == 4
    assert len(sleep.delays) == 3


async def test_transport_error_on_read_retried() -> None:
    script = Script(httpx.ConnectError("refused"), httpx.ReadTimeout("slow"), (200, []))
    async with make_client(script, SleepRecorder()) as client:
        assert await client.list_projects() == []
    assert len(script.requests) == 3


async def test_report_is_a_read_and_retried() -> None:
    script = Script(SERVER_ERROR, (200, {"experience_id": "2", "goals": []}))
    async with make_client(script, SleepRecorder()) as client:
        report = await client.get_full_report(1, 2, start_timestamp=10, end_timestamp=20)
    assert report.experience_id == "2"
    assert len(script.requests) == 2
    assert json.loads(script.requests[0].content) == {"start_timestamp": 10, "end_timestamp": 20}


WRITES: list[Callable[[ConvertClient], Awaitable[Any]]] = [
    lambda c: c.create_experience(1, models.Experience(name="x")),
    lambda c: c.update_experience(1, 2, {"name": "x"}),
    lambda c: c.delete_experience(1, 2),
    lambda c: c.add_variation(1, 2, {"name": "B"}),
    lambda c: c.delete_variation(1, 2, 3),
    lambda c: c.change_hypothesis_status(1, 2, "paused"),
]


@pytest.mark.parametrize("write", WRITES)
async def test_writes_never_retried_on_500(write: Callable[[ConvertClient], Any]) -> None:
    script, sleep = Script(SERVER_ERROR, EXPERIENCE), SleepRecorder()
    async with make_client(script, sleep) as client:
        with pytest.raises(errors.ServerError):
            await write(client)
        assert client.request_count == 1
    assert sleep.delays == []


async def test_create_not_retried_on_transport_error_or_429() -> None:
    script = Script(httpx.ConnectError("refused"))
    async with make_client(script, SleepRecorder()) as client:
        with pytest.raises(errors.TransportError):
            await client.create_goal(1, {"goal_name": "g"})
    rate_limited = Script(httpx.Response(429, headers={"Retry-After": "1"}, json={}))
    async with make_client(rate_limited, SleepRecorder()) as client:
        with pytest.raises(errors.RateLimitError):
            await client.create_goal(1, {"goal_name": "g"})
    assert len(script.requests) == len(rate_limited.requests) == 1


async def test_429_honours_retry_after_then_succeeds() -> None:
    limited = httpx.Response(429, headers={"Retry-After": "3"}, json={"message": "slow"})
    script, sleep = Script(limited, (200, [{"id": 1}])), SleepRecorder()
    async with make_client(script, sleep) as client:
        projects = await client.list_projects()
    assert [p.id for p in projects] == ["1"]
    assert sleep.delays == [3.0]


async def test_429_with_long_retry_after_is_raised_at_once() -> None:
    wait = str(int(MAX_RETRY_AFTER_SECONDS) + 60)
    script = Script(httpx.Response(429, headers={"Retry-After": wait}, json={}))
    sleep = SleepRecorder()
    async with make_client(script, sleep) as client:
        with pytest.raises(errors.RateLimitError) as caught:
            await client.list_projects()
    assert caught.value.retry_after == float(wait)
    assert len(script.requests) == 1 and sleep.delays == []


async def test_4xx_on_read_not_retried() -> None:
    script = Script((404, {"message": "gone"}))
    async with make_client(script, SleepRecorder()) as client:
        with pytest.raises(errors.NotFoundError):
            await client.get_goal(1, 2)
    assert len(script.requests) == 1


# --- read-only ---------------------------------------------------------------------------------


@pytest.mark.parametrize("write", WRITES)
async def test_read_only_refuses_mutations_without_sending(
    write: Callable[[ConvertClient], Any],
) -> None:
    script = Script(EXPERIENCE)
    async with make_client(script, read_only=True) as client:
        with pytest.raises(errors.ReadOnlyError):
            await write(client)
        assert client.request_count == 0
        assert (await client.get_experience(1, 2)).name == "E"
    assert len(script.requests) == 1


async def test_read_only_can_be_switched_on_later() -> None:
    script = Script((200, {"deleted": True, "id": "1"}))
    async with make_client(script) as client:
        client.read_only = True
        with pytest.raises(errors.ReadOnlyError):
            await client.delete_goal(1, 1)
        client.read_only = False
        assert (await client.delete_goal(1, 1)).deleted is True
    assert len(script.requests) == 1


# --- pagination --------------------------------------------------------------------------------


async def test_iter_walks_pages_until_a_short_one() -> None:
    pages: list[dict[str, Any]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        pages.append(body)
        size = body["results_per_page"]
        count = size if body["page"] < 4 else 7
        first = (body["page"] - 1) * size
        return httpx.Response(200, json=[{"id": first + n} for n in range(count)])

    async with make_client(handler) as client:
        experiences = [e async for e in client.iter_experiences(9, experience_status=["active"])]
    assert len(experiences) == 3 * 100 + 7
    assert [int(e.id or 0) for e in experiences] == list(range(307))
    assert [p["page"] for p in pages] == [1, 2, 3, 4]
    assert all(p["results_per_page"] == 100 for p in pages)
    assert all(p["experience_status"] == ["active"] for p in pages)


async def test_iter_stops_on_empty_page_after_full_ones() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        page = json.loads(request.content)["page"]
        return httpx.Response(
            200, json=[{"goal_id": page * 1000 + n} for n in range(100)] if page < 3 else []
        )

    async with make_client(handler) as client:
        goals = [g async for g in client.iter_goals(1)]
    assert len(goals) == 200


async def test_iter_detects_a_server_ignoring_page() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=[{"audience_id": n} for n in range(100)])

    async with make_client(handler) as client:
        with pytest.raises(errors.DecodeError, match="ignore paging"):
            _ = [a async for a in client.iter_audiences(1)]
        assert client.request_count == 2


async def test_list_filters_body() -> None:
    script = Script((200, []))
    async with make_client(script) as client:
        await client.list_hypotheses(1, 2, 10, search="cta", status=["draft"], score_min=2.5)
        await client.list_audiences(1, is_segment=True, is_used=False, search="")
    assert json.loads(script.requests[0].content) == {
        "page": 2,
        "results_per_page": 10,
        "search": "cta",
        "status": ["draft"],
        "scoreMin": 2.5,
    }
    assert json.loads(script.requests[1].content) == {
        "page": 1,
        "results_per_page": 50,
        "isSegment": True,
        "isUsed": False,
    }


# --- coalescing and concurrency ----------------------------------------------------------------


class SlowServer:
    """Holds every request until released; tracks how many are in flight at once."""

    def __init__(self, answer: Any) -> None:
        self.answer = answer
        self.release = asyncio.Event()
        self.in_flight = 0
        self.peak = 0
        self.count = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.count += 1
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        await self.release.wait()
        self.in_flight -= 1
        return httpx.Response(200, json=self.answer)


def slow_client(server: SlowServer, **options: Any) -> ConvertClient:
    transport = httpx.MockTransport(server.handle_async_request)
    return ConvertClient("app", "secret", BASE, transport=transport, **options)


async def test_identical_reads_in_flight_share_one_request() -> None:
    server = SlowServer({"id": "2", "name": "E"})
    async with slow_client(server) as client:
        calls = [asyncio.create_task(client.get_experience(1, 2)) for _ in range(5)]
        other = asyncio.create_task(client.get_experience(1, 3))
        await asyncio.sleep(0.01)
        server.release.set()
        results = await asyncio.gather(*calls)
        await other
        assert client.request_count == 2
    assert server.count == 2
    assert all(r.name == "E" for r in results)
    # Each caller gets its own model: editing one does not touch another.
    results[0].name = "changed"
    assert results[1].name == "E"


async def test_cancelled_caller_does_not_cancel_shared_read() -> None:
    server = SlowServer([])
    async with slow_client(server) as client:
        first = asyncio.create_task(client.list_projects())
        second = asyncio.create_task(client.list_projects())
        await asyncio.sleep(0.01)
        first.cancel()
        server.release.set()
        assert await second == []
        with pytest.raises(asyncio.CancelledError):
            await first
    assert server.count == 1


async def test_read_started_after_a_write_does_not_join_an_older_read() -> None:
    gets_released = asyncio.Event()
    sent: list[str] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request.method)
        if request.method == "GET":
            await gets_released.wait()
            return httpx.Response(200, json={"goal_id": "2"})
        return httpx.Response(200, json={"goal_id": "2", "goal_name": "renamed"})

    async with make_client(handler) as client:
        stale = asyncio.create_task(client.get_goal(1, 2))
        await asyncio.sleep(0.01)
        await client.update_goal(1, 2, {"goal_name": "renamed"})
        fresh = asyncio.create_task(client.get_goal(1, 2))
        await asyncio.sleep(0.01)
        gets_released.set()
        await asyncio.gather(stale, fresh)
    assert sent == ["GET", "PUT", "GET"]


async def test_concurrency_is_bounded() -> None:
    server = SlowServer({})
    async with slow_client(server, max_concurrency=3) as client:
        tasks = [asyncio.create_task(client.get_goal(1, n)) for n in range(10)]
        await asyncio.sleep(0.05)
        assert server.in_flight == 3
        server.release.set()
        await asyncio.gather(*tasks)
    assert server.peak == 3 and server.count == 10
