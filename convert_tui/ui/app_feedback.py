"""ConvertApp's answers to what the user did (issue 13), kept out of app.py: one toast per
title, the cursor following a created record, the read-only offer after a 403 on a change,
readable NO_COLOR."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.notifications import Notify

from convert_tui.state.failures import refused_write

if TYPE_CHECKING:
    from convert_tui.state import AppState
    from convert_tui.ui.app import ConvertApp


class Feedback:
    """Mixin of ConvertApp (before textual.App in its bases)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._feedback_init()

    def _feedback_init(self) -> None:
        app: Any = self
        app._history_init()
        if app.no_color:  # NO_COLOR: readable text, not Textual's dim greys
            from convert_tui.ui.no_color import use_readable_no_color

            use_readable_no_color(app._filters)

    def _on_notify(self, event: Notify) -> None:
        # One toast per title: a repeated refusal or hint replaces the one shown, never stacks.
        app: Any = self
        title = event.notification.title
        for shown in list(app._notifications) if title else ():
            if shown.title == title:
                app._unnotify(shown, refresh=False)
        super()._on_notify(event)  # type: ignore[misc]

    def on_app_state_changed(self, message: AppState.Changed) -> None:
        app: ConvertApp = self  # type: ignore[assignment]
        if app.main_screen.is_mounted:  # (not yet built: the app opened on the overview)
            app.main_screen.follow_change(message.kind, message.action, message.project_id,
                                          message.record)  # fmt: skip

    def offer_read_only_after(self, error: BaseException) -> None:
        """A 403 on a change: this key may not change data; offer to go read-only."""
        if refused_write(error):
            from convert_tui.ui.actions import offer_read_only

            offer_read_only(self)  # type: ignore[arg-type]

    def action_help(self) -> None:
        """`?`: the keys of the screen below (only its own)."""
        from convert_tui.ui.screens.help import HelpScreen, live_bindings

        app: Any = self
        if not isinstance(app.screen, HelpScreen):
            where = getattr(app.screen, "HELP_TITLE", "")
            app.push_screen(HelpScreen(live_bindings(app.screen), where))
