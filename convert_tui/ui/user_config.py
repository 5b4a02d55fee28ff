"""config.toml applied to the running app: time zone, theme, refresh, keymap; every problem
found (in the file, or a key or theme the UI refuses) told once, in one notification.

Which setting wins (decisions.md): a command-line flag > what the app remembered (a theme picked
in the palette) > config.toml > the built-in default.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

from convert_tui.config.config_file import (
    ConfigFile,
    OverviewSettings,
    StatisticsSettings,
    load_config,
)
from convert_tui.ui import time_zone
from convert_tui.ui.theme import remember_theme as _remember
from convert_tui.ui.theme import start_theme

if TYPE_CHECKING:
    from convert_tui.ui.app import ConvertApp

MAX_PROBLEMS_SHOWN = 4  # a notification taller than 24 lines is cut


def apply_user_config(app: ConvertApp) -> ConfigFile:
    """Before the first frame: zone, theme, refresh, keymap (checked in full in a thread)."""
    from convert_tui.config.settings import load_settings

    config = load_config()
    settings = load_settings()
    time_zone.set_zone(config.time.zone)
    problems = [str(problem) for problem in config.problems]
    problems += start_theme(app, config, settings.theme)
    state = app.state
    if config.line_of("refresh.interval_seconds") is not None or config.path is None:
        state.refresh_interval = float(config.refresh.interval_seconds)
    else:  # settings.json's interval (older versions') stands when the file does not set one
        state.refresh_interval = float(settings.auto_refresh_seconds or 60)
    if config.statistics != StatisticsSettings():
        from convert_tui.stats import StatsSettings  # (only then: start-up stays light)

        chosen = config.statistics  # the overview's rows (the report view: its own choices)
        state.stats_settings = StatsSettings(
            chosen.confidence, chosen.sides, chosen.sequential, chosen.sequential_tuning
        )
    if config.refresh.on_at_start and not state.auto_refresh_on:
        state.toggle_auto_refresh()
    if config.keymap:
        from convert_tui.ui.keymap import well_formed

        # At once, so the first key pressed uses it; the full check (unknown ids, clashes)
        # imports every screen (0.6 s), so it runs in a thread and then refines the keymap.
        app.set_keymap(well_formed(config.keymap))
        check = partial(_check_keymap, app, config, problems)
        app.run_worker(check, thread=True, name="check the keymap", exit_on_error=False)
    else:
        tell(app, problems)
    return config


def _check_keymap(app: ConvertApp, config: ConfigFile, problems: list[str]) -> None:
    from convert_tui.ui.keymap import check_keymap

    try:
        keymap, refused = check_keymap(config.keymap)
    except Exception as exc:  # a bug in the check must not take the app down: keep what is set
        refused = [f"config.toml [keymap] could not be checked ({type(exc).__name__})."]
        keymap = dict(app._keymap)
    app.call_from_thread(_set_keymap, app, config, keymap, problems + refused)


def _set_keymap(
    app: ConvertApp, config: ConfigFile, keymap: dict[str, str], problems: list[str]
) -> None:
    app.set_keymap(keymap)
    # What was applied (the help screen shows those keys): the entries refused are left out.
    applied = tuple(entry for entry in config.keymap if entry.binding_id in keymap)
    app.user_config = replace(config, keymap=applied)
    tell(app, problems)


def _line_number(problem: str) -> int:
    found = re.match(r"config\.toml line (\d+)", problem)
    return int(found.group(1)) if found else 0


def tell(app: ConvertApp, problems: list[str]) -> None:
    if not problems:
        return
    # The title names the file; each line starts "line N: ..." (or "[table]").
    problems = sorted(problems, key=_line_number)  # in file order, whichever part found them
    shown = [p.removeprefix("config.toml ") for p in problems[:MAX_PROBLEMS_SHOWN]]
    more = len(problems) - len(shown)
    text = "\n".join(shown)
    if more:
        text += f"\n… and {more} more: `convert-tui config --check` lists them all."
    app.notify(
        text + "\nThe app runs with the defaults for these; the file was not changed.",
        title="config.toml: settings not used",
        severity="warning",
        timeout=30,
        markup=False,
    )


def statistics_settings(app: object) -> StatisticsSettings:
    """[statistics] of the running app's config.toml (the defaults outside one)."""
    config = getattr(app, "user_config", None)
    return config.statistics if isinstance(config, ConfigFile) else StatisticsSettings()


def remember_theme(app: ConvertApp) -> None:
    """At exit: remember a theme picked in the palette (see ui/theme.py)."""
    _remember(app, getattr(app, "user_config", ConfigFile()))


def overview_settings(app: object) -> OverviewSettings:
    """[overview] of the running app's config.toml (the defaults outside one). The overview
    can be the first screen, built before the app applies the file: it reads it then."""
    config = getattr(app, "user_config", None)
    if config is None and hasattr(app, "state"):
        config = load_config()
    return config.overview if isinstance(config, ConfigFile) else OverviewSettings()
