"""Handlers for hypotheses (PIE/ICE scoring, status changes, score filters)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from convert_tui.sandbox import schemas
from convert_tui.sandbox import validation as v
from convert_tui.sandbox.common import Ctx, deleted, enum_list, matches, page_of, search_term
from convert_tui.sandbox.config import EXPERIENCE_STATUSES, SCORE_ATTRIBUTES
from convert_tui.sandbox.store import Record


def _score_bound(body: dict[str, Any], key: str, errors: v.Errors) -> float | None:
    value = body.get(key)
    if value is None:
        return None
    if isinstance(value, str):  # the reference shows "0".."5"
        try:
            value = float(value)
        except ValueError:
            errors[key] = "must be a number from 0 to 5"
            return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 5:
        errors[key] = "must be a number from 0 to 5"
        return None
    return float(value)


def _score(record: Record) -> float:
    try:
        return float(record.get("prioritization_score") or 0)
    except (TypeError, ValueError):
        return 0.0


def list_hypotheses(ctx: Ctx) -> list[Record]:
    errors: v.Errors = {}
    term = search_term(ctx.body, errors)
    statuses = enum_list(ctx.body, "status", EXPERIENCE_STATUSES, errors)
    low = _score_bound(ctx.body, "scoreMin", errors)
    high = _score_bound(ctx.body, "scoreMax", errors)
    v.fail(errors)

    def keep(h: Record) -> bool:
        # scoreMin/scoreMax are on a 0..5 scale: the 0..10 score halved.
        half = _score(h) / 2
        return (
            matches(h, term, ("name", "objective", "summary"))
            and (statuses is None or h.get("status") in statuses)
            and (low is None or half >= low)
            and (high is None or half <= high)
        )

    items = ctx.store.data(ctx.param("p")).hypotheses.values()
    return [schemas.render_hypothesis(h) for h in page_of(ctx, (h for h in items if keep(h)))]


def get_hypothesis(ctx: Ctx) -> Record:
    return schemas.render_hypothesis(ctx.store.get(ctx.param("p"), "hypotheses", ctx.param("h")))


def _finish(ctx: Ctx, record: Record, sent: dict[str, Any]) -> None:
    """Cross-field rules: attributes match the score type; the score is their mean."""
    score_type = record.get("prioritization_score_type") or "PIE"
    attributes = record.get("prioritization_score_attributes")
    if attributes:
        expected = SCORE_ATTRIBUTES[score_type]
        if set(attributes) != set(expected):
            v.fail(
                {
                    "prioritization_score_attributes": f"{score_type} needs exactly "
                    f"{', '.join(expected)} (each 0..10)"
                }
            )
        record["prioritization_score"] = round(sum(attributes[k] for k in expected) / 3, 1)
    elif isinstance(sent.get("prioritization_score"), str):
        record["prioritization_score"] = float(sent["prioritization_score"])
    # Tags sent without an id get the project's id for that name, or a new one.
    known: dict[str, str] = {}
    for hyp in ctx.store.data(ctx.param("p")).hypotheses.values():
        for tag in hyp.get("tags") or []:
            if isinstance(tag, dict) and "id" in tag:
                known.setdefault(str(tag.get("name")), str(tag["id"]))
    for tag in record.get("tags") or []:
        if "id" not in tag or tag["id"] is None:
            if tag["name"] not in known:
                numeric = [int(t) for t in known.values() if t.isascii() and t.isdigit()]
                known[tag["name"]] = str(max(numeric, default=0) + 1)
            tag["id"] = known[tag["name"]]


def create_hypothesis(ctx: Ctx) -> Record:
    pid = ctx.param("p")
    data = ctx.store.data(pid)
    fields = schemas.clean(ctx.body, schemas.HYPOTHESIS, ("name",))
    hid = ctx.store.new_id()
    record: Record = {
        "id": hid,
        "project_id": pid,
        "name": "",
        "objective": "",
        "prioritization_score": None,
        "prioritization_score_type": "PIE",
        "prioritization_score_attributes": {},
        "status": "draft",
        "start_date": "",
        "end_date": "",
        "tags": [],
        "summary": "",
        "created_at": dt.datetime.fromtimestamp(ctx.now(), dt.UTC).date().isoformat(),
    }
    record.update(fields)
    _finish(ctx, record, fields)
    data.hypotheses[hid] = record
    ctx.store.save()
    return schemas.render_hypothesis(record)


def update_hypothesis(ctx: Ctx) -> Record:
    record = ctx.store.get(ctx.param("p"), "hypotheses", ctx.param("h"))
    fields = schemas.clean(ctx.body, schemas.HYPOTHESIS)
    merged = {**record, **fields}
    _finish(ctx, merged, fields)  # validate before touching the stored record
    record.clear()
    record.update(merged)
    ctx.store.save()
    return schemas.render_hypothesis(record)


def change_hypothesis_status(ctx: Ctx) -> Record:
    record = ctx.store.get(ctx.param("p"), "hypotheses", ctx.param("h"))
    errors: v.Errors = {}
    status = ctx.body.get("status")
    if "status" not in ctx.body:
        errors["status"] = "is required"
    else:
        v.enum(EXPERIENCE_STATUSES)(status, "status", errors)
    v.fail(errors)
    record["status"] = status
    ctx.store.save()
    return schemas.render_hypothesis(record)


def delete_hypothesis(ctx: Ctx) -> dict[str, Any]:
    pid, hid = ctx.param("p"), ctx.param("h")
    ctx.store.get(pid, "hypotheses", hid)
    del ctx.store.data(pid).hypotheses[hid]
    ctx.store.save()
    return deleted(hid)
