"""A program on a pseudo-terminal of 80x24, as a terminal emulator runs it: keys are written to
it, everything it prints is collected by a thread (it never blocks on a full buffer), and the
test waits for text with a deadline. Used to check what a real terminal sees (signals, suspend).
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import termios
import threading
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any


def terminal_env(sandbox: Any, config_dir: Path, base_url: str | None = None) -> dict[str, str]:
    """convert-tui's environment on a terminal: this process's, plus the test's config dir, an
    xterm and the sandbox's credentials, at `base_url` (e.g. a proxy in front of it)."""
    return dict(
        os.environ,
        CONVERT_TUI_CONFIG_DIR=str(config_dir),
        CONVERT_APPLICATION_ID=sandbox.app_id,
        CONVERT_SECRET_KEY=sandbox.secret,
        CONVERT_API_BASE_URL=base_url or sandbox.base_url,
        TERM="xterm-256color",
    )


class PtyProgram:
    def __init__(self, argv: Sequence[str], env: Mapping[str, str], size: tuple[int, int]) -> None:
        self.pid, self.master = pty.fork()
        if self.pid == 0:  # the child: a session leader whose controlling terminal is the pty
            try:
                os.execvpe(argv[0], list(argv), dict(env))
            finally:
                os._exit(127)
        columns, rows = size
        fcntl.ioctl(self.master, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        self._output = bytearray()
        self._lock = threading.Lock()
        self._closed = threading.Event()
        self.status: int | None = None
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        while not self._closed.is_set():
            try:
                ready, _, _ = select.select([self.master], [], [], 0.1)
                if not ready:
                    continue
                chunk = os.read(self.master, 65536)
            except OSError:  # EIO: the program closed the terminal (exited)
                break
            if not chunk:
                break
            with self._lock:
                self._output += chunk
        self._closed.set()

    @property
    def output(self) -> bytes:
        with self._lock:
            return bytes(self._output)

    def mark(self) -> int:
        """Where the output is now: `wait_for(..., after=mark)` looks only at what follows."""
        return len(self.output)

    def wait_for(self, text: bytes, *, after: int = 0, timeout: float = 30) -> int:
        """Wait until `text` is printed after `after`; return where it ends. What follows it may
        have come in the same read: wait for it `after=` that place, not after `mark()`."""
        deadline = time.monotonic() + timeout
        while (found := self.output.find(text, after)) < 0:
            if time.monotonic() > deadline:
                tail = self.output[after:][-600:]
                raise AssertionError(f"{text!r} not printed within {timeout} s; tail: {tail!r}")
            time.sleep(0.05)
        return found + len(text)

    def send(self, data: bytes) -> None:
        os.write(self.master, data)

    def hang_up(self) -> None:
        """Close the terminal, as a dropped SSH session does (the kernel sends SIGHUP)."""
        self._closed.set()
        time.sleep(0.2)  # the reader thread stops using the descriptor
        os.close(self.master)
        self.master = -1

    def wait(self, timeout: float = 30) -> int:
        """The wait status; the program is killed (and the test fails) past `timeout`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = status
                return status
            time.sleep(0.05)
        self.kill()
        raise AssertionError(f"the program did not exit within {timeout} s")

    def kill(self) -> None:
        if self.status is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                _, self.status = os.waitpid(self.pid, 0)
            except ChildProcessError:
                pass
        self._closed.set()
        if self.master >= 0:
            time.sleep(0.2)
            os.close(self.master)
            self.master = -1
