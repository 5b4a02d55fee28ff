"""`convert-tui logout`: forget a saved profile and its cached data."""

from __future__ import annotations

import argparse
import os

from convert_tui.commands.common import run_guarded
from convert_tui.config.cache import TreeCache
from convert_tui.config.profiles import delete_profile, selected_profile_name


def run(args: argparse.Namespace) -> int:
    def logout() -> int:
        name = selected_profile_name(getattr(args, "profile", None), os.environ)
        delete_profile(name)
        # The cache holds that account's projects and reports: drop them with the credentials.
        TreeCache(name).clear()
        print(f"Logged out: profile {name!r} removed.")
        return 0

    return run_guarded(logout)
