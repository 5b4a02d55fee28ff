"""Mapping of answers and failures to ConvertError subclasses; no secret in any message."""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable

import httpx
import pytest

from convert_tui.api import ConvertClient, errors

SECRET = "TOP-SECRET-key-0123"
BASE = "http://sandbox/api/v1"

Handler = Callable[[httpx.Request], httpx.Response]


def error_body(code: int, message: str, **extra: object) -> dict[str, object]:
    return {"isError": True, "code": code, "message": message, **extra}


async def no_sleep(_seconds: float) -> None:
    return None


def make_client(handler: Handler, **options: object) -> ConvertClient:
    return ConvertClient(
        "app",
        SECRET,
        BASE,
        transport=httpx.MockTransport(handler),
        sleep=no_sleep,
        **options,  # type: ignore[arg-type]
    )


def assert_clean(error: BaseException) -> None:
    for text in (str(error), repr(error)):
        assert SECRET not in text
        assert "Signature=" not in text or "Signature=***" in text
        assert "\n" not in text


async def raised_by(handler: Handler, *, write: bool = False) -> errors.ConvertError:
    async with make_client(handler) as client:
        with pytest.raises(errors.ConvertError) as caught:
            if write:
                await client.delete_experience(1, 2)
            else:
                await client.get_experience(1, 2)
    assert_clean(caught.value)
    return caught.value


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (401, errors.AuthError),
        (403, errors.ForbiddenError),
        (404, errors.NotFoundError),
        (400, errors.ValidationError),
        (422, errors.ValidationError),
        (429, errors.RateLimitError),
        (500, errors.ServerError),
        (503, errors.ServerError),
    ],
)
async def test_status_mapping(status: int, kind: type[errors.ConvertError]) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, json=error_body(status, "Experience 2 is not here"))

    error = await raised_by(handler, write=True)
    assert type(error) is kind
    assert error.status == status
    assert error.message == "Experience 2 is not here"
    assert error.operation == "delete experience"
    assert str(error) == f"delete experience failed: Experience 2 is not here (HTTP {status})"


async def test_validation_fields() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        body = error_body(422, "Invalid body", fields={"include_jquery": "must be 0 or 1"})
        return httpx.Response(422, json=body)

    async with make_client(handler) as client:
        with pytest.raises(errors.ValidationError) as caught:
            await client.update_project(1, {"name": "x"})
    assert caught.value.fields == {"include_jquery": "must be 0 or 1"}
    assert "include_jquery: must be 0 or 1" in str(caught.value)


async def test_rate_limit_retry_after_on_a_write() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(429, headers={"Retry-After": "7"}, json=error_body(429, "Slow down"))

    error = await raised_by(handler, write=True)
    assert isinstance(error, errors.RateLimitError)
    assert error.retry_after == 7.0


def test_retry_after_as_http_date() -> None:
    now = 1_800_000_000.0
    header = email.utils.formatdate(now + 12, usegmt=True)
    assert errors.parse_retry_after(header, now=now) == pytest.approx(12.0)
    assert errors.parse_retry_after("soon", now=now) is None
    assert errors.parse_retry_after(None) is None


async def test_auth_error_reports_clock_skew() -> None:
    server_time = time.time() + 600

    def handler(request: httpx.Request) -> httpx.Response:
        headers = {"Date": email.utils.formatdate(server_time, usegmt=True)}
        return httpx.Response(401, headers=headers, json=error_body(401, "Signature expired"))

    error = await raised_by(handler)
    assert isinstance(error, errors.AuthError)
    assert error.clock_skew_seconds == pytest.approx(600, abs=5)
    assert "clock" in str(error) and "behind" in str(error)


async def test_auth_error_without_date_header() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, json=error_body(401, "Unknown application"))

    error = await raised_by(handler)
    assert isinstance(error, errors.AuthError)
    assert error.clock_skew_seconds is None
    assert "clock" not in str(error)


async def test_transport_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    error = await raised_by(handler, write=True)
    assert isinstance(error, errors.TransportError)
    assert error.status is None
    assert "connection refused" in str(error)


async def test_timeout_is_a_transport_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    assert isinstance(await raised_by(handler), errors.TransportError)


async def test_non_json_success_is_decode_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text="<html>maintenance</html>")

    error = await raised_by(handler)
    assert isinstance(error, errors.DecodeError)
    assert "not JSON" in str(error)


async def test_wrong_shape_is_decode_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/projects"):
            return httpx.Response(200, json={"data": []})
        return httpx.Response(200, json={"variations": "not a list"})

    error = await raised_by(handler)
    assert isinstance(error, errors.DecodeError)
    assert "variations" in str(error)
    async with make_client(handler) as client:
        with pytest.raises(errors.DecodeError, match="JSON array"):
            await client.list_projects()


async def test_wrong_shape_in_list_names_the_item() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=[{"id": "1"}, {"id": "2", "websites": 5}])

    async with make_client(handler) as client:
        with pytest.raises(errors.DecodeError, match=r"\[1\]\.websites"):
            await client.list_projects()


async def test_error_body_not_json() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(502, text="Bad gateway from proxy")

    error = await raised_by(handler, write=True)
    assert isinstance(error, errors.ServerError)
    assert error.message == "Bad gateway from proxy"


async def test_secret_and_signature_scrubbed_from_server_messages() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        echoed = f"bad {request.headers['Authorization']} key={SECRET}\nsecond line"
        body = error_body(401, echoed, fields={"secret": SECRET})
        return httpx.Response(401, json=body)

    error = await raised_by(handler)
    assert SECRET not in error.message
    assert "Signature=***" in error.message


async def test_secret_absent_from_every_error_kind() -> None:
    statuses = [401, 403, 404, 400, 422, 429, 500]
    for status in statuses:

        def handler(request: httpx.Request, status: int = status) -> httpx.Response:
            return httpx.Response(status, json=error_body(status, "nope", fields={"a": "b"}))

        await raised_by(handler)  # assert_clean runs inside

    def broken(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError(f"failed for {request.url}", request=request)

    await raised_by(broken)


def test_client_repr_hides_secret() -> None:
    client = ConvertClient("app", SECRET, BASE)
    assert SECRET not in repr(client)
    assert SECRET not in str(vars(client))
    assert SECRET not in repr(vars(client)["_engine"].__dict__)


async def test_read_only_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise AssertionError("nothing may be sent")

    async with make_client(handler, read_only=True) as client:
        with pytest.raises(errors.ReadOnlyError) as caught:
            await client.delete_project(1)
    assert_clean(caught.value)
    assert caught.value.operation == "delete project"
    assert "read-only" in str(caught.value)


def test_str_is_one_line_and_bounded() -> None:
    error = errors.ServerError("line one\nline two " + "x" * 1000, operation="get goal", status=500)
    assert "\n" not in str(error)
    assert len(str(error)) <= 310
