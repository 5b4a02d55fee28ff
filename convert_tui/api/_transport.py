"""The request engine under ConvertClient.

One shared httpx.AsyncClient (connection reuse), request signing, bounded concurrency, retries
for reads only, coalescing of identical in-flight reads, and mapping of answers to errors.
It speaks raw JSON; ConvertClient turns that into models.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import re
import ssl
import time
from collections.abc import Awaitable, Callable, Mapping
from functools import partial
from typing import Any

import httpx

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
from convert_tui.secret import Secret

Sleep = Callable[[float], Awaitable[None]]

DEFAULT_TIMEOUT = httpx.Timeout(20.0, connect=5.0)
BACKOFF_BASE_SECONDS = 0.5
BACKOFF_CAP_SECONDS = 8.0
# A server asking us to wait longer than this gets the RateLimitError right away: the UI can say
# "try again in N s" instead of looking frozen.
MAX_RETRY_AFTER_SECONDS = 30.0

_RETRYABLE = (TransportError, ServerError, RateLimitError)

# One DEBUG line per HTTP exchange: method, URL, status (or error) and duration. Never headers
# or bodies: they carry the signature and the data.
log = logging.getLogger("convert_tui.api")

# (write generation, method, URL, body): see `_read`.
_ReadKey = tuple[int, str, str, bytes]


def encode_json(payload: Mapping[str, Any]) -> bytes:
    """Compact UTF-8 JSON: serialised once, then both signed and sent."""
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _replace_lone_surrogates(value: Any) -> Any:
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_replace_lone_surrogates(item) for item in value]
    if isinstance(value, dict):
        return {
            _replace_lone_surrogates(key): _replace_lone_surrogates(item)
            for key, item in value.items()
        }
    return value


def decode_json(content: bytes, *, operation: str, secret: str = "") -> Any:
    """The JSON value of an answer body; DecodeError when it is not JSON or nests too deeply.

    A lone surrogate escape ("\\ud800", valid JSON but not text) becomes U+FFFD, so every
    string read can be printed, cached and sent back as UTF-8. Pairs (emoji) are untouched:
    the parser has already joined them into one character.
    """
    try:
        value = json.loads(content)
        if _SURROGATE_ESCAPE.search(content):
            value = _replace_lone_surrogates(value)
        return value
    except RecursionError:
        raise DecodeError(
            "the answer is JSON nested too deeply to read", operation=operation
        ) from None
    except ValueError:
        preview = content[:80].decode("utf-8", errors="replace")
        raise DecodeError(
            redact(f"the answer is not JSON: {preview!r}", secret), operation=operation
        ) from None


def _tls_context(base_url: str) -> ssl.SSLContext:
    """The process's one client context (`api/tls.py`: which CAs, built off the critical
    path), for every base URL: certificates and host names are always verified."""
    from convert_tui.api import tls

    return tls.context()


class RequestEngine:
    def __init__(
        self,
        *,
        app_id: str,
        secret: Secret,
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
            verify=_tls_context(self.base_url),
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
        if isinstance(error, TransportError) and not error.retryable:
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
            started = time.monotonic()
            try:
                request = self._http.build_request(
                    endpoint.method, url, content=body or None, headers=headers
                )
                self.request_count += 1
                response = await self._http.send(request)
            # A hostile base URL can surface below httpx: IDNA errors are ValueErrors and an
            # out-of-range port is an OverflowError from the socket.
            except (httpx.HTTPError, httpx.InvalidURL, ValueError, OverflowError) as exc:
                self._log_exchange(endpoint, url, type(exc).__name__, started)
                error = TransportError(
                    self.redact(f"{type(exc).__name__}: {self._detail(exc)}"),
                    operation=endpoint.label,
                )
                error.retryable = not isinstance(
                    exc, httpx.InvalidURL | httpx.UnsupportedProtocol | ValueError | OverflowError
                )
                raise error from exc
        self._log_exchange(endpoint, url, str(response.status_code), started)
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

    def _detail(self, exc: Exception) -> str:
        if isinstance(exc, httpx.TimeoutException):
            timeout = self._http.timeout
            limit = timeout.connect if isinstance(exc, httpx.ConnectTimeout) else timeout.read
            return f"no answer within {limit:g} s" if limit else "timed out"
        return str(exc) or "no details"

    def _log_exchange(self, endpoint: Endpoint, url: str, outcome: str, started: float) -> None:
        if log.isEnabledFor(logging.DEBUG):
            elapsed = time.monotonic() - started
            log.debug("%s %s -> %s in %.3f s", endpoint.method, self.redact(url), outcome, elapsed)

    def _decode(self, endpoint: Endpoint, content: bytes) -> Any:
        return decode_json(
            content, operation=endpoint.label, secret=self._secret.get_secret_value()
        )
