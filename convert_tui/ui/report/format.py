"""Cells and lines of the report view, from `stats` results (formatting only, no statistics).

Every mark is text first and colour second, so the view reads the same with NO_COLOR.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from rich.text import Text

from convert_tui.stats import (
    NONE,
    SRM_THRESHOLD,
    GoalAnalysis,
    VariationStats,
    early_read_note,
    format_chance_or_none,
    format_interval,
    format_interval_or_none,
    format_money,
    format_p_value,
    format_percent,
    format_percent_or_none,
    is_srm,
    verdict,
)
from convert_tui.ui.text import clean

# (label, compact label): compact tables (narrow terminals) stack two values in a cell.
CONVERSION_COLUMNS = (
    ("Variation", "Variation"), ("Visitors", "Visitors\nConv."), ("Conv.", None),
    ("Rate", "Rate"), ("Uplift [interval]", "Uplift\n[interval]"), ("p-value", "p-value"),
    ("Chance", "Chance"), ("Signif.", "Signif."),
)  # fmt: skip
REVENUE_COLUMNS = (
    ("Variation", "Variation"), ("Revenue", "Revenue\nRPV"), ("RPV", None),
    ("RPV uplift [interval]", "RPV uplift\n[interval]"), ("RPV p", "RPV p"), ("AOV", "AOV"),
    ("Products/visitor", "Prod./\nvisitor"),
)  # fmt: skip
DECISION_COLUMNS = (
    ("Variation", "Variation"), ("Exp. loss", "Exp.\nloss"),
    ("Credible interval", "Credible\ninterval"), ("Progress", "Progress"),
    ("To go", "To go"),
)  # fmt: skip
NAME_WIDTH = 14  # the variation column of compact tables (names wrap onto the second line)
VERDICT_STYLES = {"Winner": "bold green", "Loser": "bold red"}


# (as `convert-tui report` prints them)
percent, p_value, money = format_percent_or_none, format_p_value, format_money


def uplift(
    value: float | None, low: float | None, high: float | None, *, compact: bool = False
) -> str:
    """'+12.3% [4.1%, 20.9%]' (the interval of the uplift; an uplift alone when it has none)."""
    if value is None:
        return NONE
    text = format_percent(value, signed=True)
    interval = format_interval(low, high)
    if interval is not None:
        text += ("\n" if compact else " ") + interval
    return text


def columns(spec: tuple[tuple[str, str | None], ...], compact: bool) -> list[str]:
    if not compact:
        return [label for label, _ in spec]
    return [short for _, short in spec if short is not None]


def _right(*values: str) -> Text:
    return Text("\n".join(values), justify="right")


def variation_name(v: VariationStats) -> Text:
    # The baseline says "base" in the significance column.
    return Text(clean(v.variation_name or v.variation_id, one_line=True))


def significance(v: VariationStats) -> Text:
    """▲ yes / ▼ yes (significant, up or down), no, or base; the arrow is the direction."""
    if v.is_baseline:
        return Text("base", "dim")
    if v.significant is None:
        return Text(NONE, "dim")
    if not v.significant:
        return Text("no")
    up = (v.uplift or 0.0) > 0
    return Text("▲ yes" if up else "▼ yes", "bold green" if up else "bold red")


# `o` in the report cycles these orders. The baseline stays on top whatever the order: it is
# the row every other one is read against.
SORTS = ("as reported", "rate", "uplift", "chance", "visitors", "name")
_SORT_VALUE: dict[str, Callable[[VariationStats], float | None]] = {
    "rate": lambda v: v.conversion_rate,
    "uplift": lambda v: v.uplift,
    "chance": lambda v: v.chance_to_beat_baseline,
    "visitors": lambda v: v.visitors,
}


def baseline_first(
    variations: Iterable[VariationStats], sort: str = "as reported"
) -> list[VariationStats]:
    """The baseline, then the others in `sort` order (best first; unknown values last)."""
    rows = list(variations)
    rest = [v for v in rows if not v.is_baseline]
    if sort == "name":
        rest.sort(key=lambda v: (v.variation_name or "").casefold())
    elif sort in _SORT_VALUE:
        value = _SORT_VALUE[sort]
        rest.sort(key=lambda v: (value(v) is None, -(value(v) or 0.0)))
    return [v for v in rows if v.is_baseline] + rest


def conversion_cells(v: VariationStats, *, compact: bool = False) -> list[Text]:
    counts = [_right(f"{v.visitors:,}"), _right(f"{v.conversions:,}")]
    if compact:
        counts = [_right(f"{v.visitors:,}", f"{v.conversions:,}")]
    return [
        variation_name(v),
        *counts,
        _right(percent(v.conversion_rate, digits=2)),
        _right(uplift(v.uplift, v.uplift_ci_low, v.uplift_ci_high, compact=compact)),
        _right(p_value(v.p_value)),
        _right(format_chance_or_none(v.chance_to_beat_baseline)),
        significance(v),
    ]


def revenue_cells(v: VariationStats, *, compact: bool = False) -> list[Text]:
    ppv = v.products_per_visitor
    amounts = [_right(money(v.revenue)), _right(money(v.revenue_per_visitor))]
    if compact:
        amounts = [_right(money(v.revenue), money(v.revenue_per_visitor))]
    rpv = uplift(v.rpv_uplift, v.rpv_uplift_ci_low, v.rpv_uplift_ci_high, compact=compact)
    return [
        variation_name(v),
        *amounts,
        _right(rpv),
        _right(p_value(v.rpv_p_value)),
        _right(money(v.average_order_value)),
        _right(NONE if ppv is None else f"{ppv:.3f}"),
    ]


def progress_bar(fraction: float, width: int) -> str:
    """'██████░░░░ 60%': the bar is full (and the share says so) from 100% on."""
    filled = min(width, int(fraction * width))
    return "█" * filled + "░" * (width - filled) + f" {format_percent(fraction, digits=0)}"


def to_go(days: int | None, today: dt.date, *, compact: bool = False) -> str:
    """'12 days (2026-12-18)', 'done', or — when unknown."""
    if days is None:
        return NONE
    if days == 0:
        return "done"
    date = (today + dt.timedelta(days=days)).isoformat()
    return f"{days:,} d{chr(10) if compact else ' '}({date})"


def decision_cells(v: VariationStats, today: dt.date, *, compact: bool = False) -> list[Text]:
    """Expected loss, credible interval, progress bar and the projected date."""
    if v.is_baseline:
        return [variation_name(v), *(Text(NONE, "dim", justify="right") for _ in range(4))]
    loss = percent(v.expected_loss, digits=3)
    credible = format_interval_or_none(v.uplift_credible_low, v.uplift_credible_high)
    progress = NONE if v.progress is None else progress_bar(v.progress, 6 if compact else 10)
    return [
        variation_name(v),
        _right(loss),
        _right(credible.replace(", ", ",\n") if compact else credible),
        _right(progress),
        _right(to_go(v.days_to_go, today, compact=compact)),
    ]


def verdict_text(goal: GoalAnalysis, confidence: float, *, sequential: bool = False) -> Text:
    """`stats.verdict`'s lines, each styled by its first word (the word itself says it all),
    then the early-read note when a fixed-horizon result is read before its sample."""
    lines = []
    for line in verdict(goal, confidence=confidence).splitlines():
        head = line.split(":", 1)[0]
        lines.append(Text(clean(line, one_line=True), VERDICT_STYLES.get(head, "bold yellow")))
    note = early_read_note(goal, sequential=sequential)
    if note is not None:
        lines.append(Text(note.replace("report --sequential, ", ""), "italic"))
    return Text("\n").join(lines)


def _shares(values: Sequence[float | None]) -> str:
    total = sum(v or 0.0 for v in values)
    if total <= 0:
        return "?"
    return " / ".join(f"{(v or 0.0) / total * 100:.1f}%" for v in values)


def srm_banner(goal: GoalAnalysis, configured: dict[str, float | None]) -> Text | None:
    """What a sample ratio mismatch means and what to do, or None when the split looks right.

    `configured` maps variation ids to the experience's traffic percentages.
    """
    if not is_srm(goal.srm_p_value) or goal.srm_p_value is None:
        return None
    ordered = baseline_first(goal.variations)
    seen = _shares([float(max(0, v.visitors)) for v in ordered])
    wanted = [configured.get(v.variation_id) for v in ordered]
    expected = _shares(wanted) if all(w is not None for w in wanted) else "as configured"
    text = Text("⚠ SAMPLE RATIO MISMATCH", "bold")
    text.append(f"  (SRM p = {goal.srm_p_value:.2g} < {SRM_THRESHOLD:g})\n")
    text.append(f"Visitors split {seen}; the experience is set to {expected}.\n")
    text.append(
        "Something drops or misroutes visitors in one variation (a broken redirect, a script "
        "error, bots), so these numbers are biased and no verdict can be trusted. Find and fix "
        "the cause, then restart the experience."
    )
    return text


def configured_split(experience: Any) -> dict[str, float | None]:
    """Variation id -> traffic percentage, from the experience record (empty when unknown)."""
    if experience is None:
        return {}
    return {str(v.id): v.percentage for v in experience.variations or [] if v.id is not None}
