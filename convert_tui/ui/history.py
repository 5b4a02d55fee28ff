"""`[` back, `]` forward across records and screens (decisions.md, Keys), as k9s does.

A place is the record under the explorer's cursor plus the screens open above the tree
(experience, report, variation editor). Each change of screen, and each palette jump, adds
the place reached; going back or forward rebuilds that place: back to the tree, the cursor
put on its record, its screens opened again in order (so Esc still goes up the same way).
Dialogs, help and forms are no places.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.binding import Binding, BindingType

from convert_tui.ui.explorer.tree_ref import NodeRef

if TYPE_CHECKING:
    from textual.screen import Screen

    from convert_tui.ui.app import ConvertApp

LIMIT = 100  # places remembered
HISTORY_KEYS: list[BindingType] = [
    Binding("left_square_bracket", "history(-1)", "Back", show=False,
            tooltip="Back to the previous record or screen", id="app.history_back"),
    Binding("right_square_bracket", "history(1)", "Forward", show=False,
            tooltip="Forward again", id="app.history_forward"),
]  # fmt: skip

# Screen class name -> the name a place gives it (opened again by `_open_place_screen`).
PLACE_SCREENS = {
    "OverviewScreen": "overview",
    "ExperienceScreen": "experience",
    "ReportScreen": "report",
    "VariationEditorScreen": "variations",
}

Step = tuple[str, str, str]  # (screen, project id, experience id)


@dataclass(frozen=True)
class Place:
    cursor: NodeRef | None
    path: tuple[Step, ...]


class BackStack:
    """Mixin of ConvertApp: the places visited, and moving back and forth between them."""

    def _history_init(self) -> None:
        self.places: list[Place] = []
        self.place_at = -1
        self._restoring = False

    def start_history(self) -> None:
        """On mount: every screen change records a place; the first screen is the first."""
        self._app().screen_change_signal.subscribe(self._app(), self.record_place)
        self.record_place()

    def _app(self) -> ConvertApp:
        return self  # type: ignore[return-value]

    def current_place(self) -> Place:
        app = self._app()
        node = app.main_screen.explorer.cursor_node if app.main_screen.is_mounted else None
        path = tuple(
            (
                PLACE_SCREENS[type(s).__name__],
                str(getattr(s, "project_id", "")),
                str(getattr(s, "experience_id", "")),
            )
            for s in app.screen_stack
            if type(s).__name__ in PLACE_SCREENS
        )
        return Place(node.data if node is not None else None, path)

    def remember_place(self) -> None:
        """The place now is the one we are at (the cursor may have moved since we came)."""
        if self.place_at >= 0 and not self._restoring:
            here = self.current_place()
            if here.path == self.places[self.place_at].path:
                self.places[self.place_at] = here

    def record_place(self, _screen: Screen[Any] | None = None) -> None:
        """A screen changed or a jump happened: add the place reached (if it is new)."""
        if self._restoring:
            return
        here = self.current_place()
        if self.place_at >= 0:
            last = self.places[self.place_at]
            if here == last:
                return
            if last.path == ():  # leaving the tree: it keeps where the cursor was when we left
                self.places[self.place_at] = Place(here.cursor, ())
        del self.places[self.place_at + 1 :]
        self.places.append(here)
        del self.places[:-LIMIT]
        self.place_at = len(self.places) - 1

    def action_history(self, step: int) -> None:
        target = self.place_at + step
        if not 0 <= target < len(self.places):
            self._app().notify(
                "Nothing further back." if step < 0 else "Nothing further forward.",
                title="History", timeout=2, markup=False,
            )  # fmt: skip
            return
        self.remember_place()
        self.place_at = target
        self._go(self.places[target])

    def _go(self, place: Place) -> None:
        app = self._app()
        self._restoring = True
        try:
            while len(app.screen_stack) > 1:  # the first screen (tree or overview) stays
                app.pop_screen()
            steps = list(place.path)
            if steps and steps[0][0] == PLACE_SCREENS.get(type(app.screen_stack[0]).__name__):
                steps = steps[1:]
            for screen, project_id, experience_id in steps:
                if screen == "overview":
                    app.push_screen(app._overview())
                elif screen == "experience":
                    app.open_experience(project_id, experience_id)
                else:
                    app._open_extension(screen, project_id, experience_id)
            cursor = place.cursor
            if cursor is not None and app.main_screen in app.screen_stack:
                tree = app.main_screen
                tree.once_mounted(lambda: tree.explorer.select_ref(cursor))
        finally:
            self._restoring = False
