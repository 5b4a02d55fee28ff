"""The explorer's filter: a fuzzy "these characters in this order" match, made cheap to
repeat on every keystroke over big accounts."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from rich.text import Text

from convert_tui.state import CHILD_FIELD, ProjectChildren, record_id, record_name
from convert_tui.ui.text import clean


def no_matches(query: str, loading: bool) -> Text:
    """What an empty filter result says (while children load: maybe not for long)."""
    text = Text(f"No matches for “{clean(query, one_line=True)}”", "bold")
    text.append(" (names and ids", "dim")
    text.append("; still loading…)" if loading else ")", "dim")
    return text


def search_notes(query: str, state: Any, empty: bool) -> list[Text]:
    """The lines a filtered tree ends with: no matches (maybe not for long), and while every
    project's records load (`state.all_children_progress`), how far that has got: the filter
    searches what is loaded."""
    progress = state.all_children_progress
    notes = []
    if empty:
        loading = progress is not None or any(k.startswith("children:") for k in state.loading)
        notes.append(no_matches(query, loading))
    if progress is not None:
        done, total = progress
        notes.append(Text(f"searching… {done:,} of {total:,} projects loaded", "dim italic"))
    return notes


def fuzzy_match(query: str, text: str) -> bool:
    """True when the query's characters appear in order in text (case-insensitive)."""
    return matcher(query.casefold())(text.casefold()) is not None


def matcher(folded_query: str) -> Callable[[str], object]:
    """A C-speed match of "these characters in this order": `[^a]*+a[^b]*+b...`. The
    possessive classes never backtrack: one linear pass, whatever the name."""
    if not folded_query:
        return lambda _text: True
    pattern = "".join(f"[^{re.escape(ch)}]*+{re.escape(ch)}" for ch in folded_query)
    return re.compile(pattern, re.DOTALL).match


class ProjectMatches:
    """Which records of one project match the filter (by name, or by id). Folded names are
    computed once per
    loaded `ProjectChildren`; a query that extends the last one (typing) only looks at the
    last one's matches (a subsequence match of "abc" is also one of "ab"), and the results of
    recent queries are kept, so backspace is free."""

    KEEP = 32  # queries remembered

    def __init__(self, kids: ProjectChildren) -> None:
        self.kids = kids
        self.names = {
            kind: [record_name(kind, r).casefold() for r in getattr(kids, attr)]
            for kind, attr in CHILD_FIELD.items()
        }
        # Ids match too (`/1000001`), as a plain substring: digits are no fuzzy subsequence.
        self.ids = {
            kind: [str(record_id(kind, r)).casefold() for r in getattr(kids, attr)]
            for kind, attr in CHILD_FIELD.items()
        }
        everything: dict[str, Sequence[int]] = {k: range(len(v)) for k, v in self.names.items()}
        self.results: dict[str, dict[str, Sequence[int]]] = {"": everything}
        self.last = ""

    def hits(self, folded: str, search: Callable[[str], object]) -> dict[str, Sequence[int]]:
        known = self.results.get(folded)
        if known is not None:
            return known
        base = self.results[self.last] if folded.startswith(self.last) else self.results[""]
        found: dict[str, Sequence[int]] = {}
        for kind, candidates in base.items():
            names, ids = self.names[kind], self.ids[kind]
            found[kind] = [i for i in candidates if search(names[i]) or folded in ids[i]]
        if len(self.results) > self.KEEP:
            self.results = {"": self.results[""]}
        self.results[folded] = found
        self.last = folded
        return found

    def records(self, hits: dict[str, Sequence[int]]) -> dict[str, list[Any]]:
        out: dict[str, list[Any]] = {}
        for kind, indexes in hits.items():
            records = getattr(self.kids, CHILD_FIELD[kind])
            out[kind] = [records[i] for i in indexes]
        return out


def first_match_line(tree: Any, search: Callable[[str], object], folded: str) -> int | None:
    """The line of the first record of `tree` (an ExplorerTree) the filter matched by name
    or id, else of the first project shown; None when there is neither."""
    _ = tree.last_line  # builds the line index
    project_line = None
    for line in range(tree.last_line + 1):
        node = tree.get_node_at_line(line)
        ref = node.data if node is not None else None
        if ref is None:
            continue
        if ref.is_record:
            record = tree.state.find(ref.kind, ref.project_id, ref.record_id)
            name = record_name(ref.kind, record) if record is not None else ""
            if search(name.casefold()) or folded in (ref.record_id or "").casefold():
                return line
        elif ref.kind == "project" and project_line is None:
            project_line = line
    return project_line
