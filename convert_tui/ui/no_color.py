"""NO_COLOR: what is drawn keeps its meaning without colour.

Textual's own NO_COLOR filter (Monochrome) turns every colour into its grey: a dark red
verdict on a dark panel becomes colour 237 on 233, nearly invisible. Here the text always
takes the terminal's default foreground; backgrounds stay grey so the cursor and the
selected rows still show. Verdicts and flags carry symbols and words (▲ ▼ ⚠, "yes"), so
nothing is said by colour alone.
"""

from __future__ import annotations

from functools import lru_cache

from rich.color import Color as RichColor
from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.filter import LineFilter, Monochrome, NoColor

DEFAULT_FOREGROUND = RichColor.default()


@lru_cache(1024)
def readable_style(style: Style) -> Style:
    background = style.bgcolor
    grey = None if background is None else Color.from_rich_color(background).monochrome
    return style + Style(color=DEFAULT_FOREGROUND, bgcolor=grey.rich_color if grey else None)


class ReadableNoColor(LineFilter):
    """The default foreground for all text, grey backgrounds."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        return [
            Segment(text, None if style is None else readable_style(style), control)
            for text, style, control in segments
        ]


def use_readable_no_color(filters: list[LineFilter]) -> None:
    """Swap Textual's NO_COLOR filter (set up when NO_COLOR is in the environment)."""
    for i, found in enumerate(filters):
        if isinstance(found, Monochrome | NoColor):
            filters[i] = ReadableNoColor()
