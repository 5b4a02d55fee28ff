"""The report view's statistics settings: level, sides, sequential; remembered per experience.

Remembered choices live in `settings.json` (`report_stats`, keyed "project/experience") and apply
in the report view only (decisions.md, "Which setting wins"). A remembered value that no longer
reads (hand-edited file) is dropped, never an error.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from rich.text import Text

from convert_tui.config.settings import load_settings, save_settings
from convert_tui.stats import DEFAULT_TUNING, StatsSettings
from convert_tui.ui.dialogs.choice import ChoiceDialog

REMEMBERED_MAX = 200  # experiences whose choices are kept (the oldest go first)
LEVEL_CHOICES = [
    ("experience", "the experience's own confidence (95% when unset)"),
    ("90", "90%"),
    ("95", "95%"),
    ("99", "99%"),
]


def from_saved(saved: dict[str, Any] | None) -> StatsSettings:
    """The settings remembered for an experience (defaults for anything missing or odd)."""
    if not saved:
        return StatsSettings()
    confidence = saved.get("confidence")
    sides = saved.get("sides")
    tuning = saved.get("tuning")
    try:
        return StatsSettings(
            confidence=float(confidence) if isinstance(confidence, int | float) else None,
            sides=sides if sides in (1, 2) else 2,
            sequential=saved.get("sequential") is True,
            tuning=float(tuning) if isinstance(tuning, int | float) else DEFAULT_TUNING,
        )
    except ValueError:
        return StatsSettings()


def load(key: str) -> StatsSettings:
    return from_saved(load_settings().report_stats.get(key))


def remember(key: str, stats: StatsSettings) -> None:
    """Save the choices for `key` (OSError when the file cannot be written)."""
    settings = load_settings()
    remembered = settings.report_stats
    remembered.pop(key, None)  # re-insert: the most recent last
    remembered[key] = {
        "confidence": stats.confidence,
        "sides": stats.sides,
        "sequential": stats.sequential,
        "tuning": stats.tuning,
    }
    for old in list(remembered)[: max(0, len(remembered) - REMEMBERED_MAX)]:
        del remembered[old]
    save_settings(settings)


def controls_line(
    *,
    range_label: str,
    correction: str,
    comparisons: int | None,
    sort: str,
    confidence: float | None,
    stats: StatsSettings,
) -> Text:
    """The settings line above the goals: what each key changes and its current value."""
    line = Text()
    line.append("Range (t): ", "bold")
    line.append(range_label)
    line.append("  Correction (c): ", "bold")
    line.append(correction)
    if comparisons is not None and correction != "none":
        line.append(f" over {comparisons} comparison{'' if comparisons == 1 else 's'}")
    line.append("  Sort (o): ", "bold")
    line.append(sort)
    line.append("\nLevel (l): ", "bold")
    level = f"{confidence:g}%" if confidence is not None else "…"
    line.append(level + ("" if stats.confidence is not None else " (experience)"))
    line.append("  Sides (d): ", "bold")
    line.append("two" if stats.sides == 2 else "one (variation better)")
    line.append("  Sequential (s): ", "bold")
    line.append(f"on, tuning {stats.tuning:g}" if stats.sequential else "off")
    return line


class StatsKeys:
    """The report screen's l / d / s actions (a mixin: the screen has `stats`, `key`,
    `update_view`, `app` and `notify`)."""

    stats: StatsSettings
    app: Any

    if TYPE_CHECKING:  # provided by the screen (a stub here would shadow textual's notify)

        @property
        def key(self) -> str: ...

        def update_view(self) -> None: ...

        def notify(self, message: str, **kwargs: Any) -> None: ...

    def action_level(self) -> None:
        current = "experience" if self.stats.confidence is None else f"{self.stats.confidence:g}"
        options = [
            (value, ("● " if value == current else "  ") + label, True)
            for value, label in LEVEL_CHOICES
        ]
        self.app.push_screen(ChoiceDialog(Text("Confidence level"), options), self._level_chosen)

    def _level_chosen(self, value: str | None) -> None:
        if value is not None:
            confidence = None if value == "experience" else float(value)
            self.set_stats(replace(self.stats, confidence=confidence))

    def action_sides(self) -> None:
        self.set_stats(replace(self.stats, sides=1 if self.stats.sides == 2 else 2))

    def action_sequential(self) -> None:
        self.set_stats(replace(self.stats, sequential=not self.stats.sequential))

    def set_stats(self, stats: StatsSettings) -> None:
        """Use `stats` now and remember them for this experience."""
        if stats == self.stats:
            return
        self.stats = stats
        try:
            remember(self.key, stats)
        except OSError as exc:  # they still apply now; only remembering them failed
            self.notify(f"Could not save the settings: {exc}", severity="warning", markup=False)
        self.update_view()
