"""JSON responses and the contract's error body."""

from __future__ import annotations

import json
from email.utils import formatdate
from typing import Any

from starlette.responses import Response


class ApiError(Exception):
    """Raised anywhere in a handler; becomes the contract's error body."""

    def __init__(
        self,
        status: int,
        message: str,
        fields: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.fields = fields
        self.headers = headers or {}


def dumps(data: Any) -> bytes:
    # ensure_ascii keeps lone surrogates and odd code points encodable; allow_nan=False because
    # NaN/Infinity are not JSON.
    return json.dumps(data, ensure_ascii=True, allow_nan=False, separators=(",", ":")).encode()


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(dumps(data), status, headers=headers, media_type="application/json")


def error_body(status: int, message: str, fields: dict[str, str] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"isError": True, "code": status, "message": message}
    if status in (400, 422):
        body["fields"] = fields or {}
    return body


def error_response(exc: ApiError) -> Response:
    return json_response(error_body(exc.status, exc.message, exc.fields), exc.status, exc.headers)


def http_date() -> str:
    return formatdate(usegmt=True)


async def send_error(
    send: Any, status: int, message: str, headers: dict[str, str] | None = None
) -> None:
    """Answer an error straight from an ASGI middleware (no Starlette request needed)."""
    body = dumps(error_body(status, message))
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    raw += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})
