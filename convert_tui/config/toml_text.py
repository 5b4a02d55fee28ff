"""TOML text helpers for `config.toml`: where each key is written (tomllib gives values, not lines),
and a parse that survives a syntax error by reading each table on its own."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_HEADER = re.compile(r"^\s*\[\s*([^\[\]#]+?)\s*\]\s*(?:#.*)?$")
_NAME = r"""(?:"[^"]*"|'[^']*'|[A-Za-z0-9_\-]+)"""
_KEY = re.compile(rf"^\s*({_NAME}(?:\s*\.\s*{_NAME})*)\s*=")
_PART = re.compile(r""""([^"]*)"|'([^']*)'|([A-Za-z0-9_\-]+)""")
_SYNTAX_LINE = re.compile(r"at line (\d+)")


def _dotted(raw: str) -> str:
    return ".".join(next(p for p in m.groups() if p is not None) for m in _PART.finditer(raw))


def key_lines(text: str) -> dict[str, int]:
    """Each dotted key (`table.key`, and each table) -> the line (1-based) it is written on."""
    lines: dict[str, int] = {}
    table = ""
    for number, line in enumerate(text.splitlines(), 1):
        if header := _HEADER.match(line):
            table = _dotted(header.group(1))
            lines.setdefault(table, number)
            continue
        if key := _KEY.match(line):
            name = _dotted(key.group(1))
            lines.setdefault(f"{table}.{name}" if table else name, number)
    return lines


def parse_tables(text: str) -> tuple[dict[str, Any], list[tuple[int, str]]]:
    """The document and its syntax errors as (line, reason). After an error, each `[table]` is
    parsed on its own, so only the broken table is lost."""
    import tomllib  # (only when there is a file: most starts have none)

    try:
        return tomllib.loads(text), []
    except tomllib.TOMLDecodeError:
        pass
    document: dict[str, Any] = {}
    errors: list[tuple[int, str]] = []
    chunks: list[tuple[int, list[str]]] = [(1, [])]
    for number, line in enumerate(text.splitlines(), 1):
        # A table starts at a header, or at a broken one: a line that begins with "[".
        if (_HEADER.match(line) or line.startswith("[")) and not line.lstrip().startswith("[["):
            chunks.append((number, []))
        chunks[-1][1].append(line)
    for first, lines in chunks:
        try:
            part = tomllib.loads("\n".join(lines))
        except tomllib.TOMLDecodeError as exc:
            found = _SYNTAX_LINE.search(str(exc))
            errors.append((first + int(found.group(1)) - 1 if found else first,
                           str(exc).split(" (at ")[0]))  # fmt: skip
            continue
        _merge(document, part)
    return document, errors


def _merge(into: dict[str, Any], part: Mapping[str, Any]) -> None:
    for key, value in part.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into.setdefault(key, value)
