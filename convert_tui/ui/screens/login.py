"""Log in: application id, masked secret, base URL; test the connection, save, open the tree."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Footer, Input, Label, Static

from convert_tui.config import errors as config_errors
from convert_tui.config import profiles
from convert_tui.secret import Secret
from convert_tui.ui.text import clean

if TYPE_CHECKING:
    from convert_tui.ui.app import ConvertApp


# The label says the state in words: a checkbox's mark is only a colour without colours.
READ_ONLY_LABELS = {
    False: "Read-only: off (changes allowed)",
    True: "Read-only: ON (every change hidden and blocked)",
}


class LoginScreen(Screen[bool]):
    """Dismisses with True once a profile is saved and connected; Esc goes back if connected."""

    CSS_PATH = "login.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Back", id="login.cancel"),
        Binding("ctrl+t", "test", "Test connection", id="login.test"),
        Binding("ctrl+s", "save", "Save and open", id="login.save"),
    ]

    def __init__(
        self,
        profile_name: str = profiles.DEFAULT_PROFILE,
        message: str = "Enter an API key; it is tested before it is saved.",
        *,
        app_id: str = "",
        base_url: str | None = None,
        read_only: bool = False,
    ) -> None:
        """`app_id`, `base_url`, `read_only` prefill the form (a rejected key: only the secret
        is new, and a read-only profile stays read-only)."""
        super().__init__()
        self.profile_name = profile_name
        self.message = message
        self.app_id = app_id
        self.base_url = base_url or profiles.PRODUCTION_BASE_URL
        self.read_only = read_only
        self._save_after_test = False

    @property
    def convert_app(self) -> ConvertApp:
        return cast("ConvertApp", self.app)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="login-scroll"), Vertical(id="login-box"):
            yield Static(
                Text.assemble(
                    ("Log in to Convert", "bold"),
                    ("   API keys: Project settings > API keys", "dim"),
                ),
                id="login-title",
            )
            yield Static(Text(clean(self.message)), id="login-status")
            for label, field in (
                ("Profile name", Input(self.profile_name, id="profile-name")),
                (
                    "Application id",
                    Input(self.app_id, id="app-id", placeholder="e.g. 1234567_abcd"),
                ),
                ("Secret key", Input(id="secret", password=True, placeholder="hidden")),
                ("Base URL", Input(self.base_url, id="base-url")),
            ):
                with Horizontal(classes="row"):
                    yield Label(label)
                    yield field
            yield Checkbox(READ_ONLY_LABELS[self.read_only], self.read_only, id="read-only")
            with Horizontal(id="login-buttons"):
                yield Button("Test connection", id="test")
                yield Button("Save and open", id="save", variant="primary")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#secret" if self.app_id else "#app-id", Input).focus()

    def _value(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Input).value.strip()

    def _status(self, text: str, style: str = "") -> None:
        self.query_one("#login-status", Static).update(Text(clean(text), style=style))

    def _candidate(self) -> profiles.Profile | None:
        """The profile the form describes, or None (with the reason shown)."""
        try:
            name = profiles.validate_profile_name(self._value("profile-name") or "default")
            if not self._value("app-id") or not self.query_one("#secret", Input).value:
                raise config_errors.MissingCredentialsError("Enter the application id and secret.")
            url = profiles.check_base_url(
                self._value("base-url") or profiles.PRODUCTION_BASE_URL,
                allow_insecure=self.convert_app.allow_insecure,
            )
        except config_errors.ConfigError as exc:
            self._status(str(exc), "bold red")
            return None
        return profiles.Profile(
            name=name,
            app_id=self._value("app-id"),
            secret=Secret(self.query_one("#secret", Input).value),
            base_url=url,
            read_only=self.query_one("#read-only", Checkbox).value,
        )

    @on(Button.Pressed, "#test")
    def action_test(self) -> None:
        self._save_after_test = False
        self._test()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        # Never save credentials that do not work: test first, save when it answers.
        self._save_after_test = True
        self._test()

    @on(Checkbox.Changed, "#read-only")
    def _read_only_changed(self, event: Checkbox.Changed) -> None:
        event.checkbox.label = READ_ONLY_LABELS[event.value]

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def _test(self) -> None:
        profile = self._candidate()
        if profile is None:
            return
        self._status("Testing the connection…", "italic")
        self.convert_app.test_profile(profile, lambda ok, msg: self._tested(profile, ok, msg))

    def _tested(self, profile: profiles.Profile, ok: bool, message: str) -> None:
        if not ok:
            self._status(message, "bold red")
            return
        if not self._save_after_test:
            self._status(message + " Press Save and open to keep it.", "bold green")
            return
        try:
            where = profiles.save_profile(profile)
        except config_errors.ConfigError as exc:
            self._status(f"Could not save: {exc}", "bold red")
            return
        self.convert_app.notify(f"Saved profile {profile.name} in {where}.", markup=False)
        self.convert_app.connect(profile)
        self.dismiss(True)

    def action_cancel(self) -> None:
        if self.convert_app.state.connected:
            self.dismiss(False)
        else:
            self._status("Log in to continue, or press ctrl+q to quit.", "bold")
