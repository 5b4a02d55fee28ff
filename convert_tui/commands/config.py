"""`convert-tui config`: where config.toml is (--path), a commented example (--example), and what
in it would not be used (--check: the same checks as the app's start-up, exit 1 when any)."""

from __future__ import annotations

import argparse
import sys


def run(args: argparse.Namespace) -> int:
    from convert_tui.config.config_example import EXAMPLE
    from convert_tui.config.config_file import config_path

    path = config_path()
    if args.path:
        print(path)
        return 0
    if args.example:
        sys.stdout.write(EXAMPLE)
        return 0
    if not args.check:
        state = "exists" if path.is_file() else "does not exist yet (the defaults are used)"
        print(f"{path} {state}.")
        print("`convert-tui config --example` prints every setting; --check checks the file.")
        return 0
    problems = check()
    for problem in problems:
        print(problem)
    if not problems:
        print(f"{path}: every setting is used." if path.is_file() else f"{path}: no file yet.")
    return 1 if problems else 0


def check() -> list[str]:
    """Every problem the app would report at start: the file's, then keymap and theme."""
    from textual.theme import BUILTIN_THEMES

    from convert_tui.config.config_file import load_config
    from convert_tui.ui.keymap import check_keymap
    from convert_tui.ui.theme import theme_problems

    config = load_config()
    problems = [str(p) for p in config.problems]
    problems += theme_problems(config, set(BUILTIN_THEMES))
    problems += check_keymap(config.keymap)[1]
    return problems
