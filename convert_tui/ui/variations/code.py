"""Code fields of a variation (js, customjs, css) and editing them in $VISUAL / $EDITOR."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path
from typing import Any, ClassVar

from textual.app import App, SuspendNotSupported
from textual.binding import Binding, BindingType
from textual.widgets import TextArea

from convert_tui.ui.text import editable_text
from convert_tui.ui.variations.draft import (
    CODE_LABELS,
    CODE_LANGUAGES,
    CODE_SUFFIXES,
)


class CodeField(TextArea):
    """One code field with JavaScript or CSS highlighting (TextArea.code_editor settings, but
    Tab moves on as in the rest of the form; serious editing goes to $EDITOR)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+o", "open_external", "$EDITOR", tooltip="Edit this code in $VISUAL/$EDITOR",
                id="code.editor"),
    ]  # fmt: skip

    def __init__(self, field: str, text: str = "", *, read_only: bool, **kwargs: Any) -> None:
        # Read-only code comes from the API: never let control characters reach the terminal.
        shown = editable_text(text) if read_only else text
        placeholder = f"(no {CODE_LABELS[field]})" if read_only else f"{CODE_LABELS[field]}…"
        super().__init__(
            shown, language=None, theme="monokai", soft_wrap=False, tab_behavior="focus",
            read_only=read_only, show_line_numbers=True, placeholder=placeholder,
            # Read-only views are for reading: no cursor, no bracket or cursor-line highlight.
            show_cursor=not read_only, highlight_cursor_line=not read_only, **kwargs,
        )  # fmt: skip
        self.field = field
        self.match_cursor_bracket = not read_only
        self.language = CODE_LANGUAGES[field]

    def show(self, text: str | None) -> None:
        """Replace the whole text (read-only views switching variation)."""
        self.load_text(editable_text(text) if self.read_only else (text or ""))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open_external":
            return not self.read_only
        return super().check_action(action, parameters)

    def action_open_external(self) -> None:
        if self.read_only:
            return
        edited = edit_externally(self.app, self.text, CODE_SUFFIXES[self.field])
        if edited is not None and edited != self.text:
            # An edit (not load_text): undo works and Changed fires, so the draft is saved.
            self.replace(editable_text(edited), self.document.start, self.document.end)


def editor_command() -> list[str]:
    """$VISUAL, else $EDITOR, else vi; may carry arguments ("code --wait")."""
    return shlex.split(os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi")


def edit_externally(app: App[Any], text: str, suffix: str) -> str | None:
    """Edit `text` in the user's editor; the new text, or None after a notification."""
    try:
        command = editor_command()
    except ValueError as exc:
        app.notify(f"Cannot read $VISUAL/$EDITOR: {exc}", severity="error", markup=False)
        return None
    if not command:
        command = ["vi"]
    fd, name = tempfile.mkstemp(prefix="convert-tui-", suffix=suffix)
    path = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        try:
            with app.suspend():
                problem = _run(command, path, interactive=True)
        except SuspendNotSupported:
            # Headless and web drivers cannot hand over the terminal: run it without.
            problem = _run(command, path, interactive=False)
        if problem is not None:
            app.notify(
                f"{problem}. The code is unchanged.\nSet $VISUAL or $EDITOR to your editor.",
                title="External editor failed", severity="error", markup=False, timeout=8,
            )  # fmt: skip
            return None
        edited = path.read_text(encoding="utf-8", errors="replace")
    finally:
        path.unlink(missing_ok=True)
    # Editors add a final newline; do not turn that into a change of the code.
    if not text.endswith("\n") and edited.endswith("\n"):
        edited = edited[:-1]
    return edited


def _run(command: list[str], path: Path, *, interactive: bool) -> str | None:
    """Run the editor; a description of what went wrong, or None. Never raises: inside
    `App.suspend` an exception would leave the terminal suspended."""
    quiet: dict[str, Any] = {}
    if not interactive:
        quiet = {"stdin": subprocess.DEVNULL, "stdout": subprocess.DEVNULL,
                 "stderr": subprocess.PIPE}  # fmt: skip
    try:
        done = subprocess.run([*command, str(path)], check=False, **quiet)
    except OSError as exc:
        return f"Could not start {command[0]!r}: {exc.strerror or exc}"
    if done.returncode != 0:
        return f"{command[0]!r} exited with status {done.returncode}"
    return None
