"""Show text from the API literally.

Names, descriptions and code come from other people: they are never parsed as markup (always
wrapped in `rich.text.Text`, never formatted into a markup string) and never reach the terminal
as control sequences (C0/C1 controls, DEL and bidi overrides become visible symbols).
"""

from __future__ import annotations

import re
from typing import Any

from rich.text import Text

# Keep \t and \n (handled per context); everything else that can move the cursor, change
# colours or reorder text is replaced.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _picture(match: re.Match[str]) -> str:
    ch = match.group()
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode "control pictures": ␛ for ESC
    if code == 0x7F:
        return "\u2421"
    return "\ufffd"


def clean(value: Any, *, one_line: bool = False) -> str:
    """The value as printable text; `one_line` also folds newlines and tabs."""
    text = "" if value is None else str(value)
    text = _CONTROL.sub(_picture, text)
    if one_line:
        text = text.replace("\r\n", "\n").replace("\n", " \u21b5 ").replace("\t", " ")
    return text


def editable_text(value: Any) -> str:
    """Server text for an editable widget (Input, TextArea), which draws control characters
    raw: one newline style, the rest made visible. Both sides of a comparison go through here,
    so an untouched field still equals the server's value."""
    return clean("" if value is None else str(value).replace("\r\n", "\n"))


def plain(value: Any, style: str = "", *, one_line: bool = True) -> Text:
    """A Text that shows `value` exactly as it is (no markup, no escapes)."""
    return Text(clean(value, one_line=one_line), style=style, no_wrap=False)


def name_or(value: Any, fallback: str) -> Text:
    """A record's name, or a dim placeholder when it has none."""
    if value is None or not str(value).strip():
        return Text(fallback, style="dim italic")
    return plain(value)
