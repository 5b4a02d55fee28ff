"""How a verdict and its alerts look, wherever they show (overview, tree, detail pane): words
first, colour second, so they read the same with NO_COLOR."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text

from convert_tui.reporting.status_cells import ALERT_TAGS

VERDICT_STYLES = {"winner": "bold green", "loser": "bold red"}
TAG_STYLES = {
    "srm": "bold red reverse",
    "winner": "bold green reverse",
    "loser": "bold red reverse",
    "no-traffic": "bold yellow reverse",
    "overdue": "bold yellow reverse",
}


def alert_tags(alerts: Iterable[str]) -> Text:
    """'SRM LATE' as tags (reverse video: visible without colour too)."""
    text = Text()
    for alert in alerts:
        if alert in ALERT_TAGS:
            if text:
                text.append(" ")
            text.append(ALERT_TAGS[alert], TAG_STYLES[alert])
    return text
