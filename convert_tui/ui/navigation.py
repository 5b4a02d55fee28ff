"""Which of the two main screens shows: the overview (`1`) and the project tree (`2`).

A mixin of `ConvertApp`. The app opens on one of them (settings.landing); the tree is built the
first time it is shown when the app opened on the overview (the overview's first frame does not
wait for it), and kept installed after that. Textual reads a screen's CSS_PATH when it is
pushed, never for the default screen: the landing screen's stylesheet is read with the app's.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

    from convert_tui.state import AppState
    from convert_tui.ui.explorer.screen import MainScreen

    _AppBase = App[int]  # (type checkers see the App this mixin is part of)
else:
    _AppBase = object


# The stylesheet of each main screen, by the landing setting's name.
LANDING_CSS = {"tree": "explorer/explorer.tcss", "overview": "overview/overview.tcss"}


class Navigation(_AppBase):
    """The navigation half of `ConvertApp` (which provides `main_screen`)."""

    main_screen: MainScreen
    landing: str
    profile_name: str
    state: AppState

    if TYPE_CHECKING:

        def _previewing(self) -> bool: ...  # (ConvertApp's)

    def read_landing_stylesheet(self) -> None:
        """The stylesheet of the screen the app opens on, read with the app's own (the other
        main screen's is read when it is first pushed)."""
        landing_css = LANDING_CSS["overview" if self.landing == "overview" else "tree"]
        self.css_path.append(Path(__file__).parent / landing_css)

    def get_default_screen(self) -> Screen[Any]:
        # The first screen: the tree is built only when it is first shown (`with_tree`).
        if self.landing != "overview":
            return self.main_screen
        # The cached rows go in before the screen is mounted, so that its first frame shows
        # them: loaded in on_mount they came a frame later (~35 ms, an empty table first).
        self._show_cached_overview()
        return self._overview()

    def _show_cached_overview(self) -> None:
        """The overview's rows of last time (checked against the profile's account when that
        is known, in `connect`)."""
        if not self._previewing():
            return
        from convert_tui.config.cache import TreeCache

        overview = TreeCache(self.profile_name, account=None).load_overview()
        if overview is not None:
            self.state.show_cached_overview(overview.data, overview.saved_at)

    def with_tree(self, then: Callable[[], None] | None = None) -> None:
        """The tree on top (pushed on the overview the app opened on, the first time); `then`
        runs once it is mounted."""
        if self.main_screen in self.screen_stack:
            while self.screen is not self.main_screen:
                self.pop_screen()
            if then is not None:
                then()
            return
        while len(self.screen_stack) > 1:
            self.pop_screen()
        if not self.is_screen_installed(self.main_screen):  # (kept when popped: `2` again)
            self.install_screen(self.main_screen, "tree")
        self.push_screen(self.main_screen)
        if then is not None:
            self.main_screen.once_mounted(then)

    def _overview(self) -> Screen[Any]:
        from convert_tui.ui.overview.screen import OverviewScreen

        return OverviewScreen()

    def show_overview(self) -> None:
        """`1`: the overview (from the tree: pushed on it; it stays the way back)."""
        from convert_tui.ui.overview.screen import OverviewScreen

        overview = next((s for s in self.screen_stack if isinstance(s, OverviewScreen)), None)
        if overview is None:
            self.push_screen(self._overview())
        else:
            while self.screen is not overview:
                self.pop_screen()
        self._remember_landing("overview")

    def show_tree(self) -> None:
        """`2`: the project tree."""
        self.with_tree()
        self._remember_landing("tree")

    def _remember_landing(self, landing: str) -> None:
        from convert_tui.config.settings import remember_landing

        remember_landing(landing)
