"""A one-glance, human verdict for a goal's analysis."""

from __future__ import annotations

import math
from enum import StrEnum
from typing import NamedTuple

from convert_tui.stats.analysis import DEFAULT_CONFIDENCE, GoalAnalysis, VariationStats

EARLY_READ_NOTE = (
    "Note: a fixed-horizon result read before its required sample ({reached} reached) is not a "
    "decision; turn on the sequential setting (report --sequential, s in the report view) for "
    "results that stay valid at every look."
)


def round_sensibly(n: int) -> int:
    """Round a visitor count for prose: exact below 100, else to two significant figures."""
    if n < 100:
        return n
    step = 10 ** (len(str(n)) - 2)
    return int(round(n / step) * step)


def compact_count(n: int) -> str:
    """A visitor count in a few characters, rounded sensibly: 3,500, 480k, 6.2M."""
    n = round_sensibly(n)
    if n < 10_000:
        return f"{n:,}"
    if n < 1_000_000:
        return f"{n / 1000:.0f}k"
    return f"{n / 1_000_000:.1f}M".replace(".0M", "M")


def format_percent(fraction: float, *, signed: bool = False, digits: int = 1) -> str:
    """12.3% from 0.123 (with `signed`, +12.3%); a rounded zero never shows a minus sign."""
    text = f"{fraction * 100:+.{digits}f}%" if signed else f"{fraction * 100:.{digits}f}%"
    if float(text[:-1]) == 0.0:
        text = text.replace("-", "+" if signed else "")
    return text


def format_chance(fraction: float) -> str:
    """A probability as a percent that never claims certainty: '>99.9%' / '<0.1%' at the ends."""
    if fraction * 100 >= 99.95:
        return ">99.9%"
    if fraction * 100 < 0.05:
        return "<0.1%"
    return f"{fraction * 100:.1f}%"


def format_interval(low: float | None, high: float | None) -> str | None:
    """'[4.1%, 20.9%]', or '[4.1%, +∞)' for a one-sided interval; None when unknown."""
    if low is None or high is None:
        return None
    if math.isinf(high):
        return f"[{format_percent(low)}, +∞)"
    return f"[{format_percent(low)}, {format_percent(high)}]"


NONE = "—"  # how a figure that does not exist (a baseline's uplift) is shown


def format_percent_or_none(value: float | None, *, signed: bool = False, digits: int = 1) -> str:
    """`format_percent`, or '—' when there is no figure."""
    return NONE if value is None else format_percent(value, signed=signed, digits=digits)


def format_chance_or_none(fraction: float | None) -> str:
    """`format_chance`, or '—' when there is no figure (a baseline's)."""
    return NONE if fraction is None else format_chance(fraction)


def format_interval_or_none(low: float | None, high: float | None) -> str:
    """`format_interval`, or '—' when either end is unknown."""
    return format_interval(low, high) or NONE


def format_p_value(value: float | None) -> str:
    """'0.0123', '<0.0001' below that, '—' when there is none."""
    if value is None:
        return NONE
    return "<0.0001" if value < 0.0001 else f"{value:.4f}"


def format_money(value: float | None) -> str:
    """'1,234.50' (no currency: the API gives none), '—' when there is none."""
    return NONE if value is None else f"{value:,.2f}"


def early_read_note(goal: GoalAnalysis, *, sequential: bool) -> str | None:
    """The warning that a fixed-horizon result read early is not a decision (decisions.md):
    whenever sequential testing is off and the goal's progress is below 1."""
    reached = goal.progress
    if sequential or reached is None or reached >= 1.0:
        return None
    return EARLY_READ_NOTE.format(reached=format_percent(reached, digits=0))


def _describe(label: str, v: VariationStats, baseline_name: str) -> str:
    parts = [f"{label}: {v.variation_name or v.variation_id}"]
    if v.uplift is not None:
        effect = format_percent(v.uplift, signed=True)
        interval = format_interval(v.uplift_ci_low, v.uplift_ci_high)
        if interval is not None:
            effect += f" {interval}"
        parts.append(effect)
    if v.chance_to_beat_baseline is not None:
        chance = format_chance(v.chance_to_beat_baseline)
        parts.append(f"{chance} chance to beat {baseline_name}")
    return ", ".join(parts)


class VerdictKind(StrEnum):
    """The one vocabulary of results (overview, tree, `status`, report view, `report`)."""

    WINNER = "winner"
    LOSER = "loser"
    BASELINE_LEADS = "baseline leads"
    NOT_YET = "not yet"
    NO_GOALS = "no goals"
    NO_DATA = "no data"


class Verdict(NamedTuple):
    """What a goal's analysis lets one say. `variation`: the best winner, else the worst
    loser, else the leader (highest conversion rate); `visitors_needed`: per variation, for
    NOT_YET when it is known; `reason`: why NOT_YET (short words)."""

    kind: VerdictKind
    variation: VariationStats | None = None
    baseline_name: str = "the baseline"
    visitors_needed: int | None = None
    reason: str = ""
    winners: tuple[VariationStats, ...] = ()
    losers: tuple[VariationStats, ...] = ()

    def short(self) -> str:
        """A few words for a table cell: 'Green +12.3% [4.1%, 20.9%]', 'baseline leads',
        'not yet: ~3,500/var'. A winner or loser is named with its uplift; the word is in the
        column's tag (winner/loser), so the cell reads without colour."""
        v = self.variation
        if self.kind in (VerdictKind.WINNER, VerdictKind.LOSER) and v is not None:
            name = v.variation_name or v.variation_id
            effect = "" if v.uplift is None else " " + format_percent(v.uplift, signed=True)
            return f"{self.kind.value} {name}{effect}"
        if self.kind is VerdictKind.NOT_YET:
            if self.visitors_needed:
                return f"not yet: ~{compact_count(self.visitors_needed)}/var"
            return f"not yet: {self.reason}" if self.reason else "not yet"
        return self.kind.value

    def long(self) -> str:
        """Lines such as 'Winner: Green, +12.3% [4.1%, 20.9%], 99.2% chance to beat Original'."""
        if self.winners or self.losers:
            lines = [_describe("Winner", v, self.baseline_name) for v in self.winners]
            lines += [_describe("Loser", v, self.baseline_name) for v in self.losers]
            return "\n".join(lines)
        if self.kind is VerdictKind.NO_GOALS:
            return "No goals: this experience has no goal to measure"
        if self.kind is VerdictKind.NO_DATA:
            return f"Not yet: {self.reason or 'no visitors so far'}"
        if self.kind is VerdictKind.BASELINE_LEADS:
            return (
                f"Baseline leads: no variation beats {self.baseline_name} "
                "(the planned sample is reached)"
            )
        if self.visitors_needed:
            more = round_sensibly(self.visitors_needed)
            return f"Not yet: about {more:,} more visitors per variation needed"
        return f"Not yet: {self.reason}"


def classify(goal: GoalAnalysis | None, *, confidence: float = DEFAULT_CONFIDENCE) -> Verdict:
    """The verdict of one goal (None: the experience has no goal to measure).

    Winners are the significant improvements (best first), losers the significant declines;
    without either it is not yet decided: no visitors (no data), the minimums not met while a
    p-value is already below alpha, or the visitors per variation still needed for the leader
    at 80% power; once that sample is reached with no difference, the baseline leads when no
    variation converts better than it, else it is still 'not yet' (no significant difference).
    """
    if goal is None:
        return Verdict(VerdictKind.NO_GOALS)
    baseline = goal.baseline
    challengers = [v for v in goal.variations if not v.is_baseline]
    if baseline is None or not challengers:
        return Verdict(VerdictKind.NO_DATA, reason="no variation to compare with a baseline")
    baseline_name = baseline.variation_name or baseline.variation_id
    ranked = sorted(
        (v for v in challengers if v.significant and v.uplift is not None),
        key=lambda v: v.uplift or 0.0,
        reverse=True,
    )
    winners = tuple(v for v in ranked if (v.uplift or 0.0) > 0)
    losers = tuple(v for v in ranked if (v.uplift or 0.0) < 0)
    if winners:
        return Verdict(
            VerdictKind.WINNER, winners[0], baseline_name, winners=winners, losers=losers
        )
    if losers:
        return Verdict(VerdictKind.LOSER, losers[-1], baseline_name, losers=losers)
    leader = goal.leader
    if baseline.visitors <= 0 or all(v.visitors <= 0 for v in challengers):
        return Verdict(VerdictKind.NO_DATA, leader, baseline_name)
    alpha = 1.0 - confidence / 100.0
    if any(v.p_value is not None and v.p_value < alpha for v in challengers):
        reason = "the minimum visitors, conversions or running time is not reached"
        return Verdict(VerdictKind.NOT_YET, leader, baseline_name, reason=reason)
    if leader is None or leader.required_visitors is None:
        reason = "no difference between the variations so far"
        return Verdict(VerdictKind.NOT_YET, leader, baseline_name, reason=reason)
    more = leader.required_visitors - min(leader.visitors, baseline.visitors)
    if more > 0:
        return Verdict(VerdictKind.NOT_YET, leader, baseline_name, visitors_needed=more)
    if (leader.conversion_rate or 0.0) <= (baseline.conversion_rate or 0.0):
        return Verdict(VerdictKind.BASELINE_LEADS, leader, baseline_name)
    reason = "no significant difference so far"
    return Verdict(VerdictKind.NOT_YET, leader, baseline_name, reason=reason)


def verdict(goal: GoalAnalysis, *, confidence: float = DEFAULT_CONFIDENCE) -> str:
    """The long wording of `classify` (one 'Winner:'/'Loser:' line per significant change,
    else one 'Not yet: ...' or 'Baseline leads: ...' line)."""
    return classify(goal, confidence=confidence).long()
