"""Request signing: the contract's known-answer vectors and what the client actually sends."""

from __future__ import annotations

import hashlib
import hmac

import httpx
import pytest
from pydantic import SecretStr

from convert_tui.api import ConvertClient, models
from convert_tui.api.signing import ConvertAuth, sign

APP_ID = "app-123"
SECRET = "s3cr3t"
EXPIRES = 1700000000
PRODUCTION = "https://api.convert.com/api/v1"
VECTOR_LIST = "b17cd62fc57bb4b3a8e8b81986249f2ca8e8aafe1d95051fc09a343305110602"
VECTOR_GET = "aeb636a671dd50a29a41eff9208315db6044848fc7e0becb0f7835b0c5706fe5"


def test_vector_with_body() -> None:
    body = b'{"page":1,"results_per_page":50}'
    assert sign(APP_ID, SECRET, EXPIRES, f"{PRODUCTION}/projects", body) == VECTOR_LIST


def test_vector_without_body() -> None:
    assert sign(APP_ID, SECRET, EXPIRES, f"{PRODUCTION}/projects/get/42", b"") == VECTOR_GET


def test_sign_accepts_secret_str() -> None:
    url = f"{PRODUCTION}/projects/get/42"
    assert sign(APP_ID, SecretStr(SECRET), EXPIRES, url, b"") == VECTOR_GET


class Captured:
    """Records every request; answers lists to list operations, `answer` to the rest."""

    def __init__(self, answer: object) -> None:
        self.requests: list[httpx.Request] = []
        self.answer = answer

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.url.path.endswith("/delete/5/7"):
            return httpx.Response(200, json={"deleted": True, "id": "7"})
        is_list = request.method == "POST" and "/add/" not in request.url.path
        return httpx.Response(200, json=[] if is_list else self.answer)


def _recompute(request: httpx.Request, secret: str = SECRET) -> str:
    message = (
        f"{request.headers['Convert-Application-ID']}\n{request.headers['Expires']}\n"
        f"{request.url}\n".encode()
        + request.content
    )
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    # Expires = now + 60 = the vectors' Expires.
    monkeypatch.setattr("convert_tui.api.signing.time.time", lambda: EXPIRES - 60 + 0.7)


async def test_client_reproduces_list_vector(frozen_clock: None) -> None:
    captured = Captured([])
    async with ConvertClient(
        APP_ID, SECRET, PRODUCTION, transport=httpx.MockTransport(captured)
    ) as client:
        await client.list_projects()
    (request,) = captured.requests
    assert request.content == b'{"page":1,"results_per_page":50}'
    assert request.headers["Expires"] == str(EXPIRES)
    assert request.headers["Convert-Application-ID"] == APP_ID
    assert request.headers["Authorization"] == f"Convert-HMAC-SHA256 Signature={VECTOR_LIST}"


async def test_client_reproduces_get_vector(frozen_clock: None) -> None:
    captured = Captured({"id": 42})
    async with ConvertClient(
        APP_ID, SECRET, PRODUCTION + "/", transport=httpx.MockTransport(captured)
    ) as client:
        await client.get_project(42)
    (request,) = captured.requests
    assert str(request.url) == f"{PRODUCTION}/projects/get/42"
    assert request.content == b""
    assert request.headers["Authorization"] == f"Convert-HMAC-SHA256 Signature={VECTOR_GET}"


async def test_signature_covers_exact_bytes_and_url_sent() -> None:
    captured = Captured({"goal_id": "7"})
    transport = httpx.MockTransport(captured)
    async with ConvertClient(
        "demo", "demo-secret", "http://127.0.0.1:8080/api/v1", transport=transport
    ) as client:
        await client.list_experiences("p 1", search="café ünïcode", experience_status=["active"])
        await client.create_goal("5", models.Goal(goal_name="Ünïcode goal", goal_type="revenue"))
        await client.delete_goal(5, 7)
    assert len(captured.requests) == 3
    for request in captured.requests:
        scheme, signature = request.headers["Authorization"].split(" Signature=")
        assert scheme == "Convert-HMAC-SHA256"
        assert signature == _recompute(request, "demo-secret")
    # Non-ASCII bytes are sent (and signed) as UTF-8, and ids are quoted into the URL.
    assert "café".encode() in captured.requests[0].content
    assert str(captured.requests[0].url).endswith("/experiences/p%201")


async def test_expires_is_now_plus_expires_in(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("convert_tui.api.signing.time.time", lambda: 1000.9)
    captured = Captured({"id": "1"})
    async with ConvertClient(
        "a", "b", "http://sandbox/api/v1", transport=httpx.MockTransport(captured), expires_in=300
    ) as client:
        await client.get_project(1)
    assert captured.requests[0].headers["Expires"] == "1300"


def test_auth_flow_directly_with_streamed_body() -> None:
    auth = ConvertAuth("a", "b", clock=lambda: 10.0)
    request = httpx.Request("POST", "https://h/api/v1/projects?x=1", content=b'{"k":1}')
    signed = next(auth.auth_flow(request))
    assert signed.headers["Expires"] == "70"
    expected = sign("a", "b", 70, "https://h/api/v1/projects?x=1", b'{"k":1}')
    assert signed.headers["Authorization"].endswith(expected)


def test_auth_repr_hides_secret() -> None:
    auth = ConvertAuth("a", "very-secret-value")
    assert "very-secret-value" not in repr(auth)
    assert "very-secret-value" not in str(vars(auth))
