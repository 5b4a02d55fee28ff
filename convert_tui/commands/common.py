"""What every networked command shares: building the client, exit codes, one-line errors.

Exit codes (also in `convert-tui --help`): 0 ok, 2 usage or local configuration, 3
authentication (401, and 403: the credentials lack access), 4 network or server, 5 not found.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import logging
import math
import os
import sys
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING

from convert_tui.api.tls import UNTRUSTED_HINT, CABundleError, certificate_refused
from convert_tui.cli import EXIT_AUTH, EXIT_NETWORK, EXIT_NOT_FOUND, EXIT_OK, EXIT_USAGE
from convert_tui.config.errors import ConfigError
from convert_tui.config.profiles import Profile, check_base_url, resolve_profile
from convert_tui.secret import SecretLike

if TYPE_CHECKING:
    from convert_tui.api import ConvertClient

EXIT_FAILURE = 1  # a local I/O failure (disk full, unreadable file), or a bug
EXIT_INTERRUPTED = 130

log = logging.getLogger("convert_tui.commands")


def profile_from_args(args: argparse.Namespace, env: Mapping[str, str] | None = None) -> Profile:
    """The profile selected by --profile / environment, with --base-url and --read-only
    applied and the base URL checked (https unless loopback or --allow-insecure)."""
    profile = resolve_profile(
        getattr(args, "profile", None),
        os.environ if env is None else env,
        base_url=getattr(args, "base_url", None),
    )
    base_url = check_base_url(profile.base_url, getattr(args, "allow_insecure", False))
    # --read-only can only add the restriction, never lift a profile's.
    read_only = bool(getattr(args, "read_only", False)) or profile.read_only
    return dataclasses.replace(profile, base_url=base_url, read_only=read_only)


def prepare_trust(args: argparse.Namespace) -> None:
    """Choose the CAs to trust (--ca-bundle, the environment) and build the TLS context now;
    raises ConfigError naming a bundle that cannot be used."""
    from convert_tui.api import tls

    try:
        tls.prepare(getattr(args, "ca_bundle", None))
        tls.context()
    except tls.CABundleError as exc:
        raise ConfigError(str(exc)) from None


def terminal_width(otherwise: int = 80) -> int:
    """COLUMNS when it is a width (a positive number), else the terminal's, else `otherwise`
    (output piped to a file or a program)."""
    value = os.environ.get("COLUMNS", "")
    if value.isdigit() and int(value) > 0:
        return int(value)
    try:
        return os.get_terminal_size(sys.stdout.fileno()).columns
    except (OSError, ValueError, AttributeError):
        return otherwise


def start_debug_log(args: argparse.Namespace, secret: str | SecretLike | None) -> None:
    """With --debug, log to the redacted debug file (and say where it is, on stderr)."""
    if not getattr(args, "debug", False):
        return
    from convert_tui.config.debuglog import enable_debug_log

    path = enable_debug_log(secret)
    print(f"convert-tui: debug log: {printable(str(path))}", file=sys.stderr)
    log.debug("convert-tui %s", getattr(args, "command", None) or "tui")


def client_from_args(args: argparse.Namespace) -> ConvertClient:
    from convert_tui.api import ConvertClient  # lazy: keeps `--help` and config errors fast
    from convert_tui.config.config_file import client_limits, load_config

    profile = profile_from_args(args)
    start_debug_log(args, profile.secret)
    return ConvertClient(
        profile.app_id,
        profile.secret,
        profile.base_url,
        read_only=profile.read_only,
        on_retry=say_retrying,
        **client_limits(load_config()),  # config.toml [network], unless the environment sets it
    )


def say_retrying(what: str) -> None:
    """A wait over 1 s between tries: one line on stderr, so the wait does not look like a hang."""
    with contextlib.suppress(OSError):  # a closed stderr must not fail the request itself
        print(f"convert-tui: {printable(what)}", file=sys.stderr, flush=True)


def exit_code_for(exc: BaseException) -> int:
    from convert_tui.api import errors

    if isinstance(exc, errors.AuthError | errors.ForbiddenError):
        return EXIT_AUTH
    if isinstance(exc, errors.NotFoundError):
        return EXIT_NOT_FOUND
    if isinstance(
        exc,
        errors.ValidationError
        | errors.ReadOnlyError
        | errors.SettingError
        | ConfigError
        | CABundleError,
    ):
        return EXIT_USAGE  # the request itself (or the local setup) is wrong
    if isinstance(exc, errors.ConvertError):
        # transport, a passed deadline, 5xx, 429, a body over the size cap, undecodable
        # answers, a base URL that is not the API
        return EXIT_NETWORK
    if isinstance(exc, KeyboardInterrupt):
        return EXIT_INTERRUPTED
    return EXIT_FAILURE


def _hint(exc: BaseException) -> str | None:
    """What the user can do about an API error (None when its own text says enough)."""
    from convert_tui.api import errors

    if isinstance(exc, errors.AuthError):
        skew = exc.clock_skew_seconds
        if skew is not None and abs(skew) >= errors.CLOCK_SKEW_HINT_SECONDS:
            side = "behind" if skew > 0 else "ahead of"
            return (
                f"your clock is {abs(skew):.0f} s off ({side} the server's); "
                "fix the system time and retry"
            )
        return "check the application ID and secret key (`convert-tui login` saves new ones)"
    if isinstance(exc, errors.ForbiddenError):
        return "these credentials have no access to it; check the id or use another profile"
    if isinstance(exc, errors.NotFoundError):
        return "check the id; it may have been deleted"
    if isinstance(exc, errors.RateLimitError):
        return f"the API is limiting requests; wait {wait_for(exc)} and retry"
    if isinstance(exc, errors.WrongBaseUrlError):
        return "fix the base URL (--base-url, CONVERT_API_BASE_URL or `convert-tui login`)"
    if isinstance(exc, errors.DeadlineError):
        return "the server is too slow to answer; retry later or raise CONVERT_TUI_DEADLINE"
    if isinstance(exc, errors.BodyTooLargeError | errors.SettingError):
        return None  # their text names the setting
    if isinstance(exc, errors.ServerError):
        return "the server had a problem; retry in a moment"
    if isinstance(exc, errors.TransportError):
        if certificate_refused(exc):
            return UNTRUSTED_HINT
        return "check the network connection and the base URL, then retry"
    if isinstance(exc, errors.DecodeError):
        return "the answer does not look like the Convert API; check the base URL"
    return None


def wait_for(exc: BaseException) -> str:
    """How long a rate-limited client should wait, in words (the wait is at most 120 s)."""
    seconds = getattr(exc, "retry_after", None)
    if not seconds or not math.isfinite(seconds):
        return "a moment"
    return f"{math.ceil(min(seconds, 120.0))} s"


def describe(exc: BaseException) -> str:
    """One line for the user: what failed and what to do (names a skewed clock behind a 401)."""
    from convert_tui.api import errors

    if isinstance(exc, errors.AuthError):
        # The base line: AuthError's own str() words the clock hint for a status bar.
        text = errors.ConvertError.__str__(exc)
    else:
        text = str(exc) or type(exc).__name__
    hint = _hint(exc)
    return f"{text} — {hint}" if hint else text


def printable(text: str) -> str:
    """Text for the terminal (see `convert_tui.display`: the one place text is made safe)."""
    from convert_tui.display import printable as terminal_safe

    return terminal_safe(text)


def fail(message: str, code: int = EXIT_USAGE) -> int:
    """Print `convert-tui: error: <message>` as ONE line on stderr; returns `code`.

    Control characters (ESC, BEL, bidi overrides) are shown escaped, never sent to the terminal.
    """
    one_line = printable(" ".join(message.split()))
    print(f"convert-tui: error: {one_line}", file=sys.stderr)
    return code


def run_guarded(action: Callable[[], int | None]) -> int:
    """Run a command body; expected failures become one stderr line and an exit code."""
    from convert_tui.api.errors import ConvertError

    try:
        result = action()
    except KeyboardInterrupt:
        return fail("interrupted", EXIT_INTERRUPTED)
    except (ConvertError, ConfigError, CABundleError) as exc:
        return fail(describe(exc), exit_code_for(exc))
    except BrokenPipeError:
        # `convert-tui status | head`: the reader left; that is not an error. Point stdout at
        # devnull so the interpreter's final flush does not complain either.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:
        # e.g. a read-only or full disk while saving: say which file, no traceback.
        message = exc.strerror or str(exc)
        if exc.filename:
            message += f": {exc.filename}"
        return fail(message, EXIT_FAILURE)
    except Exception as exc:
        # A bug. The details (which could hold anything) go to the redacted --debug log only.
        # DEBUG, not ERROR: with no log configured, logging's last resort would print it.
        log.debug("unexpected error", exc_info=True)
        return fail(
            f"unexpected internal error ({type(exc).__name__}); this is a bug in convert-tui. "
            "Rerun with --debug and include the debug log in a report",
            EXIT_FAILURE,
        )
    return EXIT_OK if result is None else result


def run_async(coro_factory: Callable[[], Awaitable[int | None]]) -> int:
    """`asyncio.run` a command coroutine under `run_guarded`."""

    async def main() -> int | None:
        return await coro_factory()

    return run_guarded(lambda: asyncio.run(main()))
