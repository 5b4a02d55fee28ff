"""Create/read/update/delete of every resource through the sandbox's HTTP API."""

from __future__ import annotations

from typing import Any

from conftest import SignedHTTP

P = "10001"  # the first demo project (the shop)


def _first(http: SignedHTTP, kind: str) -> dict[str, Any]:
    items: list[dict[str, Any]] = http.ok("POST", f"/{kind}/{P}", {"results_per_page": 100})
    return items[0]


def test_project_crud_and_merge_keeps_unknown_fields(sandbox_http: SignedHTTP) -> None:
    created = sandbox_http.ok("POST", "/projects/add", {"name": "Staging shop", "websites": []})
    pid = created["id"]
    assert isinstance(pid, str) and created["status"] == "active" and created["created_at"]
    assert sandbox_http.ok("GET", f"/projects/get/{pid}")["name"] == "Staging shop"

    updated = sandbox_http.ok(
        "PUT", f"/projects/update/{pid}", {"include_jquery": 1, "x_team": {"owner": "ana"}}
    )
    assert updated["name"] == "Staging shop"  # not sent, kept
    assert updated["include_jquery"] == 1 and updated["x_team"] == {"owner": "ana"}
    again = sandbox_http.ok("PUT", f"/projects/update/{pid}", {"name": "Staging"})
    assert again["x_team"] == {"owner": "ana"}  # unknown field survives later updates
    assert pid in [p["id"] for p in sandbox_http.ok("POST", "/projects", {})]

    assert sandbox_http.ok("DELETE", f"/projects/delete/{pid}") == {"deleted": True, "id": pid}
    assert sandbox_http.request("GET", f"/projects/get/{pid}").status_code == 404
    assert sandbox_http.request("POST", f"/experiences/{pid}", {}).status_code == 404


def test_experience_crud(sandbox_http: SignedHTTP) -> None:
    goal = _first(sandbox_http, "goals")
    audience = _first(sandbox_http, "audiences")
    body = {
        "name": "Hero copy test",
        "experience_type": "a/b",
        "goals": [{"goal_id": goal["goal_id"]}],
        "audiences": [{"audience_id": int(audience["audience_id"])}],
        "variations": [{"name": "ignored"}],
    }
    created = sandbox_http.ok("POST", f"/experiences/add/{P}", body)
    eid = created["id"]
    assert created["experience_status"] == "draft" and created["start_time"] == 0
    assert [v["name"] for v in created["variations"]] == ["Original"]  # sent ones ignored
    assert created["variations"][0]["is_baseline"] is True
    assert created["goals"][0]["goal_name"] == goal["goal_name"]
    assert created["goals"][0]["is_primary"] is True
    assert created["audiences"][0]["audience_name"] == audience["audience_name"]

    updated = sandbox_http.ok(
        "PUT", f"/experiences/update/{P}/{eid}", {"confidence": 90, "x_owner": "ana"}
    )
    assert updated["confidence"] == 90 and updated["name"] == "Hero copy test"
    assert updated["x_owner"] == "ana"
    assert sandbox_http.ok("GET", f"/experiences/get/{P}/{eid}")["x_owner"] == "ana"

    started = sandbox_http.ok(
        "PUT", f"/experiences/update/{P}/{eid}", {"experience_status": "active"}
    )
    assert started["start_time"] > 0 and started["end_time"] == 0
    assert sandbox_http.ok("DELETE", f"/experiences/delete/{P}/{eid}") == {
        "deleted": True,
        "id": eid,
    }
    assert sandbox_http.request("GET", f"/experiences/get/{P}/{eid}").status_code == 404


def test_variations_add_and_delete_answer_the_experience(sandbox_http: SignedHTTP) -> None:
    eid = sandbox_http.ok("POST", f"/experiences/add/{P}", {"name": "Variation test"})["id"]
    with_one = sandbox_http.ok(
        "POST", f"/experiences/variations/add/{P}/{eid}", {"name": "B", "css": ".a{color:red}"}
    )
    assert [v["name"] for v in with_one["variations"]] == ["Original", "B"]
    assert [v["percentage"] for v in with_one["variations"]] == [50, 50]
    assert with_one["variations"][1]["is_baseline"] is False
    fixed = sandbox_http.ok(
        "POST", f"/experiences/variations/add/{P}/{eid}", {"name": "C", "percentage": 10}
    )
    assert _shares(fixed) == [45, 45, 10]

    vid = with_one["variations"][1]["id"]
    after = sandbox_http.ok("DELETE", f"/experiences/variations/delete/{P}/{eid}/{vid}")
    assert [v["name"] for v in after["variations"]] == ["Original", "C"]
    baseline = after["variations"][0]["id"]
    path = f"/experiences/variations/delete/{P}/{eid}"
    assert sandbox_http.request("DELETE", f"{path}/{baseline}").status_code == 422
    assert sandbox_http.request("DELETE", f"{path}/nope").status_code == 404
    url_on_ab = sandbox_http.request(
        "POST", f"/experiences/variations/add/{P}/{eid}", {"name": "D", "url": "https://x.example"}
    )
    assert url_on_ab.status_code == 422 and "url" in url_on_ab.json()["fields"]


def _shares(experience: dict[str, Any]) -> list[Any]:
    return [v["percentage"] for v in experience["variations"]]


def test_adding_and_deleting_variations_rebalances_traffic_to_100(
    sandbox_http: SignedHTTP,
) -> None:
    # Contract "add variation" + decisions.md "Traffic rebalancing": shares floored, then the
    # earliest get +1 until the sum is 100; a given percentage is kept, the others share the rest.
    eid = sandbox_http.ok("POST", f"/experiences/add/{P}", {"name": "Rebalance"})["id"]
    add = f"/experiences/variations/add/{P}/{eid}"
    assert _shares(sandbox_http.ok("POST", add, {"name": "B", "percentage": 50})) == [50, 50]
    three = sandbox_http.ok("POST", add, {"name": "C"})  # no percentage: an even split
    assert _shares(three) == [34, 33, 33]
    four = sandbox_http.ok("POST", add, {"name": "D", "percentage": 40})
    assert _shares(four) == [21, 20, 19, 40]  # the decisions.md example
    gone = four["variations"][3]["id"]
    after = sandbox_http.ok("DELETE", f"/experiences/variations/delete/{P}/{eid}/{gone}")
    assert _shares(after) == [36, 33, 31]  # 21/20/19 scaled to 100: 35/33.3/31.7, +1
    stopped = sandbox_http.ok("POST", add, {"name": "E", "percentage": 100})
    assert _shares(stopped) == [0, 0, 0, 100]
    last = stopped["variations"][3]["id"]
    # The others all had 0: they share the deleted arm's traffic evenly.
    evenly = sandbox_http.ok("DELETE", f"/experiences/variations/delete/{P}/{eid}/{last}")
    assert _shares(evenly) == [34, 33, 33]


def test_experience_links_are_checked(sandbox_http: SignedHTTP) -> None:
    bad_goal = sandbox_http.request(
        "POST", f"/experiences/add/{P}", {"name": "x", "goals": [{"goal_id": "999"}]}
    )
    assert bad_goal.status_code == 422 and "goals[0].goal_id" in bad_goal.json()["fields"]
    goal = _first(sandbox_http, "goals")
    personal = sandbox_http.request(
        "POST",
        f"/experiences/add/{P}",
        {
            "name": "x",
            "experience_type": "personalization",
            "goals": [{"goal_id": goal["goal_id"]}],
        },
    )
    assert personal.status_code == 422 and "goals" in personal.json()["fields"]


def test_goal_crud_and_delete_unlinks_experiences(sandbox_http: SignedHTTP) -> None:
    created = sandbox_http.ok(
        "POST",
        f"/goals/add/{P}",
        {
            "goal_name": "Wishlist add",
            "goal_type": "clicks_element",
            "dom_interaction": [{"event": "click", "selector": ".wishlist"}],
            "x_note": "kept",
        },
    )
    gid = created["goal_id"]
    assert created["x_note"] == "kept" and created["triggering_rule"] == {"OR": []}
    updated = sandbox_http.ok("PUT", f"/goals/update/{P}/{gid}", {"description": "heart icon"})
    assert updated["goal_name"] == "Wishlist add" and updated["x_note"] == "kept"
    assert sandbox_http.ok("GET", f"/goals/get/{P}/{gid}")["description"] == "heart icon"

    exp = sandbox_http.ok(
        "POST", f"/experiences/add/{P}", {"name": "g", "goals": [{"goal_id": gid}]}
    )
    assert sandbox_http.ok("DELETE", f"/goals/delete/{P}/{gid}") == {"deleted": True, "id": gid}
    assert sandbox_http.ok("GET", f"/experiences/get/{P}/{exp['id']}")["goals"] == []
    assert sandbox_http.request("GET", f"/goals/get/{P}/{gid}").status_code == 404


def test_audience_crud(sandbox_http: SignedHTTP) -> None:
    rule = {
        "rule_type": "cookie",
        "matching": {"match_type": "contains", "negated": False},
        "value": "beta=1",
    }
    body = {
        "audience_name": "Beta testers",
        "audience_type": "segmentation",
        "firing_rule": {"OR": [{"AND": [{"OR_WHEN": [rule]}]}]},
    }
    created = sandbox_http.ok("POST", f"/audiences/add/{P}", body)
    aid = created["audience_id"]
    assert created["firing_rule"] == body["firing_rule"]
    updated = sandbox_http.ok("PUT", f"/audiences/update/{P}/{aid}", {"description": "opt-in"})
    assert updated["audience_type"] == "segmentation" and updated["description"] == "opt-in"
    assert sandbox_http.ok("GET", f"/audiences/get/{P}/{aid}")["audience_name"] == "Beta testers"
    assert sandbox_http.ok("DELETE", f"/audiences/delete/{P}/{aid}") == {"deleted": True, "id": aid}
    assert sandbox_http.request("GET", f"/audiences/get/{P}/{aid}").status_code == 404


def test_hypothesis_crud_scores_and_status(sandbox_http: SignedHTTP) -> None:
    body = {
        "name": "Shorter forms convert",
        "prioritization_score_type": "ICE",
        "prioritization_score_attributes": {"impact": 8, "confidence": 6, "ease": 9},
        "tags": [{"name": "forms"}],
    }
    created = sandbox_http.ok("POST", f"/hypotheses/add/{P}", body)
    hid = created["id"]
    # The reference's shapes: numeric ids, the score as a numeric string.
    assert isinstance(hid, int) and isinstance(created["project_id"], int)
    assert created["prioritization_score"] == "7.7"
    assert created["status"] == "draft" and created["tags"][0]["name"] == "forms"
    assert isinstance(created["tags"][0]["id"], int)

    updated = sandbox_http.ok(
        "PUT",
        f"/hypotheses/update/{P}/{hid}",
        {"prioritization_score_attributes": {"impact": 2, "confidence": 2, "ease": 2}},
    )
    assert updated["prioritization_score"] == "2.0" and updated["name"] == body["name"]
    mismatch = sandbox_http.request(
        "PUT", f"/hypotheses/update/{P}/{hid}", {"prioritization_score_type": "PIE"}
    )
    assert mismatch.status_code == 422
    changed = sandbox_http.ok("PUT", f"/hypotheses/change_status/{P}/{hid}", {"status": "active"})
    assert changed["status"] == "active"
    bad = sandbox_http.request("PUT", f"/hypotheses/change_status/{P}/{hid}", {"status": "done"})
    assert bad.status_code == 422 and "status" in bad.json()["fields"]
    assert sandbox_http.ok("GET", f"/hypotheses/get/{P}/{hid}")["status"] == "active"
    assert sandbox_http.ok("DELETE", f"/hypotheses/delete/{P}/{hid}") == {
        "deleted": True,
        "id": str(hid),
    }
    assert sandbox_http.request("GET", f"/hypotheses/get/{P}/{hid}").status_code == 404


def test_unknown_ids_are_404(sandbox_http: SignedHTTP) -> None:
    for path in (
        "/projects/get/0",
        f"/experiences/get/{P}/0",
        f"/goals/get/{P}/0",
        f"/hypotheses/get/{P}/0",
        f"/audiences/get/{P}/0",
        "/experiences/get/0/0",
    ):
        response = sandbox_http.request("GET", path)
        assert response.status_code == 404, path
        assert response.json()["code"] == 404
