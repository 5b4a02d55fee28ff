"""RuleObjects as indented OR / AND / OR_WHEN lines instead of raw JSON."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from convert_tui.ui.text import clean

MATCH_WORDS = {
    "matches": "matches",
    "contains": "contains",
    "starts_with": "starts with",
    "ends_with": "ends with",
    "regex": "matches regex",
    "equals": "equals",
}
_KNOWN_RULE_KEYS = {"rule_type", "matching", "value"}


def _as_dict(value: Any) -> Any:
    dump = getattr(value, "model_dump", None)
    return dump(exclude_none=True, warnings=False) if callable(dump) else value


def rule_line(rule: Any) -> Text:
    """One rule: `url contains "/checkout"` (negated: `url NOT contains ...`)."""
    rule = _as_dict(rule) or {}
    if not isinstance(rule, dict):
        return Text(clean(rule, one_line=True))
    matching = rule.get("matching") or {}
    match_type = str(matching.get("match_type") or "?")
    line = Text()
    line.append(clean(rule.get("rule_type") or "rule", one_line=True), style="bold")
    line.append(" ")
    if matching.get("negated"):
        line.append("NOT ", style="bold")
    line.append(MATCH_WORDS.get(match_type, clean(match_type, one_line=True)))
    line.append(" ")
    line.append(f'"{clean(rule.get("value", ""), one_line=True)}"')
    for key in sorted(set(rule) - _KNOWN_RULE_KEYS):  # unknown rule fields stay visible
        line.append(f" {clean(key, one_line=True)}={clean(rule[key], one_line=True)}", "dim")
    return line


def format_rules(rule_object: Any, indent: int = 0) -> Text:
    """The whole tree, one node a line, two spaces of indent a level.

    Reading it: the page/visitor matches when ANY `AND` block holds; a block holds when ALL its
    `OR_WHEN` groups hold; a group holds when ANY of its rules matches.
    """
    data = _as_dict(rule_object)
    pad = " " * indent
    if not data or not isinstance(data, dict) or not data.get("OR"):
        return Text(f"{pad}(no rules)", style="dim")
    lines: list[Text] = [Text(f"{pad}OR", style="bold")]
    for group in data.get("OR") or []:
        lines.append(Text(f"{pad}  AND", style="bold"))
        for when in (group or {}).get("AND") or []:
            lines.append(Text(f"{pad}    OR_WHEN", style="bold"))
            for rule in (when or {}).get("OR_WHEN") or []:
                lines.append(Text(f"{pad}      ") + rule_line(rule))
    return Text("\n").join(lines)
