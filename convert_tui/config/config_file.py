"""`config.toml`: the choices a person writes down (keymap, theme, overview, refresh, statistics,
network, time), read with the standard library's `tomllib`.

Reading never fails and never writes: a missing file gives the defaults; a file that cannot be
read, a TOML syntax error or a wrong value becomes a `Problem` (the line of the file, what is wrong,
what to write instead) and the default stands for what could not be read. A syntax error loses
only its own table: each `[table]` is parsed again on its own, so the others still apply.

Never a secret here: credentials stay in `credentials.json`. What the app remembers by itself
(last project, filters, sort, a theme picked in the palette) stays in `settings.json`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, NamedTuple, TypedDict, TypeVar

from convert_tui.config.paths import app_paths

CONFIG_FILENAME = "config.toml"
MAX_CONFIG_BYTES = 1_000_000  # a config file is a few hundred bytes; never read a huge one

OVERVIEW_COLUMNS = (  # = reporting.status_cells.COLUMNS (a test checks; config cannot import it)
    "project", "ids", "experience", "type", "status", "days", "visitors", "goal", "verdict",
    "chance", "significant", "progress", "srm", "alerts",
)  # fmt: skip
OVERVIEW_SECTIONS = ("running", "attention", "scheduled", "ended", "all")
CORRECTIONS = ("none", "bonferroni", "sidak")
TIME_ZONES = ("local", "utc")

Zone = Literal["local", "utc"]
T = TypeVar("T")

# The settings are NamedTuples (ConfigFile, which needs a factory, is a dataclass): every
# command reads this module, and a frozen dataclass costs ~0.7 ms to create against ~0.15 ms.


class Problem(NamedTuple):
    """One thing in the file that was not used: where, what is wrong, what to write instead."""

    key: str  # dotted, e.g. "refresh.interval_seconds"
    line: int | None
    message: str  # what is wrong and what to do, one sentence or two

    def __str__(self) -> str:
        where = f" line {self.line}" if self.line else (f" [{self.key}]" if self.key else "")
        return f"{CONFIG_FILENAME}{where}: {self.message}"


class KeymapEntry(NamedTuple):
    binding_id: str
    keys: str  # Textual's comma-separated key list, as written
    line: int | None


class OverviewSettings(NamedTuple):
    columns: tuple[str, ...] | None = None  # None: the overview's own choice for the width
    first_section: str = "running"
    ended_days: int = 30


class RefreshSettings(NamedTuple):
    interval_seconds: int = 60
    on_at_start: bool = False


class StatisticsSettings(NamedTuple):
    confidence: float | None = None  # percent (95.0); None: the experience's own
    sides: int = 2
    sequential: bool = False
    sequential_tuning: float = 5000.0
    correction: str = "none"


class NetworkSettings(NamedTuple):
    deadline_seconds: float = 30.0
    max_body_mb: float = 32.0


class TimeSettings(NamedTuple):
    zone: Zone = "local"


@dataclass(frozen=True)
class ConfigFile:
    path: Path | None = None
    theme: str | None = None  # a Textual theme name; checked by the UI (ui/theme.py)
    keymap: tuple[KeymapEntry, ...] = ()  # ids and keys are checked by the UI (ui/keymap.py)
    overview: OverviewSettings = field(default_factory=OverviewSettings)
    refresh: RefreshSettings = field(default_factory=RefreshSettings)
    statistics: StatisticsSettings = field(default_factory=StatisticsSettings)
    network: NetworkSettings = field(default_factory=NetworkSettings)
    time: TimeSettings = field(default_factory=TimeSettings)
    problems: tuple[Problem, ...] = ()

    def line_of(self, key: str) -> int | None:
        """The line of a dotted key in the file read (None: not found, or no file)."""
        return self._lines.get(key)

    _lines: Mapping[str, int] = field(default_factory=dict, repr=False, compare=False)


# The environment names the API client reads (api/limits.py): they win over the file.
NETWORK_ENV = {"deadline_seconds": "CONVERT_TUI_DEADLINE", "max_body_mb": "CONVERT_TUI_MAX_BODY_MB"}


class ClientLimits(TypedDict, total=False):
    deadline: float
    max_body_mb: float


def client_limits(config: ConfigFile, env: Mapping[str, str] | None = None) -> ClientLimits:
    """`ConvertClient(**client_limits(config))`: [network] values the file sets and the
    environment does not (the client falls back to the environment, then its defaults)."""
    environ = os.environ if env is None else env
    limits = ClientLimits()

    def chosen(key: str) -> bool:
        return config.line_of(f"network.{key}") is not None and not environ.get(NETWORK_ENV[key])

    if chosen("deadline_seconds"):
        limits["deadline"] = config.network.deadline_seconds
    if chosen("max_body_mb"):
        limits["max_body_mb"] = config.network.max_body_mb
    return limits


def config_path() -> Path:
    return app_paths().config / CONFIG_FILENAME


def _parse(text: str, problems: list[Problem]) -> dict[str, Any]:
    from convert_tui.config.toml_text import parse_tables

    document, errors = parse_tables(text)
    for line, reason in errors:
        problems.append(Problem(
            "", line, f"not valid TOML ({reason}); this table was skipped and its defaults "
            'used. Fix the line (strings need quotes, e.g. theme = "nord").',
        ))  # fmt: skip
    return document


class _Reader:
    """Reads one table's keys, recording a Problem (with its line) for each bad or unknown one."""

    def __init__(self, table: str, values: Any, lines: Mapping[str, int], problems: list[Problem]):
        self.table, self.lines, self.problems = table, lines, problems
        self.values: dict[str, Any] = {}
        if isinstance(values, dict):
            self.values = values
        elif values is not None:
            self.report(table, f"[{table}] must be a table (a [{table}] header and keys below it)")

    def report(self, key: str, message: str) -> None:
        self.problems.append(
            Problem(key, self.lines.get(key) or self.lines.get(self.table), message)
        )

    def get(self, name: str, default: T, read: Callable[[Any], T], expected: str) -> T:
        if name not in self.values:
            return default
        value = self.values[name]
        try:
            return read(value)
        except (TypeError, ValueError) as exc:
            detail = f" ({exc})" if str(exc) else ""
            where = f"[{self.table}] " if self.table else ""
            self.report(
                f"{self.table}.{name}" if self.table else name,
                f"{where}{name} = {_show(value)} is not {expected}{detail}; "
                f"using the default ({_show(default)}).",
            )
            return default

    def unknown(self, known: tuple[str, ...]) -> None:
        for name in self.values:
            if name not in known:
                self.report(
                    f"{self.table}.{name}",
                    f"[{self.table}] has no key {name!r} (known: {', '.join(known)}); "
                    "it was ignored: check the spelling.",
                )


def _show(value: Any) -> str:
    if value is None:
        return "unset"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value[:60] + '"'
    if isinstance(value, tuple):
        value = list(value)
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _whole(low: int, high: int) -> Callable[[Any], int]:
    def read(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError
        if not low <= value <= high:
            raise ValueError(f"between {low} and {high}")
        return value

    return read


def _number(low: float, high: float) -> Callable[[Any], float]:
    def read(value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError
        if not low < value <= high:
            raise ValueError(f"above {low:g}, at most {high:g}")
        return float(value)

    return read


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError
    return value


def _one_of(choices: tuple[str, ...]) -> Callable[[Any], str]:
    def read(value: Any) -> str:
        if not isinstance(value, str) or value.lower() not in choices:
            raise ValueError("one of " + ", ".join(f'"{c}"' for c in choices))
        return value.lower()

    return read


def _columns(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise ValueError("a non-empty list of column names")
    names = tuple(v.lower() for v in value)
    if unknown := [n for n in names if n not in OVERVIEW_COLUMNS]:
        raise ValueError(f"unknown {', '.join(unknown)}; known: {', '.join(OVERVIEW_COLUMNS)}")
    if len(set(names)) != len(names):
        raise ValueError("a column is listed twice")
    return names


def _confidence(value: Any) -> float | None:
    level = _number(0.0, 100.0)(value)
    level = level * 100 if level < 1 else level  # 0.95 means 95 %
    if not 50 <= level < 100:
        raise ValueError("a level such as 90, 95 or 99 (or 0.95)")
    return level


def _theme(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise TypeError
    return value.strip()


def _keys(value: Any) -> str:
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        value = ",".join(value)
    if not isinstance(value, str) or not value.strip():
        raise TypeError
    return value


def _flatten(values: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """`tree.down = "n"` in [keymap] is TOML for {"tree": {"down": "n"}}: the id is "tree.down"."""
    flat: dict[str, Any] = {}
    for key, value in values.items():
        name = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            flat.update(_flatten(value, name))
        else:
            flat[name] = value
    return flat


def _keymap(reader: _Reader) -> tuple[KeymapEntry, ...]:
    entries: list[KeymapEntry] = []
    for binding_id, value in _flatten(reader.values).items():
        key = f"keymap.{binding_id}"
        try:
            keys = _keys(value)
        except TypeError:
            reader.report(
                key,
                f"[keymap] {binding_id} = {_show(value)} is not keys in quotes "
                '(e.g. "ctrl+n", or "j,down" for two); the default key stays.',
            )
            continue
        line = reader.lines.get(key) or reader.lines.get("keymap")
        entries.append(KeymapEntry(binding_id, keys, line))
    return tuple(entries)


SECRET_WORDS = ("secret", "app_id", "application_id", "password", "token", "api_key")
TABLES = ("theme", "keymap", "overview", "refresh", "statistics", "network", "time")


def _read(
    document: dict[str, Any], lines: Mapping[str, int], problems: list[Problem]
) -> ConfigFile:
    top = _Reader("", document, lines, problems)
    for name in document:
        if any(word in name.lower() for word in SECRET_WORDS):
            what = f"{name!r} looks like a credential, which this file never holds; ignored."
            top.report(name, what + " Remove it: `convert-tui login` keeps credentials apart.")
        elif name not in TABLES:
            top.report(name, f"unknown setting {name!r} (known: {', '.join(TABLES)}); ignored.")
    theme = top.get("theme", None, _theme, 'a theme name in quotes, e.g. "textual-light"')

    keymap = _keymap(_Reader("keymap", document.get("keymap"), lines, problems))
    o = _Reader("overview", document.get("overview"), lines, problems)
    o.unknown(("columns", "first_section", "ended_days"))
    overview = OverviewSettings(
        columns=o.get("columns", None, _columns, "a list of column names"),
        first_section=o.get("first_section", "running", _one_of(OVERVIEW_SECTIONS), "a section"),
        ended_days=o.get("ended_days", 30, _whole(1, 3650), "a whole number of days"),
    )
    r = _Reader("refresh", document.get("refresh"), lines, problems)
    r.unknown(("interval_seconds", "on_at_start"))
    refresh = RefreshSettings(
        interval_seconds=r.get(
            "interval_seconds", 60, _whole(5, 86_400), "a whole number of seconds"
        ),
        on_at_start=r.get("on_at_start", False, _boolean, "true or false"),
    )
    s = _Reader("statistics", document.get("statistics"), lines, problems)
    s.unknown(("confidence", "sides", "sequential", "sequential_tuning", "correction"))
    statistics = StatisticsSettings(
        confidence=s.get("confidence", None, _confidence, "a confidence level"),
        sides=s.get("sides", 2, _whole(1, 2), "1 or 2"),
        sequential=s.get("sequential", False, _boolean, "true or false"),
        sequential_tuning=s.get(
            "sequential_tuning", 5000.0, _number(0.0, 1e9), "a number of visitors"
        ),
        correction=s.get("correction", "none", _one_of(CORRECTIONS), "a correction"),
    )
    n = _Reader("network", document.get("network"), lines, problems)
    n.unknown(("deadline_seconds", "max_body_mb"))
    network = NetworkSettings(
        deadline_seconds=n.get("deadline_seconds", 30.0, _number(0.0, 600.0), "seconds"),
        max_body_mb=n.get("max_body_mb", 32.0, _number(0.0, 1024.0), "megabytes"),
    )
    t = _Reader("time", document.get("time"), lines, problems)
    t.unknown(("zone",))
    zone = t.get("zone", "local", _one_of(TIME_ZONES), "a time zone choice")
    return ConfigFile(
        theme=theme, keymap=keymap, overview=overview, refresh=refresh,
        statistics=statistics, network=network,
        time=TimeSettings("utc" if zone == "utc" else "local"),
    )  # fmt: skip


def parse_config(text: str, path: Path | None = None) -> ConfigFile:
    """The settings in `text` (a config.toml), with a Problem for each thing not used."""
    # The parser (and its patterns) loads only when there is a file: most setups have none,
    # and every start reads the settings.
    from convert_tui.config.toml_text import key_lines

    problems: list[Problem] = []
    lines = key_lines(text)
    document = _parse(text, problems)
    read = _read(document, lines, problems)
    ordered = sorted(problems, key=lambda p: p.line or 0)
    return replace(read, path=path, problems=tuple(ordered), _lines=lines)


def load_config(path: Path | None = None) -> ConfigFile:
    """The file's settings; defaults (and a Problem) for whatever cannot be read. Never writes."""
    target = path or config_path()
    try:
        with target.open("rb") as handle:
            data = handle.read(MAX_CONFIG_BYTES + 1)
    except FileNotFoundError:
        return ConfigFile(path=target)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        message = f"cannot be read ({reason}): {target}. Check that it is a file you can read."
        return _unread(target, None, message)
    if len(data) > MAX_CONFIG_BYTES:
        return _unread(target, None, "is larger than 1 MB, which no settings file needs. Is it "
                       "the right file?")  # fmt: skip
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return _unread(target, line, "is not UTF-8 text. Save it as UTF-8.")
    return parse_config(text, target)


def _unread(path: Path, line: int | None, message: str) -> ConfigFile:
    return ConfigFile(path=path, problems=(Problem("", line, f"{message} The defaults are used."),))
