"""`convert-tui` / `convert-tui tui`: open the explorer.

Textual is imported inside the functions, so other subcommands never load it. Start-up is
fast by construction: `run` paints the first frame (the cached tree of the profile named by the
flags and environment) before the profile is resolved and the API client imported, which then
happens right after that frame (see ConvertApp's `resolve`).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import signal
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from convert_tui.config.errors import ConfigError, MissingCredentialsError, ProfileNotFoundError

if TYPE_CHECKING:
    from convert_tui.config.profiles import Profile
    from convert_tui.ui.app import ConvertApp, Resolved

# As in config.profiles (not imported here: pydantic); tests/test_perf_behaviour.py checks.
DEFAULT_PROFILE = "default"
ENV_PROFILE_NAME = "env"
QUIT_SIGNALS = ("SIGTERM", "SIGHUP")


def profile_name_hint(args: argparse.Namespace, env: Mapping[str, str] | None = None) -> str:
    """The name of the profile `config.profiles.resolve_profile` will pick for these flags,
    without loading it: whose disk cache to paint the first frame from."""
    environ = os.environ if env is None else env
    name = getattr(args, "profile", None)
    if name:
        return str(name)
    if environ.get("CONVERT_APPLICATION_ID", "").strip() or environ.get("CONVERT_SECRET_KEY"):
        return ENV_PROFILE_NAME
    return environ.get("CONVERT_PROFILE", "").strip() or DEFAULT_PROFILE


def resolve(args: argparse.Namespace) -> Resolved:
    """(the profile, None, its name), or (None, why the login screen opens, the name to save
    under). Raises ConfigError for setups the user must fix first."""
    from convert_tui.commands.common import prepare_trust, profile_from_args, start_debug_log

    # After the first frame (a thread started before it slowed it by 10-30%, contending with
    # Textual's imports). A CA bundle that does not load: said as a bad credentials file is.
    prepare_trust(args)
    # --debug: the redacted log starts now; the app adds each secret it is given to what the
    # log hides (a profile's, one typed into the login screen, the demo sandbox's).
    try:
        profile = profile_from_args(args)
    except ProfileNotFoundError as exc:
        # No usable credentials yet: the login screen asks for them, for that profile name.
        message = f"No saved profile {exc.name!r} yet: enter an API key to create it."
        start_debug_log(args, None)
        return None, message, exc.name
    except MissingCredentialsError as exc:
        start_debug_log(args, None)
        return None, str(exc), DEFAULT_PROFILE
    start_debug_log(args, profile.secret)
    return profile, None, profile.name


def build_app(args: argparse.Namespace, *, deferred: bool = False) -> ConvertApp:
    """The app for these flags; raises ConfigError for setups the user must fix first.
    `deferred`: resolve the profile after the first frame (ConfigError then ends the app
    with `startup_error` set)."""
    # Start-up creates tens of thousands of objects that live as long as the app (modules,
    # classes, widgets); the cyclic GC's passes over them free nothing and cost ~10% of the
    # time to the first frame. Off until the app has started (it turns it back on).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _new_app(args, deferred, gc_paused=collecting)
    except BaseException:
        if collecting:
            gc.enable()
        raise


def _new_app(args: argparse.Namespace, deferred: bool, gc_paused: bool) -> ConvertApp:
    from convert_tui.ui.app import ConvertApp

    read_only = bool(getattr(args, "read_only", False))
    insecure = bool(getattr(args, "allow_insecure", False))
    debug = bool(getattr(args, "debug", False))
    use_cache = not getattr(args, "no_cache", False)

    from convert_tui.config.settings import load_settings

    landing = load_settings().landing  # the overview on a first run, else where one left

    def app(profile: Profile | None = None, **more: Any) -> ConvertApp:
        return ConvertApp(
            profile, read_only=read_only, allow_insecure=insecure, debug=debug,
            use_cache=use_cache, gc_paused=gc_paused, landing=landing, **more,
        )  # fmt: skip

    if getattr(args, "demo", False):
        from convert_tui.commands.common import prepare_trust, start_debug_log

        prepare_trust(args)
        start_debug_log(args, None)
        return app(demo=True)
    if deferred:
        return app(profile_name=profile_name_hint(args), resolve=lambda: resolve(args))
    profile, message, name = resolve(args)
    if profile is None:
        return app(login_message=message, profile_name=name)
    return app(profile)


def run_until_quit(app: ConvertApp) -> None:
    """`app.run()`, with SIGTERM and SIGHUP handled like a quit (drafts written, the terminal
    restored, exit 0) instead of killing the process mid-frame: the terminal would be left in
    the alternate screen with mouse tracking on and the cursor hidden, and the last 0.5 s of
    typing would be lost. (Ctrl+z and `fg` are the driver's SIGTSTP/SIGCONT; see ConvertApp.)
    """
    from convert_tui.ui.crash import quit_on_signal

    async def main() -> None:
        loop = asyncio.get_running_loop()
        handled = [s for s in QUIT_SIGNALS if hasattr(signal, s)]  # no SIGHUP on Windows
        for name in handled:
            loop.add_signal_handler(getattr(signal, name), quit_on_signal, app)
        try:
            await app.run_async()
        finally:
            for name in handled:
                loop.remove_signal_handler(getattr(signal, name))

    asyncio.run(main())


def run(args: argparse.Namespace) -> int:
    try:
        app = build_app(args, deferred=True)
    except ConfigError as exc:
        print(f"convert-tui: {exc}", file=sys.stderr)
        return 2
    try:
        run_until_quit(app)
    except Exception as exc:  # a bug outside the app's own handling (that writes a report)
        from convert_tui.commands.common import fail

        return fail(f"unexpected internal error ({type(exc).__name__}); this is a bug", 1)
    if app.startup_error:  # e.g. a credentials file others can read
        print(f"convert-tui: {app.startup_error}", file=sys.stderr)
        return 2
    if app.crash_message:  # a bug stopped it: one line (the details are in the crash report)
        print(app.crash_message, file=sys.stderr)
    return app.return_code or 0
