"""config.toml: every key read, every bad value reported by its line with the default kept, a
broken file never stops anything and is never written."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

from convert_tui.config.config_example import EXAMPLE
from convert_tui.config.config_file import (
    ConfigFile,
    KeymapEntry,
    config_path,
    load_config,
    parse_config,
)


def value(config: ConfigFile, dotted: str) -> Any:
    out: Any = config
    for part in dotted.split("."):
        out = getattr(out, part)
    return out


# (the file's text, the setting, what it reads as) -- one row per key of the file
GOOD = [
    ('theme = "textual-light"', "theme", "textual-light"),
    ('[overview]\ncolumns = ["verdict", "project", "srm"]', "overview.columns",
     ("verdict", "project", "srm")),
    ('[overview]\nfirst_section = "ended"', "overview.first_section", "ended"),
    ("[overview]\nended_days = 7", "overview.ended_days", 7),
    ("[refresh]\ninterval_seconds = 15", "refresh.interval_seconds", 15),
    ("[refresh]\non_at_start = true", "refresh.on_at_start", True),
    ("[statistics]\nconfidence = 99", "statistics.confidence", 99.0),
    ("[statistics]\nconfidence = 0.9", "statistics.confidence", 90.0),
    ("[statistics]\nconfidence = 97", "statistics.confidence", 97.0),
    ("[statistics]\nsides = 1", "statistics.sides", 1),
    ("[statistics]\nsequential = true", "statistics.sequential", True),
    ("[statistics]\nsequential_tuning = 2500", "statistics.sequential_tuning", 2500.0),
    ('[statistics]\ncorrection = "sidak"', "statistics.correction", "sidak"),
    ("[network]\ndeadline_seconds = 12.5", "network.deadline_seconds", 12.5),
    ("[network]\nmax_body_mb = 8", "network.max_body_mb", 8.0),
    ('[time]\nzone = "utc"', "time.zone", "utc"),
    ('[time]\nzone = "local"', "time.zone", "local"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "key", "expected"), GOOD, ids=[row[1] for row in GOOD])
def test_each_key_is_read(text: str, key: str, expected: Any) -> None:
    config = parse_config(text)
    assert config.problems == ()
    assert value(config, key) == expected


# (a bad value, the setting that keeps its default, a word the message must say)
BAD = [
    ("theme = 3", "theme", "theme name"),
    ('[overview]\ncolumns = ["project", "colour"]', "overview.columns", "colour"),
    ('[overview]\ncolumns = ["project", "project"]', "overview.columns", "twice"),
    ("[overview]\ncolumns = []", "overview.columns", "non-empty"),
    ('[overview]\nfirst_section = "later"', "overview.first_section", '"running"'),
    ("[overview]\nended_days = 0", "overview.ended_days", "between 1 and 3650"),
    ('[refresh]\ninterval_seconds = "fast"', "refresh.interval_seconds", "whole number"),
    ("[refresh]\ninterval_seconds = 1", "refresh.interval_seconds", "between 5"),
    ('[refresh]\non_at_start = "yes"', "refresh.on_at_start", "true or false"),
    ("[statistics]\nconfidence = 100", "statistics.confidence", "confidence"),
    ("[statistics]\nconfidence = 20", "statistics.confidence", "90, 95 or 99"),
    ("[statistics]\nsides = 3", "statistics.sides", "1 or 2"),
    ("[statistics]\nsequential = 1", "statistics.sequential", "true or false"),
    ("[statistics]\nsequential_tuning = -5", "statistics.sequential_tuning", "visitors"),
    ('[statistics]\ncorrection = "holm"', "statistics.correction", '"bonferroni"'),
    ("[network]\ndeadline_seconds = 0", "network.deadline_seconds", "seconds"),
    ('[network]\nmax_body_mb = "big"', "network.max_body_mb", "megabytes"),
    ('[time]\nzone = "Europe/Paris"', "time.zone", '"utc"'),
]  # fmt: skip


@pytest.mark.parametrize(("text", "key", "word"), BAD, ids=[row[1] for row in BAD])
def test_each_bad_value_is_reported_by_its_line_and_the_default_kept(
    text: str, key: str, word: str
) -> None:
    # A comment first, so the bad line is not line 1 and the number is really looked up.
    config = parse_config("# my settings\n\n" + text)
    assert value(config, key) == value(ConfigFile(), key)
    [problem] = config.problems
    line = 3 + text.count("\n")
    assert problem.line == line
    assert str(problem).startswith(f"config.toml line {line}: ")
    assert word in str(problem)
    assert "default" in str(problem)


def test_a_syntax_error_names_its_line_and_loses_only_its_own_table() -> None:
    text = "[refresh]\ninterval_seconds = 20\n\n[time]\nzone = utc\n\n[overview]\nended_days = 9\n"
    config = parse_config(text)
    [problem] = config.problems
    assert problem.line == 5
    assert "not valid TOML" in str(problem) and "quotes" in str(problem)
    assert config.refresh.interval_seconds == 20  # before the broken table
    assert config.overview.ended_days == 9  # after it
    assert config.time.zone == "local"  # the broken table's default


def test_unknown_tables_and_keys_are_named_with_their_line() -> None:
    config = parse_config('[refresh]\ninterval = 30\n\n[colours]\nbg = "red"\n')
    assert [p.line for p in config.problems] == [2, 4]
    assert "interval_seconds" in str(config.problems[0])  # the known keys, to fix the spelling
    assert "'colours'" in str(config.problems[1])


def test_keymap_ids_read_as_dotted_keys_quoted_keys_lists_and_subtables() -> None:
    text = (
        '[keymap]\ntree.down = "n"\n"tree.up" = "e"\napp.refresh = ["f5", "r"]\n\n'
        '[keymap.report]\nnext_goal = "tab"\nprev_goal = 3\n'
    )
    config = parse_config(text)
    assert config.keymap == (
        KeymapEntry("tree.down", "n", 2),
        KeymapEntry("tree.up", "e", 3),
        KeymapEntry("app.refresh", "f5,r", 4),
        KeymapEntry("report.next_goal", "tab", 7),
    )
    [problem] = config.problems
    assert problem.line == 8 and "report.prev_goal" in str(problem)


def test_no_file_gives_the_defaults_silently(config_dir: Path) -> None:
    config = load_config()
    assert config.path == config_path() == config_dir / "config" / "config.toml"
    assert config.problems == ()
    assert config.refresh == ConfigFile().refresh and config.keymap == ()


def test_unreadable_or_foreign_files_give_the_defaults_and_one_message(tmp_path: Path) -> None:
    folder = tmp_path / "config.toml"
    folder.mkdir()
    assert "cannot be read" in str(load_config(folder).problems[0])
    latin1 = tmp_path / "latin1.toml"
    latin1.write_bytes(b'# ok\ntheme = "caf\xe9"\n')
    [problem] = load_config(latin1).problems
    assert problem.line == 2 and "UTF-8" in str(problem)
    huge = tmp_path / "huge.toml"
    huge.write_bytes(b"#" * 2_000_000)
    assert "larger than 1 MB" in str(load_config(huge).problems[0])


def test_reading_never_writes_the_file(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[refresh\ninterval_seconds = x\n")
    os.utime(path, (1_000_000, 1_000_000))
    load_config(path)
    assert path.read_text() == "[refresh\ninterval_seconds = x\n"
    assert path.stat().st_mtime == 1_000_000


def test_the_example_reads_cleanly_and_uncommented_gives_the_defaults() -> None:
    assert parse_config(EXAMPLE).problems == ()
    # Uncomment every `# key = value` line: each value shown is the default (columns aside,
    # which shows a choice; the keymap lines rebind to the default keys).
    uncommented = re.sub(r"(?m)^# ([a-z_.]+ = .*)$", r"\1", EXAMPLE)
    config = parse_config(uncommented)
    assert config.problems == ()
    defaults = ConfigFile()
    assert config.theme == "textual-dark"
    assert config.refresh == defaults.refresh
    assert config.network == defaults.network
    assert config.time == defaults.time
    assert config.overview.first_section == defaults.overview.first_section
    assert config.overview.ended_days == defaults.overview.ended_days
    assert config.statistics.correction == defaults.statistics.correction
    assert config.statistics.sides == defaults.statistics.sides
    assert [e.binding_id for e in config.keymap] == ["tree.down", "tree.up", "app.refresh"]


def test_every_key_the_reader_knows_is_in_the_example_and_the_readme() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    for table, settings in {
        "overview": ["columns", "first_section", "ended_days"],
        "refresh": ["interval_seconds", "on_at_start"],
        "statistics": ["confidence", "sides", "sequential", "sequential_tuning", "correction"],
        "network": ["deadline_seconds", "max_body_mb"],
        "time": ["zone"],
    }.items():
        assert f"[{table}]" in EXAMPLE and f"[{table}]" in readme
        for key in settings:
            assert f"# {key} = " in EXAMPLE
            assert f"`{key}`" in readme


def test_a_credential_in_the_file_is_refused_and_pointed_to_login() -> None:
    config = parse_config('secret_key = "abc123"\n')
    [problem] = config.problems
    assert problem.line == 1 and "convert-tui login" in str(problem)
    assert "abc123" not in str(problem)  # the secret is never repeated
