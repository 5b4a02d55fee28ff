"""The request engine under ConvertClient.

One shared httpx.AsyncClient (connection reuse), request signing, bounded concurrency, retries
for reads only, coalescing of identical in-flight reads, and mapping of answers to errors.
It speaks raw JSON; ConvertClient turns that into models.
"""

from __future__ import annotations

import asyncio
import logging
import math
import random
import socket
import ssl
import time
from collections.abc import Awaitable, Callable, Mapping
from functools import partial
from typing import Any

import httpx

from convert_tui import __version__
from convert_tui.api._body import ACCEPT_ENCODING, decode_json, encode_json, read_body
from convert_tui.api._deadlines import Deadlines
from convert_tui.api.endpoints import ENDPOINTS, PRODUCTION_BASE_URL, Endpoint
from convert_tui.api.errors import (
    ConvertError,
    DeadlineError,
    NotFoundError,
    RateLimitError,
    ReadOnlyError,
    ServerError,
    SettingError,
    TransportError,
    WrongBaseUrlError,
    contract_error_code,
    error_for_response,
    redact,
)
from convert_tui.api.limits import NetworkLimits, network_limits
from convert_tui.api.signing import ConvertAuth
from convert_tui.secret import Secret

Sleep = Callable[[float], Awaitable[None]]
OnRetry = Callable[[str], None]

DEFAULT_TIMEOUT = httpx.Timeout(20.0, connect=5.0)
BACKOFF_BASE_SECONDS = 0.5
BACKOFF_CAP_SECONDS = 8.0
# A server asking us to wait longer than this gets the RateLimitError right away: the UI can say
# "try again in N s" instead of looking frozen.
MAX_RETRY_AFTER_SECONDS = 30.0
# A refused connection to this machine, or a host name that does not resolve, is retried once
# after this long: a server starting up gets a moment, a typo does not cost seconds.
FAST_RETRY_SECONDS = 0.2
# Waits longer than this are announced (`on_retry`): silence that long looks like a hang.
ANNOUNCE_WAITS_OVER_SECONDS = 1.0
# Of an error answer only the start is read: its message is cut to one line anyway.
ERROR_BODY_BYTES = 64 * 1024

_RETRYABLE = (TransportError, ServerError, RateLimitError)

# One DEBUG line per HTTP exchange: method, URL, status (or error) and duration. Never headers
# or bodies: they carry the signature and the data.
log = logging.getLogger("convert_tui.api")

# (write generation, method, URL, body): see `_read`.
_ReadKey = tuple[int, str, str, bytes]

__all__ = ["RequestEngine", "decode_json", "encode_json"]


class _Budget:
    """The time one operation may still take: its attempts and the waits between them."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.used = 0.0

    def left(self) -> float:
        return self.seconds - self.used

    def allows_wait(self, delay: float) -> bool:
        return self.used + delay < self.seconds


def _fails_fast(exc: BaseException, host: str) -> str | None:
    """What went wrong, when it is a refused connection to this machine or a name that does
    not resolve (both fail the same way a moment later); None for anything else."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, socket.gaierror):
            return f"cannot resolve the host name {host!r}"
        if isinstance(seen, ConnectionRefusedError) and _is_loopback(host):
            return f"connection refused by {host} (nothing is listening on that port)"
        seen = seen.__cause__ or seen.__context__
    return None


def _is_loopback(host: str) -> bool:
    host = host.strip("[]").lower()
    return host == "localhost" or host.startswith("127.") or host == "::1"


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
        deadline: float | None = None,
        max_body_mb: float | None = None,
        on_retry: OnRetry | None = None,
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
        self._on_retry = on_retry
        # A bad setting fails each call with a message naming it (never the constructor: the
        # app builds its client while starting and must still start).
        self._setting_error: SettingError | None = None
        try:
            self.limits = network_limits(deadline=deadline, max_body_mb=max_body_mb)
        except SettingError as error:
            self._setting_error, self.limits = error, NetworkLimits()
        self._random = random.Random()
        self._semaphore = asyncio.Semaphore(max_concurrency)
        self._deadlines = Deadlines()
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
        return self.decode(operation, await self.call_for_body(operation, ids, payload))

    async def call_for_body(
        self, operation: str, ids: Mapping[str, str], payload: Mapping[str, Any] | None
    ) -> bytes:
        """Run one operation of the endpoint table and return the answer's body, as read
        within the size cap (an error answer raises; `decode` makes JSON of the rest)."""
        endpoint = ENDPOINTS[operation]
        self.check_writable(operation)
        if self._setting_error is not None:
            raise self._setting_error
        url = self.base_url + endpoint.url_path(**ids)
        body = b"" if payload is None else encode_json(payload)
        try:
            if endpoint.kind == "read":
                content = await self._read(endpoint, url, body)
            else:
                try:
                    budget = _Budget(self.limits.operation_deadline)
                    content = await self._send_once(endpoint, url, body, budget)
                finally:
                    # Reads started from now on must not join a read sent before this write.
                    self._write_generation += 1
        except NotFoundError as error:
            if operation == "list_projects":  # every account has this list: the URL is wrong
                raise self._wrong_base_url(error) from error
            raise
        return content

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

    def _wrong_base_url(self, error: NotFoundError) -> WrongBaseUrlError:
        return WrongBaseUrlError(
            self.redact(
                f"the base URL {self.base_url} has no projects list (HTTP 404 for "
                f"{self.base_url}/projects), so it is not the Convert API v1; a correct base "
                f"URL looks like {PRODUCTION_BASE_URL}"
            ),
            operation=error.operation,
        )

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
        # Retries and their waits share one budget: an operation ends within 120 s.
        budget = _Budget(self.limits.operation_deadline)
        attempt = 0
        while True:
            try:
                return await self._send_once(endpoint, url, body, budget)
            except _RETRYABLE as error:
                delay = self._retry_delay(error, attempt)
                if delay is None or not budget.allows_wait(delay):
                    raise
                self._announce(error, delay, attempt)
            attempt += 1
            budget.used += delay
            await self._sleep(delay)

    def _retry_delay(self, error: Exception, attempt: int) -> float | None:
        if attempt >= self.max_retries:
            return None
        if isinstance(error, TransportError) and not error.retryable:
            return None
        if isinstance(error, TransportError) and error.fails_fast:
            return FAST_RETRY_SECONDS if attempt == 0 else None
        if isinstance(error, RateLimitError) and error.retry_after is not None:
            if error.retry_after > MAX_RETRY_AFTER_SECONDS:
                return None
            return error.retry_after
        backoff = min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2.0**attempt)
        # Jitter spreads the retries of concurrent requests that failed together.
        return backoff + self._random.uniform(0, backoff / 2)

    def _announce(self, error: ConvertError, delay: float, attempt: int) -> None:
        """Say what is being tried when the wait is long enough to look like a hang."""
        if self._on_retry is None or delay <= ANNOUNCE_WAITS_OVER_SECONDS:
            return
        what = str(error).removeprefix(f"{error.operation} failed: ")
        tries = self.max_retries + 1
        self._on_retry(
            f"{error.operation}: {what} — trying again in {math.ceil(delay)} s "
            f"(attempt {attempt + 2} of {tries})"
        )

    # --- one HTTP exchange --------------------------------------------------------------------

    async def _send_once(self, endpoint: Endpoint, url: str, body: bytes, budget: _Budget) -> bytes:
        async with self._semaphore:  # (time queued here is not the request's)
            started = time.monotonic()
            limit = min(self.limits.deadline, budget.left())
            try:
                return await self._deadlines.within(limit, self._exchange(endpoint, url, body))
            except TimeoutError:
                self._log_exchange(endpoint, url, "deadline", started)
                raise self._deadline_error(endpoint, limit) from None
            finally:
                budget.used += time.monotonic() - started

    def _deadline_error(self, endpoint: Endpoint, limit: float) -> DeadlineError:
        if limit < self.limits.deadline:
            whole = self.limits.operation_deadline
            why = f"the operation's {whole:g} s (retries and waits included) ran out"
        else:
            why = f"no complete answer within {limit:g} s (the deadline: CONVERT_TUI_DEADLINE)"
        return DeadlineError(why, operation=endpoint.label)

    async def _exchange(self, endpoint: Endpoint, url: str, body: bytes) -> bytes:
        headers = {"Accept-Encoding": ACCEPT_ENCODING}  # only what `read_body` inflates itself
        if body:
            headers["Content-Type"] = "application/json"
        started = time.monotonic()
        try:
            request = self._http.build_request(
                endpoint.method, url, content=body or None, headers=headers
            )
            self.request_count += 1
            response = await self._http.send(request, stream=True)
            try:
                ok = response.is_success
                cap = self.limits.max_body_bytes
                content = await read_body(
                    response, cap=cap if ok else min(cap, ERROR_BODY_BYTES),
                    operation=endpoint.label, truncate=not ok,
                )  # fmt: skip
            finally:
                await response.aclose()
        # A hostile base URL can surface below httpx: IDNA errors are ValueErrors and an
        # out-of-range port is an OverflowError from the socket.
        except (httpx.HTTPError, httpx.InvalidURL, ValueError, OverflowError) as exc:
            self._log_exchange(endpoint, url, type(exc).__name__, started)
            raise self._transport_error(endpoint, url, exc) from exc
        self._log_exchange(endpoint, url, str(response.status_code), started)
        # The contract's error body is an error whatever the status line says.
        if ok and contract_error_code(content) is None:
            return content
        raise error_for_response(
            status=response.status_code,
            content=content,
            headers=response.headers,
            operation=endpoint.label,
            reason=response.reason_phrase,
            secrets=(self._secret.get_secret_value(),),
        )

    def _transport_error(self, endpoint: Endpoint, url: str, exc: Exception) -> TransportError:
        fast = (
            _fails_fast(exc, httpx.URL(url).host) if isinstance(exc, httpx.ConnectError) else None
        )
        detail = fast or self._detail(exc)
        error = TransportError(
            self.redact(f"{type(exc).__name__}: {detail}"), operation=endpoint.label
        )
        error.retryable = not isinstance(
            exc, httpx.InvalidURL | httpx.UnsupportedProtocol | ValueError | OverflowError
        )
        error.fails_fast = fast is not None
        return error

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

    def decode(self, operation: str, content: bytes) -> Any:
        """The JSON value of an answer's body (DecodeError: not JSON, or nested too deeply)."""
        return decode_json(
            content, operation=ENDPOINTS[operation].label, secret=self._secret.get_secret_value()
        )
