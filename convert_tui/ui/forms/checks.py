"""Parsing and checking what people type, with messages that say what is wrong and what to do.

Every `parse_*` raises `Invalid(message)`; the form shows the message next to the field before
any request is sent. The server validates again (and may be stricter: its 422 is shown on the
same field).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any, get_args

from convert_tui.api.models import SITE_AREA_RULE_TYPES, MatchType

MATCH_TYPES: tuple[str, ...] = get_args(MatchType)
_RULE_TYPE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_EVENT = re.compile(r"^[A-Za-z][A-Za-z0-9_:-]{0,63}$")
_MAX_RULE_VALUE = 2000


class Invalid(ValueError):
    """A value that cannot be sent; `str()` is the message shown under the field."""


def parse_number(
    text: str, *, integer: bool = False, low: float | None = None, high: float | None = None
) -> int | float | None:
    """Blank is None ("no value"); otherwise a number inside [low, high]."""
    text = text.strip()
    if not text:
        return None
    span = _span(low, high)
    allowed = f" ({span})" if span else ""
    try:
        value: int | float = int(text) if integer else float(text)
    except ValueError:
        kind = "a whole number" if integer else "a number"
        example = _example(low, high)
        raise Invalid(f"{text!r} is not {kind}: type digits{allowed}, e.g. {example}.") from None
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise Invalid(f"{text!r} is not a finite number: type digits{allowed}.")
        if value.is_integer():
            value = int(value)  # 95.0 and 95 are the same setting: keep ints as ints
    if (low is not None and value < low) or (high is not None and value > high):
        raise Invalid(f"{text} is out of range: use {span}.")
    return value


def _span(low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return f"{low:g} to {high:g}"
    if low is not None:
        return f"{low:g} or more"
    return f"up to {high:g}" if high is not None else ""


def _example(low: float | None, high: float | None) -> str:
    if high is not None:
        return f"{high:g}" if low is None else f"{(low + high) // 2:g}"
    return f"{(low or 0) + 10:g}"


def parse_lines(text: str) -> list[str]:
    """One item a line; surrounding spaces and blank lines dropped."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def check_websites(text: str) -> list[str]:
    sites = parse_lines(text)
    for number, site in enumerate(sites, 1):
        if any(ch.isspace() for ch in site):
            raise Invalid(f"Line {number} has a space: one website a line, e.g. https://shop.com")
        if len(site) > 2000:
            raise Invalid(f"Line {number} is longer than 2000 characters: shorten it.")
    return sites


def parse_dom_interactions(text: str) -> list[dict[str, str]]:
    """`event selector` lines, e.g. `click #buy-now`."""
    items = []
    for number, line in enumerate(parse_lines(text), 1):
        event, _, selector = line.partition(" ")
        if not _EVENT.match(event) or not selector.strip():
            raise Invalid(
                f"Line {number}: write the event, a space, then the CSS selector "
                "(e.g. click #buy-now)."
            )
        items.append({"event": event, "selector": selector.strip()})
    return items


def parse_date(text: str) -> str | None:
    text = text.strip()
    if not text:
        return None
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError
        dt.date.fromisoformat(text)
    except ValueError:
        raise Invalid(f"{text!r} is not a date: use YYYY-MM-DD, e.g. 2026-11-30.") from None
    return text


def parse_rules(text: str, *, site_area: bool = False) -> dict[str, Any]:
    """A RuleObject from its JSON; blank means "no rules" (`{"OR": []}`)."""
    if not text.strip():
        return {"OR": []}
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise Invalid(
            f"Not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}). "
            "Fix it, or clear the box for no rules."
        ) from None
    except (ValueError, RecursionError):  # a 5000-digit number, nesting thousands deep
        raise Invalid(
            "Not usable JSON: a number is too long or the nesting too deep. "
            "Rules are three levels deep (OR, AND, OR_WHEN); fix it or clear the box."
        ) from None
    _check_tree(data, site_area)
    return data  # type: ignore[no-any-return]


def _check_tree(data: Any, site_area: bool) -> None:
    shape = 'Expected {"OR": [{"AND": [{"OR_WHEN": [rule, ...]}]}]}'
    if not isinstance(data, dict) or not isinstance(data.get("OR"), list):
        raise Invalid(f'{shape}: the top level needs an "OR" list.')
    for i, group in enumerate(data["OR"]):
        where = f"OR[{i}]"
        if not isinstance(group, dict) or not isinstance(group.get("AND"), list):
            raise Invalid(f'{where} needs an "AND" list. {shape}.')
        for j, when in enumerate(group["AND"]):
            where_j = f"{where}.AND[{j}]"
            if not isinstance(when, dict) or not isinstance(when.get("OR_WHEN"), list):
                raise Invalid(f'{where_j} needs an "OR_WHEN" list of rules. {shape}.')
            for k, rule in enumerate(when["OR_WHEN"]):
                _check_rule(rule, f"{where_j}.OR_WHEN[{k}]", site_area)


def _check_rule(rule: Any, where: str, site_area: bool) -> None:
    example = '{"rule_type": "url", "matching": {"match_type": "contains"}, "value": "/cart"}'
    if not isinstance(rule, dict):
        raise Invalid(f"{where} must be a rule like {example}.")
    rule_type = rule.get("rule_type")
    if site_area and rule_type not in SITE_AREA_RULE_TYPES:
        allowed = ", ".join(sorted(SITE_AREA_RULE_TYPES))
        raise Invalid(f"{where}: rule_type {rule_type!r} is not allowed here; use {allowed}.")
    if not isinstance(rule_type, str) or not _RULE_TYPE.match(rule_type):
        raise Invalid(f"{where}: rule_type must be a lowercase word such as url or cookie.")
    matching = rule.get("matching")
    match_type = matching.get("match_type") if isinstance(matching, dict) else None
    if match_type not in MATCH_TYPES:
        raise Invalid(f"{where}: matching.match_type must be one of {', '.join(MATCH_TYPES)}.")
    negated = matching.get("negated") if isinstance(matching, dict) else None
    if negated is not None and not isinstance(negated, bool):
        raise Invalid(f"{where}: matching.negated must be true or false.")
    value = rule.get("value")
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise Invalid(f'{where}: value must be text or a number, e.g. "/checkout".')
    if isinstance(value, str) and len(value) > _MAX_RULE_VALUE:
        raise Invalid(f"{where}: value is longer than {_MAX_RULE_VALUE} characters.")


def rules_text(rule_object: Any) -> str:
    """The JSON a rules box starts with; an empty tree is an empty box."""
    dump = getattr(rule_object, "model_dump", None)
    data = dump(mode="json", exclude_none=True, warnings=False) if callable(dump) else rule_object
    if not data or (isinstance(data, dict) and not data.get("OR")):
        return ""
    try:
        return _compact_rules(data)
    except (AttributeError, TypeError):  # not the usual shape: show it as it is
        return json.dumps(data, indent=2, ensure_ascii=False)


def _compact_rules(data: dict[str, Any]) -> str:
    """One rule a line, OR / AND / OR_WHEN nesting indented (plain indented JSON is ~4x taller)."""

    def dumps(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    extra = {k: v for k, v in data.items() if k != "OR"}
    lines = ['{"OR": [']
    for i, group in enumerate(data["OR"]):
        lines.append('  {"AND": [')
        whens = group["AND"]
        for j, when in enumerate(whens):
            lines.append('    {"OR_WHEN": [')
            rules = when["OR_WHEN"]
            lines += [
                f"      {dumps(r)}{',' if k < len(rules) - 1 else ''}" for k, r in enumerate(rules)
            ]
            lines.append(f"    ]}}{',' if j < len(whens) - 1 else ''}")
        lines.append(f"  ]}}{',' if i < len(data['OR']) - 1 else ''}")
    lines.append("]" + "".join(f", {dumps(k)}: {dumps(v)}" for k, v in extra.items()) + "}")
    text = "\n".join(lines)
    json.loads(text)  # never show something that does not parse back
    return text
