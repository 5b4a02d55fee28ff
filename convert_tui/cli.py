"""Command-line entry point.

Parsing only: every subcommand lives in `convert_tui.commands.<name>` and is imported lazily, so
`convert-tui status` never pays for textual and `--help` stays instant.
"""

from __future__ import annotations

import argparse
import codecs
import gc
import importlib
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from convert_tui import __version__, process_end

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_AUTH = 3
EXIT_NETWORK = 4
EXIT_NOT_FOUND = 5
ONE_SHOT_COMMANDS = frozenset(
    {"status", "report", "login", "logout", "profiles", "config", "completion"}
)
NETWORK_COMMANDS = frozenset({"tui", "status", "report", "login"})


def _add_connection_flags(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    # On subcommands the defaults are suppressed so a flag given before the subcommand
    # (`convert-tui --profile x status`) is not overwritten by the subparser's default.
    none = None if top else argparse.SUPPRESS
    false = False if top else argparse.SUPPRESS
    parser.add_argument(
        "--profile", default=none, help="saved profile (default: CONVERT_PROFILE or 'default')"
    )
    parser.add_argument(
        "--base-url", default=none, help="API base URL (default: the profile's, or production)"
    )
    parser.add_argument(
        "--allow-insecure",
        action="store_true",
        default=false,
        help="allow an http:// base URL that is not on this machine",
    )
    parser.add_argument(
        "--ca-bundle",
        metavar="FILE",
        default=none,
        help="trust the CA certificates in FILE (PEM) instead of the system's "
        "(default: CONVERT_CA_BUNDLE, then SSL_CERT_FILE / SSL_CERT_DIR)",
    )
    parser.add_argument(
        "--debug", action="store_true", default=false, help="write a redacted debug log"
    )


def _add_stats_flags(parser: argparse.ArgumentParser) -> None:
    """The statistics settings (`report` and `status`): level, sides, sequential testing."""
    parser.add_argument(
        "--confidence",
        metavar="LEVEL",
        help="90, 95 or 99 (or 0.9 ...); default: the experience's own",
    )
    parser.add_argument(
        "--sides",
        type=int,
        choices=[1, 2],
        help="2: two-sided (default, or config.toml's); 1: 'the variation is better' only",
    )
    parser.add_argument(
        "--sequential", action="store_true", help="always-valid results, safe to check at any time"
    )
    parser.add_argument(
        "--tuning",
        metavar="N",
        help="sequential: total visitors where the interval is narrowest (5000)",
    )


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The command line's parser. Given the `argv` it will parse, only the subcommand named
    there is set up (argparse's set-up of them all is ~5 ms of every start); for help, or a
    command line whose subcommand is unclear, all of them."""
    parser = argparse.ArgumentParser(
        prog="convert-tui",
        description="A keyboard-driven terminal explorer for Convert Experiences (REST API v1).",
        epilog="Without a subcommand the explorer opens. Exit codes: 0 ok, 2 usage, "
        "3 authentication, 4 network or server, 5 not found.",
    )
    parser.add_argument("--version", action="version", version=f"convert-tui {__version__}")
    parser.add_argument(
        "--demo", action="store_true", help="open the explorer on a built-in demo sandbox"
    )
    parser.add_argument("--read-only", action="store_true", help="hide and block every change")
    parser.add_argument("--no-cache", action="store_true", help="ignore the on-disk cache")
    _add_connection_flags(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    wanted = None if argv is None else _subcommands_named(argv)
    for name, (help_text, description, add_arguments) in _SUBCOMMANDS.items():
        if wanted is None or name in wanted:
            add_arguments(sub.add_parser(name, help=help_text, description=description))
    return parser


# Top-level flags that take a value (a subcommand name after one is that value).
_VALUE_FLAGS = ("--profile", "--base-url", "--ca-bundle")


def _subcommands_named(argv: Sequence[str]) -> set[str] | None:
    """The subcommand `argv` names ({}: none, the explorer), or None when help is asked
    for or the first word is not one (argparse then sees them all and says what is wrong)."""
    if any(token == "-h" or (len(token) > 3 and "--help".startswith(token)) for token in argv):
        return None
    takes_value = False
    for token in argv:
        if takes_value:
            takes_value = False
        elif token == "--":
            return None
        elif token.startswith("--"):
            # argparse accepts unambiguous prefixes (--prof x) and --flag=value
            takes_value = "=" not in token and any(f.startswith(token) for f in _VALUE_FLAGS)
        elif token.startswith("-"):
            return None
        else:
            return {token} if token in _SUBCOMMANDS else None
    return set()


def _add_login(login: argparse.ArgumentParser) -> None:
    _add_connection_flags(login)
    login.add_argument("--app-id", help="Convert application id")
    login.add_argument("--secret-stdin", action="store_true", help="read the secret from stdin")
    login.add_argument(
        "--read-only", action="store_true", default=argparse.SUPPRESS, help="mark it read-only"
    )


def _add_logout(logout: argparse.ArgumentParser) -> None:
    logout.add_argument("--profile", default=argparse.SUPPRESS, help="profile name")


def _add_sandbox(sandbox: argparse.ArgumentParser) -> None:
    sandbox.add_argument("--host", default="127.0.0.1")
    sandbox.add_argument("--port", type=int, default=8787)
    sandbox.add_argument("--app-id", default="demo")
    sandbox.add_argument("--secret", default="demo-secret")
    sandbox.add_argument("--data", metavar="FILE", help="persist the data in FILE")
    sandbox.add_argument("--seed", type=int, default=1)
    sandbox.add_argument("--projects", type=int, default=3)
    sandbox.add_argument("--experiences", type=int, default=40, help="experiences in all")
    sandbox.add_argument("--latency-ms", type=int, default=0)
    sandbox.add_argument("--fail-rate", type=float, default=0.0, help="share answered 500")
    sandbox.add_argument("--rate-limit", type=float, default=0.0, help="requests/s (0: none)")
    sandbox.add_argument(
        "--tls", action="store_true", help="serve https with a throwaway CA (its path is printed)"
    )


def _add_report(report: argparse.ArgumentParser) -> None:
    report.add_argument("project_id")
    report.add_argument("experience_id")
    report.add_argument("--goal", metavar="GOAL_ID")
    report.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD")
    report.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD")
    report.add_argument(
        "--correction", choices=["none", "bonferroni", "sidak"],
        help="multiple-comparison correction (default: config.toml's, else none)",
    )  # fmt: skip
    _add_stats_flags(report)
    fmt = report.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="print one JSON object")
    fmt.add_argument("--csv", action="store_true", help="print CSV")
    _add_connection_flags(report)


def _add_status(status: argparse.ArgumentParser) -> None:
    status.add_argument("--project", metavar="ID", help="only this project")
    status.add_argument("--all", action="store_true", help="also paused and scheduled")
    status.add_argument("--json", action="store_true", help="print one JSON object")
    status.add_argument(
        "--alert",
        metavar="NAMES",
        help="exit 1 when an experience shown has any of these alerts (comma-separated: "
        "srm,winner,loser,no-traffic,overdue)",
    )
    status.add_argument(
        "--watch", type=float, metavar="N", help="redraw every N seconds until Ctrl+C"
    )
    _add_stats_flags(status)
    _add_connection_flags(status)


def _add_config(config: argparse.ArgumentParser) -> None:
    what = config.add_mutually_exclusive_group()
    what.add_argument("--path", action="store_true", help="print where config.toml is read from")
    what.add_argument("--example", action="store_true", help="print a commented example")
    what.add_argument("--check", action="store_true", help="list what config.toml sets in vain")


def _add_completion(completion: argparse.ArgumentParser) -> None:
    completion.add_argument("shell", choices=["bash", "zsh", "fish"], metavar="SHELL")


def _no_arguments(_parser: argparse.ArgumentParser) -> None:
    pass


# name -> (its line in --help, its own --help's description, what adds its arguments), in
# the order --help lists them.
_SUBCOMMANDS: dict[str, tuple[str, str | None, Callable[[argparse.ArgumentParser], None]]] = {
    "tui": ("open the explorer (the default)", None, _no_arguments),
    "login": ("verify and save credentials for a profile", None, _add_login),
    "logout": ("forget a saved profile", None, _add_logout),
    "profiles": ("list saved profiles (never secrets)", None, _no_arguments),
    "sandbox": ("run the local API sandbox with demo data", None, _add_sandbox),
    "report": ("print an experience's report with statistics", None, _add_report),
    "status": ("one line per running experience", None, _add_status),
    "config": ("the settings file: where it is, an example, a check", None, _add_config),
    "completion": (
        "print a shell completion script (bash, zsh, fish)",
        "Print the completion script for SHELL (the README shows where it goes).",
        _add_completion,
    ),
}


# One ASCII character for the symbols the output uses (one each: `status` columns stay aligned).
_ASCII_FALLBACK = str.maketrans({"—": "-", "–": "-", "…": "~", "•": "*", "·": ".", "×": "x",
                                 "✓": "v", "✗": "x", "≥": ">", "≤": "<", "±": "~"})  # fmt: skip


def _ascii_fallback(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start : error.end].translate(_ASCII_FALLBACK)
    return "".join(ch if ch.isascii() else "?" for ch in text), error.end


def _output_never_fails_to_encode() -> None:
    """Output to a terminal or pipe that cannot show every character (a latin-1 or ASCII locale,
    PYTHONIOENCODING=ascii) gets an ASCII stand-in for what it cannot encode (`-` for a dash,
    else `?`) instead of ending the command on a UnicodeEncodeError. (JSON is ASCII already.)"""
    codecs.register_error("convert-tui-ascii", _ascii_fallback)
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if callable(reconfigure) and encoding not in ("utf8", "utf8sig"):
            reconfigure(errors="convert-tui-ascii")


def program() -> NoReturn:
    """The `convert-tui` executable: `main` in a process that ends with it."""
    try:
        code = main(process_ends=True)
    except SystemExit as exc:  # (a library's, under a command: the code it asked for)
        process_end.exit_code(exc.code if isinstance(exc.code, int) else int(exc.code is not None))
        raise
    process_end.exit_code(code)
    sys.exit(code)


def main(argv: Sequence[str] | None = None, *, process_ends: bool = False) -> int:
    _output_never_fails_to_encode()
    words = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(words)
    try:
        args = parser.parse_args(words)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    command = args.command or "tui"
    # The one-shot commands run without the cyclic GC: its passes over what the imports made
    # free nothing and cost ~8% of a `status`; reference counting frees the rest, and they end
    # in a second. (The TUI pauses it only while it starts, see commands.tui; the sandbox
    # server runs for hours and keeps it.)
    collecting = gc.isenabled()
    if command in ONE_SHOT_COMMANDS:
        gc.disable()
        if process_ends:
            process_end.skip_teardown()  # (see convert_tui.process_end)
    try:
        # (The TUI chooses its trust after its first frame: commands.tui.resolve.)
        if command in NETWORK_COMMANDS - {"tui"} and not prepare_tls(args):
            return EXIT_USAGE
        module = importlib.import_module(f"convert_tui.commands.{command}")
        return int(module.run(args))
    except KeyboardInterrupt:
        return 130
    finally:
        # Turned back on for callers that go on (tests). Not when the process ends: the next
        # allocation would run a full collection of everything loaded (~20 ms) for nothing.
        if collecting and not process_ends:
            gc.enable()
        if command in NETWORK_COMMANDS:
            from convert_tui.api import tls

            tls.reset()  # (for callers of main in one process: tests)


def prepare_tls(args: argparse.Namespace) -> bool:
    """Choose the CAs to trust (a bundle file starts loading in a thread, while the command
    imports). False, after saying why: a bad bundle."""
    from convert_tui.api import tls  # stdlib only: ssl itself loads in that thread

    try:
        tls.prepare(getattr(args, "ca_bundle", None))
    except tls.CABundleError as exc:
        from convert_tui.commands.common import fail

        fail(str(exc))
        return False
    return True


if __name__ == "__main__":
    program()
