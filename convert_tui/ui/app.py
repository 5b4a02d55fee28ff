"""The Textual application: owns the state, the connection and (in --demo) the sandbox."""

from __future__ import annotations

import contextlib
import gc
import importlib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from convert_tui.config import local_files
from convert_tui.state import (
    AppState,
    OnFirstUse,
    SearchItem,
    clock_skew,
    default_clock,
    describe,
)
from convert_tui.ui.app_feedback import Feedback
from convert_tui.ui.commands import ExplorerCommands
from convert_tui.ui.connection import Connection
from convert_tui.ui.crash import crash_report_for, flush_drafts
from convert_tui.ui.explorer.screen import MainScreen
from convert_tui.ui.explorer.tree import NodeRef
from convert_tui.ui.history import HISTORY_KEYS, BackStack
from convert_tui.ui.messages import EditRecord, OpenReport, OpenVariationEditor
from convert_tui.ui.navigation import Navigation
from convert_tui.ui.text import clean
from convert_tui.ui.user_config import apply_user_config, remember_theme

# Start-up speed: the first frame (the cached tree) is painted before pydantic, httpx and the
# other screens are imported; these load when first used (tests/test_perf_behaviour.py checks).
if TYPE_CHECKING:
    from convert_tui.api import errors
    from convert_tui.config import debuglog, profiles
    from convert_tui.config.cache import CacheEntry
else:
    errors = OnFirstUse("convert_tui.api.errors")
    debuglog = OnFirstUse("convert_tui.config.debuglog")
    profiles = OnFirstUse("convert_tui.config.profiles")
# The cyclic GC stays off this long after mount (see `commands.tui.build_app`): the first frame,
# the first load and its frame are done by then (0.4 s with live data from a local server).
STARTUP_GC_PAUSE = 1.0
DEFAULT_PROFILE = "default"  # = config.profiles.DEFAULT_PROFILE (not imported: pydantic)
# `resolve` of ConvertApp: (the profile, or None and why the login screen opens, its name).
Resolved = tuple["profiles.Profile | None", "str | None", str]

# Screens other parts of the UI provide, opened by the typed requests of ui/messages.py.
# "module:Class"; the class is built with the message's fields (see `_open_extension`).
EXTENSION_SCREENS: dict[str, str] = {
    "edit": "convert_tui.ui.screens.form:RecordFormScreen",  # (kind, project_id, record_id)
    "report": "convert_tui.ui.report.screen:ReportScreen",  # (project_id, experience_id)
    "variations": "convert_tui.ui.variations.screen:VariationEditorScreen",  # (p, e)
}
EXTENSION_NAMES = {
    "edit": "record editor",
    "report": "report view",
    "variations": "variation editor",
}


class ConvertApp(Feedback, BackStack, Navigation, Connection, App[int]):
    """`profile` None and not `demo`: the login screen opens first."""

    # (and the stylesheet of the screen it opens on: `Navigation.read_landing_stylesheet`)
    CSS_PATH: ClassVar[list[str | PurePath]] = ["app.tcss"]
    TITLE = "convert-tui"
    COMMANDS = App.COMMANDS | {ExplorerCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit_app", "Quit", show=False, tooltip="Quit (ctrl+q also quits)",
                id="app.quit"),
        Binding("question_mark", "help", "Help", tooltip="Show every key", id="app.help"),
        Binding("r", "refresh_data", "Refresh", tooltip="Reload everything loaded so far",
                id="app.refresh"),
        Binding("a", "toggle_auto_refresh", "Auto", show=False, tooltip="Auto-refresh on/off",
                id="app.auto_refresh"),
        # Textual's suspend; a text field keeps ctrl+z for its undo.
        Binding("ctrl+z", "suspend_process", "Suspend", show=False,
                tooltip="Suspend (fg resumes)", id="app.suspend"),
        *HISTORY_KEYS,
    ]  # fmt: skip

    def __init__(
        self,
        profile: profiles.Profile | None = None,
        *,
        demo: bool = False,
        read_only: bool = False,
        allow_insecure: bool = False,
        login_message: str | None = None,
        profile_name: str = DEFAULT_PROFILE,
        clock: Callable[[], datetime] = default_clock,
        debug: bool = False,
        use_cache: bool = True,
        landing: str = "tree",
        resolve: Callable[[], Resolved] | None = None,
        gc_paused: bool = False,
    ) -> None:
        """`use_cache`: show the disk cache of the profile at once and keep it (--no-cache:
        neither read nor write it). `resolve`: find the profile only after the first frame
        (convert-tui's own start): the cached tree of `profile_name` is painted first.
        `gc_paused`: the cyclic GC was turned off for the start-up (`commands.tui`); the app
        turns it back on `STARTUP_GC_PAUSE` seconds after it is mounted."""
        super().__init__()
        self._gc_paused = gc_paused
        self.state = AppState(clock)
        self.initial_profile = profile
        self.demo = demo
        self.force_read_only = read_only
        self.allow_insecure = allow_insecure
        self.login_message = login_message
        self.profile_name = profile_name
        self.sandbox: Any = None
        self.main_screen = MainScreen()
        self.current_profile: profiles.Profile | None = None  # the one connected
        self.debug_log = debug  # --debug: every secret used is also hidden from that log
        self._debug_log_shown = False
        self._secrets: set[str] = set()  # never written into a crash report
        self.crash_report: Path | None = None
        self.crash_message: str | None = None  # one line, set when the app stopped on a bug
        self.use_cache = use_cache and not demo  # (the demo sandbox is new each time)
        self.resolve_profile = resolve
        self.startup_error: str | None = None  # a setup the user must fix (printed on exit)
        self._preview: CacheEntry | None = None
        # The screen it opens on: "overview" (convert-tui's default, settings.landing) or
        # "tree" (the explorer, the default screen under the overview).
        self.landing = landing
        self.read_landing_stylesheet()

    # -- lifecycle -----------------------------------------------------------------------

    def _previewing(self) -> bool:
        """Whether the start shows the disk cache before the profile is known (convert-tui's
        own start: `resolve`); with a profile given, `connect` shows its cache."""
        return (
            self.use_cache
            and not self.demo
            and self.initial_profile is None
            and self.resolve_profile is not None
        )

    async def on_mount(self) -> None:
        self.user_config = apply_user_config(self)  # config.toml: theme, keymap, refresh, time
        # A local file set aside as unusable (config.local_files) is said once, as a warning.
        local_files.listen(self._report_local_file)
        # After ctrl+z and `fg` the terminal shows an empty alternate screen: draw it all again.
        self.app_resume_signal.subscribe(self, lambda _: self.refresh(layout=True))
        self.start_history()
        if self._gc_paused:
            self.set_timer(STARTUP_GC_PAUSE, self._end_gc_pause, name="end start-up GC pause")
        if self.demo:
            self._start_demo()
        elif self.initial_profile is not None:
            self.connect(self.initial_profile)
        elif self.resolve_profile is not None:
            # With a cached tree, paint it first; with none there is nothing to show before
            # the projects arrive, so ask for them at once.
            if self._show_preview():
                self.call_after_refresh(self._resolve_and_connect)
            else:
                # Not awaited here: while on_mount waits, the app handles no other message
                # (the terminal's size, keys), and the screen paints its first frame anyway.
                self._resolve_and_connect()
        else:
            from convert_tui.ui.screens.login import LoginScreen

            login = LoginScreen(self.profile_name)
            if self.login_message:
                login = LoginScreen(self.profile_name, self.login_message)
            self.push_screen(login)

    def _report_local_file(self, message: str) -> None:
        self.notify(clean(message, one_line=True), severity="warning", timeout=10, markup=False)

    def _end_gc_pause(self) -> None:
        # What start-up made and still holds (modules, widgets, the first records) is frozen
        # first, so the collector's later passes do not walk it again (as `_settle_heap`).
        self._gc_paused = False
        gc.collect()
        gc.freeze()
        gc.enable()

    def _show_preview(self) -> bool:
        """Show the cached tree of the profile named, before anything heavy is imported (it
        is checked against the profile's account when that is known, in `connect`)."""
        if not self._previewing():
            return False
        from convert_tui.config.cache import TreeCache

        # (the overview's cached rows are shown before this, see `get_default_screen`)
        self._preview = TreeCache(self.profile_name, account=None).load()
        if self._preview is None:
            return False
        self.state.cached_at = self._preview.saved_at.astimezone()  # the first frame says so
        self.main_screen.show_preview(self._preview)
        return True

    async def on_unmount(self) -> None:
        local_files.listen(None)  # (reports after this go to whoever listens next)
        if self._gc_paused:  # stopped within the pause
            self._gc_paused = False
            gc.enable()
        self._remember_last_project()
        remember_theme(self)  # one picked in the palette
        self.state.save_cache(now=True)
        self.state.save_overview_cache()
        await self.state.disconnect()
        if self.sandbox is not None:
            self.sandbox.stop()
            self.sandbox = None

    def _remember_last_project(self) -> None:
        """settings.last_project: the project of the selection, reopened next time."""
        sel, info = self.state.selection, self.state.profile
        if sel is None or sel.project_id is None or info is None:
            return
        from convert_tui.config.settings import load_settings, save_settings

        with contextlib.suppress(Exception):  # settings are a convenience; never fail exit
            settings = load_settings()
            if settings.last_project.get(info.name) != sel.project_id:
                settings.last_project = {**settings.last_project, info.name: sel.project_id}
                save_settings(settings)

    # -- navigation ----------------------------------------------------------------------

    def open_experience(self, project_id: str, experience_id: str) -> None:
        from convert_tui.ui.screens.experience import ExperienceScreen

        self.push_screen(ExperienceScreen(project_id, experience_id))

    def jump_to(self, item: SearchItem) -> None:
        self.remember_place()
        rid = None if item.kind == "project" else item.record_id
        ref = NodeRef(item.kind, item.project_id, rid)

        def jump() -> None:
            if not self.main_screen.jump_to(ref):
                self.notify("That record is no longer in the tree; press r to refresh.")
            self.record_place()

        self.with_tree(jump)

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
        self._open_extension("variations", message.project_id, message.experience_id)  # (viewing)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # I/O errors are handled inside the state's workers; this catches anything else (a
        # bug, a surprising answer) so it still reaches the user instead of a silent log line.
        worker = event.worker
        if event.state == WorkerState.ERROR and worker.node is self.state and worker.error:
            self.state.fail(f"Internal error in {worker.name}", worker.error)

    def on_app_state_failed(self, message: AppState.Failed) -> None:
        # Rejected credentials will not fix themselves: offer the login screen right away,
        # filled in for this account (a skewed clock is no credentials problem: not then).
        from convert_tui.ui.screens.login import LoginScreen

        error = message.error
        self.offer_read_only_after(error)
        if (
            isinstance(error, errors.AuthError)
            and clock_skew(error) is None
            and not isinstance(self.screen, LoginScreen)
        ):
            name = self.state.profile.name if self.state.profile else profiles.DEFAULT_PROFILE
            last = self.current_profile
            self.push_screen(
                LoginScreen(
                    name, f"{describe(error)} — {message.hint}",
                    app_id=last.app_id if last else "", base_url=last.base_url if last else None,
                    read_only=self.state.read_only,
                )
            )  # fmt: skip

    # -- notifications -------------------------------------------------------------------

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every toast of the app passes here (widgets' and the state's `notify` call the
        app's): its message and title often carry server text (a name, a 422's fields), so
        this is where they become display text — characters a terminal would act on
        (`ESC ] 52` writes the clipboard) are made visible. Callers with server text also
        pass markup=False, so it is never parsed as markup."""
        super().notify(
            clean(message), title=clean(title, one_line=True), severity=severity,
            timeout=timeout, markup=markup,
        )  # fmt: skip

    # -- actions -------------------------------------------------------------------------

    def action_quit_app(self) -> None:
        # Asks first only when unsaved drafts exist (imported here: forms are an extension).
        from convert_tui.ui.forms.drafts import confirm_quit

        confirm_quit(self, lambda: self.exit(0))

    def action_refresh_data(self) -> None:
        if self.state.connected:
            self.state.refresh()
            self.notify("Refreshing…", timeout=2)

    def action_toggle_auto_refresh(self) -> None:
        self.state.toggle_auto_refresh()
        every = f"every {self.state.refresh_interval:g}s" if self.state.auto_refresh_on else "off"
        self.notify(f"Auto-refresh {every}.", timeout=3)

    def action_login(self) -> None:
        from convert_tui.ui.screens.login import LoginScreen

        self.push_screen(LoginScreen())

    # -- crashes -------------------------------------------------------------------------

    def _handle_exception(self, error: Exception) -> None:
        """An unexpected exception anywhere: a redacted crash report and one line, no traceback.

        Replaces `App._handle_exception` of Textual 8.2 (checked against its source), which
        sets the return code, records the first exception (run_test re-raises it, so tests
        still see bugs) and then prints a traceback *with locals* on exit: locals can hold
        the secret, and a traceback is no message for a user. We keep the first two; the
        traceback goes, redacted, into a file under the user log dir, and `crash_message`
        (one line, printed on exit) says where. Drafts are on disk already; open forms write
        theirs now.
        """
        self._return_code = 1
        if self._exception is None:
            self._exception = error
            self._exception_event.set()
        if self.crash_message is None:
            flush_drafts(self.screen_stack)
            self.crash_report, self.crash_message = crash_report_for(
                error, self._secrets, self.screen_stack
            )  # (the message is printed by `convert-tui` once the terminal is restored)
        self._close_messages_no_wait()
