"""A screen that lays itself out again only when the terminal's size changed."""

from __future__ import annotations

from textual import events
from textual.screen import Screen


class SteadyScreen(Screen[None]):
    """Textual hands a screen that opens at start-up the terminal's size up to three times
    (the app's first size, its idle check, the screen's own first layout), and each ran a full
    layout and repaint of the unchanged screen right after its first frame: ~6 ms while the
    first request is on the wire. A Resize of the size the screen is laid out at is dropped.
    (Only for screens without size breakpoints: those are set in the same handler.)"""

    async def _on_resize(self, event: events.Resize) -> None:
        # (Textual runs the handler of each class in the MRO: prevent_default skips Screen's.)
        if event.size == self._compositor.size and not self.app._background_screens:
            event.stop()
            event.prevent_default()
