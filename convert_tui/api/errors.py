"""Errors raised by the Convert client.

Every error carries the server's message (`.message`), the human operation label
(`.operation`, e.g. "get experience") and the HTTP status when there was one. `str()` is one
readable line for a status bar; messages are redacted before they get here (see `redact`), so
neither the secret nor a signature can leak through an error.
"""

from __future__ import annotations

import email.utils
import json
import math
import re
import time
from collections.abc import Mapping
from typing import Any, ClassVar

_MAX_MESSAGE_CHARS = 300
_SIGNATURE_PATTERN = re.compile(r"(Signature=)[0-9A-Za-z+/=_-]+")
# Below this, a Date/Expires difference is more likely rounding than a wrong clock.
CLOCK_SKEW_HINT_SECONDS = 30.0
# The longest wait a server may ask for: `inf`, 1e400 or a date in year 9999 read as this.
MAX_RETRY_AFTER_SECONDS = 120.0


def redact(text: str, *secrets: str) -> str:
    """Remove secrets and HMAC signatures from text that may be shown or logged."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return _SIGNATURE_PATTERN.sub(r"\1***", text)


def _visible(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _one_line(text: str) -> str:
    line = " ".join(text.split())
    if not line.isprintable():
        # A server's text must not drive the terminal or the status bar (ESC, BEL, bidi...).
        line = "".join(c if c.isprintable() else _visible(c) for c in line)
    if len(line) > _MAX_MESSAGE_CHARS:
        line = line[: _MAX_MESSAGE_CHARS - 1] + "…"
    return line


class ConvertError(Exception):
    default_status: ClassVar[int | None] = None

    def __init__(
        self, message: str, *, operation: str | None = None, status: int | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.operation = operation
        self.status = status if status is not None else self.default_status

    def __str__(self) -> str:
        prefix = f"{self.operation} failed" if self.operation else "request failed"
        suffix = f" (HTTP {self.status})" if self.status is not None else ""
        return _one_line(f"{prefix}: {self.message}{suffix}")

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(message={self.message!r}, "
            f"operation={self.operation!r}, status={self.status!r})"
        )


class AuthError(ConvertError):
    """401: bad or expired signature, unknown application id."""

    default_status = 401

    def __init__(
        self,
        message: str,
        *,
        operation: str | None = None,
        status: int | None = None,
        clock_skew_seconds: float | None = None,
    ) -> None:
        super().__init__(message, operation=operation, status=status)
        # Server clock minus ours; a large value explains an "expired" signature.
        self.clock_skew_seconds = clock_skew_seconds

    def __str__(self) -> str:
        line = super().__str__()
        skew = self.clock_skew_seconds
        if skew is not None and abs(skew) >= CLOCK_SKEW_HINT_SECONDS:
            direction = "behind" if skew > 0 else "ahead of"
            line += f" — this computer's clock is {abs(skew):.0f} s {direction} the server's"
        return line


class ForbiddenError(ConvertError):
    """403: no access to that project."""

    default_status = 403


class NotFoundError(ConvertError):
    """404: unknown id."""

    default_status = 404


class ValidationError(ConvertError):
    """400/422 from the server, or a request refused locally before sending (status None)."""

    def __init__(
        self,
        message: str,
        *,
        operation: str | None = None,
        status: int | None = None,
        fields: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message, operation=operation, status=status)
        self.fields: dict[str, str] = dict(fields or {})

    def __str__(self) -> str:
        line = super().__str__()
        if self.fields:
            details = "; ".join(f"{name}: {problem}" for name, problem in self.fields.items())
            line = _one_line(f"{line} — {details}")
        return line


class RateLimitError(ConvertError):
    """429: too many requests; `.retry_after` seconds from the Retry-After header."""

    default_status = 429

    def __init__(
        self,
        message: str,
        *,
        operation: str | None = None,
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message, operation=operation, status=status)
        self.retry_after = clamp_retry_after(retry_after)


class ServerError(ConvertError):
    """5xx: a fault on the server side."""


class TransportError(ConvertError):
    """No usable HTTP answer: connection refused, DNS, TLS, timeout, broken stream."""

    # A malformed URL fails the same way on every attempt; only network faults are worth a retry.
    retryable: bool = True
    # A refused connection to this machine or a name that does not resolve: one quick retry.
    fails_fast: bool = False


class DeadlineError(TransportError):
    """The whole exchange (body included) or the operation (retries included) took too long."""

    retryable = False  # the server answers, too slowly: trying again would double the wait


class BodyTooLargeError(ConvertError):
    """A body (decoded: a gzip bomb counts as what it inflates to) larger than the size cap."""


class WrongBaseUrlError(ConvertError):
    """The projects list, which every account has, is not at the base URL: the URL is wrong."""


class SettingError(ConvertError):
    """A network setting (CONVERT_TUI_DEADLINE, ...) that is not usable; nothing was sent."""


class DecodeError(ConvertError):
    """A 2xx answer whose body is not JSON or not shaped like the contract says."""


class ReadOnlyError(ConvertError):
    """A mutation refused locally because the client is read-only; nothing was sent."""


def clamp_retry_after(seconds: float | None) -> float | None:
    """At most MAX_RETRY_AFTER_SECONDS; a negative or NaN wait means nothing (None)."""
    if seconds is None or math.isnan(seconds) or seconds < 0:
        return None
    return min(seconds, MAX_RETRY_AFTER_SECONDS)


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Retry-After is either delta-seconds or an HTTP date, at most 120 s; None when absent or
    unreadable (a negative or NaN number, garbage): the caller then backs off on its own."""
    if not value:
        return None
    value = value.strip()
    try:
        return clamp_retry_after(float(value))
    except ValueError:
        pass
    try:
        moment = email.utils.parsedate_to_datetime(value)
        seconds = moment.timestamp() - (time.time() if now is None else now)
    except (TypeError, ValueError, OverflowError, IndexError):
        return None
    return clamp_retry_after(max(0.0, seconds))


def clock_skew(date_header: str | None, *, now: float | None = None) -> float | None:
    """Server time (from its Date header) minus local time, in seconds."""
    if not date_header:
        return None
    try:
        server_time = email.utils.parsedate_to_datetime(date_header).timestamp()
    except (TypeError, ValueError):
        return None
    return server_time - (time.time() if now is None else now)


def contract_error_code(content: bytes) -> int | None:
    """The `code` of the contract's error body (`{"isError": true, "code": 401, ...}`), None
    when the body is not one. A code that is not an HTTP error status reads as 500."""
    if b'"isError"' not in content:  # cheap: most answers are data
        return None
    try:
        payload: Any = json.loads(content)
    except (ValueError, RecursionError):
        return None
    if not isinstance(payload, dict) or payload.get("isError") is not True:
        return None
    code = payload.get("code")
    return code if isinstance(code, int) and 400 <= code <= 599 else 500


def _error_body(content: bytes) -> tuple[str | None, dict[str, str]]:
    """The contract's `{"isError", "code", "message", "fields"}`; tolerant of anything else."""
    try:
        payload: Any = json.loads(content)
    except (ValueError, RecursionError):  # RecursionError: nested deeper than the parser goes
        text = content.decode("utf-8", errors="replace").strip()
        return (text or None), {}
    if not isinstance(payload, dict):
        return None, {}
    message = payload.get("message")
    raw_fields = payload.get("fields")
    fields = (
        {str(name): str(problem) for name, problem in raw_fields.items()}
        if isinstance(raw_fields, dict)
        else {}
    )
    return (str(message) if message is not None else None), fields


def error_for_response(
    *,
    status: int,
    content: bytes,
    headers: Mapping[str, str],
    operation: str,
    reason: str = "",
    secrets: tuple[str, ...] = (),
    now: float | None = None,
) -> ConvertError:
    """Map an error answer to the matching ConvertError subclass: by the `code` of the
    contract's error body when there is one (whatever the status line says), else the status."""
    status = contract_error_code(content) or status
    message, fields = _error_body(content)
    message = redact(message or reason or f"HTTP {status}", *secrets)
    fields = {name: redact(problem, *secrets) for name, problem in fields.items()}
    if status == 401:
        skew = clock_skew(headers.get("date"), now=now)
        return AuthError(message, operation=operation, status=status, clock_skew_seconds=skew)
    if status == 403:
        return ForbiddenError(message, operation=operation, status=status)
    if status == 404:
        return NotFoundError(message, operation=operation, status=status)
    if status in (400, 422):
        return ValidationError(message, operation=operation, status=status, fields=fields)
    if status == 429:
        retry_after = parse_retry_after(headers.get("retry-after"), now=now)
        return RateLimitError(message, operation=operation, status=status, retry_after=retry_after)
    if status >= 500:
        return ServerError(message, operation=operation, status=status)
    # Other 4xx (405, 409, 413...) have no dedicated class; the status tells them apart.
    return ConvertError(message, operation=operation, status=status)
