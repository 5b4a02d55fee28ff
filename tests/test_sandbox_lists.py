"""List filters, pagination, and the 400/422 answers to bad bodies."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import SignedHTTP

P = "10001"


def _all(http: SignedHTTP, kind: str, **filters: Any) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = http.ok(
        "POST", f"/{kind}/{P}", {"results_per_page": 100, **filters}
    )
    return result


def test_pagination_walks_three_pages_and_stops_on_a_short_one(sandbox_http: SignedHTTP) -> None:
    everything = _all(sandbox_http, "experiences")
    assert len(everything) >= 11
    pages = []
    for page in range(1, 10):
        items = sandbox_http.ok("POST", f"/experiences/{P}", {"page": page, "results_per_page": 5})
        pages.append(items)
        if len(items) < 5:
            break
    assert len(pages) >= 3
    assert [e["id"] for page in pages for e in page] == [e["id"] for e in everything]
    assert sandbox_http.ok("POST", f"/experiences/{P}", {"page": 99, "results_per_page": 5}) == []


def test_empty_body_lists_with_defaults(sandbox_http: SignedHTTP) -> None:
    response = sandbox_http.request("POST", f"/experiences/{P}", raw=b"")
    assert response.status_code == 200 and len(response.json()) == len(
        _all(sandbox_http, "experiences")
    )


def test_experience_filters(sandbox_http: SignedHTTP) -> None:
    everything = _all(sandbox_http, "experiences")
    ab = _all(sandbox_http, "experiences", experience_types=["a/b"])
    assert ab and all(e["experience_type"] == "a/b" for e in ab) and len(ab) < len(everything)
    two = _all(sandbox_http, "experiences", experience_status=["active", "paused"])
    assert {e["experience_status"] for e in two} == {"active", "paused"}
    both = _all(sandbox_http, "experiences", experience_types=["a/b"], experience_status=["draft"])
    assert both and all(
        e["experience_type"] == "a/b" and e["experience_status"] == "draft" for e in both
    )
    word = everything[0]["name"].split()[0].upper()
    found = _all(sandbox_http, "experiences", search=word)
    assert found and all(
        word.lower() in (e["name"] + " " + e["experience_description"]).lower() for e in found
    )
    described = _all(sandbox_http, "experiences", search=everything[0]["experience_description"])
    assert everything[0]["id"] in [e["id"] for e in described]


def test_goal_search(sandbox_http: SignedHTTP) -> None:
    goals = _all(sandbox_http, "goals")
    found = _all(sandbox_http, "goals", search="purchase")
    assert [g["goal_name"] for g in found] == ["Purchase"] and len(goals) > 1


def test_hypothesis_filters(sandbox_http: SignedHTTP) -> None:
    everything = _all(sandbox_http, "hypotheses")
    drafts = _all(sandbox_http, "hypotheses", status=["draft"])
    assert drafts and all(h["status"] == "draft" for h in drafts)
    high = _all(sandbox_http, "hypotheses", scoreMin=3)
    assert all(float(h["prioritization_score"]) / 2 >= 3 for h in high)
    low = _all(sandbox_http, "hypotheses", scoreMax="3")  # the reference shows strings
    assert all(float(h["prioritization_score"]) / 2 <= 3 for h in low)
    assert {h["id"] for h in high} | {h["id"] for h in low} == {h["id"] for h in everything}
    word = everything[0]["name"].split()[-1]
    assert everything[0]["id"] in [h["id"] for h in _all(sandbox_http, "hypotheses", search=word)]


def test_audience_filters(sandbox_http: SignedHTTP) -> None:
    everything = _all(sandbox_http, "audiences")
    segments = _all(sandbox_http, "audiences", isSegment=True)
    assert segments and all(a["audience_type"] == "segmentation" for a in segments)
    others = _all(sandbox_http, "audiences", isSegment=False)
    assert len(segments) + len(others) == len(everything)
    used_ids = {
        str(a["audience_id"]) for e in _all(sandbox_http, "experiences") for a in e["audiences"]
    }
    used = _all(sandbox_http, "audiences", isUsed=True)
    unused = _all(sandbox_http, "audiences", isUsed=False)
    assert {a["audience_id"] for a in used} == used_ids
    assert unused and not {a["audience_id"] for a in unused} & used_ids
    assert [a["audience_name"] for a in _all(sandbox_http, "audiences", search="mobile")]


@pytest.mark.parametrize(
    ("body", "field"),
    [({"results_per_page": 101}, "results_per_page"), ({"page": 0}, "page")],
)
def test_bad_pagination_is_400(sandbox_http: SignedHTTP, body: dict[str, Any], field: str) -> None:
    response = sandbox_http.request("POST", f"/experiences/{P}", body)
    assert response.status_code == 400
    assert field in response.json()["fields"] and response.json()["isError"] is True


def test_non_json_body_is_400(sandbox_http: SignedHTTP) -> None:
    for raw in (b"{not json", b"\xff\xfe", b'{"a": NaN}', b"[" * 5000 + b"]" * 5000):
        response = sandbox_http.request("POST", "/projects/add", raw=raw)
        assert response.status_code == 400, raw[:20]
        assert response.json()["code"] == 400 and "fields" in response.json()


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/projects/add", {"name": "x", "include_jquery": 7}, "include_jquery"),
        ("/projects/add", {"name": "x", "include_jquery": True}, "include_jquery"),
        ("/projects/add", {"name": "x", "status": "deleted"}, "status"),
        ("/projects/add", {"name": ""}, "name"),
        ("/projects/add", {"name": "n" * 256}, "name"),
        ("/projects/add", {}, "name"),
        ("/projects/add", {"name": "x", "websites": "https://a.example"}, "websites"),
        (f"/experiences/add/{P}", {"name": "x", "experience_type": "a/b/c"}, "experience_type"),
        (f"/experiences/add/{P}", {"name": "x", "confidence": 101}, "confidence"),
        (f"/experiences/add/{P}", {"name": 5}, "name"),
        (f"/goals/add/{P}", {"goal_name": "x", "goal_type": "purchase"}, "goal_type"),
        (
            f"/goals/add/{P}",
            {"goal_name": "x", "triggering_rule": {"OR": [{"AND": [{"OR_WHEN": [{}]}]}]}},
            "triggering_rule.OR[0].AND[0].OR_WHEN[0].rule_type",
        ),
        (f"/audiences/add/{P}", {"audience_name": "x", "audience_type": "vip"}, "audience_type"),
        (
            f"/hypotheses/add/{P}",
            {"name": "x", "prioritization_score_attributes": {"potential": 11}},
            "prioritization_score_attributes.potential",
        ),
        (f"/hypotheses/add/{P}", {"name": "x", "start_date": "15/11/2026"}, "start_date"),
        (f"/hypotheses/{P}", {"scoreMin": 6}, "scoreMin"),
        (f"/experiences/{P}", {"experience_types": ["ab"]}, "experience_types"),
        (f"/audiences/{P}", {"isUsed": "yes"}, "isUsed"),
        (f"/experiences/{P}", {"page": "2"}, "page"),
        ("/projects/add", [1, 2], "body"),
    ],
)
def test_invalid_bodies_are_422_with_fields(
    sandbox_http: SignedHTTP, path: str, body: Any, field: str
) -> None:
    response = sandbox_http.request("POST", path, body)
    assert response.status_code == 422, response.text
    payload = response.json()
    assert payload["isError"] is True and payload["code"] == 422
    assert field in payload["fields"], payload


def test_variation_percentage_out_of_range_is_422(sandbox_http: SignedHTTP) -> None:
    eid = sandbox_http.ok("POST", f"/experiences/add/{P}", {"name": "x"})["id"]
    response = sandbox_http.request(
        "POST", f"/experiences/variations/add/{P}/{eid}", {"name": "B", "percentage": 150}
    )
    assert response.status_code == 422 and "percentage" in response.json()["fields"]


def test_update_with_empty_name_is_422_and_changes_nothing(sandbox_http: SignedHTTP) -> None:
    eid = _all(sandbox_http, "experiences")[0]["id"]
    before = sandbox_http.ok("GET", f"/experiences/get/{P}/{eid}")
    response = sandbox_http.request(
        "PUT", f"/experiences/update/{P}/{eid}", {"name": "", "confidence": 50}
    )
    assert response.status_code == 422
    assert sandbox_http.ok("GET", f"/experiences/get/{P}/{eid}") == before
