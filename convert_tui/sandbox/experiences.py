"""Handlers for experiences and their variations."""

from __future__ import annotations

import math
import random
from typing import Any

from convert_tui.sandbox import demo_data, schemas
from convert_tui.sandbox import validation as v
from convert_tui.sandbox.common import Ctx, deleted, enum_list, matches, page_of, search_term
from convert_tui.sandbox.config import EXPERIENCE_STATUSES, EXPERIENCE_TYPES
from convert_tui.sandbox.responses import ApiError
from convert_tui.sandbox.store import Record

MAX_VARIATIONS = 20
STOPPED = ("paused", "completed", "archived")


def list_experiences(ctx: Ctx) -> list[Record]:
    errors: v.Errors = {}
    types = enum_list(ctx.body, "experience_types", EXPERIENCE_TYPES, errors)
    statuses = enum_list(ctx.body, "experience_status", EXPERIENCE_STATUSES, errors)
    term = search_term(ctx.body, errors)
    v.fail(errors)

    def keep(e: Record) -> bool:
        return (
            (types is None or e.get("experience_type") in types)
            and (statuses is None or e.get("experience_status") in statuses)
            and matches(e, term, ("name", "experience_description"))
        )

    items = ctx.store.data(ctx.param("p")).experiences.values()
    return [schemas.render_experience(e) for e in page_of(ctx, (e for e in items if keep(e)))]


def get_experience(ctx: Ctx) -> Record:
    return schemas.render_experience(_experience(ctx))


def _experience(ctx: Ctx) -> Record:
    return ctx.store.get(ctx.param("p"), "experiences", ctx.param("e"))


def _check_links(ctx: Ctx, record: Record) -> None:
    """Goals/audiences must exist in the project; names are filled in; one primary goal."""
    data = ctx.store.data(ctx.param("p"))
    errors: v.Errors = {}
    goals = record.get("goals") or []
    if record.get("experience_type") == "personalization" and goals:
        errors["goals"] = "personalization experiences have no goals"
    for i, link in enumerate(goals):
        goal = data.goals.get(link["goal_id"])
        if goal is None:
            errors[f"goals[{i}].goal_id"] = f"no goal {link['goal_id']} in this project"
            continue
        link.setdefault("goal_name", goal.get("goal_name"))
        link["goal_name"] = link["goal_name"] or goal.get("goal_name")
    primaries = [g for g in goals if g.get("is_primary")]
    if len(primaries) > 1:
        errors["goals"] = "only one goal can be primary"
    elif goals and not primaries:
        goals[0]["is_primary"] = True
    for g in goals:
        g["is_primary"] = bool(g.get("is_primary"))
    for i, link in enumerate(record.get("audiences") or []):
        audience = data.audiences.get(link["audience_id"])
        if audience is None:
            errors[f"audiences[{i}].audience_id"] = f"no audience {link['audience_id']} here"
            continue
        link["audience_name"] = link.get("audience_name") or audience.get("audience_name")
    v.fail(errors)


def _lifecycle(ctx: Ctx, record: Record, before: str | None, sent: dict[str, Any]) -> None:
    """Starting stamps start_time, stopping stamps end_time, restarting clears end_time."""
    status = record.get("experience_status")
    if status == before:
        return
    if status == "active":
        if not record.get("start_time") and "start_time" not in sent:
            record["start_time"] = ctx.now()
        if "end_time" not in sent:
            record["end_time"] = 0
    elif status in STOPPED and record.get("start_time") and not record.get("end_time"):
        record["end_time"] = record["end_time"] if "end_time" in sent else ctx.now()


def create_experience(ctx: Ctx) -> Record:
    pid = ctx.param("p")
    data = ctx.store.data(pid)
    fields = schemas.clean(ctx.body, schemas.EXPERIENCE, ("name",))
    eid = ctx.store.new_id()
    record: Record = {
        "id": eid,
        "name": "",
        "experience_description": "",
        "experience_type": "a/b",
        "experience_status": "draft",
        "start_time": 0,
        "end_time": 0,
        "global_js": "",
        "editor_url": "",
        "keep_winner": False,
        "stop_looser": False,
        "minrun": 7,
        "maxrun": 0,
        "minordv": 0,
        "maxordv": 0,
        "minconv": 0,
        "minvis": 0,
        "maxvis": 0,
        "confidence": 95,
        "site_area": {"include": {"OR": []}, "exclude": {"OR": []}},
        "goals": [],
        "audiences": [],
        "variations": [],
    }
    record.update(fields)
    _check_links(ctx, record)
    _lifecycle(ctx, record, "draft", fields)
    # Every experience starts with its original; variations are added one by one.
    baseline = demo_data.variation_record(ctx.store.new_id(), "Original", True)
    baseline["percentage"] = 100
    if record["experience_type"] == "split_url":
        baseline["url"] = record.get("editor_url") or ""
    record["variations"] = [baseline]
    data.experiences[eid] = record
    rng = random.Random(f"{ctx.store.seed}:created:{eid}")
    theme = demo_data.theme(max(0, int(pid) - 10001) if pid.isdigit() else 0)
    data.profiles[eid] = demo_data.make_profile(rng, rng.choice(["flat", "mild"]), theme, 2)
    ctx.store.save()
    return schemas.render_experience(record)


def update_experience(ctx: Ctx) -> Record:
    record = _experience(ctx)
    fields = schemas.clean(ctx.body, schemas.EXPERIENCE)
    merged = {**record, **fields}
    _check_links(ctx, merged)
    _lifecycle(ctx, merged, record.get("experience_status"), fields)
    record.clear()
    record.update(merged)
    ctx.store.save()
    return schemas.render_experience(record)


def delete_experience(ctx: Ctx) -> dict[str, Any]:
    pid, eid = ctx.param("p"), ctx.param("e")
    _experience(ctx)
    data = ctx.store.data(pid)
    del data.experiences[eid]
    data.profiles.pop(eid, None)
    ctx.store.save()
    return deleted(eid)


def _even_split(variations: list[Record]) -> None:
    for var, share in zip(
        variations, demo_data.split_percentages(max(1, len(variations))), strict=False
    ):
        var["percentage"] = share


def share_out(shares: list[float], total: float) -> list[float]:
    """`total` percent over arms in proportion to their `shares` (all zero: evenly), in whole
    percents: floored, then the earliest arms get +1 until the sum is `total` (contract
    addendum: 34/33/33 + a new arm at 40 -> 21/20/19)."""
    if not shares:
        return []
    weights = shares if sum(shares) > 0 else [1.0] * len(shares)
    exact = [total * w / sum(weights) for w in weights]
    out = [float(math.floor(x + 1e-9)) for x in exact]
    for i in range(len(out)):
        if sum(out) + 1 > total + 1e-9:
            break
        out[i] += 1
    return out


def _set_shares(variations: list[Record], shares: list[float]) -> None:
    for var, share in zip(variations, shares, strict=True):
        var["percentage"] = int(share) if float(share).is_integer() else share


def add_variation(ctx: Ctx) -> Record:
    record = _experience(ctx)
    fields = schemas.clean(ctx.body, schemas.VARIATION, ("name",))
    variations: list[Record] = record.setdefault("variations", [])
    errors: v.Errors = {}
    split_url = record.get("experience_type") == "split_url"
    if len(variations) >= MAX_VARIATIONS:
        errors["variations"] = f"an experience has at most {MAX_VARIATIONS} variations"
    if split_url and not fields.get("url"):
        errors["url"] = "is required for split_url experiences"
    elif not split_url and fields.get("url"):
        errors["url"] = "is only used by split_url experiences"
    has_baseline = any(var.get("is_baseline") for var in variations)
    if fields.get("is_baseline") and has_baseline:
        errors["is_baseline"] = "the experience already has an original"
    v.fail(errors)
    variation = demo_data.variation_record(ctx.store.new_id(), fields["name"], not has_baseline)
    variation.update(fields)
    variation["is_baseline"] = not has_baseline
    # Traffic always sums to 100: without a share, all arms split it evenly; with one, the
    # others share the rest in proportion to what they had.
    if "percentage" not in fields:
        variations.append(variation)
        _even_split(variations)
    else:
        others = [float(var.get("percentage") or 0) for var in variations]
        _set_shares(variations, share_out(others, 100 - float(fields["percentage"])))
        variations.append(variation)
    ctx.store.save()
    return schemas.render_experience(record)


def delete_variation(ctx: Ctx) -> Record:
    record = _experience(ctx)
    vid = ctx.param("v")
    variations: list[Record] = record.get("variations") or []
    found = next((var for var in variations if str(var.get("id")) == vid), None)
    if found is None:
        raise ApiError(404, f"Variation {vid} not found in experience {record['id']}")
    if found.get("is_baseline"):
        raise ApiError(422, "The original cannot be deleted", {"variation_id": "is the original"})
    variations.remove(found)
    # Its share goes to the others, in proportion to theirs.
    _set_shares(variations, share_out([float(v.get("percentage") or 0) for v in variations], 100))
    ctx.store.save()
    return schemas.render_experience(record)
