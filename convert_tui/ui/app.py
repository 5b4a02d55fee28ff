"""The Textual application: owns the state, the connection and (in --demo) the sandbox."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import datetime
from typing import Any, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from convert_tui.api import ConvertClient, errors
from convert_tui.config import errors as config_errors
from convert_tui.config import profiles
from convert_tui.config.settings import load_settings
from convert_tui.state import AppState, ProfileInfo, SearchItem, default_clock
from convert_tui.ui.commands import ExplorerCommands
from convert_tui.ui.messages import EditRecord, OpenReport, OpenVariationEditor
from convert_tui.ui.screens.experience import ExperienceScreen
from convert_tui.ui.screens.help import HelpScreen, live_bindings
from convert_tui.ui.screens.login import LoginScreen
from convert_tui.ui.screens.main import MainScreen
from convert_tui.ui.widgets.tree import NodeRef

# Screens other parts of the UI provide, opened by the typed requests of ui/messages.py.
# "module:Class"; the class is built with the message's fields (see `_open_extension`).
EXTENSION_SCREENS: dict[str, str] = {
    "edit": "convert_tui.ui.screens.form:RecordFormScreen",  # (kind, project_id, record_id)
    "report": "convert_tui.ui.screens.report:ReportScreen",  # (project_id, experience_id)
    "variations": "convert_tui.ui.screens.variations:VariationEditorScreen",  # (p, e)
}
EXTENSION_NAMES = {
    "edit": "record editor",
    "report": "report view",
    "variations": "variation editor",
}


class ConvertApp(App[int]):
    """`profile` None and not `demo`: the login screen opens first."""

    CSS_PATH = "app.tcss"
    TITLE = "convert-tui"
    COMMANDS = App.COMMANDS | {ExplorerCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit_app", "Quit", show=False, tooltip="Quit (ctrl+q also quits)"),
        Binding("question_mark", "help", "Help", tooltip="Show every key"),
        Binding("r", "refresh_data", "Refresh", tooltip="Reload everything loaded so far"),
        Binding("a", "toggle_auto_refresh", "Auto", show=False, tooltip="Auto-refresh on/off"),
    ]

    def __init__(
        self,
        profile: profiles.Profile | None = None,
        *,
        demo: bool = False,
        read_only: bool = False,
        allow_insecure: bool = False,
        login_message: str | None = None,
        profile_name: str = profiles.DEFAULT_PROFILE,
        clock: Callable[[], datetime] = default_clock,
    ) -> None:
        super().__init__()
        self.state = AppState(clock)
        # The saved interval is used when `a` turns auto-refresh on (0 in the file means "off").
        self.state.refresh_interval = float(load_settings().auto_refresh_seconds or 60)
        self.initial_profile = profile
        self.demo = demo
        self.force_read_only = read_only
        self.allow_insecure = allow_insecure
        self.login_message = login_message
        self.profile_name = profile_name
        self.sandbox: Any = None
        self.main_screen = MainScreen()

    # -- lifecycle -----------------------------------------------------------------------

    def on_mount(self) -> None:
        self.push_screen(self.main_screen)
        if self.demo:
            self._start_demo()
        elif self.initial_profile is not None:
            self.connect(self.initial_profile)
        else:
            login = LoginScreen(self.profile_name)
            if self.login_message:
                login = LoginScreen(self.profile_name, self.login_message)
            self.push_screen(login)

    def _start_demo(self) -> None:
        # Imported here: only --demo needs the server stack.
        from convert_tui.sandbox import SandboxConfig, start_sandbox

        self.sandbox = start_sandbox(SandboxConfig(port=0))
        demo = profiles.Profile(
            name="demo",
            app_id=self.sandbox.app_id,
            secret=self.sandbox.secret,
            base_url=self.sandbox.base_url,
        )
        self.connect(demo)

    async def on_unmount(self) -> None:
        await self.state.disconnect()
        if self.sandbox is not None:
            self.sandbox.stop()
            self.sandbox = None

    # -- connection ----------------------------------------------------------------------

    def _client(self, profile: profiles.Profile, read_only: bool) -> ConvertClient:
        return ConvertClient(profile.app_id, profile.secret, profile.base_url, read_only=read_only)

    def connect(self, profile: profiles.Profile) -> None:
        read_only = self.force_read_only or profile.read_only
        info = ProfileInfo(profile.name, profile.base_url, read_only)
        self.state.connect(info, self._client(profile, read_only))

    def test_profile(
        self, profile: profiles.Profile, on_result: Callable[[bool, str], None]
    ) -> None:
        """Try candidate credentials without touching the current connection."""
        self.state.test_connection(self._client(profile, True), on_result)

    def saved_profile_names(self) -> list[str]:
        try:
            return sorted(profiles.load_profiles())
        except config_errors.ConfigError:
            return []

    def switch_profile(self, name: str) -> None:
        try:
            profile = profiles.get_profile(name)
        except config_errors.ConfigError as exc:
            self.notify(str(exc), title="Cannot switch profile", severity="error", markup=False)
            return
        self._back_to_main()
        self.connect(profile)
        self.notify(f"Switched to profile {name}.", markup=False)

    # -- navigation ----------------------------------------------------------------------

    def _back_to_main(self) -> None:
        while self.screen is not self.main_screen and len(self.screen_stack) > 2:
            self.pop_screen()

    def open_experience(self, project_id: str, experience_id: str) -> None:
        self.push_screen(ExperienceScreen(project_id, experience_id))

    def jump_to(self, item: SearchItem) -> None:
        self._back_to_main()
        rid = None if item.kind == "project" else item.record_id
        ref = NodeRef(item.kind, item.project_id, rid)
        if not self.main_screen.jump_to(ref):
            self.notify("That record is no longer in the tree; press r to refresh.")

    def _open_extension(self, name: str, *args: str | None) -> None:
        module_name, _, class_name = EXTENSION_SCREENS[name].partition(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            self.notify(
                f"The {EXTENSION_NAMES[name]} is not part of this build.",
                severity="warning",
                markup=False,
            )
            return
        screen: Screen[Any] = getattr(module, class_name)(*args)
        self.push_screen(screen)

    def on_edit_record(self, message: EditRecord) -> None:
        if not self.state.refuse_read_only("Editing"):
            self._open_extension("edit", message.kind, message.project_id, message.record_id)

    def on_open_report(self, message: OpenReport) -> None:
        self._open_extension("report", message.project_id, message.experience_id)

    def on_open_variation_editor(self, message: OpenVariationEditor) -> None:
        if not self.state.refuse_read_only("Editing variations"):
            self._open_extension("variations", message.project_id, message.experience_id)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # I/O errors are handled inside the state's workers; this catches anything else (a
        # bug, a surprising answer) so it still reaches the user instead of a silent log line.
        worker = event.worker
        if event.state == WorkerState.ERROR and worker.node is self.state and worker.error:
            self.state.fail(f"Internal error in {worker.name}", worker.error)

    def on_app_state_failed(self, message: AppState.Failed) -> None:
        # Rejected credentials will not fix themselves: offer the login screen right away.
        if isinstance(message.error, errors.AuthError) and not isinstance(self.screen, LoginScreen):
            name = self.state.profile.name if self.state.profile else profiles.DEFAULT_PROFILE
            self.push_screen(LoginScreen(name, f"{message.error} — {message.hint}"))

    # -- actions -------------------------------------------------------------------------

    def action_quit_app(self) -> None:
        self.exit(0)

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(live_bindings(self.screen)))

    def action_refresh_data(self) -> None:
        if self.state.connected:
            self.state.refresh()
            self.notify("Refreshing…", timeout=2)

    def action_toggle_auto_refresh(self) -> None:
        self.state.toggle_auto_refresh()
        every = f"every {self.state.refresh_interval:g}s" if self.state.auto_refresh_on else "off"
        self.notify(f"Auto-refresh {every}.", timeout=3)

    def action_login(self) -> None:
        self.push_screen(LoginScreen())
