"""`convert-tui` / `convert-tui tui`: open the explorer.

Textual is imported inside the functions, so other subcommands never load it.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from convert_tui.commands.common import profile_from_args
from convert_tui.config.errors import ConfigError, MissingCredentialsError, ProfileNotFoundError

if TYPE_CHECKING:
    from convert_tui.ui.app import ConvertApp


def build_app(args: argparse.Namespace) -> ConvertApp:
    """The app for these flags; raises ConfigError for setups the user must fix first."""
    from convert_tui.ui.app import ConvertApp

    read_only = bool(getattr(args, "read_only", False))
    insecure = bool(getattr(args, "allow_insecure", False))
    if getattr(args, "demo", False):
        return ConvertApp(demo=True, read_only=read_only, allow_insecure=insecure)
    try:
        profile = profile_from_args(args)
    except ProfileNotFoundError as exc:
        # No usable credentials yet: the login screen asks for them, for that profile name.
        message = f"No saved profile {exc.name!r} yet: enter an API key to create it."
        return ConvertApp(
            read_only=read_only, allow_insecure=insecure, login_message=message,
            profile_name=exc.name,
        )  # fmt: skip
    except MissingCredentialsError as exc:
        return ConvertApp(read_only=read_only, allow_insecure=insecure, login_message=str(exc))
    return ConvertApp(profile, read_only=read_only, allow_insecure=insecure)


def run(args: argparse.Namespace) -> int:
    try:
        app = build_app(args)
    except ConfigError as exc:  # e.g. a credentials file others can read
        print(f"convert-tui: {exc}", file=sys.stderr)
        return 2
    return int(app.run() or 0)
