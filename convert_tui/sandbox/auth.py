"""Request signing check ("requestSigning" of the contract).

signature = hex(HMAC-SHA256(secret, app_id + "\\n" + expires + "\\n" + full URL + "\\n" + body))
"""

from __future__ import annotations

import hashlib
import hmac
import re
import time
from collections.abc import Callable
from typing import Any

from convert_tui.sandbox.responses import send_error

SCHEME = "Convert-HMAC-SHA256"
MAX_BODY_BYTES = 1024 * 1024
_EXPIRES = re.compile(r"^[0-9]{1,12}$")
_AUTHORIZATION = re.compile(r"^Convert-HMAC-SHA256 Signature=([0-9a-f]{64})$")


def sign(app_id: str, secret: str, expires: str, url: str, body: bytes) -> str:
    message = b"\n".join([app_id.encode(), expires.encode(), url.encode(), body])
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def received_url(scope: dict[str, Any]) -> str:
    """The absolute URL as the client sent it: scheme, Host header, raw path and query."""
    headers = dict(scope.get("headers") or [])
    host = headers.get(b"host", b"").decode("latin-1")
    if not host:
        server_host, server_port = scope.get("server") or ("127.0.0.1", 80)
        host = f"[{server_host}]" if ":" in server_host else server_host
        host = f"{host}:{server_port}"
    raw_path = scope.get("raw_path") or scope["path"].encode()
    url = f"{scope.get('scheme', 'http')}://{host}{raw_path.decode('latin-1')}"
    query = scope.get("query_string") or b""
    return f"{url}?{query.decode('latin-1')}" if query else url


def check(
    headers: dict[bytes, bytes],
    url: str,
    body: bytes,
    secrets: dict[str, str],
    now: float,
) -> str | None:
    """Return why the request is unauthorised, or None when the signature is good."""
    app_id = headers.get(b"convert-application-id")
    expires = headers.get(b"expires")
    authorization = headers.get(b"authorization")
    if app_id is None or expires is None or authorization is None:
        missing = [
            name
            for name, value in (
                ("Convert-Application-ID", app_id),
                ("Expires", expires),
                ("Authorization", authorization),
            )
            if value is None
        ]
        return f"Missing header: {', '.join(missing)}"
    app = app_id.decode("latin-1")
    secret = secrets.get(app)
    if secret is None:
        return "Unknown application id"
    expires_text = expires.decode("latin-1")
    if not _EXPIRES.match(expires_text):
        return "Expires must be a UNIX time in whole seconds"
    if int(expires_text) < int(now):
        return "Signature expired (Expires is in the past)"
    match = _AUTHORIZATION.match(authorization.decode("latin-1"))
    if match is None:
        return f"Authorization must be '{SCHEME} Signature=<64 lowercase hex>'"
    expected = sign(app, secret, expires_text, url, body)
    if not hmac.compare_digest(expected, match.group(1)):
        return "Invalid signature"
    return None


class SignatureMiddleware:
    """Buffers the body (bounded), checks the signature, then replays the body downstream.

    The raw body is also left in scope["sandbox.body"] so handlers parse exactly what was signed.
    """

    def __init__(
        self, app: Any, secrets: dict[str, str], clock: Callable[[], float] = time.time
    ) -> None:
        self.app = app
        self.secrets = secrets
        self.clock = clock

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > MAX_BODY_BYTES:
                await send_error(send, 413, f"Request body larger than {MAX_BODY_BYTES} bytes")
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        headers = dict(scope.get("headers") or [])
        problem = check(headers, received_url(scope), body, self.secrets, self.clock())
        if problem is not None:
            await send_error(send, 401, problem)
            return
        scope["sandbox.body"] = body
        replayed = False

        async def replay() -> dict[str, Any]:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            result: dict[str, Any] = await receive()
            return result

        await self.app(scope, replay, send)
