"""The `--debug` log: a rotated file in the user log dir, with secrets redacted.

`enable_debug_log(secret)` attaches one RotatingFileHandler (`<log dir>/convert-tui.log`, file
0600, 1 MB x 3 backups) to the `convert_tui`, `httpx` and `httpcore` loggers at DEBUG. Every
record is redacted before it is written: the secret (as given, and as JSON or repr would escape
it), any `Signature=...` and the value of any Authorization header.

The filter sits on the handler, because a filter attached to a logger is skipped for records
that propagate up from its children (`httpcore.http11`, `convert_tui.api`); it is also attached
to the three loggers so other handlers on them see redacted records too. Calling it again adds
another secret (e.g. after login) and keeps the one handler.
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import os
import re
from io import TextIOWrapper
from pathlib import Path

from convert_tui.config.paths import log_dir
from convert_tui.display import printable
from convert_tui.secret import SecretLike, reveal

LOG_FILENAME = "convert-tui.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 3
LOGGER_NAMES = ("convert_tui", "httpx", "httpcore")
REDACTED = "***"

_SIGNATURE = re.compile(r"(Signature=)[0-9A-Za-z+/=_-]+", re.IGNORECASE)
# `Authorization: v`, `'authorization': 'v'`, `(b'Authorization', b'v')`, `authorization=v`.
_AUTHORIZATION = re.compile(r"""(authorization['"]?\s*[:=,]\s*b?['"]?)[^'"\r\n]+""", re.IGNORECASE)


class RedactingFilter(logging.Filter):
    """Rewrites each record's message (and traceback) with secrets replaced by `***`."""

    def __init__(self) -> None:
        super().__init__()
        self._secrets: set[str] = set()

    def add_secret(self, secret: str | SecretLike | None) -> None:
        value = reveal(secret)
        if not value:
            return
        # The forms a secret takes once logged inside a JSON document or a repr().
        self._secrets.update(
            form for form in (value, json.dumps(value)[1:-1], repr(value)[1:-1]) if form
        )

    def forget_secrets(self) -> None:
        self._secrets.clear()

    def redact(self, text: str) -> str:
        # Longest first, so a secret that contains another is replaced whole.
        for secret in sorted(self._secrets, key=len, reverse=True):
            text = text.replace(secret, REDACTED)
        text = _AUTHORIZATION.sub(rf"\g<1>{REDACTED}", text)
        text = _SIGNATURE.sub(rf"\g<1>{REDACTED}", text)
        # Log lines carry server text too: `less` or `cat` of the log must not act on it.
        return "\n".join(printable(line) for line in text.split("\n"))

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # arguments that do not fit the format
            message = f"{record.msg!s} {record.args!r}"
        record.msg, record.args = self.redact(message), None
        if record.exc_info:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def _private_opener(path: str, flags: int) -> int:
    return os.open(path, flags, 0o600)


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Creates the log (and each new one after a rollover) readable by the owner only."""

    def _open(self) -> TextIOWrapper:
        stream = open(  # noqa: SIM115 -- the handler owns and closes the stream
            self.baseFilename,
            self.mode,
            encoding=self.encoding,
            errors=self.errors,
            opener=_private_opener,
        )
        assert isinstance(stream, TextIOWrapper)  # text mode ("a")
        return stream


_filter = RedactingFilter()
_handler: _PrivateRotatingFileHandler | None = None


def enable_debug_log(secret: str | SecretLike | None = None) -> Path:
    """Start (or keep) the redacted debug log and return its path; `secret` is never written."""
    global _handler
    _filter.add_secret(secret)
    path = log_dir() / LOG_FILENAME
    if _handler is not None and Path(_handler.baseFilename) == path:
        return path
    disable_debug_log(forget_secrets=False)
    if path.exists():
        os.chmod(path, 0o600)
    handler = _PrivateRotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
    )
    handler.setLevel(logging.DEBUG)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(_filter)
    for name in LOGGER_NAMES:
        logger = logging.getLogger(name)
        logger.setLevel(logging.DEBUG)
        logger.addFilter(_filter)
        logger.addHandler(handler)
    _handler = handler
    return path


def disable_debug_log(*, forget_secrets: bool = True) -> None:
    """Detach and close the debug log (tests, or a UI toggle); a no-op when it is off."""
    global _handler
    handler, _handler = _handler, None
    if handler is not None:
        for name in LOGGER_NAMES:
            logger = logging.getLogger(name)
            logger.removeHandler(handler)
            logger.removeFilter(_filter)
            logger.setLevel(logging.NOTSET)
        handler.close()
    if forget_secrets:
        _filter.forget_secrets()


def redact(text: str) -> str:
    """`text` with the debug log's known secrets, signatures and Authorization values hidden."""
    return _filter.redact(text)
