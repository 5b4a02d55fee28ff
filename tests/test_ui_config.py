"""config.toml in the running app: keymap, theme, refresh, time zone; a bad file still starts."""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import re
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from test_ui_explorer import SIZE, cursor_label, plain, settle, tree_of
from textual.binding import Binding
from textual.widgets import Static

import convert_tui.ui
from convert_tui.config.config_file import KeymapEntry
from convert_tui.ui import time_zone
from convert_tui.ui.keymap import CHAINS, check_keymap, key_problem, known_bindings
from convert_tui.ui.widgets.header import RefreshLabel


def write_config(config_dir: Path, text: str) -> Path:
    path = config_dir / "config" / "config.toml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text)
    return path


def notes(app: Any) -> str:
    return "\n".join(f"{n.title}\n{n.message}" for n in app._notifications)


# -- keymap ---------------------------------------------------------------------------------------


async def test_rebound_j_and_k_drive_the_tree_and_the_old_keys_no_longer_do(
    make_ui_app: Any, config_dir: Path
) -> None:
    write_config(config_dir, '[keymap]\ntree.down = "t"\ntree.up = "w"\n')
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        tree = tree_of(pilot)
        first = cursor_label(tree)
        await pilot.press("t", "t")
        second = cursor_label(tree)
        assert second != first
        await pilot.press("j")  # no longer "down"
        assert cursor_label(tree) == second
        await pilot.press("w", "w")
        assert cursor_label(tree) == first
        assert "config.toml" not in notes(app)  # nothing to report
        await pilot.press("question_mark")  # the help shows the new keys, with their ids
        await pilot.pause()
        # (one row per action, its keys as rebound, its id: issue 13's help)
        rows = {ids: keys.split(" / ") for keys, _, ids, _ in app.screen.bindings}  # type: ignore[attr-defined]
        assert "t" in rows["tree.down"] and "w" in rows["tree.up"]
        assert "j" not in rows["tree.down"]
        shown = " ".join(plain(w) for w in app.screen.query_one("#help-box").query(Static))
        assert "tree.down" in shown and "tree.up" in shown


async def test_a_keymap_clash_is_reported_with_its_line_and_the_default_kept(
    make_ui_app: Any, config_dir: Path
) -> None:
    path = write_config(
        config_dir,
        '# mine\n[keymap]\ntree.down = "d"\ntree.dwn = "x"\napp.quit = "ctrl+shft+q"\n'
        "[refresh]\non_at_start = 1\n",  # found by the file's reader, before the keymap's
    )
    before = path.read_bytes()
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        said = notes(app)
        assert said.startswith("config.toml: settings not used\n")
        assert "\nline 3: tree.down = 'd': 'd' is already explorer.delete" in said
        assert "\nline 4: tree.dwn" in said and "did you mean 'tree.down'" in said
        assert "\nline 5: app.quit" in said and "'shft' is not a modifier" in said
        assert (
            said.index("line 3:")
            < said.index("line 4:")
            < said.index("line 5:")
            < said.index("line 7:")
        )
        tree = tree_of(pilot)
        first = cursor_label(tree)
        await pilot.press("j")  # the default still moves
        assert cursor_label(tree) != first
    assert path.read_bytes() == before


def test_swapping_two_keys_is_no_clash_and_a_taken_key_is() -> None:
    keymap, problems = check_keymap(
        [KeymapEntry("tree.down", "k", 2), KeymapEntry("tree.up", "j", 3)]
    )
    assert keymap == {"tree.down": "k", "tree.up": "j"} and problems == []
    # The report view has its own r (reload): the app's refresh moved onto x clashes with export.
    keymap, problems = check_keymap([KeymapEntry("app.refresh", "x", 7)])
    assert keymap == {}
    assert problems == [
        "config.toml line 7: app.refresh = 'x': 'x' is already report.export in the report "
        "view; choose another key, or move report.export too. Default key kept."
    ]


@pytest.mark.parametrize("key", ["j", "ctrl+n", "shift+tab", "f5", "question_mark", "?", "R"])
def test_keys_textual_accepts(key: str) -> None:
    assert key_problem(key) is None


@pytest.mark.parametrize("key", ["ctrl+", "cmd+s", "pagedownn", "two words", "ctl+a"])
def test_malformed_keys(key: str) -> None:
    assert key_problem(key) is not None


def test_every_binding_in_the_ui_has_an_id_and_a_chain_that_checks_it() -> None:
    chained = {path.partition(":")[2] for paths in CHAINS.values() for path in paths}
    missing_ids, unchained = [], []
    for info in pkgutil.walk_packages(convert_tui.ui.__path__, "convert_tui.ui."):
        module = importlib.import_module(info.name)
        for cls in vars(module).values():
            if not isinstance(cls, type) or cls.__module__ != module.__name__:
                continue
            bindings = cls.__dict__.get("BINDINGS", [])
            missing_ids += [f"{cls.__name__} {b.key}" for b in bindings if not b.id]
            typed = bindings and all(isinstance(b, Binding) for b in bindings)
            if typed and cls.__name__ not in chained:
                unchained.append(cls.__name__)
    assert missing_ids == [] and unchained == []
    assert {"tree.down", "tree.up", "report.export", "app.quit"} <= set(known_bindings())


def test_every_binding_id_is_in_the_readme() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    assert [i for i in known_bindings() if f"`{i}`" not in readme] == []


# -- theme ---------------------------------------------------------------------------------------


async def test_the_files_theme_is_used_and_a_wrong_name_reported(
    make_ui_app: Any, config_dir: Path
) -> None:
    write_config(config_dir, 'theme = "solarized-light"\n')
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "solarized-light"
    write_config(config_dir, '\ntheme = "solarised-light"\n')
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "textual-dark"
        said = notes(app)
        assert "line 2: theme = 'solarised-light' is no theme" in said
        assert "did you mean 'solarized-light'" in said


async def test_a_theme_picked_in_the_app_is_remembered_and_wins_over_the_file(
    make_ui_app: Any, config_dir: Path
) -> None:
    path = write_config(config_dir, 'theme = "nord"\n')
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "nord"
        app.theme = "gruvbox"  # what the palette's "Theme" command does
        await pilot.pause()
    settings = json.loads((config_dir / "config" / "settings.json").read_text())
    assert settings["theme"] == "gruvbox"
    assert path.read_text() == 'theme = "nord"\n'  # the file is the user's: never written
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "gruvbox"


FRAME_COLOURS = {"ff5f57", "febc2e", "28c840", "c5c8c6"}  # the screenshot's window, not the app


async def coloured(app: Any) -> set[str]:
    """The colours the app drew that are not greys (red = green = blue)."""
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "textual-light"
        svg = app.export_screenshot()
    colours = set(re.findall(r"#([0-9a-f]{6})", svg))
    return {c for c in colours - FRAME_COLOURS if not c[0:2] == c[2:4] == c[4:6]}


async def test_no_color_still_wins_over_a_theme(
    make_ui_app: Any, config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_config(config_dir, 'theme = "textual-light"\n')
    assert await coloured(make_ui_app())  # in colour without NO_COLOR
    monkeypatch.setenv("NO_COLOR", "1")
    assert await coloured(make_ui_app()) == set()


# -- refresh and time ------------------------------------------------------------------------------


async def test_refresh_interval_and_auto_refresh_at_start(
    make_ui_app: Any, config_dir: Path
) -> None:
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.state.refresh_interval == 60 and not app.state.auto_refresh_on
    write_config(config_dir, "[refresh]\ninterval_seconds = 15\non_at_start = true\n")
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.state.refresh_interval == 15 and app.state.auto_refresh_on
        assert "auto on" in str(app.screen.query_one(RefreshLabel).render())


async def test_a_bad_file_starts_with_the_defaults_one_message_and_is_not_written(
    make_ui_app: Any, config_dir: Path
) -> None:
    text = '[refresh]\ninterval_seconds = "often"\n\n[time\nzone = "utc"\n'
    path = write_config(config_dir, text)
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.state.refresh_interval == 60
        [note] = [n for n in app._notifications if "config.toml" in n.title]
        assert "line 2: [refresh] interval_seconds" in str(note.message)
        assert "line 4: not valid TOML" in str(note.message)
        assert "the file was not changed" in str(note.message)
        assert len(tree_of(pilot).root.children) > 0  # the explorer works
    assert path.read_text() == text


@pytest.fixture
def paris() -> Any:
    os.environ["TZ"] = "Europe/Paris"
    time.tzset()
    yield
    os.environ["TZ"] = "UTC"
    time.tzset()
    time_zone.set_zone("local")


async def test_dates_in_the_local_zone_by_default_utc_by_choice_and_the_header_says_which(
    make_ui_app: Any, config_dir: Path, paris: Any
) -> None:
    noon_utc = 1_763_208_000  # 2025-11-15 12:00 UTC
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert time_zone.from_timestamp(noon_utc) == "2025-11-15 13:00 CET"
        assert "refreshed 10:30 CET" in str(app.screen.query_one(RefreshLabel).render())
    write_config(config_dir, '[time]\nzone = "utc"\n')
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert time_zone.from_timestamp(noon_utc) == "2025-11-15 12:00 UTC"
        label = app.screen.query_one(RefreshLabel)
        assert "refreshed 09:30 UTC" in str(label.render())
        label.cached_at = datetime(2025, 11, 15, 12, 0, tzinfo=UTC)  # a cached tree's mark
        assert "cached at 12:00 UTC" in str(label.render())


def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(v: int) -> float:
        x = v / 255
        return x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4

    r, g, b = rgb
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


async def test_named_colours_are_legible_on_the_light_theme(
    make_ui_app: Any, config_dir: Path
) -> None:
    from rich.color import Color as RichColor
    from textual.color import Color

    write_config(config_dir, 'theme = "textual-light"\n')
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        background = Color.parse(app.current_theme.background).rgb
        palette = app.ansi_theme
    low = []
    for name in ["red", "green", "yellow", "blue", "cyan", "bright_green", "bright_yellow"]:
        triplet = RichColor.parse(name).get_truecolor(palette)
        rgb = (triplet.red, triplet.green, triplet.blue)
        lighter, darker = sorted([_luminance(rgb), _luminance(background)], reverse=True)
        if (lighter + 0.05) / (darker + 0.05) < 4.5:
            low.append(name)
    assert low == []


def test_a_drafts_time_follows_the_zone(paris: Any) -> None:
    from datetime import UTC, datetime

    from convert_tui.config.drafts import Draft
    from convert_tui.ui.forms.drafts import saved_time

    draft = Draft("form", "k", datetime(2025, 11, 15, 12, 0, tzinfo=UTC), {})
    time_zone.set_zone("local")
    assert saved_time(draft) == "13:00"
    time_zone.set_zone("utc")
    assert saved_time(draft) == "12:00"


async def test_many_problems_show_the_first_four_and_point_to_the_check(
    make_ui_app: Any, config_dir: Path
) -> None:
    write_config(config_dir, "".join(f"[unknown{i}]\n" for i in range(6)))
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        said = notes(app)
    assert [f"line {i + 1}:" in said for i in range(6)] == [True] * 4 + [False] * 2
    assert "… and 2 more: `convert-tui config --check` lists them all." in said
