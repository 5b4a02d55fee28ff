"""Text from the API is shown literally, and rules read as indented OR / AND / OR_WHEN lines."""

from __future__ import annotations

from convert_tui.api import models
from convert_tui.ui.explorer.tree import fuzzy_match
from convert_tui.ui.text import clean, plain
from convert_tui.ui.widgets.rules import format_rules


def test_escape_sequences_and_controls_become_visible_symbols() -> None:
    shown = clean("a\x1b[31mred\x07\x7f\u202eevil")
    assert shown == "a␛[31mred␇␡\ufffdevil"
    assert all(ord(ch) >= 0x20 for ch in shown)


def test_one_line_folds_newlines_but_multi_line_keeps_them() -> None:
    assert clean("a\nb\tc", one_line=True) == "a ↵ b c"
    assert clean("a\nb") == "a\nb"


def test_markup_in_names_is_never_interpreted() -> None:
    text = plain("Shop [bold]x[/bold] [link=http://x]y[/link]")
    assert text.plain == "Shop [bold]x[/bold] [link=http://x]y[/link]"
    assert not text.spans


def test_rule_object_renders_as_nested_or_and_or_when_lines() -> None:
    rule = models.RuleObject.model_validate(
        {
            "OR": [
                {
                    "AND": [
                        {
                            "OR_WHEN": [
                                {
                                    "rule_type": "url",
                                    "matching": {"match_type": "contains", "negated": False},
                                    "value": "/checkout",
                                },
                                {
                                    "rule_type": "url",
                                    "matching": {"match_type": "starts_with", "negated": True},
                                    "value": "[b]/admin",
                                },
                            ]
                        }
                    ]
                }
            ]
        }
    )
    assert format_rules(rule).plain.splitlines() == [
        "OR",
        "  AND",
        "    OR_WHEN",
        '      url contains "/checkout"',
        '      url NOT starts with "[b]/admin"',
    ]


def test_missing_rules_say_so() -> None:
    assert format_rules(None).plain == "(no rules)"
    assert format_rules({"OR": []}).plain == "(no rules)"


def test_fuzzy_filter_matches_subsequences_case_insensitively() -> None:
    assert fuzzy_match("nwsl", "Newsletter signup")
    assert fuzzy_match("SIGNUP", "Newsletter signup")
    assert not fuzzy_match("signupx", "Newsletter signup")
    assert fuzzy_match("", "anything")
