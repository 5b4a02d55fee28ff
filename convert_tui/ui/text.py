"""Show text from the API literally (the characters are made safe in `convert_tui.display`).

Names, descriptions and code come from other people: they are never parsed as markup (always
wrapped in `rich.text.Text`, never formatted into a markup string) and never reach the terminal
as control sequences (C0/C1 controls, DEL and bidi overrides become visible symbols).
"""

from __future__ import annotations

from typing import Any

from rich.text import Text

from convert_tui.display import clean

__all__ = ["clean", "editable_text", "name_or", "plain"]


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
