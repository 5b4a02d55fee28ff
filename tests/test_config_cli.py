"""`convert-tui config` and `convert-tui completion SHELL`."""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from test_report_cli import EXPERIENCE, PROJECT, run_json

from convert_tui.cli import build_parser, main
from convert_tui.commands.completion import script
from convert_tui.config.config_example import EXAMPLE
from convert_tui.config.config_file import parse_config


def test_config_path_prints_where_the_file_is_read_from(
    config_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["config", "--path"]) == 0
    assert capsys.readouterr().out.strip() == str(config_dir / "config" / "config.toml")


def test_config_example_prints_the_commented_example(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "--example"]) == 0
    out = capsys.readouterr().out
    assert out == EXAMPLE
    assert parse_config(out).problems == ()


def test_config_check_lists_every_problem_with_its_line_and_exits_1(
    config_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = config_dir / "config" / "config.toml"
    path.parent.mkdir()
    path.write_text(
        'theme = "textual-lite"\n[keymap]\ntree.dwn = "n"\ntree.up = "d"\n'
        "[refresh]\ninterval_seconds = 0\n"
    )
    assert main(["config", "--check"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("config.toml line 6: [refresh] interval_seconds = 0")
    assert any(line.startswith("config.toml line 1:") and "'textual-light'" in line for line in out)
    assert any(line.startswith("config.toml line 3:") and "'tree.down'" in line for line in out)
    assert any(line.startswith("config.toml line 4:") and "explorer.delete" in line for line in out)


def test_config_check_passes_a_good_file_and_the_readme_example(
    config_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    example = readme.split("```toml\n", 1)[1].split("```", 1)[0]
    path = config_dir / "config" / "config.toml"
    path.parent.mkdir()
    path.write_text(example)
    assert main(["config", "--check"]) == 0
    assert "every setting is used" in capsys.readouterr().out


def _commands_and_flags(parser: argparse.ArgumentParser) -> tuple[set[str], set[str]]:
    commands: set[str] = set()
    flags: set[str] = set()
    for action in parser._actions:
        flags.update(o for o in action.option_strings if o.startswith("--"))
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                commands.add(name)
                more_commands, more_flags = _commands_and_flags(sub)
                commands |= more_commands
                flags |= more_flags
    return commands, flags


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts_name_every_subcommand_and_flag(
    shell: str, capsys: pytest.CaptureFixture[str]
) -> None:
    commands, flags = _commands_and_flags(build_parser())
    assert {"config", "completion", "status", "report", "sandbox"} <= commands
    assert {"--example", "--correction", "--fail-rate", "--read-only"} <= flags
    assert main(["completion", shell]) == 0
    out = capsys.readouterr().out
    assert out == script(shell)

    def offered(word: str) -> bool:
        if shell == "fish" and word.startswith("--"):  # fish writes `-l name`
            return re.search(rf"-l {re.escape(word[2:])}( |$)", out, re.MULTILINE) is not None
        return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", out) is not None

    missing = [word for word in sorted(commands | flags) if not offered(word)]
    assert missing == []


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash here")
def test_the_bash_script_loads_and_completes_a_subcommand() -> None:
    # Sourced by a real bash, then its completion function asked what follows `convert-tui st`.
    program = (
        script("bash")
        + "\nCOMP_WORDS=(convert-tui st); COMP_CWORD=1; COMP_LINE='convert-tui st';"
        + " COMP_POINT=${#COMP_LINE}; _shtab_convert_tui convert-tui st convert-tui;"
        + ' printf "%s\\n" "${COMPREPLY[@]}"'
    )
    done = subprocess.run(["bash", "-c", program], capture_output=True, text=True, timeout=20)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["status"]


def test_completion_refuses_an_unknown_shell(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["completion", "tcsh"]) == 2
    assert "invalid choice" in capsys.readouterr().err


def test_report_uses_the_files_correction_unless_the_flag_says_otherwise(
    env: Any, config_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = config_dir / "config" / "config.toml"
    path.parent.mkdir(exist_ok=True)
    path.write_text('[statistics]\ncorrection = "sidak"\n')
    assert run_json(capsys, PROJECT, EXPERIENCE)["correction"] == "sidak"
    assert run_json(capsys, PROJECT, EXPERIENCE, "--correction", "none")["correction"] == "none"
    path.write_text('[statistics]\ncorrection = "holm"\n')
    assert main(["report", PROJECT, EXPERIENCE, "--json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["correction"] == "none"
    assert err.startswith('convert-tui: config.toml line 2: [statistics] correction = "holm"')


def test_config_alone_says_where_the_file_is_and_what_to_do(
    config_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["config"]) == 0
    out = capsys.readouterr().out
    assert "config.toml does not exist yet" in out and "--example" in out


def test_report_takes_every_statistics_setting_from_the_file_and_flags_win(
    env: Any, config_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = config_dir / "config" / "config.toml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(
        "[statistics]\nconfidence = 90\nsides = 1\nsequential = true\nsequential_tuning = 2500\n"
    )
    doc = run_json(capsys, PROJECT, EXPERIENCE)
    assert (doc["confidence"], doc["sides"], doc["sequential"], doc["sequential_tuning"]) == (
        pytest.approx(0.9),
        1,
        True,
        2500,
    )
    doc = run_json(capsys, PROJECT, EXPERIENCE, "--confidence", "99", "--sides", "2")
    assert (doc["confidence"], doc["sides"]) == (pytest.approx(0.99), 2)


def test_status_uses_the_files_statistics_and_its_flags_win(
    env: Any, config_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: Any
) -> None:
    from convert_tui.commands import status

    used: list[Any] = []
    real = status.stream_rows

    def recording(*args: Any, **kwargs: Any) -> Any:
        used.append(kwargs["settings"])
        return real(*args, **kwargs)

    monkeypatch.setattr(status, "stream_rows", recording)
    path = config_dir / "config" / "config.toml"
    path.parent.mkdir(exist_ok=True)
    path.write_text("[statistics]\nsequential = true\nconfidence = 99\nsides = 1\n")
    assert main(["status", "--json"]) == 0
    assert main(["status", "--json", "--confidence", "90", "--sides", "2"]) == 0
    capsys.readouterr()
    assert [(s.sequential, s.confidence, s.sides) for s in used] == [
        (True, 99.0, 1),
        (True, 90.0, 2),
    ]


def test_statistics_settings_change_what_status_reports(
    env: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    # (status passed its settings to the row loader, which dropped them: every flag was a no-op)
    from test_status_cli import status_json

    def p_values(doc: dict[str, Any]) -> list[Any]:
        return [e.get("leader") for p in doc["projects"] for e in p["experiences"]]

    assert p_values(status_json(capsys, "--sequential")) != p_values(status_json(capsys))
