"""Text from the network or from files, made safe to show: the one place it becomes display text.

Names, messages, field errors and file contents come from other people. Before they reach a
terminal (a widget, a toast, a title, a dialog, a log line, a CLI row) the characters that a
terminal would act on are replaced:

- C0 and C1 controls, DEL (ESC starts every escape sequence: `ESC ] 52` writes the clipboard,
  `ESC [ 2 J` wipes the screen), and
- Unicode format and separator characters that reorder or hide text (bidi overrides, zero-width
  characters, line/paragraph separators).

Two spellings of the same rule, one for each kind of output:
- `clean`: the TUI's, control pictures (␛ for ESC, ␡ for DEL, � for the rest), short and visible;
- `printable`: the CLI's, `\\xNN` / `\\uNNNN` escapes, which a script can still read.

Markup is the other half: the UI wraps the result in `rich.text.Text` (ui/text.py) or passes
`markup=False`; nothing from the network is formatted into a markup string.

Plain Python (no textual, no rich): the CLI, the state and the UI all use it.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

# Tab and newline are handled by each caller (one_line folds them); every other character a
# terminal would act on, or that reorders or hides text, is replaced.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]"
)


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode "control pictures": ␛ for ESC
    if code == 0x7F:
        return "\u2421"
    return "\ufffd"


def clean(value: Any, *, one_line: bool = False) -> str:
    """`value` as text safe for the TUI; `one_line` also folds newlines (↵) and tabs."""
    text = "" if value is None else str(value)
    text = _UNSAFE.sub(_picture, text)
    if one_line:
        text = text.replace("\r\n", "\n").replace("\n", " \u21b5 ").replace("\t", " ")
    return text


def printable(text: object) -> str:
    """`text` safe for a terminal line: controls and format characters as `\\xNN`/`\\uNNNN`,
    other separators as a space (a CR/LF never breaks the line)."""
    value = "" if text is None else str(text)
    if value.isprintable():
        return value
    out = []
    for char in value:
        if char.isprintable() or char == " ":
            out.append(char)
        elif unicodedata.category(char) in ("Zs", "Zl", "Zp"):
            out.append(" ")
        else:
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
    return "".join(out)
