"""Bad input reaching the sandbox: whatever text, huge strings, control characters or unicode
reach its body fields and ids, it answers 4xx, never 5xx.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import pytest
from conftest import SignedHTTP
from hypothesis import given
from hypothesis import strategies as st
from test_bad_input import EXPERIENCE, HOSTILE_TEXT, PROJECT, PROPERTY, text

# --- the sandbox: hostile text in bodies and ids --------------------------------------------------

RULE = {
    "OR": [
        {
            "AND": [
                {
                    "OR_WHEN": [
                        {
                            "rule_type": "url",
                            "matching": {"match_type": "contains", "negated": False},
                            "value": "x",
                        }
                    ]
                }
            ]
        }
    ]
}
RULE_VALUE = ("OR", 0, "AND", 0, "OR_WHEN", 0, "value")
RULE_TYPE = ("OR", 0, "AND", 0, "OR_WHEN", 0, "rule_type")
PROJECT_BODY = {"name": "P", "websites": ["https://shop.example"], "global_javascript": ""}
EXPERIENCE_BODY = {
    "name": "E",
    "experience_type": "a/b",
    "experience_status": "draft",
    "experience_description": "",
    "editor_url": "https://shop.example",
    "global_js": "",
    "site_area": {"include": RULE},
}
GOAL_BODY = {
    "goal_name": "G",
    "goal_type": "visits_page",
    "description": "",
    "triggering_rule": RULE,
    "dom_interaction": [{"event": "click", "selector": "a.buy"}],
}
HYPOTHESIS_BODY = {
    "name": "H",
    "objective": "",
    "summary": "",
    "status": "draft",
    "prioritization_score_type": "PIE",
    "start_date": "2026-11-01",
    "tags": [{"name": "checkout"}, {"id": "5", "name": "mobile"}],
}
AUDIENCE_BODY = {
    "audience_name": "A",
    "audience_type": "permanent",
    "description": "",
    "firing_rule": RULE,
}
SITE_AREA_VALUE = ("site_area", "include", *RULE_VALUE)
# Per operation: a body the sandbox accepts, and where text goes in it.
BODIES: dict[str, tuple[dict[str, Any], list[tuple[Any, ...]]]] = {
    "list projects": ({"page": 1, "results_per_page": 5}, []),
    "create project": (PROJECT_BODY, [("name",), ("websites", 0), ("global_javascript",)]),
    "list experiences": (
        {"search": "a", "experience_status": ["active"], "experience_types": ["a/b"]},
        [("search",), ("experience_status", 0), ("experience_types", 0)],
    ),
    "create experience": (
        EXPERIENCE_BODY,
        [("name",), ("experience_description",), ("editor_url",), ("global_js",),
         ("experience_type",), ("experience_status",), SITE_AREA_VALUE],
    ),
    "add variation": (
        {"name": "V", "js": "", "css": "", "customjs": ""},
        [("name",), ("js",), ("css",), ("customjs",), ("url",)],
    ),
    "list goals": ({"search": "a"}, [("search",)]),
    "create goal": (
        GOAL_BODY,
        [("goal_name",), ("goal_type",), ("description",), ("triggering_rule", *RULE_VALUE),
         ("triggering_rule", *RULE_TYPE), ("dom_interaction", 0, "event"),
         ("dom_interaction", 0, "selector")],
    ),
    "list hypotheses": (
        {"search": "a", "status": ["active"], "scoreMin": 1},
        [("search",), ("status", 0), ("scoreMin",), ("scoreMax",)],
    ),
    "create hypothesis": (
        HYPOTHESIS_BODY,
        [("name",), ("objective",), ("summary",), ("status",), ("start_date",), ("end_date",),
         ("prioritization_score",), ("tags", 0, "name"), ("tags", 1, "id")],
    ),
    "change hypothesis status": ({"status": "active"}, [("status",)]),
    "list audiences": ({"search": "a"}, [("search",), ("isSegment",)]),
    "create audience": (
        AUDIENCE_BODY,
        [("audience_name",), ("audience_type",), ("description",), ("firing_rule", *RULE_VALUE)],
    ),
    "full report": ({}, [("start_timestamp",)]),
}  # fmt: skip
for _kind in ("project", "experience", "goal", "hypothesis", "audience"):
    BODIES[f"update {_kind}"] = BODIES[f"create {_kind}"]
BODIES["partial report"] = BODIES["full report"]


def put_text(body: dict[str, Any], where: tuple[Any, ...], value: str) -> dict[str, Any]:
    copy = json.loads(json.dumps(body))
    target = copy
    for step in where[:-1]:
        target = target[step]
    target[where[-1]] = value
    return copy


@pytest.fixture
def real_ids(sandbox_http: SignedHTTP) -> dict[str, str]:
    experience = sandbox_http.ok("GET", f"/experiences/get/{PROJECT}/{EXPERIENCE}")
    return {
        "{p}": PROJECT,
        "{e}": EXPERIENCE,
        "{v}": str(experience["variations"][-1]["id"]),
        "{g}": str(experience["goals"][0]["goal_id"]),
        "{h}": str(sandbox_http.ok("POST", f"/hypotheses/{PROJECT}", {})[0]["id"]),
        "{a}": str(sandbox_http.ok("POST", f"/audiences/{PROJECT}", {})[0]["audience_id"]),
    }


hostile_ids = (
    st.text(min_size=1, max_size=20).map(lambda s: quote(s, safe=""))
    | st.binary(min_size=1, max_size=8).map(lambda b: quote(b, safe=""))  # not UTF-8 at all
    | st.sampled_from(["x" * 5000, "%00", "%FF", "%ED%A0%80", "..", "%2F", "-1", "%C2%B2"])
)


@PROPERTY
@given(data=st.data())
def test_random_text_in_any_sandbox_field_or_id_gets_a_4xx_never_a_5xx(
    sandbox_http: SignedHTTP, real_ids: dict[str, str], data: Any
) -> None:
    from convert_tui.sandbox import ENDPOINTS

    operation, method, path, _ = data.draw(st.sampled_from(ENDPOINTS), label="endpoint")
    bad_id = data.draw(st.sampled_from([None, *(k for k in real_ids if k in path)]), label="id")
    if operation == "delete project":
        bad_id = "{p}"  # never delete the project the other examples use
    for key, real in real_ids.items():
        value = data.draw(hostile_ids, label=key) if key == bad_id else real
        path = path.replace(key, value)
    body: dict[str, Any] | None = None
    if method in ("POST", "PUT"):
        base, places = BODIES[operation]
        body = dict(base)
        if places and (bad_id is None or data.draw(st.booleans(), label="text too")):
            where = data.draw(st.sampled_from(places), label="field")
            body = put_text(base, where, data.draw(text, label="text"))
        if data.draw(st.booleans(), label="odd key"):
            body[data.draw(text, label="key")] = data.draw(text, label="value")
    raw = b"" if body is None else json.dumps(body).encode()  # escapes lone surrogates
    response = sandbox_http.request(method, path, raw=raw)
    assert response.status_code < 500, (operation, path[:200], raw[:300], response.text[:300])
    if response.status_code >= 400:
        assert response.json()["code"] == response.status_code


HOSTILE_IDS = ["x" * 5000, "%00", "%1B%5B2J", "%FF", "%ED%A0%80", "%C2%B2", "..", "%2F", "-1"]


def test_every_hostile_text_in_every_sandbox_field_and_id_gets_a_4xx_never_a_5xx(
    sandbox_http: SignedHTTP, real_ids: dict[str, str]
) -> None:
    from convert_tui.sandbox import ENDPOINTS

    five_xx = []

    def send(method: str, path: str, body: dict[str, Any] | None) -> None:
        raw = b"" if body is None else json.dumps(body).encode()
        response = sandbox_http.request(method, path, raw=raw)
        if response.status_code >= 500:
            five_xx.append(f"{method} {path[:80]} {raw[:120]!r}: {response.text[:120]}")

    for operation, method, template, _ in ENDPOINTS:
        base, places = BODIES.get(operation, ({}, []))
        body = dict(base) if method in ("POST", "PUT") else None
        for key in (k for k in real_ids if k in template):
            for bad in HOSTILE_IDS:
                path = template.replace(key, bad)
                for other, real in real_ids.items():
                    path = path.replace(other, real)
                send(method, path, body)
        if operation == "delete project" or body is None:
            continue
        path = template
        for key, real in real_ids.items():
            path = path.replace(key, real)
        for where in places:
            for value in HOSTILE_TEXT:
                send(method, path, put_text(base, where, value))
    assert not five_xx, "\n".join(five_xx)
