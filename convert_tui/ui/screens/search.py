"""`/` in a JSON or code view: find text, n/N to the next/previous match (decisions.md, Keys:
n/N mean next/previous only while a search is active). Pure matching plus the search box."""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Static

Match = tuple[int, int]  # (line, column) of a match's first character


def find_all(text: str, query: str) -> list[Match]:
    """Every match of `query` in `text` (case-insensitive), in reading order."""
    if not query:
        return []
    needle = query.casefold()
    found: list[Match] = []
    for number, line in enumerate(text.split("\n")):
        folded, start = line.casefold(), 0
        while (at := folded.find(needle, start)) >= 0:
            found.append((number, at))
            start = at + max(1, len(needle))
    return found


@dataclass
class TextSearch:
    """The active search: its query, where it matches and which match is current."""

    query: str = ""
    matches: list[Match] = field(default_factory=list)
    index: int = 0

    def set(self, text: str, query: str) -> Match | None:
        self.query, self.matches, self.index = query, find_all(text, query), 0
        return self.current

    @property
    def current(self) -> Match | None:
        return self.matches[self.index] if self.matches else None

    def step(self, by: int) -> Match | None:
        if self.matches:
            self.index = (self.index + by) % len(self.matches)
        return self.current

    def status(self) -> Text:
        if not self.query:
            return Text("type to search", "dim")
        if not self.matches:
            return Text("no matches", "bold")
        return Text(f"{self.index + 1} of {len(self.matches)} · n/N next/previous · Esc ends")

    def highlight(self, text: str) -> Text:
        """`text` with every match reversed, the current one underlined too."""
        shown = Text(text)
        offsets: list[int] = []
        offset = 0
        for row in text.split("\n"):
            offsets.append(offset)
            offset += len(row) + 1
        for i, (line, column) in enumerate(self.matches):
            start = offsets[line] + column
            style = "bold reverse underline" if i == self.index else "reverse"
            shown.stylize(style, start, start + len(self.query))
        return shown


class SearchBar(Horizontal):
    """The search box and what it found; hidden until `/`."""

    DEFAULT_CSS = """
    SearchBar { height: 1; display: none; }
    SearchBar.-active { display: block; }
    SearchBar Input { width: 1fr; height: 1; border: none; padding: 0 1; }
    SearchBar Static { width: auto; padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        yield Input(placeholder="search (Enter: keep, Esc: end)", id="search-input", compact=True)
        yield Static(id="search-status")

    def open(self) -> None:
        self.add_class("-active")
        self.query_one(Input).focus()

    def close(self) -> None:
        self.remove_class("-active")
        self.query_one(Input).value = ""

    @property
    def active(self) -> bool:
        return self.has_class("-active")

    def show_status(self, status: Text) -> None:
        self.query_one("#search-status", Static).update(status)
