"""Small validators: every bad input becomes a 400/422 with `fields`, never an exception.

A check is `check(value, path, errors) -> normalised value`; it records problems in `errors`
(field path -> what is wrong) instead of raising, so one answer lists every bad field.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Sequence
from typing import Any

from convert_tui.sandbox.config import MATCH_TYPES, SITE_AREA_RULE_TYPES
from convert_tui.sandbox.responses import ApiError

Errors = dict[str, str]
Check = Callable[[Any, str, Errors], Any]
MAX_DEPTH = 32
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_RULE_TYPE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
# Timestamps up to the year 9999 so date arithmetic on them can never overflow.
MAX_TIMESTAMP = 253402300799


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError("number out of range")
    return value


def _depth(value: Any) -> int:
    # Iterative so a deep document cannot exhaust the stack while we measure it.
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return deepest


def parse_body(raw: bytes) -> dict[str, Any]:
    """Parse a request body into a JSON object; an empty body is an empty object."""
    if not raw.strip():
        return {}
    try:
        text = raw.decode("utf-8")
        value = json.loads(text, parse_constant=_reject_constant, parse_float=_finite_float)
        # Lone surrogates (\ud800) parse but could not be written back as UTF-8.
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except (ValueError, RecursionError) as exc:
        reason = "not UTF-8" if isinstance(exc, UnicodeDecodeError) else "not valid JSON"
        raise ApiError(400, f"Request body is {reason}", {"body": reason}) from None
    if _depth(value) > MAX_DEPTH:
        raise ApiError(400, "Request body is nested too deeply", {"body": "nested too deeply"})
    if not isinstance(value, dict):
        raise ApiError(422, "Request body must be a JSON object", {"body": "must be an object"})
    return value


def fail(errors: Errors) -> None:
    if errors:
        first = next(iter(errors.items()))
        raise ApiError(422, f"Invalid field {first[0]}: {first[1]}", errors)


def _type_name(value: Any) -> str:
    return "null" if value is None else type(value).__name__


# --- scalar checks -------------------------------------------------------------------------


def text(max_len: int = 5000, *, nullable: bool = True, name: bool = False) -> Check:
    """A string; `name` ones must be non-empty and free of control characters."""

    def check(value: Any, path: str, errors: Errors) -> Any:
        if value is None and nullable and not name:
            return None
        if not isinstance(value, str):
            errors[path] = f"must be a string, not {_type_name(value)}"
        elif len(value) > max_len:
            errors[path] = f"must be at most {max_len} characters"
        elif name and not value.strip():
            errors[path] = "must not be empty"
        elif name and _CONTROL.search(value):
            errors[path] = "must not contain control characters"
        return value

    return check


def enum(values: Sequence[str]) -> Check:
    def check(value: Any, path: str, errors: Errors) -> Any:
        if not isinstance(value, str) or value not in values:
            errors[path] = f"must be one of {', '.join(values)}"
        return value

    return check


def number(
    lo: float = 0, hi: float = 1e12, *, integer: bool = False, nullable: bool = True
) -> Check:
    def check(value: Any, path: str, errors: Errors) -> Any:
        if value is None and nullable:
            return None
        kind = int if integer else (int, float)
        if isinstance(value, bool) or not isinstance(value, kind):
            errors[path] = f"must be {'an integer' if integer else 'a number'}"
        elif not lo <= value <= hi:
            errors[path] = f"must be between {lo:g} and {hi:g}"
        return value

    return check


def flag01() -> Check:
    def check(value: Any, path: str, errors: Errors) -> Any:
        if isinstance(value, bool) or value not in (0, 1) or isinstance(value, float):
            errors[path] = "must be 0 or 1"
        return value

    return check


def boolean(*, nullable: bool = True) -> Check:
    def check(value: Any, path: str, errors: Errors) -> Any:
        if value is None and nullable:
            return None
        if not isinstance(value, bool):
            errors[path] = "must be true or false"
        return value

    return check


def ident() -> Check:
    """Ids may arrive as strings or integers; stored as strings."""

    def check(value: Any, path: str, errors: Errors) -> Any:
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 10**18:
            return str(value)
        if isinstance(value, str) and 0 < len(value) <= 64 and not _CONTROL.search(value):
            return value
        errors[path] = "must be an id (string or integer)"
        return value

    return check


def iso_date() -> Check:
    def check(value: Any, path: str, errors: Errors) -> Any:
        if value is None or value == "":
            return value
        if isinstance(value, str) and _DATE.match(value):
            try:
                dt.date.fromisoformat(value)
                return value
            except ValueError:
                pass
        errors[path] = "must be a date YYYY-MM-DD"
        return value

    return check


def ignored() -> Check:
    """Server-owned fields (ids, created_at): whatever is sent is dropped by the caller."""

    def check(value: Any, path: str, errors: Errors) -> Any:
        return value

    return check


# --- containers ----------------------------------------------------------------------------


def array(item: Check, max_items: int = 100, *, nullable: bool = False) -> Check:
    def check(value: Any, path: str, errors: Errors) -> Any:
        if value is None and nullable:
            return None
        if not isinstance(value, list):
            errors[path] = "must be an array"
            return value
        if len(value) > max_items:
            errors[path] = f"must have at most {max_items} items"
            return value
        return [item(v, f"{path}[{i}]", errors) for i, v in enumerate(value)]

    return check


def obj(
    spec: dict[str, Check],
    required: Sequence[str] = (),
    *,
    extra: bool = True,
    nullable: bool = False,
) -> Check:
    """An object: known keys checked, unknown keys kept (or refused when extra=False)."""

    def check(value: Any, path: str, errors: Errors) -> Any:
        if value is None and nullable:
            return None
        if not isinstance(value, dict):
            errors[path] = "must be an object"
            return value
        return check_fields(value, spec, errors, required, prefix=f"{path}.", extra=extra)

    return check


def check_fields(
    body: dict[str, Any],
    spec: dict[str, Check],
    errors: Errors,
    required: Sequence[str] = (),
    *,
    prefix: str = "",
    extra: bool = True,
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in required:
        if key not in body:
            errors[prefix + key] = "is required"
    for key, value in body.items():
        check = spec.get(key)
        if check is not None:
            out[key] = check(value, prefix + key, errors)
        elif extra:
            out[key] = value
        else:
            errors[prefix + key] = f"unknown field (allowed: {', '.join(spec)})"
    return out


def rule_object(site_area: bool = False) -> Check:
    """RuleObject: {"OR": [{"AND": [{"OR_WHEN": [Rule, ...]}, ...]}, ...]}."""

    def rule_type(value: Any, path: str, errors: Errors) -> Any:
        if site_area:
            return enum(SITE_AREA_RULE_TYPES)(value, path, errors)
        if not isinstance(value, str) or not _RULE_TYPE.match(value):
            errors[path] = "must be a rule type such as url, cookie, device"
        return value

    def rule_value(value: Any, path: str, errors: Errors) -> Any:
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            errors[path] = "must be a string or a number"
        elif isinstance(value, str) and len(value) > 2000:
            errors[path] = "must be at most 2000 characters"
        return value

    matching = obj({"match_type": enum(MATCH_TYPES), "negated": boolean()}, ["match_type"])
    rule = obj({"rule_type": rule_type, "matching": matching, "value": rule_value}, ["rule_type"])
    when = obj({"OR_WHEN": array(rule, 50)}, ["OR_WHEN"])
    group = obj({"AND": array(when, 50)}, ["AND"])
    return obj({"OR": array(group, 50)}, nullable=True)


# --- list and report bodies ----------------------------------------------------------------


def paging(body: dict[str, Any], default_per_page: int, max_per_page: int) -> tuple[int, int]:
    errors: Errors = {}
    page = body.get("page", 1)
    per_page = body.get("results_per_page", default_per_page)
    for key, value in (("page", page), ("results_per_page", per_page)):
        if isinstance(value, bool) or not isinstance(value, int):
            errors[key] = "must be an integer"
    fail(errors)
    if page < 1 or page > 10**9:
        errors["page"] = "must be 1 or more (pages are 1-based)"
    if per_page < 1 or per_page > max_per_page:
        errors["results_per_page"] = f"must be between 1 and {max_per_page}"
    if errors:
        raise ApiError(400, "Invalid pagination", errors)
    return page, per_page


def timestamp_range(body: dict[str, Any]) -> tuple[float | None, float | None]:
    errors: Errors = {}
    check = number(0, MAX_TIMESTAMP)
    start = check(body.get("start_timestamp"), "start_timestamp", errors)
    end = check(body.get("end_timestamp"), "end_timestamp", errors)
    fail(errors)
    if start is not None and end is not None and start > end:
        fail({"end_timestamp": "must not be before start_timestamp"})
    return start, end
