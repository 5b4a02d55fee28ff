"""What every networked command shares: building the client, exit codes, one-line errors.

Exit codes (also in `convert-tui --help`): 0 ok, 2 usage or local configuration, 3
authentication (401, and 403: the credentials lack access), 4 network or server, 5 not found.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING

from convert_tui.cli import EXIT_AUTH, EXIT_NETWORK, EXIT_NOT_FOUND, EXIT_OK, EXIT_USAGE
from convert_tui.config.errors import ConfigError
from convert_tui.config.profiles import Profile, check_base_url, resolve_profile

if TYPE_CHECKING:
    from convert_tui.api import ConvertClient

EXIT_FAILURE = 1  # a local I/O failure (disk full, unreadable file)
EXIT_INTERRUPTED = 130


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
    return profile.model_copy(update={"base_url": base_url, "read_only": read_only})


def client_from_args(args: argparse.Namespace) -> ConvertClient:
    from convert_tui.api import ConvertClient  # lazy: keeps `--help` and config errors fast

    profile = profile_from_args(args)
    return ConvertClient(
        profile.app_id, profile.secret, profile.base_url, read_only=profile.read_only
    )


def exit_code_for(exc: BaseException) -> int:
    from convert_tui.api import errors

    if isinstance(exc, errors.AuthError | errors.ForbiddenError):
        return EXIT_AUTH
    if isinstance(exc, errors.NotFoundError):
        return EXIT_NOT_FOUND
    if isinstance(exc, errors.ValidationError | errors.ReadOnlyError | ConfigError):
        return EXIT_USAGE  # the request itself (or the local setup) is wrong
    if isinstance(exc, errors.ConvertError):
        return EXIT_NETWORK  # transport, 5xx, 429, undecodable answers
    if isinstance(exc, KeyboardInterrupt):
        return EXIT_INTERRUPTED
    return EXIT_FAILURE


def describe(exc: BaseException) -> str:
    """One line for the user; names a skewed clock when it explains a 401."""
    from convert_tui.api import errors

    text = str(exc) or type(exc).__name__
    if isinstance(exc, errors.AuthError):
        skew = exc.clock_skew_seconds
        threshold = getattr(errors, "CLOCK_SKEW_HINT_SECONDS", 30.0)
        # AuthError's own str() may already say it; don't say it twice.
        if skew is not None and abs(skew) >= threshold and "clock" not in text:
            text += f" — your clock is {abs(skew):.0f} s off; fix the system time and retry"
    return text


def fail(message: str, code: int = EXIT_USAGE) -> int:
    """Print `convert-tui: error: <message>` as ONE line on stderr; returns `code`."""
    one_line = " ".join(message.split())
    print(f"convert-tui: error: {one_line}", file=sys.stderr)
    return code


def run_guarded(action: Callable[[], int | None]) -> int:
    """Run a command body; expected failures become one stderr line and an exit code."""
    from convert_tui.api.errors import ConvertError

    try:
        result = action()
    except KeyboardInterrupt:
        return fail("interrupted", EXIT_INTERRUPTED)
    except (ConvertError, ConfigError) as exc:
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
    return EXIT_OK if result is None else result


def run_async(coro_factory: Callable[[], Awaitable[int | None]]) -> int:
    """`asyncio.run` a command coroutine under `run_guarded`."""

    async def main() -> int | None:
        return await coro_factory()

    return run_guarded(lambda: asyncio.run(main()))
