"""Reports (shape, ranges, revenue fields) and the character of the demo data."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from conftest import SignedHTTP

from convert_tui.sandbox import SandboxConfig, create_app

P = "10001"
STARTED = ("active", "paused", "completed", "archived")


def _experiences(http: SignedHTTP, pid: str = P) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = http.ok("POST", f"/experiences/{pid}", {"results_per_page": 100})
    return result


def _started_with_goals(http: SignedHTTP) -> dict[str, Any]:
    return next(e for e in _experiences(http) if e["experience_status"] == "active" and e["goals"])


def _utc(day: str) -> int:
    return int(dt.datetime.fromisoformat(day).replace(tzinfo=dt.UTC).timestamp())


def test_full_report_shape(sandbox_http: SignedHTTP) -> None:
    exp = _started_with_goals(sandbox_http)
    report = sandbox_http.ok("POST", f"/reports/full/{P}/{exp['id']}", {})
    assert report["experience_id"] == str(exp["id"])
    assert report["start_timestamp"] <= exp["start_time"] < report["end_timestamp"]
    assert [str(g["goal_id"]) for g in report["goals"]] == [str(g["goal_id"]) for g in exp["goals"]]
    for goal in report["goals"]:
        assert {"goal_id", "goal_name", "goal_type", "is_primary", "variations"} <= set(goal)
        assert [v["variation_id"] for v in goal["variations"]] == [
            v["id"] for v in exp["variations"]
        ]
        for row in goal["variations"]:
            assert len(row["daily"]) >= 30
            assert row["visitors"] == sum(d["visitors"] for d in row["daily"])
            assert row["conversions"] == sum(d["conversions"] for d in row["daily"])
            assert 0 <= row["conversions"] <= row["visitors"]
            revenue_keys = {"revenue", "products", "revenue_sum_squares"}
            if goal["goal_type"] == "revenue":
                assert revenue_keys <= set(row)
                assert row["revenue_sum_squares"] >= row["revenue"] ** 2 / row["conversions"]
                assert math.isclose(
                    row["revenue"], sum(d["revenue"] for d in row["daily"]), abs_tol=0.05
                )
            else:
                assert not revenue_keys & set(row)
                assert all("revenue" not in d for d in row["daily"])


def test_partial_report_has_one_goal(sandbox_http: SignedHTTP) -> None:
    exp = _started_with_goals(sandbox_http)
    gid = exp["goals"][-1]["goal_id"]
    report = sandbox_http.ok("POST", f"/reports/partial/{P}/{exp['id']}/{gid}", {})
    assert [str(g["goal_id"]) for g in report["goals"]] == [str(gid)]
    untracked = next(
        g["goal_id"]
        for g in sandbox_http.ok("POST", f"/goals/{P}", {})
        if str(g["goal_id"]) not in {str(x["goal_id"]) for x in exp["goals"]}
    )
    missing = sandbox_http.request("POST", f"/reports/partial/{P}/{exp['id']}/{untracked}", {})
    assert missing.status_code == 404


def test_ranges_are_inclusive_and_aggregate(sandbox_http: SignedHTTP) -> None:
    exp = _started_with_goals(sandbox_http)
    path = f"/reports/full/{P}/{exp['id']}"
    whole = sandbox_http.ok("POST", path, {})
    days = [d["date"] for d in whole["goals"][0]["variations"][0]["daily"]]
    split = days[len(days) // 2]
    first = sandbox_http.ok("POST", path, {"start_timestamp": 0, "end_timestamp": _utc(split) - 1})
    second = sandbox_http.ok("POST", path, {"start_timestamp": _utc(split)})
    assert second["start_timestamp"] == _utc(split)
    for g_whole, g_a, g_b in zip(whole["goals"], first["goals"], second["goals"], strict=True):
        for r_whole, r_a, r_b in zip(
            g_whole["variations"], g_a["variations"], g_b["variations"], strict=True
        ):
            assert [d["date"] for d in r_a["daily"] + r_b["daily"]] == days
            assert r_a["visitors"] + r_b["visitors"] == r_whole["visitors"]
            assert r_a["conversions"] + r_b["conversions"] == r_whole["conversions"]
            if "revenue_sum_squares" in r_whole:
                total = r_a["revenue_sum_squares"] + r_b["revenue_sum_squares"]
                assert math.isclose(total, r_whole["revenue_sum_squares"], rel_tol=1e-6)
                assert r_a["products"] + r_b["products"] == r_whole["products"]
    one_day = sandbox_http.ok(
        "POST", path, {"start_timestamp": _utc(split), "end_timestamp": _utc(split)}
    )
    assert [d["date"] for d in one_day["goals"][0]["variations"][0]["daily"]] == [split]


def test_report_errors(sandbox_http: SignedHTTP) -> None:
    exp = _started_with_goals(sandbox_http)
    path = f"/reports/full/{P}/{exp['id']}"
    backwards = sandbox_http.request("POST", path, {"start_timestamp": 10, "end_timestamp": 5})
    assert backwards.status_code == 422
    assert sandbox_http.request("POST", path, {"start_timestamp": "today"}).status_code == 422
    assert sandbox_http.request("POST", f"/reports/full/{P}/0", {}).status_code == 404


def test_unstarted_experience_has_an_empty_report(sandbox_http: SignedHTTP) -> None:
    draft = next(
        e for e in _experiences(sandbox_http) if e["experience_status"] == "draft" and e["goals"]
    )
    report = sandbox_http.ok("POST", f"/reports/full/{P}/{draft['id']}", {})
    rows = [row for g in report["goals"] for row in g["variations"]]
    assert rows and all(r["visitors"] == 0 and r["daily"] == [] for r in rows)


def _z(base: dict[str, Any], other: dict[str, Any]) -> float:
    pooled = (base["conversions"] + other["conversions"]) / (base["visitors"] + other["visitors"])
    se = math.sqrt(pooled * (1 - pooled) * (1 / base["visitors"] + 1 / other["visitors"]))
    rate = lambda r: r["conversions"] / r["visitors"]  # noqa: E731
    return (rate(other) - rate(base)) / se


def test_demo_data_has_winners_a_loser_flat_ones_and_one_srm(sandbox_http: SignedHTTP) -> None:
    projects = sandbox_http.ok("POST", "/projects", {})
    z_scores: list[list[float]] = []
    srm: list[float] = []
    types, statuses = set(), set()
    for project in projects:
        for exp in _experiences(sandbox_http, project["id"]):
            types.add(exp["experience_type"])
            statuses.add(exp["experience_status"])
            if exp["experience_status"] not in STARTED or not exp["goals"]:
                continue
            report = sandbox_http.ok("POST", f"/reports/full/{project['id']}/{exp['id']}", {})
            primary = next(g for g in report["goals"] if g["is_primary"])
            base, *others = primary["variations"]
            z_scores.append([_z(base, o) for o in others])
            total = sum(r["visitors"] for r in primary["variations"])
            shares = [v["percentage"] / 100 for v in exp["variations"]]
            chi2 = sum(
                (r["visitors"] - total * s) ** 2 / (total * s)
                for r, s in zip(primary["variations"], shares, strict=True)
                if s
            )
            srm.append(chi2)
    assert types == {"a/b", "a/a", "mvt", "split_url", "personalization"}
    assert statuses == {"draft", "active", "paused", "completed", "scheduled", "archived"}
    assert sum(1 for zs in z_scores if max(zs) > 5) >= 3  # clear winners
    assert sum(1 for zs in z_scores if min(zs) < -5) == 1  # exactly one clear loser
    assert sum(1 for zs in z_scores if max(abs(z) for z in zs) < 2) >= 3  # flat ones
    assert sum(1 for chi2 in srm if chi2 > 100) == 1  # one sample ratio mismatch
    assert sorted(srm)[-2] < 20  # ...and the others look like honest random splits


def test_same_seed_same_data_other_seed_other_data(sandbox_factory: Any) -> None:
    def fingerprint(running: Any) -> Any:
        http = SignedHTTP(running.base_url, running.app_id, running.secret)
        exps = _experiences(http)
        exp = next(e for e in exps if e["experience_status"] == "active" and e["goals"])
        report = http.ok("POST", f"/reports/full/{P}/{exp['id']}", {})
        return exps, http.ok("POST", f"/hypotheses/{P}", {}), report

    one, two, other = (sandbox_factory(seed=s) for s in (7, 7, 8))
    assert fingerprint(one) == fingerprint(two)
    assert fingerprint(one) != fingerprint(other)


def test_scale_is_lazy_and_spread_evenly() -> None:
    app = create_app(SandboxConfig(projects=50, experiences=10_000, today=dt.date(2026, 11, 15)))
    store = app.state.store
    assert len(store.projects) == 50
    assert not store._data  # nothing below the projects is built before it is asked for
    names = [p["name"] for p in store.projects.values()]
    assert names[:4] == [
        "Northwind Outfitters",
        "Ledgerly",
        "The Daily Lantern",
        "Northwind Outfitters 2",
    ]
    assert len(set(names)) == 50
    assert {len(store.data(pid).experiences) for pid in list(store.projects)[:3]} == {200}
