"""The client under a bad network and a misbehaving server: every failure is a ConvertError.

Slow servers still answer within the default timeouts; reads get through 500s and 429s by
retrying; nothing that changes data is ever sent twice; ugly answers (cut short, reset, not
JSON, the wrong shape) become TransportError or DecodeError, never anything else.
Retries wait through a fake `sleep`, so these tests do not sit through real back-off.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
from support.bad_server import (
    bad_server,
    clock_skewed_401,
    closed_port_url,
    cut_short,
    json_body,
    reset_mid_body,
    sequence,
)

from convert_tui.api import ConvertClient, errors, models

PROJECT = "10001"
EXPERIENCE = "1000001"  # active a/b with a revenue goal (seed 1)
PROJECT_JSON = '{"id": 10001, "name": "Shop"}'


class FakeSleep:
    """Stands in for asyncio.sleep: retries are instant and their waits are recorded."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def client_for(base_url: str, secret: str = "demo-secret", **options: Any) -> ConvertClient:
    options.setdefault("sleep", FakeSleep())
    return ConvertClient(options.pop("app_id", "demo"), secret, base_url, **options)


async def get_project(client: ConvertClient) -> Any:
    return await client.get_project(PROJECT)


# --- slow, flaky and busy servers ----------------------------------------------------------


async def test_a_server_taking_3_seconds_per_answer_still_works(sandbox_factory: Any) -> None:
    slow = sandbox_factory(latency_ms=3000)
    async with client_for(slow.base_url) as client:  # the default timeouts: read 20 s
        project = await client.get_project(PROJECT)
    assert project.id == PROJECT and project.name


async def test_reads_get_through_when_30_percent_of_requests_fail(
    sandbox: Any, sandbox_factory: Any
) -> None:
    flaky = sandbox_factory(fail_rate=0.3)

    async def read_everything(base_url: str) -> list[Any]:
        async with client_for(base_url, max_retries=10) as client:
            projects = [p async for p in client.iter_projects()]
            experiences = [e async for e in client.iter_experiences(PROJECT)]
            report = await client.get_full_report(PROJECT, EXPERIENCE)
            goals = await client.list_goals(PROJECT)
        return [projects, experiences, report, goals]

    assert await read_everything(flaky.base_url) == await read_everything(sandbox.base_url)
    assert len(flaky.requests) > len(sandbox.requests)  # some answers were 500s, retried


async def test_a_burst_of_429s_is_waited_out_as_retry_after_says() -> None:
    busy = json_body(429, '{"isError": true, "code": 429, "message": "slow down"}')
    limited = sequence(
        json_body(429, '{"message": "slow down"}', {"Retry-After": "2"}),
        json_body(429, '{"message": "slow down"}', {"Retry-After": "1"}),
        json_body(200, PROJECT_JSON),
    )
    with bad_server(limited) as server:
        sleep = FakeSleep()
        async with client_for(server.base_url, sleep=sleep) as client:
            project = await client.get_project(PROJECT)
    assert project.name == "Shop" and sleep.waits == [2.0, 1.0]
    with bad_server(busy) as server:
        async with client_for(server.base_url) as client:
            with pytest.raises(errors.RateLimitError, match="slow down"):
                await client.get_project(PROJECT)
        assert len(server.requests) == 4  # the first try and max_retries=3 retries


# --- the network breaks ----------------------------------------------------------------------


async def test_connection_refused_is_a_transport_error_after_one_quick_retry() -> None:
    async with client_for(closed_port_url()) as client:
        with pytest.raises(errors.TransportError, match="get project failed: ConnectError"):
            await client.get_project(PROJECT)
        assert client.request_count == 2  # loopback refusing: nothing gained by waiting longer


async def test_a_connection_reset_mid_body_is_a_transport_error() -> None:
    with bad_server(reset_mid_body) as server:
        async with client_for(server.base_url) as client:
            with pytest.raises(errors.TransportError) as caught:
                await client.get_project(PROJECT)
    assert caught.value.operation == "get project" and caught.value.status is None


async def test_a_server_hanging_past_the_read_timeout_gives_a_timeout_error() -> None:
    with bad_server(json_body(200, PROJECT_JSON), hang_seconds=2) as server:
        timeout = httpx.Timeout(0.3, connect=5.0)
        async with client_for(server.base_url, timeout=timeout, max_retries=0) as client:
            with pytest.raises(errors.TransportError) as caught:
                await client.get_project(PROJECT)
    assert "ReadTimeout" in str(caught.value) and "no answer within 0.3 s" in str(caught.value)


async def test_a_200_cut_short_is_an_error_not_half_a_record() -> None:
    with bad_server(cut_short(PROJECT_JSON)) as server:
        async with client_for(server.base_url) as client:
            with pytest.raises(errors.TransportError, match=r"incomplete|without sending complete"):
                await client.get_project(PROJECT)


@pytest.mark.parametrize(
    "body",
    [
        "<html><body>502 Bad Gateway</body></html>",
        "",
        "\x00\x01\x02 binary",
        "{'single': 'quotes'}",
        "[" * 5000 + "]" * 5000,  # deeper than the JSON parser recurses
    ],
    ids=["html", "empty", "binary", "not-json", "deeply-nested"],
)
async def test_a_200_whose_body_is_not_usable_json_is_a_decode_error(body: str) -> None:
    with bad_server(json_body(200, body)) as server:
        async with client_for(server.base_url) as client:
            with pytest.raises(errors.DecodeError) as caught:
                await client.get_project(PROJECT)
    line = str(caught.value)
    assert line.startswith("get project failed:") and "\n" not in line and len(line) <= 300


# --- answers of the wrong shape -------------------------------------------------------------


async def call_with(
    body: str, call: Callable[[ConvertClient], Awaitable[Any]]
) -> Any | errors.ConvertError:
    with bad_server(json_body(200, body)) as server:
        async with client_for(server.base_url) as client:
            try:
                return await call(client)
            except errors.DecodeError as exc:
                return exc


async def list_experiences(client: ConvertClient) -> Any:
    return await client.list_experiences(PROJECT)


async def full_report(client: ConvertClient) -> Any:
    return await client.get_full_report(PROJECT, EXPERIENCE)


async def delete_goal(client: ConvertClient) -> Any:
    return await client.delete_goal(PROJECT, "1")


def report_with(variation: str) -> str:
    return f'{{"goals": [{{"goal_id": "1", "variations": [{variation}]}}]}}'


NO_COUNTS = report_with('{"variation_id": "2"}')
TEXT_COUNTS = report_with('{"variation_id": 2, "visitors": "many", "conversions": 1}')


async def test_missing_fields_read_as_none_and_extra_fields_are_kept() -> None:
    project = await call_with('{"id": 7, "brand_new_field": {"x": [1, 2]}}', get_project)
    assert isinstance(project, models.Project)
    assert project.id == "7" and project.name is None
    assert project.model_extra == {"brand_new_field": {"x": [1, 2]}}
    experiences = await call_with('[{"id": "1"}, {"name": "no id", "goals": []}]', list_experiences)
    assert [e.id for e in experiences] == ["1", None]


@pytest.mark.parametrize(
    ("body", "call", "where"),
    [
        ('{"id": {"nested": true}}', get_project, "id"),
        ('{"id": 1, "websites": "https://one.example"}', get_project, "websites"),
        ('{"id": 1, "reporting_settings": [1, 2]}', get_project, "reporting_settings"),
        ("[1, 2, 3]", get_project, "(body)"),
        ('{"id": "1", "name": "not a list"}', list_experiences, "JSON array"),
        ('[{"id": "1"}, "oops"]', list_experiences, "[1]"),
        (NO_COUNTS, full_report, "visitors"),
        (TEXT_COUNTS, full_report, "visitors"),
        ('{"goals": "none"}', full_report, "goals"),
        ('{"id": "1"}', delete_goal, "deleted"),
        ("null", delete_goal, "(body)"),
    ],
    ids=[
        "object-id",
        "string-for-list",
        "list-for-object",
        "array-for-record",
        "object-for-list",
        "string-in-list",
        "report-without-counts",
        "report-with-text-counts",
        "report-goals-not-a-list",
        "delete-without-flag",
        "null",
    ],
)  # fmt: skip
async def test_wrong_types_are_a_decode_error_naming_the_field(
    body: str, call: Callable[[ConvertClient], Awaitable[Any]], where: str
) -> None:
    result = await call_with(body, call)
    assert isinstance(result, errors.DecodeError), result
    assert where in str(result) and result.status is None


async def test_a_report_pydantic_cannot_parse_but_json_can_is_still_read() -> None:
    # Records are checked by pydantic's own JSON parser first; what it refuses (here a UTF-8
    # byte-order mark, which json.loads skips) goes the json.loads way, as before.
    body = "\ufeff" + report_with('{"variation_id": 2, "visitors": 10, "conversions": 1}')
    report = await call_with(body, full_report)
    assert isinstance(report, models.Report), report
    assert report.goals[0].variations[0].visitors == 10


# --- authentication ----------------------------------------------------------------------------


async def test_a_401_from_a_skewed_clock_says_how_far_off_the_clock_is() -> None:
    with bad_server(clock_skewed_401(3600)) as server:
        async with client_for(server.base_url) as client:
            with pytest.raises(errors.AuthError) as caught:
                await client.get_project(PROJECT)
        assert len(server.requests) == 1  # a 401 is not retried
    assert caught.value.clock_skew_seconds == pytest.approx(3600, abs=3)
    assert re.search(r"clock is 3(59\d|60\d) s behind", str(caught.value))


async def test_a_401_for_bad_credentials_names_no_clock_and_no_secret(sandbox: Any) -> None:
    async with client_for(sandbox.base_url, secret="wrong-S3CRET-value") as client:
        with pytest.raises(errors.AuthError) as caught:
            await client.get_project(PROJECT)
    skew = caught.value.clock_skew_seconds
    assert skew is not None and abs(skew) < 30  # the sandbox's Date header agrees with us
    assert "clock" not in str(caught.value) and "wrong-S3CRET-value" not in repr(caught.value)


# --- no write is ever sent twice -------------------------------------------------------------

WRITES: dict[str, Callable[[ConvertClient], Awaitable[Any]]] = {
    "create project": lambda c: c.create_project({"name": "P"}),
    "update project": lambda c: c.update_project(PROJECT, {"name": "P"}),
    "delete project": lambda c: c.delete_project(PROJECT),
    "create experience": lambda c: c.create_experience(PROJECT, {"name": "E"}),
    "update experience": lambda c: c.update_experience(PROJECT, EXPERIENCE, {"name": "E"}),
    "delete experience": lambda c: c.delete_experience(PROJECT, EXPERIENCE),
    "add variation": lambda c: c.add_variation(PROJECT, EXPERIENCE, {"name": "V"}),
    "delete variation": lambda c: c.delete_variation(PROJECT, EXPERIENCE, "1"),
    "create goal": lambda c: c.create_goal(PROJECT, {"goal_name": "G"}),
    "update goal": lambda c: c.update_goal(PROJECT, "1", {"goal_name": "G"}),
    "delete goal": lambda c: c.delete_goal(PROJECT, "1"),
    "create hypothesis": lambda c: c.create_hypothesis(PROJECT, {"name": "H"}),
    "update hypothesis": lambda c: c.update_hypothesis(PROJECT, "1", {"name": "H"}),
    "change hypothesis status": lambda c: c.change_hypothesis_status(PROJECT, "1", "active"),
    "delete hypothesis": lambda c: c.delete_hypothesis(PROJECT, "1"),
    "create audience": lambda c: c.create_audience(PROJECT, {"audience_name": "A"}),
    "update audience": lambda c: c.update_audience(PROJECT, "1", {"audience_name": "A"}),
    "delete audience": lambda c: c.delete_audience(PROJECT, "1"),
}


@pytest.mark.parametrize("operation", list(WRITES))
async def test_no_write_is_sent_twice_even_when_every_request_fails(
    sandbox_factory: Any, operation: str
) -> None:
    failing = sandbox_factory(fail_rate=1.0)
    async with client_for(failing.base_url) as client:
        with pytest.raises(errors.ServerError):
            await WRITES[operation](client)
    assert len(failing.requests) == 1, failing.requests


async def test_a_read_is_retried_where_a_create_is_sent_once(sandbox_factory: Any) -> None:
    failing = sandbox_factory(fail_rate=1.0)
    async with client_for(failing.base_url) as client:
        with pytest.raises(errors.ServerError):
            await client.create_project({"name": "P"})
        with pytest.raises(errors.ServerError):
            await client.get_project(PROJECT)
    assert failing.requests.count(("POST", "/api/v1/projects/add")) == 1
    assert failing.requests.count(("GET", f"/api/v1/projects/get/{PROJECT}")) == 4


@pytest.mark.parametrize(
    "behaviour",
    [
        reset_mid_body,
        cut_short('{"id": "1", "name": "P"}'),
        json_body(429, '{"message": "slow down"}', {"Retry-After": "0"}),
        json_body(503, '{"message": "maintenance"}'),
        json_body(200, "<html>proxy error</html>"),
    ],
    ids=["reset", "cut-short", "429", "503", "not-json"],
)
async def test_a_create_is_never_resent_whatever_went_wrong(behaviour: Any) -> None:
    with bad_server(behaviour) as server:
        async with client_for(server.base_url) as client:
            with pytest.raises(errors.ConvertError):
                await client.create_project({"name": "P"})
        assert len(server.requests) == 1
