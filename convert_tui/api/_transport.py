"""The request engine under ConvertClient.

One shared httpx.AsyncClient (connection reuse), request signing, bounded concurrency, retries
for reads only, coalescing of identical in-flight reads, and mapping of answers to errors.
It speaks raw JSON; ConvertClient turns that into models.
"""

from __future__ import annotations

import asyncio
import json
import random
from collections.abc import Awaitable, Callable, Mapping
from functools import partial
from typing import Any

import httpx
from pydantic import SecretStr

from convert_tui import __version__
from convert_tui.api.endpoints import ENDPOINTS, Endpoint
from convert_tui.api.errors import (
    DecodeError,
    RateLimitError,
    ReadOnlyError,
    ServerError,
    TransportError,
    error_for_response,
    redact,
)
from convert_tui.api.signing import ConvertAuth

Sleep = Callable[[float], Awaitable[None]]

DEFAULT_TIMEOUT = httpx.Timeout(20.0, connect=5.0)
BACKOFF_BASE_SECONDS = 0.5
BACKOFF_CAP_SECONDS = 8.0
# A server asking us to wait longer than this gets the RateLimitError right away: the UI can say
# "try again in N s" instead of looking frozen.
MAX_RETRY_AFTER_SECONDS = 30.0

_RETRYABLE = (TransportError, ServerError, RateLimitError)

# (write generation, method, URL, body): see `_read`.
_ReadKey = tuple[int, str, str, bytes]


def encode_json(payload: Mapping[str, Any]) -> bytes:
    """Compact UTF-8 JSON: serialised once, then both signed and sent."""
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


class RequestEngine:
    def __init__(
        self,
        *,
        app_id: str,
        secret: SecretStr,
        base_url: str,
        read_only: bool,
        timeout: httpx.Timeout | None,
        transport: httpx.AsyncBaseTransport | None,
        max_retries: int,
        max_concurrency: int,
        expires_in: int,
        sleep: Sleep | None,
    ) -> None:
        if max_concurrency < 1:
            raise ValueError("max_concurrency must be at least 1")
        self.app_id = app_id
        self._secret = secret
        self.base_url = base_url.rstrip("/")
        self.read_only = read_only
        self.max_retries = max(0, max_retries)
        self.request_count = 0
        self._sleep: Sleep = sleep if sleep is not None else asyncio.sleep
        self._random = random.Random()
        self._semaphore = asyncio.Semaphore(max_concurrency)
        self._inflight: dict[_ReadKey, asyncio.Future[bytes]] = {}
        self._write_generation = 0
        self._http = httpx.AsyncClient(
            auth=ConvertAuth(app_id, secret, expires_in=expires_in),
            timeout=timeout if timeout is not None else DEFAULT_TIMEOUT,
            transport=transport,
            limits=httpx.Limits(
                max_connections=max_concurrency, max_keepalive_connections=max_concurrency
            ),
            headers={"Accept": "application/json", "User-Agent": f"convert-tui/{__version__}"},
        )

    # --- public -------------------------------------------------------------------------------

    async def call(
        self, operation: str, ids: Mapping[str, str], payload: Mapping[str, Any] | None
    ) -> Any:
        """Run one operation of the endpoint table and return the decoded JSON answer."""
        endpoint = ENDPOINTS[operation]
        self.check_writable(operation)
        url = self.base_url + endpoint.url_path(**ids)
        body = b"" if payload is None else encode_json(payload)
        if endpoint.kind == "read":
            content = await self._read(endpoint, url, body)
        else:
            try:
                content = await self._send_once(endpoint, url, body)
            finally:
                # Reads started from now on must not join a read sent before this write.
                self._write_generation += 1
        return self._decode(endpoint, content)

    def check_writable(self, operation: str) -> None:
        """Raise ReadOnlyError for a write operation while read-only; reads always pass."""
        endpoint = ENDPOINTS[operation]
        if endpoint.kind == "write" and self.read_only:
            raise ReadOnlyError(
                f"read-only mode: {endpoint.label} was not sent", operation=endpoint.label
            )

    async def aclose(self) -> None:
        pending = [future for future in self._inflight.values() if not future.done()]
        for future in pending:
            future.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        await self._http.aclose()

    def redact(self, text: str) -> str:
        return redact(text, self._secret.get_secret_value())

    # --- reads: coalescing and retries --------------------------------------------------------

    async def _read(self, endpoint: Endpoint, url: str, body: bytes) -> bytes:
        # Identical reads in flight share one request. The shared task is shielded so one
        # cancelled caller (a screen closed mid-load) does not cancel it for the others.
        key: _ReadKey = (self._write_generation, endpoint.method, url, body)
        future = self._inflight.get(key)
        if future is None:
            future = asyncio.ensure_future(self._send_with_retries(endpoint, url, body))
            self._inflight[key] = future
            future.add_done_callback(partial(self._forget, key))
        return await asyncio.shield(future)

    def _forget(self, key: _ReadKey, future: asyncio.Future[bytes]) -> None:
        if self._inflight.get(key) is future:
            del self._inflight[key]
        if not future.cancelled():
            # Marks the exception retrieved: if every caller was cancelled nobody awaits it.
            future.exception()

    async def _send_with_retries(self, endpoint: Endpoint, url: str, body: bytes) -> bytes:
        attempt = 0
        while True:
            try:
                return await self._send_once(endpoint, url, body)
            except _RETRYABLE as error:
                delay = self._retry_delay(error, attempt)
                if delay is None:
                    raise
            attempt += 1
            await self._sleep(delay)

    def _retry_delay(self, error: Exception, attempt: int) -> float | None:
        if attempt >= self.max_retries:
            return None
        if isinstance(error, RateLimitError) and error.retry_after is not None:
            if error.retry_after > MAX_RETRY_AFTER_SECONDS:
                return None
            return error.retry_after
        backoff = min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2.0**attempt)
        # Jitter spreads the retries of concurrent requests that failed together.
        return backoff + self._random.uniform(0, backoff / 2)

    # --- one HTTP exchange --------------------------------------------------------------------

    async def _send_once(self, endpoint: Endpoint, url: str, body: bytes) -> bytes:
        headers = {"Content-Type": "application/json"} if body else None
        async with self._semaphore:
            try:
                request = self._http.build_request(
                    endpoint.method, url, content=body or None, headers=headers
                )
                self.request_count += 1
                response = await self._http.send(request)
            except (httpx.HTTPError, httpx.InvalidURL) as exc:
                detail = str(exc) or "no details"
                raise TransportError(
                    self.redact(f"{type(exc).__name__}: {detail}"), operation=endpoint.label
                ) from exc
        if response.is_success:
            return response.content
        raise error_for_response(
            status=response.status_code,
            content=response.content,
            headers=response.headers,
            operation=endpoint.label,
            reason=response.reason_phrase,
            secrets=(self._secret.get_secret_value(),),
        )

    def _decode(self, endpoint: Endpoint, content: bytes) -> Any:
        try:
            return json.loads(content)
        except ValueError:
            preview = content[:80].decode("utf-8", errors="replace")
            raise DecodeError(
                self.redact(f"the answer is not JSON: {preview!r}"), operation=endpoint.label
            ) from None
