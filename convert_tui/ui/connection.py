"""How the app finds its profile and connects: resolve, the demo sandbox, switching profiles.

A mixin of `ConvertApp` (ui/app.py), kept apart so the app module holds the lifecycle, the
navigation and the crash handling, and this one the connection.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from convert_tui.config import errors as config_errors
from convert_tui.lazy import OnFirstUse
from convert_tui.state import AppState, ProfileInfo
from convert_tui.ui.explorer.screen import saved_filter

if TYPE_CHECKING:
    from textual.app import App

    from convert_tui.api import ConvertClient
    from convert_tui.config import debuglog, profiles
    from convert_tui.config.cache import CacheEntry, TreeCache
    from convert_tui.ui.explorer.screen import MainScreen

    Resolved = tuple["profiles.Profile | None", "str | None", str]
    _AppBase = App[int]  # (type checkers see the App this mixin is part of)
else:
    _AppBase = object
    debuglog = OnFirstUse("convert_tui.config.debuglog")
    profiles = OnFirstUse("convert_tui.config.profiles")


class Connection(_AppBase):
    """The connection half of `ConvertApp` (which provides these attributes)."""

    state: AppState
    main_screen: MainScreen
    sandbox: Any
    current_profile: profiles.Profile | None
    force_read_only: bool
    allow_insecure: bool
    debug_log: bool
    use_cache: bool
    startup_error: str | None
    resolve_profile: Callable[[], Resolved] | None
    _debug_log_shown: bool
    _secrets: set[str]
    _preview: CacheEntry | None

    if TYPE_CHECKING:

        def with_tree(self, then: Callable[[], None] | None = None) -> None: ...

    def _resolve_and_connect(self) -> None:
        assert self.resolve_profile is not None
        try:
            profile, message, name = self.resolve_profile()
        except config_errors.ConfigError as exc:  # e.g. a credentials file others can read
            self.startup_error = str(exc)
            self.exit(2, return_code=2)
            return
        if profile is None:
            from convert_tui.ui.screens.login import LoginScreen  # (only when it is needed)

            self.main_screen.show_preview(None)
            self.push_screen(LoginScreen(name, message) if message else LoginScreen(name))
            return
        self.connect(profile)

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

    def _client(self, profile: profiles.Profile, read_only: bool) -> ConvertClient:
        from convert_tui.api import ConvertClient
        from convert_tui.config.config_file import ConfigFile, client_limits

        def retrying(line: str) -> None:  # a wait over 1 s: say so, or it looks like a hang
            self.notify(line, title="Waiting", severity="warning", timeout=5, markup=False)

        return ConvertClient(
            profile.app_id, profile.secret, profile.base_url, read_only=read_only,
            on_retry=retrying, **client_limits(getattr(self, "user_config", ConfigFile())),
        )  # fmt: skip

    def connect(self, profile: profiles.Profile) -> bool:
        """Connect with `profile`; False (and a message) when its base URL is refused."""
        try:  # every way in (a saved profile, the palette, --demo) gets the same check
            profiles.check_base_url(profile.base_url, self.allow_insecure)
        except config_errors.ConfigError as exc:
            from convert_tui.ui.screens.login import LoginScreen

            self.notify(str(exc), title="Not connected", severity="error", markup=False)
            if not self.state.connected:
                self.push_screen(LoginScreen(profile.name, f"Not connected: {exc}"))
            return False
        read_only = self.force_read_only or profile.read_only
        info = ProfileInfo(profile.name, profile.base_url, read_only)
        # A new key for the same account (after a 401) keeps what is on screen.
        last = self.current_profile
        same = last is not None and (last.app_id, last.base_url) == (
            profile.app_id, profile.base_url,
        )  # fmt: skip
        self.current_profile = profile
        self._use_secret(profile)
        client = self._client(profile, read_only)
        cache, cached = self._cache_for(profile)
        self.main_screen.reopen_project = self._last_project(profile.name)
        self.main_screen.restore_filter(saved_filter())
        self.state.connect(info, client, keep=same, cache=cache, cached=cached)
        return True

    def _cache_for(self, profile: profiles.Profile) -> tuple[TreeCache | None, CacheEntry | None]:
        """The profile's disk cache (None with --no-cache), and the entry already shown."""
        preview, self._preview = self._preview, None
        if not self.use_cache:
            return None, None
        from convert_tui.config.cache import TreeCache

        cache = TreeCache.for_profile(profile)
        if preview is not None and preview.account == cache.account:
            return cache, preview
        if preview is not None:
            self.main_screen.show_preview(None)  # another account's: not this profile's data
        return cache, None

    def _last_project(self, profile_name: str) -> str | None:
        from convert_tui.config.settings import load_settings

        return load_settings().last_project.get(profile_name)

    def test_profile(
        self, profile: profiles.Profile, on_result: Callable[[bool, str], None]
    ) -> None:
        """Try candidate credentials without touching the current connection."""
        self._use_secret(profile)
        self.state.test_connection(self._client(profile, True), on_result)

    def _use_secret(self, profile: profiles.Profile) -> None:
        secret = profile.secret.get_secret_value()
        self._secrets.add(secret)
        if self.debug_log:
            path = debuglog.enable_debug_log(secret)  # adds it to what the log redacts
            if not self._debug_log_shown:  # (stderr is the TUI's while it runs: say it here)
                self._debug_log_shown = True
                self.notify(f"Writing a redacted debug log to {path}", markup=False, timeout=5)

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
        self.with_tree()
        if self.connect(profile):
            self.notify(f"Switched to profile {name}.", markup=False)
