"""Deterministic demo data: every value comes from random.Random seeded by (seed, project).

Projects are cheap and built up front; a project's experiences, goals, audiences and hypotheses
are built the first time it is touched (see store.Store), each project from its own seeded RNG
so the order of access never changes the data. Ids live in per-project blocks for the same reason.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import random
import re
from typing import Any

from convert_tui.sandbox.content import REPEATS, THEMES
from convert_tui.sandbox.content.types import Idea
from convert_tui.sandbox.demo_hypotheses import make_hypotheses

ACCOUNT_ID = "100412"
CHILD_BLOCK = 1_000_000  # ids of project i's children are (i+1)*CHILD_BLOCK + offset
GOAL_OFFSET, AUDIENCE_OFFSET = 600_001, 700_001
MAX_PER_PROJECT = 500_000
# The first entries of each cycle cover every status and every type, so even small projects
# show all of them; the lengths differ so type/status pairs vary along a big project.
STATUS_CYCLE = [
    "active", "active", "completed", "active", "paused", "active", "completed", "archived",
    "draft", "scheduled", "draft", "paused",
]  # fmt: skip
TYPE_CYCLE = [
    "a/b", "a/b", "split_url", "mvt", "a/b", "personalization", "a/a", "a/b", "a/b",
    "split_url", "a/b",
]  # fmt: skip


def project_id(index: int) -> str:
    return str(10001 + index)


def first_free_id(projects: int) -> int:
    """Where ids of records created through the API start: after every generated block."""
    return (projects + 1) * CHILD_BLOCK + 1


def experiences_in(index: int, total: int, projects: int) -> int:
    per, extra = divmod(max(0, total), max(1, projects))
    return min(MAX_PER_PROJECT, per + (1 if index < extra else 0))


def timestamp(day: dt.date, hour: int = 0) -> int:
    return int(dt.datetime(day.year, day.month, day.day, hour, tzinfo=dt.UTC).timestamp())


def _rng(seed: int, *parts: object) -> random.Random:
    # String seeds are hashed with SHA-512 by random.Random: stable across runs and platforms.
    return random.Random(":".join(str(p) for p in (seed, *parts)))


def rule(rule_type: str, match_type: str, value: str, negated: bool = False) -> dict[str, Any]:
    matching = {"match_type": match_type, "negated": negated}
    return {"rule_type": rule_type, "matching": matching, "value": value}


def rule_object(*rules: dict[str, Any]) -> dict[str, Any]:
    """All rules must hold (one AND group); no rules means an empty RuleObject."""
    if not rules:
        return {"OR": []}
    return {"OR": [{"AND": [{"OR_WHEN": [r]} for r in rules]}]}


def theme(index: int) -> dict[str, Any]:
    return THEMES[index % len(THEMES)]


def make_project(seed: int, index: int, today: dt.date) -> dict[str, Any]:
    rng = _rng(seed, "project", index)
    th = theme(index)
    pid = project_id(index)
    name = th["name"] if index < len(THEMES) else f"{th['name']} {index // len(THEMES) + 1}"
    domain = th["domain"] if index < len(THEMES) else f"{index // len(THEMES) + 1}.{th['domain']}"
    created = today - dt.timedelta(days=rng.randint(200, 900))
    return {
        "id": pid,
        "account_id": ACCOUNT_ID,
        "tracking_snippet": f'<script src="//cdn.convert-sandbox.example/js/{ACCOUNT_ID}-{pid}.js">'
        "</script>",
        "name": name,
        "status": "inactive" if index % 7 == 6 else "active",
        "created_at": created.isoformat(),
        "reporting_settings": {
            "min_order_value": 0,
            "max_order_value": rng.choice([500, 1000, 2500]),
            "min_running_time": 7,
            "min_variation_visitors": 100,
            "min_variation_conversions": 25,
            "tested_visitors_quota": 100,
            "max_variation_visitors": 0,
        },
        "include_jquery": rng.choice([0, 1]),
        "allow_crossdomain_tracking": 1 if th["key"] == "shop" else 0,
        "data_anonymization": rng.choice([0, 1]),
        "websites": [f"https://www.{domain}", f"https://checkout.{domain}"]
        if th["key"] == "shop"
        else [f"https://www.{domain}"],
        "global_javascript": th["global_js"],
    }


@functools.lru_cache(maxsize=512)
def _code(selector: str, text: str, css: str, slug: str) -> tuple[str, str]:
    """JS/CSS of one variation; cached so repeated ideas share the same string objects."""
    if not text:
        return "", f"{selector} {{\n{_css_body(css)}\n}}"
    html = json.dumps(f'<div class="cx-{slug}">{text}</div>')
    js = (
        "(function () {\n"
        f"  var el = document.querySelector({json.dumps(selector)});\n"
        "  if (!el) return;\n"
        f"  el.insertAdjacentHTML('afterbegin', {html});\n"
        "})();"
    )
    return js, f".cx-{slug} {{\n{_css_body(css)}\n}}"


def _css_body(css: str) -> str:
    """ "a:b;c:d" -> one indented "a: b;" declaration a line."""
    parts = [p.split(":", 1) for p in css.split(";") if ":" in p]
    return "\n".join(f"  {k.strip()}: {val.strip()};" for k, val in parts)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:24] or "v"


def split_percentages(n: int) -> list[int]:
    base, extra = divmod(100, n)
    return [base + (1 if i < extra else 0) for i in range(n)]


def variation_record(
    vid: str, name: str, baseline: bool, js: str = "", css: str = ""
) -> dict[str, Any]:
    return {
        "id": vid,
        "name": name,
        "url": None,
        "js": js,
        "customjs": "",
        "css": css,
        "percentage": 0,
        "is_baseline": baseline,
    }


def _variations(
    rng: random.Random, eid: str, etype: str, idea: Idea, site: str
) -> list[dict[str, Any]]:
    _name, _desc, selector, path, changes = idea

    def vid(k: int) -> str:
        return str(int(eid) * 10 + k) if eid.isdigit() else f"{eid}-{k}"

    out = [variation_record(vid(0), "Original", True)]
    if etype == "a/a":
        out.append(variation_record(vid(1), "Original (copy)", False))
    elif etype == "personalization":
        vname, text, css = changes[0]
        out.append(
            variation_record(
                vid(1), f"Personalized: {vname}", False, *_code(selector, text, css, _slug(vname))
            )
        )
    elif etype == "mvt":
        vname, text, css = changes[0]
        copy_js, _ = _code(selector, text, css, _slug(vname))
        _, style_css = _code(selector, "", css, _slug(vname))
        both_js, both_css = _code(selector, text, css, _slug(vname))
        out.append(variation_record(vid(1), "Copy B + Style A", False, copy_js, ""))
        out.append(variation_record(vid(2), "Copy A + Style B", False, "", style_css))
        out.append(variation_record(vid(3), "Copy B + Style B", False, both_js, both_css))
    else:
        picks = list(changes)
        if rng.random() < 0.25 and len(picks) < 3:
            vname, text, css = picks[0]
            picks.append((f"{vname} (short copy)", text.split(" - ")[0].split(",")[0], css))
        for k, (vname, text, css) in enumerate(picks, start=1):
            out.append(
                variation_record(vid(k), vname, False, *_code(selector, text, css, _slug(vname)))
            )
    if etype == "split_url":
        base = f"{site}{path}"
        for k, var in enumerate(out):
            var["url"] = (
                base
                if k == 0
                else f"{base.rstrip('/')}-v{k + 1}{'/' if path.endswith('/') else ''}"
            )
            var["js"] = ""
    if etype == "personalization":
        shares = [0, 100]
    elif len(out) == 2 and etype == "a/b" and rng.random() < 0.15:
        shares = [70, 30]
    else:
        shares = split_percentages(len(out))
    for var, share in zip(out, shares, strict=True):
        var["percentage"] = share
    return out


def _lifetime(rng: random.Random, status: str, today: dt.date) -> tuple[int, int]:
    """start_time/end_time for a status: started ones have 30+ days of data."""
    hour = rng.randint(8, 17)
    days = {"active": (30, 75), "paused": (45, 90), "completed": (60, 150), "archived": (150, 300)}
    if status not in days:
        return 0, 0
    start = today - dt.timedelta(days=rng.randint(*days[status]))
    if status == "active":
        return timestamp(start, hour), 0
    length = rng.randint(31, 40 if status == "paused" else 55)
    end = min(start + dt.timedelta(days=length), today - dt.timedelta(days=1))
    return timestamp(start, hour), timestamp(end, rng.randint(8, 17))


def _experience_name(idea: Idea, repeat: int) -> str:
    if repeat == 0:
        return idea[0]
    qualifier = REPEATS[(repeat - 1) % len(REPEATS)]
    lap = (repeat - 1) // len(REPEATS)
    return f"{idea[0]} {qualifier}" + (f" #{lap + 1}" if lap else "")


def make_children(seed: int, index: int, count: int, today: dt.date) -> dict[str, Any]:
    """Experiences, goals, audiences, hypotheses and report profiles of project `index`."""
    rng = _rng(seed, "children", index)
    th = theme(index)
    base = (index + 1) * CHILD_BLOCK
    site = make_project(seed, index, today)["websites"][0]
    pid = project_id(index)

    goals: dict[str, dict[str, Any]] = {}
    for k, (gname, gtype, desc, fragment, dom) in enumerate(th["goals"]):
        gid = str(base + GOAL_OFFSET + k)
        goals[gid] = {
            "goal_id": gid,
            "goal_name": gname,
            "description": desc,
            "goal_type": gtype,
            "triggering_rule": rule_object(rule("url", "contains", fragment)),
            "dom_interaction": [dict(d) for d in dom] if dom else [],
        }
    goal_ids = list(goals)
    revenue_id = next(g for g in goal_ids if goals[g]["goal_type"] == "revenue")

    audiences: dict[str, dict[str, Any]] = {}
    for k, (aname, atype, desc, rules) in enumerate(th["audiences"]):
        aid = str(base + AUDIENCE_OFFSET + k)
        audiences[aid] = {
            "audience_id": aid,
            "audience_name": aname,
            "description": desc,
            "firing_rule": rule_object(*(rule(t, m, v, n) for t, m, v, n in rules)),
            "audience_type": atype,
        }
    usable_audiences = list(audiences)[:4]  # the last ones stay unused (isUsed filter)

    ideas = list(th["ideas"])
    rng.shuffle(ideas)
    experiences: dict[str, dict[str, Any]] = {}
    profiles: dict[str, dict[str, Any]] = {}
    forced = ["winner", "loser", "srm", "flat"] if index == 0 else ["winner", "flat"]
    for j in range(count):
        eid = str(base + 1 + j)
        status = STATUS_CYCLE[j % len(STATUS_CYCLE)]
        etype = TYPE_CYCLE[j % len(TYPE_CYCLE)]
        idea = ideas[j % len(ideas)]
        start, end = _lifetime(rng, status, today)
        exp_goals: list[dict[str, Any]] = []
        if etype != "personalization":
            primary = revenue_id if rng.random() < 0.6 else goal_ids[0]
            others = [g for g in goal_ids if g != primary]
            chosen = [primary, *rng.sample(others, rng.randint(0, 2))]
            exp_goals = [
                {"goal_id": g, "goal_name": goals[g]["goal_name"], "is_primary": g == primary}
                for g in chosen
            ]
        n_aud = 1 if etype == "personalization" else rng.choice([0, 0, 1, 2])
        exp_audiences = [
            {"audience_id": a, "audience_name": audiences[a]["audience_name"]}
            for a in rng.sample(usable_audiences, n_aud)
        ]
        path = idea[3]
        include = (
            rule("url", "contains", path) if path != "/" else rule("url", "equals", site + "/")
        )
        exclude = [rule("url", "contains", "/account/")] if rng.random() < 0.4 else []
        experiences[eid] = {
            "id": eid,
            "name": _experience_name(idea, j // len(ideas)),
            "experience_description": idea[1],
            "experience_type": etype,
            "experience_status": status,
            "start_time": start,
            "end_time": end,
            "global_js": "" if rng.random() < 0.7 else "window.cxStarted = Date.now();",
            "editor_url": f"{site}{path}",
            "keep_winner": rng.random() < 0.3,
            "stop_looser": rng.random() < 0.3,
            "minrun": rng.choice([7, 14]),
            "maxrun": rng.choice([0, 30, 60]),
            "minordv": 0,
            "maxordv": rng.choice([0, 1000]),
            "minconv": rng.choice([0, 25, 50]),
            "minvis": rng.choice([0, 100, 500]),
            "maxvis": 0,
            "confidence": rng.choice([95, 95, 95, 90, 99]),
            "site_area": {"include": rule_object(include), "exclude": rule_object(*exclude)},
            "goals": exp_goals,
            "audiences": exp_audiences,
            "variations": _variations(rng, eid, etype, idea, site),
        }
        kind = "flat"
        if start and etype in ("a/b", "mvt", "split_url") and exp_goals:
            kind = (
                forced.pop(0)
                if forced
                else rng.choices(["winner", "flat", "mild"], [35, 45, 20])[0]
            )
            if kind in ("loser", "srm"):
                # Keep the showcase experiences simple to read: even split, revenue primary.
                for g in exp_goals:
                    g["is_primary"] = g["goal_id"] == revenue_id
                if revenue_id not in [g["goal_id"] for g in exp_goals]:
                    exp_goals.insert(
                        0,
                        {
                            "goal_id": revenue_id,
                            "goal_name": goals[revenue_id]["goal_name"],
                            "is_primary": True,
                        },
                    )
                variations = experiences[eid]["variations"]
                for var, share in zip(variations, split_percentages(len(variations)), strict=True):
                    var["percentage"] = share
        profiles[eid] = make_profile(rng, kind, th, len(experiences[eid]["variations"]))

    hypotheses = make_hypotheses(rng, th, base, pid, today)
    return {
        "experiences": experiences,
        "goals": goals,
        "audiences": audiences,
        "hypotheses": hypotheses,
        "profiles": profiles,
    }


def make_profile(
    rng: random.Random, kind: str, th: dict[str, Any], n_variations: int
) -> dict[str, Any]:
    """How an experience's report behaves: traffic, which arm moves and by how much."""
    lift = {"winner": rng.uniform(0.18, 0.3), "loser": -0.22, "mild": rng.uniform(0.03, 0.07)}
    return {
        "kind": kind,
        "traffic": rng.randint(*th["traffic"]),
        "aov": round(rng.uniform(*th["aov"]), 2),
        "arm": rng.randint(1, max(1, n_variations - 1)),
        "lift": round(lift.get(kind, 0.0), 4),
        # Share of the SRM arm's visitors that never get counted (e.g. a broken redirect).
        "skew": 0.12 if kind == "srm" else 0.0,
    }
