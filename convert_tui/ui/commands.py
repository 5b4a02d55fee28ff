"""Command palette (ctrl+p): the overview or the tree, any loaded record by name, another
profile, log in."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape

from convert_tui.ui.text import clean

if TYPE_CHECKING:
    from convert_tui.ui.app import ConvertApp


class Command(NamedTuple):
    label: str  # plain text (a record's name, cleaned); never markup
    help: str
    run: Callable[[], Any]
    discoverable: bool = True  # listed before anything is typed
    ident: str = ""  # a record's id: typing it finds the record too


class ExplorerCommands(Provider):
    """Projects load their children when the palette opens, so every name can be found."""

    @property
    def convert_app(self) -> ConvertApp:
        return cast("ConvertApp", self.app)

    async def startup(self) -> None:
        self.convert_app.state.load_all_children()

    def _commands(self) -> list[Command]:
        app = self.convert_app
        out: list[Command] = [
            Command("Overview", "every experience and its verdict (key 1)", app.show_overview),
            Command("Project tree", "projects and their records (key 2)", app.show_tree),
        ]
        for item in app.state.search_items():
            label = clean(item.name, one_line=True) or f"({item.kind} {item.record_id})"
            rid = clean(item.record_id, one_line=True)
            jump = partial(app.jump_to, item)
            if item.kind == "project":
                out.append(Command(label, f"project · id {rid}", jump, ident=rid))
            else:
                where = f"{item.kind} · id {rid} · in {clean(item.project_name, one_line=True)}"
                out.append(Command(label, where, jump, False, ident=rid))
        for name in app.saved_profile_names():
            switch = partial(app.switch_profile, name)
            out.append(Command(f"Switch profile: {name}", "reconnect", switch))
        out.append(Command("Log in with another key…", "open the login screen", app.action_login))
        return out

    async def discover(self) -> Hits:
        for command in self._commands():
            if command.discoverable:
                yield DiscoveryHit(
                    Content(command.label),
                    command.run,
                    text=command.label,
                    help=escape(command.help),
                )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        wanted = query.strip().casefold()
        for command in self._commands():
            score = matcher.match(command.label)
            if score <= 0 and wanted and wanted in command.ident.casefold():
                # An id typed (or part of one): digits are no fuzzy match of a name.
                yield Hit(1.0, Content(command.label), command.run, text=command.label,
                          help=escape(command.help))  # fmt: skip
                continue
            if score <= 0:
                continue
            # Highlight by hand: Matcher.highlight would parse the name as markup.
            _, offsets = matcher.fuzzy_search.match(query, command.label)
            shown = Content(command.label)
            for offset in offsets:
                shown = shown.stylize("bold underline", offset, offset + 1)
            yield Hit(score, shown, command.run, text=command.label, help=escape(command.help))
