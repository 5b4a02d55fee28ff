"""How the process of a one-shot command ends: its output written, then no teardown.

When a command is done, CPython would clear every module and run a last full collection over
all the command loaded, only to give the memory back to the system, which takes it back anyway
when the process ends: ~11% of a `convert-tui status` (paired: 429 -> 378 ms). Instead
`skip_teardown` registers, before any other exit handler, one that therefore runs last: after
the command's threads were waited for and the other exit handlers ran (logging's closes the
debug log), it writes out what stdout and stderr still hold and ends the process with the
command's exit code.

It also ends the one way the output could fail after the command: a reader that left before
the last buffered output (`convert-tui status --json | true`) made the interpreter's own
final flush print "Exception ignored ... BrokenPipeError" and exit 120. A reader that leaves
early is not an error (as during the command, see commands.common.run_guarded).
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys

EXIT_FAILURE = 1  # (the interpreter's exit code when an exception escapes the command)


class _Exit:
    code = EXIT_FAILURE  # until `exit_code` is told the command's


def skip_teardown() -> None:
    """End the process without its teardown, with the code given to `exit_code` (call this
    before anything else registers an exit handler, so that this one runs last)."""
    atexit.register(_end_now)


def exit_code(code: int) -> None:
    """The code the process ends with: the command's."""
    _Exit.code = code


def _end_now() -> None:
    code = _Exit.code
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        pass  # the reader left early: not an error
    except ValueError:
        pass  # stdout was closed: nothing left to write
    except OSError as exc:  # the output could not be written (a full disk): say so
        code = code or EXIT_FAILURE
        reason = exc.strerror or type(exc).__name__
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.write(f"convert-tui: error: could not write the output: {reason}\n")
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.flush()
    os._exit(code)
