"""What an unexpected exception or a signal leaves behind: the open forms' drafts on disk and,
for an exception, a redacted crash report under the user log dir (never a traceback on screen;
see ConvertApp). Signals: `commands.tui` routes SIGTERM and SIGHUP to `quit_on_signal`."""

from __future__ import annotations

import contextlib
import os
import platform
import traceback
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from convert_tui import __version__
from convert_tui.config.atomic import atomic_write
from convert_tui.config.paths import log_dir


def flush_drafts(screens: Iterable[Any]) -> None:
    """Each screen with a `flush_draft` (the forms, the variation editor) writes it now."""
    for screen in screens:
        flush = getattr(screen, "flush_draft", None)
        with contextlib.suppress(Exception):
            if callable(flush):
                flush()


def quit_on_signal(app: Any) -> None:
    """SIGTERM or SIGHUP (a closed SSH session): quit as `q` does, without asking. The drafts
    typed in the last moment are written first; the normal exit restores the terminal."""
    flush_drafts(app.screen_stack)
    app.exit(0)


def write_crash_report(
    error: BaseException, *, secrets: Iterable[str], screens: Iterable[str]
) -> Path | None:
    """The traceback (no locals), redacted: no secret, signature or Authorization value.
    None when it could not be written (a full or read-only disk is no second crash)."""
    from convert_tui.config import debuglog

    redactor = debuglog.RedactingFilter()
    for secret in secrets:
        redactor.add_secret(secret)
    now = datetime.now().astimezone()
    head = [
        f"convert-tui {__version__} crash report, {now:%Y-%m-%d %H:%M:%S %z}",
        f"python {platform.python_version()} on {platform.platform()}",
        f"screens: {', '.join(screens)}",
    ]
    text = "\n".join(head) + "\n\n" + "".join(traceback.format_exception(error))
    try:
        path = log_dir() / f"crash-{now:%Y%m%d-%H%M%S}-{os.getpid()}.txt"
        atomic_write(path, redactor.redact(text), mode=0o600)
    except Exception:
        return None
    return path


def crash_report_for(
    error: BaseException, secrets: Iterable[str], screens: Iterable[Any]
) -> tuple[Path | None, str]:
    """Write the crash report of `error` (a worker's failure: the exception inside it) and
    the one line that says where it is."""
    from textual.worker import WorkerFailed

    cause = error.error if isinstance(error, WorkerFailed) else error
    report = write_crash_report(
        cause, secrets=secrets, screens=[type(screen).__name__ for screen in screens]
    )
    where = f"the crash report is {report}" if report else "no crash report could be written"
    message = (
        f"convert-tui stopped on an unexpected error ({type(cause).__name__}); {where}. "
        "Unsaved drafts are kept and offered again next time."
    )
    return report, message
