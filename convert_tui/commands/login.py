"""`convert-tui login`: ask for what is missing, verify with one signed request, then save.

Nothing is saved unless the API accepted the credentials.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable

from convert_tui.cli import EXIT_AUTH
from convert_tui.commands.common import describe, fail, run_async, start_debug_log
from convert_tui.config.profiles import (
    ENV_BASE_URL,
    PRODUCTION_BASE_URL,
    Profile,
    check_base_url,
    load_profiles,
    save_profile,
    selected_profile_name,
    validate_profile_name,
)
from convert_tui.secret import Secret


def run(args: argparse.Namespace) -> int:
    return run_async(lambda: _login(args))


async def _login(args: argparse.Namespace) -> int:
    from convert_tui.api import ConvertClient
    from convert_tui.api.errors import AuthError

    name = validate_profile_name(selected_profile_name(getattr(args, "profile", None), os.environ))
    # Read the file first: a refused (too open) file should stop us before any prompt.
    existing = load_profiles().get(name)
    base_url = (
        getattr(args, "base_url", None)
        or os.environ.get(ENV_BASE_URL, "").strip()
        or (existing.base_url if existing else PRODUCTION_BASE_URL)
    )
    base_url = check_base_url(base_url, getattr(args, "allow_insecure", False))

    app_id = (getattr(args, "app_id", None) or "").strip()
    if not app_id:
        if args.secret_stdin:
            # stdin carries the secret; a prompt there would swallow it.
            return fail("--secret-stdin needs --app-id")
        app_id = _ask(lambda: input("Convert application ID: "))
    secret = _ask(sys.stdin.readline if args.secret_stdin else _prompt_secret)
    if not app_id or not secret:
        return fail("both an application ID and a secret key are needed")
    start_debug_log(args, secret)

    profile = Profile(
        name=name,
        app_id=app_id,
        secret=Secret(secret),
        base_url=base_url,
        read_only=bool(getattr(args, "read_only", False)),
    )
    # A read-only client: verifying must never change anything.
    try:
        async with ConvertClient(app_id, profile.secret, base_url, read_only=True) as client:
            await client.list_projects(results_per_page=1)
    except AuthError as exc:
        return fail(f"credentials rejected, nothing saved: {describe(exc)}", EXIT_AUTH)
    path = save_profile(profile)
    mode = ", read-only" if profile.read_only else ""
    print(f"Logged in: profile {name!r} (application {app_id} at {base_url}{mode}) saved to {path}")
    return 0


def _prompt_secret() -> str:
    return getpass.getpass("Convert secret key (not shown): ")


def _ask(read: Callable[[], str]) -> str:
    """Call a prompt; end of input counts as an empty answer."""
    try:
        return read().strip()
    except EOFError:
        return ""
