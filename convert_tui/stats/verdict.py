"""A one-glance, human verdict for a goal's analysis."""

from __future__ import annotations

import math

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


def verdict(goal: GoalAnalysis, *, confidence: float = DEFAULT_CONFIDENCE) -> str:
    """Lines such as 'Winner: Green, +12.3% [4.1%, 20.9%], 99.2% chance to beat Original'.

    One 'Winner:' line per significant improvement (best first), then one 'Loser:' line per
    significant decline; without either, a single 'Not yet: ...' line: the minimums are not met
    when a p-value is already below alpha (1 - confidence/100, the analysis' confidence), else the
    visitors per variation still needed for the leader (highest conversion rate) at 80% power.
    """
    baseline = goal.baseline
    challengers = [v for v in goal.variations if not v.is_baseline]
    if baseline is None or not challengers:
        return "Not yet: no variation to compare with a baseline"
    baseline_name = baseline.variation_name or baseline.variation_id
    ranked = sorted(
        (v for v in challengers if v.significant and v.uplift is not None),
        key=lambda v: v.uplift or 0.0,
        reverse=True,
    )
    lines = [_describe("Winner", v, baseline_name) for v in ranked if (v.uplift or 0.0) > 0]
    lines += [_describe("Loser", v, baseline_name) for v in ranked if (v.uplift or 0.0) < 0]
    if lines:
        return "\n".join(lines)

    if baseline.visitors <= 0 or all(v.visitors <= 0 for v in challengers):
        return "Not yet: no visitors so far"
    alpha = 1.0 - confidence / 100.0
    if any(v.p_value is not None and v.p_value < alpha for v in challengers):
        return "Not yet: the minimum visitors, conversions or running time is not reached"
    leader = goal.leader
    if leader is None or leader.required_visitors is None:
        return "Not yet: no difference between the variations so far"
    more = leader.required_visitors - min(leader.visitors, baseline.visitors)
    if more > 0:
        return f"Not yet: about {round_sensibly(more):,} more visitors per variation needed"
    return "Not yet: no significant difference so far"
