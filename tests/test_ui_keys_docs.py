"""Issue 13, items 9 and 10: every key the README lists works where it says (its bindings),
help lists the keys of the current screen only, once each, and scrolls; g/G, paging and
search in the tree, lists and the JSON view."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from test_ui_explorer import SIZE, cursor_label, move_to, settle, tree_of, visible_labels
from test_ui_mutations import open_first_active_experience
from test_ui_variations import open_editor
from textual.app import App
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import TabbedContent

from convert_tui.ui.app import ConvertApp
from convert_tui.ui.explorer.screen import MainScreen
from convert_tui.ui.explorer.tree import ExplorerTree
from convert_tui.ui.report.screen import ReportScreen
from convert_tui.ui.screens.experience import ExperienceScreen
from convert_tui.ui.screens.help import HelpScreen, live_bindings
from convert_tui.ui.variations.list import VariationList
from convert_tui.ui.variations.screen import VariationEditorScreen
from convert_tui.ui.variations.view import VariationView

README = Path(__file__).resolve().parent.parent / "README.md"
WHERE: dict[str, list[type]] = {
    "tree": [MainScreen, ExplorerTree],
    "experience": [ExperienceScreen],
    "variations": [VariationEditorScreen, VariationList, VariationView],
    "help": [HelpScreen],
}
SCREENS = ["tree", "experience", "variations"]  # "everywhere": each of these, or the app
NAMES = {"↑": "up", "↓": "down", "→": "right", "←": "left", "Enter": "enter", "Esc": "escape",
         "/": "slash", "?": "question_mark", "[": "left_square_bracket",
         "]": "right_square_bracket"}  # fmt: skip


def readme_keys() -> list[tuple[str, list[str]]]:
    """(binding key, where) for every key in the README's keys table."""
    text = README.read_text(encoding="utf-8").split("## Keys", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or cells[0] in ("Keys", "---"):
            continue
        where = [w.strip() for w in cells[1].split(",")]
        for token in cells[0].replace("`", "").split():
            if token == "1-7":
                rows += [(str(i), where) for i in range(1, 8)]
            else:
                rows.append((NAMES.get(token, token), where))
    assert len(rows) > 30, rows
    return rows


def bound_keys(*classes: type) -> set[str]:
    keys: set[str] = set()
    for cls in classes:
        for binding in getattr(cls, "BINDINGS", []):
            if isinstance(binding, Binding):
                keys |= {k.strip() for k in binding.key.split(",")}
    return keys


def test_every_key_in_the_readme_is_bound_where_the_readme_says() -> None:
    app_keys = bound_keys(ConvertApp, App) | {App.COMMAND_PALETTE_BINDING}
    for key, where in readme_keys():
        places = SCREENS if where == ["everywhere"] else where
        for place in places:
            classes = WHERE[place]
            assert key in bound_keys(*classes) | app_keys, (key, place)
    # and the other way round: the report view has no `y` (the README must not say so)
    assert "y" not in bound_keys(ReportScreen)


def help_rows(screen: Any) -> dict[str, str]:
    """Help's rows of `screen`: each key shown -> its row (a key in two rows fails)."""
    rows: dict[str, str] = {}
    for keys, what, _, _ in live_bindings(screen):
        for key in keys.split(" / "):
            assert key not in rows, f"{key!r} listed twice: {rows[key]!r} and {what!r}"
            rows[key] = what
    return rows


async def test_help_lists_this_screens_keys_once_each_as_the_readme_says(
    make_ui_app: Any,
) -> None:
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "l")  # the cursor on an experience: every record key applies
        await settle(pilot)
        await move_to(pilot, "Experiences")
        await pilot.press("l", "l", "l", "l")
        checked = 0
        for place, screen in (("tree", app.screen), ("experience", None)):
            if screen is None:
                await pilot.press("enter")
                await settle(pilot)
                screen = app.screen
                assert isinstance(screen, ExperienceScreen)
            rows = help_rows(screen)
            quits = [what for what in rows.values() if "quit" in what.lower()]
            assert len(set(quits)) == 1, quits  # q and ctrl+q: one row
            for key, where in readme_keys():
                if place in where or where == ["everywhere"]:
                    shown = app.get_key_display(Binding(key, ""))
                    assert shown in rows, (place, key, sorted(rows))
                    checked += 1
        # the experience screen's help has no tree keys
        assert not any("filter" in what.lower() for what in rows.values())
        assert not any("expand" in what.lower() for what in rows.values())
        assert checked > 25


async def test_help_scrolls_with_j_and_k(make_ui_app: Any) -> None:
    app = make_ui_app()
    async with app.run_test(size=(80, 14)) as pilot:  # short: the list must scroll
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        scroller = app.screen.query_one("#help-keys", VerticalScroll)
        assert scroller.max_scroll_y > 0
        await pilot.press("j", "j")
        await pilot.pause()
        assert scroller.scroll_y == 2
        await pilot.press("k")
        await pilot.pause()
        assert scroller.scroll_y == 1
        await pilot.press("G")
        await pilot.pause()
        assert scroller.scroll_y == scroller.max_scroll_y


async def test_g_and_G_go_to_the_first_and_last_line_of_the_tree_and_lists(
    make_ui_app: Any,
) -> None:
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        tree = tree_of(pilot)
        await pilot.press("G")
        assert tree.cursor_line == tree.last_line
        assert cursor_label(tree) == visible_labels(tree)[-1]
        await pilot.press("g")
        assert tree.cursor_line == 0
        editor = await open_editor(pilot)
        listing = editor.query_one(VariationList)
        listing.focus()
        await pilot.press("G")
        assert listing.highlighted == listing.option_count - 1
        await pilot.press("g")
        assert listing.highlighted is not None and listing.highlighted <= 1  # (1: a heading)


async def test_the_json_tab_pages_and_searches_with_n_and_N(make_ui_app: Any) -> None:
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_first_active_experience(pilot)
        screen = app.screen
        assert isinstance(screen, ExperienceScreen)
        await pilot.press("7")
        await pilot.pause()
        scroller = screen.query_one("#json").query_one(VerticalScroll)
        assert scroller.max_scroll_y > 20
        for key in ("pagedown", "ctrl+d", "space"):
            before = scroller.scroll_y
            await pilot.press(key)
            await pilot.pause()
            assert scroller.scroll_y > before + 5, key
        await pilot.press("end")
        await pilot.pause()
        assert scroller.scroll_y == scroller.max_scroll_y
        await pilot.press("g")
        await pilot.pause()
        assert scroller.scroll_y == 0
        await pilot.press("n")  # no search yet: n is nothing here
        await pilot.press("slash", *"percentage", "enter")
        await pilot.pause()
        found = screen.search.matches
        assert len(found) >= 2 and screen.search.index == 0
        status = str(screen.query_one("#search-status").render())
        assert f"1 of {len(found)}" in status
        await pilot.press("n")
        await pilot.pause()
        assert screen.search.index == 1
        await pilot.press("N", "N")
        await pilot.pause()
        assert screen.search.index == len(found) - 1  # wraps around
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ExperienceScreen) and not screen.search.query
        await pilot.press("slash", *"zzqq")
        await pilot.pause()
        assert "no matches" in str(screen.query_one("#search-status").render())
        assert screen.query_one(TabbedContent).active == "json"


async def test_the_code_view_pages_and_searches_all_its_code_with_n_and_N(
    make_ui_app: Any,
) -> None:
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(pilot)
        await pilot.press("j", "enter")  # the variation with code, into its view
        await pilot.pause()
        view = editor.query_one(VariationView)
        view.focus()
        await pilot.press("slash", *"el", "enter")
        await pilot.pause()
        assert len(view.matches) >= 2 and view.index == 0
        await pilot.press("n")
        await pilot.pause()
        assert view.index == 1 and isinstance(app.screen, VariationEditorScreen)
        field = view.matches[1][0]
        code = view.query_one(f"#view-{field}")
        assert code.selected_text.lower() == "el"  # type: ignore[attr-defined]
        await pilot.press("N")
        assert view.index == 0
        await pilot.press("escape")  # ends the search, stays in the editor
        await pilot.pause()
        assert not view.query_text and isinstance(app.screen, VariationEditorScreen)
        drafts = len(editor.forms)
        view.focus()
        await pilot.press("n")  # no search: the screen's n (a new draft) again
        await pilot.pause()
        assert len(editor.forms) == drafts + 1
