"""The theme: a Textual theme picked in the palette (remembered in settings.json), else
config.toml's `theme`, else Textual's default. NO_COLOR still wins: Textual then draws in
monochrome whatever the theme (App.no_color)."""

from __future__ import annotations

import contextlib
import difflib
from collections.abc import Collection
from typing import Any

from rich.terminal_theme import TerminalTheme
from textual import constants
from textual.app import App

from convert_tui.config.config_file import ConfigFile

# Textual's own light ANSI palette (textual 8.2 keeps it in a private module; pinned <8.3).
from textual._ansi_theme import ALABASTER  # isort: skip


# ANSI colour number -> a darker shade: the named colours the UI uses (red/green for a verdict,
# yellow for a warning or a paused status, blue and cyan for statuses) at a contrast of 4.5:1 or
# more on textual-light's background, where Textual's light palette gives yellow about 2:1.
DARKER_ON_LIGHT = {
    1: (150, 45, 40), 2: (40, 100, 14), 3: (110, 76, 0), 4: (45, 82, 175), 6: (0, 92, 128),
    9: (150, 45, 40), 10: (40, 100, 14), 11: (110, 76, 0), 12: (45, 82, 175), 14: (0, 92, 128),
}  # fmt: skip


def _legible_on_light() -> TerminalTheme:
    """Textual's light ANSI palette with the named colours darkened (DARKER_ON_LIGHT)."""
    colours = []
    for number in range(16):
        c = ALABASTER.ansi_colors[number]
        colours.append(DARKER_ON_LIGHT.get(number, (c.red, c.green, c.blue)))
    back, fore = ALABASTER.background_color, ALABASTER.foreground_color
    return TerminalTheme(
        (back.red, back.green, back.blue), (fore.red, fore.green, fore.blue),
        colours[:8], colours[8:],
    )  # fmt: skip


def theme_problems(config: ConfigFile, themes: Collection[str]) -> list[str]:
    """The file's theme, when it names none of `themes`: its line and the names to choose."""
    if config.theme is None or config.theme in themes:
        return []
    line = config.line_of("theme")
    where = f"config.toml line {line}" if line else "config.toml"
    near = difflib.get_close_matches(config.theme, list(themes), n=1)
    hint = f"did you mean {near[0]!r}?" if near else (
        f"e.g. {', '.join(sorted(themes)[:4])} (ctrl+p, Theme, lists them all)."
    )  # fmt: skip
    return [f"{where}: theme = {config.theme!r} is no theme; {hint} The default theme is used."]


def start_theme(app: App[Any], config: ConfigFile, remembered: str) -> list[str]:
    """Set the theme before the first frame; a problem for a theme name the file got wrong."""
    # Set without its watcher (which restyles the whole app): a change of theme, now or from
    # the palette later, builds the colour filter from it.
    app.set_reactive(App.ansi_theme_light, _legible_on_light())
    problems = theme_problems(config, app.available_themes)
    chosen = starting_theme(app, config, remembered)
    if chosen is not None and chosen != app.theme:
        app.theme = chosen
    elif not app.current_theme.dark:  # light already: no theme change will rebuild the filter
        app.ansi_theme_light = _legible_on_light()
    return problems


def starting_theme(app: App[Any], config: ConfigFile, remembered: str) -> str | None:
    """The palette's remembered choice, else the file's (decisions.md), else None (Textual's)."""
    themes = app.available_themes
    if remembered in themes:
        return remembered
    return config.theme if config.theme in themes else None


def remember_theme(app: App[Any], config: ConfigFile) -> None:
    """At exit: a theme other than the one the app started with was picked in the palette;
    it is remembered for the next start."""
    from convert_tui.config.settings import load_settings, save_settings

    with contextlib.suppress(Exception):  # settings are a convenience; never fail the exit
        settings = load_settings()
        at_start = starting_theme(app, config, settings.theme) or constants.DEFAULT_THEME
        if app.theme != at_start:
            settings.theme = app.theme
            save_settings(settings)
