"""Handlers for projects, goals and audiences."""

from __future__ import annotations

import datetime as dt
from typing import Any

from convert_tui.sandbox import demo_data, schemas
from convert_tui.sandbox import validation as v
from convert_tui.sandbox.common import (
    Ctx,
    deleted,
    matches,
    optional_bool,
    page_of,
    search_term,
)
from convert_tui.sandbox.store import Record

# --- projects ------------------------------------------------------------------------------


def list_projects(ctx: Ctx) -> list[Record]:
    return page_of(ctx, ctx.store.projects.values())


def get_project(ctx: Ctx) -> Record:
    return ctx.store.project(ctx.param("p"))


def create_project(ctx: Ctx) -> Record:
    fields = schemas.clean(ctx.body, schemas.PROJECT, ("name",))
    pid = ctx.store.new_id()
    record: Record = {
        "id": pid,
        "account_id": demo_data.ACCOUNT_ID,
        "tracking_snippet": f'<script src="//cdn.convert-sandbox.example/js/'
        f'{demo_data.ACCOUNT_ID}-{pid}.js"></script>',
        "name": "",
        "status": "active",
        "created_at": dt.datetime.fromtimestamp(ctx.now(), dt.UTC).date().isoformat(),
        "reporting_settings": {k: 0 for k in schemas.REPORTING_KEYS},
        "include_jquery": 0,
        "allow_crossdomain_tracking": 0,
        "data_anonymization": 0,
        "websites": [],
        "global_javascript": "",
    }
    record.update(fields)
    ctx.store.add_project(record)
    ctx.store.save()
    return record


def update_project(ctx: Ctx) -> Record:
    record = ctx.store.project(ctx.param("p"))
    record.update(schemas.clean(ctx.body, schemas.PROJECT))
    ctx.store.save()
    return record


def delete_project(ctx: Ctx) -> dict[str, Any]:
    ctx.store.delete_project(ctx.param("p"))
    ctx.store.save()
    return deleted(ctx.param("p"))


# --- goals ---------------------------------------------------------------------------------


def list_goals(ctx: Ctx) -> list[Record]:
    errors: v.Errors = {}
    term = search_term(ctx.body, errors)
    v.fail(errors)
    goals = ctx.store.data(ctx.param("p")).goals.values()
    return page_of(ctx, (g for g in goals if matches(g, term, ("goal_name", "description"))))


def get_goal(ctx: Ctx) -> Record:
    return ctx.store.get(ctx.param("p"), "goals", ctx.param("g"))


def create_goal(ctx: Ctx) -> Record:
    data = ctx.store.data(ctx.param("p"))
    fields = schemas.clean(ctx.body, schemas.GOAL, ("goal_name",))
    gid = ctx.store.new_id()
    record: Record = {
        "goal_id": gid,
        "goal_name": "",
        "description": "",
        "goal_type": "advanced",
        "triggering_rule": {"OR": []},
        "dom_interaction": [],
    }
    record.update(fields)
    data.goals[gid] = record
    ctx.store.save()
    return record


def update_goal(ctx: Ctx) -> Record:
    pid, gid = ctx.param("p"), ctx.param("g")
    record = ctx.store.get(pid, "goals", gid)
    record.update(schemas.clean(ctx.body, schemas.GOAL))
    _rename_links(ctx, "goals", "goal_id", gid, "goal_name", record.get("goal_name"))
    ctx.store.save()
    return record


def delete_goal(ctx: Ctx) -> dict[str, Any]:
    pid, gid = ctx.param("p"), ctx.param("g")
    ctx.store.get(pid, "goals", gid)
    data = ctx.store.data(pid)
    del data.goals[gid]
    for exp in data.experiences.values():
        links = exp.get("goals")
        if not isinstance(links, list):
            continue
        kept = [g for g in links if not (isinstance(g, dict) and g.get("goal_id") == gid)]
        if len(kept) != len(links):
            # An experience keeps one primary goal when its primary one disappears.
            if kept and not any(isinstance(g, dict) and g.get("is_primary") for g in kept):
                kept[0]["is_primary"] = True
            exp["goals"] = kept
    ctx.store.save()
    return deleted(gid)


# --- audiences -----------------------------------------------------------------------------


def _used_audiences(ctx: Ctx) -> set[str]:
    used: set[str] = set()
    for exp in ctx.store.data(ctx.param("p")).experiences.values():
        for link in exp.get("audiences") or []:
            if isinstance(link, dict):
                used.add(str(link.get("audience_id")))
    return used


def list_audiences(ctx: Ctx) -> list[Record]:
    errors: v.Errors = {}
    term = search_term(ctx.body, errors)
    is_segment = optional_bool(ctx.body, "isSegment", errors)
    is_used = optional_bool(ctx.body, "isUsed", errors)
    v.fail(errors)
    used = _used_audiences(ctx) if is_used is not None else set()

    def keep(a: Record) -> bool:
        if not matches(a, term, ("audience_name", "description")):
            return False
        if is_segment is not None and (a.get("audience_type") == "segmentation") != is_segment:
            return False
        return is_used is None or (a["audience_id"] in used) == is_used

    audiences = ctx.store.data(ctx.param("p")).audiences.values()
    return page_of(ctx, (a for a in audiences if keep(a)))


def get_audience(ctx: Ctx) -> Record:
    return ctx.store.get(ctx.param("p"), "audiences", ctx.param("a"))


def create_audience(ctx: Ctx) -> Record:
    data = ctx.store.data(ctx.param("p"))
    fields = schemas.clean(ctx.body, schemas.AUDIENCE, ("audience_name",))
    aid = ctx.store.new_id()
    record: Record = {
        "audience_id": aid,
        "audience_name": "",
        "description": "",
        "firing_rule": {"OR": []},
        "audience_type": "permanent",
    }
    record.update(fields)
    data.audiences[aid] = record
    ctx.store.save()
    return record


def update_audience(ctx: Ctx) -> Record:
    pid, aid = ctx.param("p"), ctx.param("a")
    record = ctx.store.get(pid, "audiences", aid)
    record.update(schemas.clean(ctx.body, schemas.AUDIENCE))
    _rename_links(
        ctx, "audiences", "audience_id", aid, "audience_name", record.get("audience_name")
    )
    ctx.store.save()
    return record


def delete_audience(ctx: Ctx) -> dict[str, Any]:
    pid, aid = ctx.param("p"), ctx.param("a")
    ctx.store.get(pid, "audiences", aid)
    data = ctx.store.data(pid)
    del data.audiences[aid]
    for exp in data.experiences.values():
        links = exp.get("audiences")
        if isinstance(links, list):
            exp["audiences"] = [
                a for a in links if not (isinstance(a, dict) and a.get("audience_id") == aid)
            ]
    ctx.store.save()
    return deleted(aid)


def _rename_links(ctx: Ctx, kind: str, id_key: str, rid: str, name_key: str, name: Any) -> None:
    """Experiences carry the goal/audience name next to its id: keep it current."""
    for exp in ctx.store.data(ctx.param("p")).experiences.values():
        for link in exp.get(kind) or []:
            if isinstance(link, dict) and link.get(id_key) == rid:
                link[name_key] = name
