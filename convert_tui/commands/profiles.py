"""`convert-tui profiles`: the saved profiles (name, app id, base URL, read-only), never secrets."""

from __future__ import annotations

import argparse
import os

from convert_tui.commands.common import run_guarded
from convert_tui.config.profiles import ENV_APP_ID, load_profiles, selected_profile_name


def run(args: argparse.Namespace) -> int:
    def list_profiles() -> int:
        profiles = load_profiles()
        if not profiles:
            print("No saved profiles. Run `convert-tui login` to add one.")
        else:
            current = selected_profile_name(None, os.environ)
            rows = [("", "NAME", "APP ID", "BASE URL", "READ-ONLY")]
            rows += [
                (
                    "*" if p.name == current else "",
                    p.name,
                    p.app_id,
                    p.base_url,
                    "yes" if p.read_only else "no",
                )
                for p in profiles.values()
            ]
            widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
            for row in rows:
                cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
                print("  ".join(cells).rstrip())
        if os.environ.get(ENV_APP_ID):
            print(f"Note: {ENV_APP_ID} is set; commands without --profile use the environment.")
        return 0

    return run_guarded(list_profiles)
