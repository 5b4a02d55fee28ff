"""The cells of a status row as text, and the columns that fit a width: for `status` and the
overview alike, so a row reads the same in both.

Names are ellipsized ("…") to fit; numbers never are: a column holding numbers is as wide as its
widest value, and a verdict that is too long loses letters of the variation's name, never of its
uplift.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from convert_tui.display import printable
from convert_tui.reporting.status_rows import StatusRow

ELLIPSIS = "…"
LOADING = "…"
NONE = "—"
# Alert tags that read without colour (the overview colours them too).
ALERT_TAGS = {
    "srm": "SRM",
    "winner": "WIN",
    "loser": "LOSS",
    "no-traffic": "IDLE",
    "overdue": "LATE",
}


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    title: str
    width: int  # the width it gets (flexible columns: the least)
    flexible: bool = False  # names: share what is left, ellipsized
    numeric: bool = False  # right-aligned, never cut


COLUMNS: dict[str, Column] = {
    column.name: column
    for column in (
        Column("project", "PROJECT", 8, flexible=True),
        Column("ids", "PROJECT/EXP", 15),
        Column("experience", "EXPERIENCE", 12, flexible=True),
        Column("type", "TYPE", 9),
        Column("status", "STATUS", 9),
        Column("days", "DAYS", 4, numeric=True),
        Column("visitors", "VISITORS", 10, numeric=True),
        Column("goal", "GOAL", 8, flexible=True),
        Column("verdict", "VERDICT", 22, flexible=True),
        Column("chance", "CHANCE", 6, numeric=True),
        Column("significant", "SIG", 3),
        Column("progress", "PROGRESS", 8, numeric=True),
        Column("srm", "SRM", 9),
        Column("alerts", "ALERTS", 10),
    )
}
# What shows at a width (the first tier whose minimum fits), most useful first.
TIERS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (
        150,
        ("project", "ids", "experience", "type", "days", "visitors", "goal", "verdict",
         "chance", "significant", "progress", "alerts"),
    ),
    (120, ("project", "ids", "experience", "days", "visitors", "verdict", "chance",
           "progress", "alerts")),
    (100, ("ids", "experience", "days", "visitors", "verdict", "chance", "alerts")),
    (0, ("ids", "experience", "visitors", "verdict", "alerts")),
)  # fmt: skip
GAP = 2


def columns_for(width: int, *, with_status: bool = False) -> list[str]:
    names = next(list(names) for least, names in TIERS if width >= least)
    if with_status:
        names.insert(names.index("experience") + 1, "status")
    return names


NAME_KEPT = 12  # letters of a variation's name kept when its interval is shown


def ellipsize(text: str, width: int) -> str:
    if width <= 0:
        return ""
    return text if len(text) <= width else text[: max(0, width - 1)] + ELLIPSIS


Safe = Callable[[str], str]  # how server text is made display text (display.py)


def verdict_text(row: StatusRow, width: int | None = None, safe: Safe = printable) -> str:
    """The short verdict; cut in the variation's name, never in its uplift. Where the column
    has room for the uplift's interval as well, with at least NAME_KEPT letters of the name
    (a wide terminal), the interval follows the uplift."""
    if not row.has_report and not row.verdict_short:
        return LOADING
    text = safe(row.verdict_short)
    if width is None or row.verdict_subject is None:
        return text if width is None else ellipsize(text, width)
    name = safe(row.verdict_subject)
    head = f"{row.verdict} "
    effect = f" {row.verdict_effect}" if row.verdict_effect else ""
    if row.verdict_interval:
        tail = f"{effect} {row.verdict_interval}"
        room = width - len(head) - len(tail)
        if room >= min(len(name), NAME_KEPT):
            return head + ellipsize(name, room) + tail
    if len(text) <= width:
        return text
    room = width - len(head) - len(effect)
    if room < 2:
        return ellipsize(text, width)
    return head + ellipsize(name, room) + effect


def progress_text(progress: float | None) -> str:
    if progress is None:
        return NONE
    return "done" if progress >= 1 else f"{progress * 100:.0f}%"


def cell(row: StatusRow, name: str, safe: Safe = printable) -> str:
    """One cell's text, server text made display text by `safe` (the CLI's `printable` by
    default; the overview passes `clean`), on one line."""
    loading = not row.has_report
    if name == "project":
        return safe(row.project_name or row.project_id)
    if name == "ids":
        return safe(f"{row.project_id}/{row.experience_id}")
    if name == "experience":
        return safe(row.experience_name or row.experience_id)
    if name in ("type", "status"):
        return safe(getattr(row, name) or NONE)
    if name == "days":
        return NONE if row.days_running is None else str(row.days_running)
    if name == "visitors":
        return LOADING if loading else f"{row.visitors or 0:,}"
    if name == "goal":
        return safe(row.goal_name or NONE)
    if name == "verdict":
        return verdict_text(row, safe=safe)
    if name == "chance":
        return row.chance_text or NONE
    if name == "significant":
        return NONE if row.significant is None else ("yes" if row.significant else "no")
    if name == "progress":
        return progress_text(row.progress)
    if name == "srm":
        if row.srm_p_value is None:
            return NONE if not loading else LOADING
        return "MISMATCH" if "srm" in row.alerts or _srm(row.srm_p_value) else "ok"
    if name == "alerts":
        return " ".join(ALERT_TAGS[a] for a in row.alerts if a in ALERT_TAGS)
    raise KeyError(name)


def _srm(p_value: float) -> bool:
    from convert_tui.stats import is_srm

    return is_srm(p_value)


def widths_for(names: Sequence[str], width: int) -> dict[str, int]:
    """Each column's width so the line fits `width`: fixed columns get theirs, flexible ones
    share the rest (the verdict twice as much as a name)."""
    fixed = {n: COLUMNS[n].width for n in names if not COLUMNS[n].flexible}
    flexible = [n for n in names if COLUMNS[n].flexible]
    room = width - sum(fixed.values()) - GAP * (len(names) - 1)
    weights = {n: 2 if n == "verdict" else 1 for n in flexible}
    total = sum(weights.values()) or 1
    shares = {n: max(COLUMNS[n].width, room * weights[n] // total) for n in flexible}
    return {n: fixed.get(n, shares.get(n, 0)) for n in names}


def line(row: StatusRow, names: Sequence[str], widths: dict[str, int]) -> str:
    """The row as one line no wider than the widths: numbers whole, names ellipsized; a value
    wider than its column (a long id) takes its room from the flexible columns of that row."""
    values = {n: cell(row, n) for n in names}
    extra = sum(max(0, len(values[n]) - widths[n]) for n in names if not COLUMNS[n].flexible)
    sized = dict(widths)
    for n in names:
        if COLUMNS[n].flexible and extra > 0:
            take = min(extra, sized[n] - 1)
            sized[n] -= take
            extra -= take
    parts = []
    for n in names:
        w = sized[n]
        if n == "verdict":
            text = verdict_text(row, w)
        elif COLUMNS[n].flexible:
            text = ellipsize(values[n], w)
        else:
            text = values[n]
            w = max(w, len(text))
        parts.append(text.rjust(w) if COLUMNS[n].numeric else text.ljust(w))
    return (" " * GAP).join(parts).rstrip()


def header(names: Sequence[str], widths: dict[str, int]) -> str:
    parts = []
    for n in names:
        title = COLUMNS[n].title[: widths[n]] if COLUMNS[n].flexible else COLUMNS[n].title
        w = max(widths[n], len(title))
        parts.append(title.rjust(w) if COLUMNS[n].numeric else title.ljust(w))
    return (" " * GAP).join(parts).rstrip()
