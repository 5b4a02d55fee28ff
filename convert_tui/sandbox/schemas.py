"""What each resource accepts (validation specs) and how it is sent back (render)."""

from __future__ import annotations

from typing import Any

from convert_tui.sandbox import validation as v
from convert_tui.sandbox.config import (
    AUDIENCE_TYPES,
    EXPERIENCE_STATUSES,
    EXPERIENCE_TYPES,
    GOAL_TYPES,
    PROJECT_STATUSES,
    SCORE_TYPES,
)
from convert_tui.sandbox.validation import MAX_TIMESTAMP, Check, Errors

NAME = v.text(255, name=True)
DESCRIPTION = v.text(5000)
CODE = v.text(200_000)
URL = v.text(2000)
COUNT = v.number(0, 1e12)

REPORTING_KEYS = (
    "min_order_value",
    "max_order_value",
    "min_running_time",
    "min_variation_visitors",
    "min_variation_conversions",
    "tested_visitors_quota",
    "max_variation_visitors",
)

PROJECT: dict[str, Check] = {
    # Server-owned: accepted (a client may send back what it read) and then ignored.
    "id": v.ignored(),
    "account_id": v.ignored(),
    "tracking_snippet": v.ignored(),
    "created_at": v.ignored(),
    "name": NAME,
    "status": v.enum(PROJECT_STATUSES),
    "reporting_settings": v.obj({k: COUNT for k in REPORTING_KEYS}, nullable=True),
    "include_jquery": v.flag01(),
    "allow_crossdomain_tracking": v.flag01(),
    "data_anonymization": v.flag01(),
    "websites": v.array(v.text(2000, nullable=False), 100),
    "global_javascript": CODE,
}

EXPERIENCE_GOAL = v.obj(
    {"goal_id": v.ident(), "goal_name": v.text(255), "is_primary": v.boolean()}, ["goal_id"]
)
EXPERIENCE_AUDIENCE = v.obj(
    {"audience_id": v.ident(), "audience_name": v.text(255)}, ["audience_id"]
)

EXPERIENCE: dict[str, Check] = {
    "id": v.ignored(),
    "variations": v.ignored(),  # the contract: variations are ignored on create/update
    "name": NAME,
    "experience_description": DESCRIPTION,
    "experience_type": v.enum(EXPERIENCE_TYPES),
    "experience_status": v.enum(EXPERIENCE_STATUSES),
    "start_time": v.number(0, MAX_TIMESTAMP),
    "end_time": v.number(0, MAX_TIMESTAMP),
    "global_js": CODE,
    "editor_url": URL,
    "keep_winner": v.boolean(),
    "stop_looser": v.boolean(),
    "minrun": v.number(0, 3650),
    "maxrun": v.number(0, 3650),
    "minordv": COUNT,
    "maxordv": COUNT,
    "minconv": COUNT,
    "minvis": COUNT,
    "maxvis": COUNT,
    "confidence": v.number(0, 100),
    "site_area": v.obj(
        {"include": v.rule_object(site_area=True), "exclude": v.rule_object(site_area=True)},
        nullable=True,
    ),
    "goals": v.array(EXPERIENCE_GOAL, 50),
    "audiences": v.array(EXPERIENCE_AUDIENCE, 50),
}

VARIATION: dict[str, Check] = {
    "id": v.ignored(),
    "name": NAME,
    "url": URL,
    "js": CODE,
    "customjs": CODE,
    "css": CODE,
    "percentage": v.number(0, 100),
    "is_baseline": v.boolean(),
}

GOAL: dict[str, Check] = {
    "goal_id": v.ignored(),
    "goal_name": NAME,
    "description": DESCRIPTION,
    "goal_type": v.enum(GOAL_TYPES),
    "triggering_rule": v.rule_object(),
    "dom_interaction": v.array(
        v.obj(
            {"event": v.text(64, name=True), "selector": v.text(1000, nullable=False)}, ["event"]
        ),
        20,
        nullable=True,
    ),
}

AUDIENCE: dict[str, Check] = {
    "audience_id": v.ignored(),
    "audience_name": NAME,
    "description": DESCRIPTION,
    "firing_rule": v.rule_object(),
    "audience_type": v.enum(AUDIENCE_TYPES),
}


def _score(value: Any, path: str, errors: Errors) -> Any:
    """A number in requests, but accept the numeric string that responses carry."""
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            errors[path] = "must be a number"
            return value
    return v.number(0, 10)(value, path, errors)


def _attributes(value: Any, path: str, errors: Errors) -> Any:
    if value is None:
        return {}
    if not isinstance(value, dict):
        errors[path] = "must be an object"
        return value
    for key, item in value.items():
        v.number(0, 10, nullable=False)(item, f"{path}.{key}", errors)
    return value


HYPOTHESIS: dict[str, Check] = {
    "id": v.ignored(),
    "project_id": v.ignored(),
    "created_at": v.ignored(),
    "name": NAME,
    "objective": DESCRIPTION,
    "prioritization_score": _score,
    "prioritization_score_type": v.enum(SCORE_TYPES),
    "prioritization_score_attributes": _attributes,
    "status": v.enum(EXPERIENCE_STATUSES),
    "start_date": v.iso_date(),
    "end_date": v.iso_date(),
    "tags": v.array(v.obj({"id": v.ident(), "name": v.text(100, name=True)}, ["name"]), 50),
    "summary": DESCRIPTION,
}

SERVER_OWNED = {"id", "account_id", "tracking_snippet", "created_at", "project_id", "variations"}
SERVER_OWNED |= {"goal_id", "audience_id"}


def clean(
    body: dict[str, Any], spec: dict[str, Check], required: tuple[str, ...] = ()
) -> dict[str, Any]:
    """Validate a create/update body: 422 listing every bad field; unknown fields are kept."""
    errors: Errors = {}
    out = v.check_fields(body, spec, errors, required)
    v.fail(errors)
    return {k: val for k, val in out.items() if k not in SERVER_OWNED}


def _int_id(value: Any) -> Any:
    # isascii: "²" is a digit to isdigit() but int() refuses it (a 500 on a hostile tag id).
    digits = isinstance(value, str) and value.isascii() and value.isdigit()
    return int(value) if digits and len(value) < 19 else value


def render_hypothesis(record: dict[str, Any]) -> dict[str, Any]:
    """Hypotheses come back as the reference shows them: numeric ids, the score as a string."""
    out = dict(record)
    out["id"] = _int_id(record.get("id"))
    out["project_id"] = _int_id(record.get("project_id"))
    score = record.get("prioritization_score")
    if isinstance(score, int | float):
        out["prioritization_score"] = f"{score:.1f}"
    tags = record.get("tags")
    if isinstance(tags, list):
        out["tags"] = [
            {**t, "id": _int_id(t.get("id"))} if isinstance(t, dict) else t for t in tags
        ]
    return out


def render_experience(record: dict[str, Any]) -> dict[str, Any]:
    """Goal ids inside an experience come back as integers (the reference shows both)."""
    out = dict(record)
    goals = record.get("goals")
    if isinstance(goals, list):
        out["goals"] = [
            {**g, "goal_id": _int_id(g.get("goal_id"))} if isinstance(g, dict) else g for g in goals
        ]
    return out
