"""One-line status header: profile, base URL host, READ-ONLY badge, last refresh, auto-refresh.

While the tree shown comes from the disk cache (at start, until live data arrives) the refresh
part says "cached at hh:mm" instead of the refresh time.

It mirrors `AppState` with `watch` (the state is not its compose parent) and its parts are bound
to those mirrors with `data_bind`, so each part redraws only when its own value changes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.widgets import Static

from convert_tui.state import AppState, ProfileInfo
from convert_tui.ui import time_zone
from convert_tui.ui.text import clean


# layout=True: these labels are `width: auto`, so a longer or shorter text must re-layout.
class ProfileLabel(Static):
    profile: reactive[ProfileInfo | None] = reactive(None, layout=True)

    def render(self) -> Text:
        if self.profile is None:
            return Text("not connected", style="dim")
        return Text.assemble(
            (clean(self.profile.name, one_line=True), "bold"),
            " @ ",
            clean(self.profile.host, one_line=True),
        )


class ReadOnlyBadge(Static):
    read_only: reactive[bool] = reactive(False)

    def watch_read_only(self, read_only: bool) -> None:
        self.display = read_only

    def render(self) -> Text:
        return Text(" READ-ONLY ", style="bold reverse")


class RefreshLabel(Static):
    last_refresh: reactive[datetime | None] = reactive(None, layout=True)
    auto_on: reactive[bool] = reactive(False, layout=True)
    busy: reactive[bool] = reactive(False, layout=True)
    stale: reactive[bool] = reactive(False, layout=True)
    cached_at: reactive[datetime | None] = reactive(None, layout=True)

    def render(self) -> Text:
        out = Text()
        if self.cached_at is not None:  # what is shown is the disk cache's, being refreshed
            cached = time_zone.shown(self.cached_at)
            out.append(f"cached at {cached:%H:%M} {time_zone.zone_name(cached)}", "bold")
            if self.busy:
                out.append(" …", "italic")
        elif self.busy:  # replaces the time, so the header keeps its width at 80 columns
            out.append("loading…", "italic")
        else:
            last = self.last_refresh
            stamp = f"{time_zone.shown(last):%H:%M} {time_zone.zone_name(last)}" if last else (
                f"never ({time_zone.zone_name()})"  # the zone dates are shown in, always said
            )  # fmt: skip
            out.append(f"refreshed {stamp}")
        if self.stale:
            out.append(" STALE", "bold reverse")  # a reload failed; what is shown is older
        out.append(" · auto ")
        out.append("on" if self.auto_on else "off", "bold" if self.auto_on else "")
        return out


class StatusHeader(Horizontal):
    profile: reactive[ProfileInfo | None] = reactive(None)
    read_only: reactive[bool] = reactive(False)
    last_refresh: reactive[datetime | None] = reactive(None)
    auto_on: reactive[bool] = reactive(False)
    busy: reactive[bool] = reactive(False)
    stale: reactive[bool] = reactive(False)
    cached_at: reactive[datetime | None] = reactive(None)

    def __init__(self, state: AppState, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.state = state

    def compose(self) -> ComposeResult:
        yield Static(Text("convert-tui", style="bold"), id="app-name")
        yield ProfileLabel(id="profile").data_bind(StatusHeader.profile)
        yield ReadOnlyBadge(id="read-only").data_bind(StatusHeader.read_only)
        yield RefreshLabel(id="refresh").data_bind(
            StatusHeader.last_refresh, StatusHeader.auto_on, StatusHeader.busy,
            StatusHeader.stale, StatusHeader.cached_at,
        )  # fmt: skip

    def on_mount(self) -> None:
        for name in ("profile", "read_only", "last_refresh", "cached_at"):
            self.watch(self.state, name, self._mirror(name))
        self.watch(self.state, "auto_refresh_on", self._mirror("auto_on"))
        self.watch(self.state, "loading", lambda loading: setattr(self, "busy", bool(loading)))
        self.watch(self.state, "stale", lambda stale: setattr(self, "stale", bool(stale)))

    def _mirror(self, name: str) -> Callable[[object], None]:
        def copy(value: object) -> None:
            setattr(self, name, value)

        return copy
