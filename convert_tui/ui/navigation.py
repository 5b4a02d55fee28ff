"""Which of the two main screens shows: the overview (`1`) and the project tree (`2`).

A mixin of `ConvertApp`. The app opens on one of them (settings.landing); the tree is built the
first time it is shown when the app opened on the overview (the overview's first frame does not
wait for it), and kept installed after that.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

    from convert_tui.ui.explorer.screen import MainScreen

    _AppBase = App[int]  # (type checkers see the App this mixin is part of)
else:
    _AppBase = object


class Navigation(_AppBase):
    """The navigation half of `ConvertApp` (which provides `main_screen`)."""

    main_screen: MainScreen

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
