"""How a failure is put to the user: what failed (`describe`) and what to do next
(`what_to_do`), so every error the state reports comes with a next step."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from convert_tui.state.types import OnFirstUse

if TYPE_CHECKING:
    from convert_tui.api import errors, tls
else:
    errors = OnFirstUse("convert_tui.api.errors")
    tls = OnFirstUse("convert_tui.api.tls")


# What to do next, per failure class (first match wins): the user always gets a next step.
# (A function: the error classes are imported on first use, see OnFirstUse.)
def hints() -> list[tuple[type[BaseException], str]]:
    return [
        (errors.AuthError,
         "Check the application id and secret (ctrl+p: switch profile or log in)."),
        (errors.ForbiddenError, "This API key has no access to that project."),
        (errors.NotFoundError, "It may have been deleted elsewhere; press r to refresh."),
        (errors.ReadOnlyError, "This profile is read-only."),
        (errors.WrongBaseUrlError,
         "Fix the profile's base URL (ctrl+p: switch profile or log in)."),
        (errors.DeadlineError,
         "The server is too slow; press r to retry (CONVERT_TUI_DEADLINE sets the limit)."),
        (errors.BodyTooLargeError,
         "Set CONVERT_TUI_MAX_BODY_MB higher if this much data is expected, then restart."),
        (errors.SettingError, "Fix or unset that environment variable, then restart."),
        (errors.TransportError, "Check the network and the base URL, then press r to retry."),
        (errors.ServerError, "The server had a problem; press r to retry."),
        (errors.DecodeError, "The server answered something unexpected; press r to retry."),
    ]  # fmt: skip


def refused_write(exc: BaseException) -> bool:
    """A 403 on a change: this key may read but not change data (the server says which
    project or account only in its own words; what the user can do is the same)."""
    if not isinstance(exc, errors.ForbiddenError):
        return False
    from convert_tui.api.endpoints import ENDPOINTS

    return exc.operation in {e.label for e in ENDPOINTS.values() if e.kind == "write"}


REFUSED_WRITE = "This API key may not change data; nothing was changed."


def clock_skew(exc: BaseException) -> float | None:
    """How far off our clock is when that explains a 401 (server minus local seconds)."""
    skew = getattr(exc, "clock_skew_seconds", None)
    if isinstance(exc, errors.AuthError) and skew is not None:
        return skew if abs(skew) >= errors.CLOCK_SKEW_HINT_SECONDS else None
    return None


def what_to_do(exc: BaseException) -> str:
    skew = clock_skew(exc)
    if skew is not None:
        side = "behind" if skew > 0 else "ahead of"
        return (
            f"Not a credentials problem: your clock is {abs(skew):.0f} s off ({side} the "
            "server's). Fix the system time, then press r."
        )
    if refused_write(exc):
        return REFUSED_WRITE
    if isinstance(exc, errors.ValidationError):
        listed = "; ".join(f"{k}: {v}" for k, v in (exc.fields or {}).items())
        return f"Fix: {listed}" if listed else "The server rejected the values sent."
    if isinstance(exc, errors.RateLimitError):
        seconds = exc.retry_after or 0.0
        usable = math.isfinite(seconds) and seconds > 0  # (a hand-made error may hold inf)
        wait = f"{math.ceil(min(seconds, 120.0))} s" if usable else "a moment"
        return f"Too many requests: wait {wait}, then press r."
    if isinstance(exc, errors.TransportError) and tls.certificate_refused(exc):
        return f"{tls.UNTRUSTED_HINT[0].upper()}{tls.UNTRUSTED_HINT[1:]}; then press r."
    hint = next((h for cls, h in hints() if isinstance(exc, cls)), None)
    return hint or "Press r to retry; run with --debug to log details."


def describe(exc: BaseException) -> str:
    """What failed, one line (the clock hint of a skewed 401 is left to `what_to_do`)."""
    if refused_write(exc):
        return f"{getattr(exc, 'operation', '')} refused (HTTP 403)"  # the why: REFUSED_WRITE
    if isinstance(exc, errors.ConvertError):
        return errors.ConvertError.__str__(exc) if clock_skew(exc) is not None else str(exc)
    return f"{type(exc).__name__}: {exc}"
