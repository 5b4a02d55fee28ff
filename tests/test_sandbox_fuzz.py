"""Property: whatever arrives, the sandbox answers 2xx or 4xx, never 5xx."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from conftest import TODAY, SignedHTTP
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convert_tui.sandbox import ENDPOINTS, SandboxConfig, schemas, start_sandbox

FILTERS = ["page", "results_per_page", "search", "experience_types", "experience_status"]
FILTERS += ["status", "scoreMin", "scoreMax", "isSegment", "isUsed"]
FILTERS += ["start_timestamp", "end_timestamp"]
FIELDS = sorted(
    set(FILTERS).union(
        schemas.PROJECT,
        schemas.EXPERIENCE,
        schemas.VARIATION,
        schemas.GOAL,
        schemas.AUDIENCE,
        schemas.HYPOTHESIS,
        ["OR", "AND", "OR_WHEN", "rule_type", "matching", "match_type", "value", "include"],
    )
)

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
    | st.sampled_from(["", "\x00\x1f", "\ud800", "a/b", "PIE", "revenue", "x" * 70_000, "7"])
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=8), inner, max_size=5)
    ),
    max_leaves=15,
)
targeted = st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=6)
raw_bodies = st.binary(max_size=64) | st.sampled_from(
    [b'{"start_timestamp": 1e999}', b'{"page": 1' + b"0" * 5000 + b"}", b"[" * 3000, b"null"]
)


@pytest.fixture(scope="module")
def fuzz_target() -> Iterator[tuple[SignedHTTP, dict[str, list[str]]]]:
    with start_sandbox(SandboxConfig(seed=2, today=TODAY)) as running:
        http = SignedHTTP(running.base_url, running.app_id, running.secret)
        exps = http.ok("POST", "/experiences/10001", {"results_per_page": 100})
        ids = {
            "{p}": ["10001", "10002"],
            "{e}": [e["id"] for e in exps[:6]],
            "{v}": [v["id"] for e in exps[:3] for v in e["variations"]],
            "{g}": [g["goal_id"] for g in http.ok("POST", "/goals/10001", {})],
            "{h}": [str(h["id"]) for h in http.ok("POST", "/hypotheses/10001", {})],
            "{a}": [a["audience_id"] for a in http.ok("POST", "/audiences/10001", {})],
        }
        yield http, ids
        http.http.close()


@settings(
    max_examples=250,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_any_input_gets_a_4xx_not_a_5xx(
    fuzz_target: tuple[SignedHTTP, dict[str, list[str]]], data: Any
) -> None:
    http, ids = fuzz_target
    op, method, path, _ = data.draw(st.sampled_from(ENDPOINTS), label="endpoint")
    for key, known in ids.items():
        if key in path:
            junk = st.text(min_size=1, max_size=12).map(lambda s: quote(s, safe=""))
            # Never delete the projects the other examples use.
            choices = junk if op == "delete project" else st.sampled_from(known) | junk
            path = path.replace(key, data.draw(choices, label=key))
    method = data.draw(st.sampled_from([method] * 6 + ["GET", "PUT", "PATCH"]), label="method")
    if data.draw(st.booleans(), label="raw body"):
        raw = data.draw(raw_bodies, label="raw")
    else:
        raw = json.dumps(data.draw(targeted | json_values, label="body")).encode()
    response = http.request(method, path, raw=raw)
    status = response.status_code
    assert status < 300 or 400 <= status < 500, (op, path, raw[:200], response.text[:300])
    if status >= 400:
        body = response.json()
        assert body["isError"] is True and body["code"] == status
