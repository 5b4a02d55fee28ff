"""The client drives the sandbox over real loopback HTTP through all 30 operations.

Client and sandbox were each built from the contract, so agreement here is evidence that both
read it the same way; the endpoint table is also checked against the routes the sandbox saw.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from convert_tui.api import ConvertClient, errors, models
from convert_tui.api.endpoints import ENDPOINTS


@pytest.fixture
async def api(sandbox: Any) -> AsyncIterator[ConvertClient]:
    async with ConvertClient(sandbox.app_id, sandbox.secret, sandbox.base_url) as client:
        yield client


async def _first_project_with_experiences(api: ConvertClient) -> tuple[str, models.Experience]:
    for project in await api.list_projects():
        experiences = await api.list_experiences(str(project.id), experience_status=["active"])
        if experiences:
            return str(project.id), experiences[0]
    raise AssertionError("demo data has no active experience")


async def test_project_operations_round_trip(api: ConvertClient) -> None:
    projects = await api.list_projects()
    assert len(projects) == 3
    assert all(isinstance(p.id, str) for p in projects)

    created = await api.create_project(
        models.Project(name="CLI test shop", websites=["https://shop.example"], include_jquery=0)
    )
    assert created.id and created.name == "CLI test shop"
    fetched = await api.get_project(created.id)
    assert fetched.websites == ["https://shop.example"]

    updated = await api.update_project(created.id, {"name": "Renamed shop"})
    # Update merges: fields not sent keep their values.
    assert updated.name == "Renamed shop"
    assert updated.websites == ["https://shop.example"]

    deleted = await api.delete_project(created.id)
    assert deleted.deleted is True and str(deleted.id) == created.id
    with pytest.raises(errors.NotFoundError):
        await api.get_project(created.id)


async def test_experience_and_variation_operations(api: ConvertClient) -> None:
    project_id, _ = await _first_project_with_experiences(api)
    created = await api.create_experience(
        project_id,
        models.Experience(
            name="Zebra checkout probe", experience_type="a/b", experience_status="draft"
        ),
    )
    assert created.id
    got = await api.get_experience(project_id, created.id)
    assert got.name == "Zebra checkout probe"

    updated = await api.update_experience(project_id, created.id, {"confidence": 90})
    assert updated.confidence == 90 and updated.name == "Zebra checkout probe"

    with_variation = await api.add_variation(
        project_id,
        created.id,
        models.Variation(name="Sticky bar", css=".atc{position:sticky}", percentage=50),
    )
    added = [v for v in with_variation.variations or [] if v.name == "Sticky bar"]
    assert len(added) == 1 and added[0].id

    without = await api.delete_variation(project_id, created.id, str(added[0].id))
    assert all(v.name != "Sticky bar" for v in without.variations or [])

    searched = await api.list_experiences(project_id, search="Zebra checkout probe")
    assert [e.id for e in searched] == [created.id]
    drafts = await api.list_experiences(project_id, experience_status=["draft"])
    assert all(e.experience_status == "draft" for e in drafts)

    assert (await api.delete_experience(project_id, created.id)).deleted is True


async def test_goal_operations(api: ConvertClient) -> None:
    project_id, _ = await _first_project_with_experiences(api)
    goals = await api.list_goals(project_id)
    assert goals and all(isinstance(g.goal_id, str) for g in goals)
    created = await api.create_goal(
        project_id, models.Goal(goal_name="Zebra quiz signup", goal_type="submits_form")
    )
    assert (await api.get_goal(project_id, created.goal_id)).goal_name == "Zebra quiz signup"
    updated = await api.update_goal(project_id, created.goal_id, {"description": "footer form"})
    assert updated.description == "footer form" and updated.goal_type == "submits_form"
    assert [g.goal_id for g in await api.list_goals(project_id, search="Zebra quiz signup")] == [
        created.goal_id
    ]
    assert (await api.delete_goal(project_id, created.goal_id)).deleted is True


async def test_hypothesis_operations(api: ConvertClient) -> None:
    project_id, _ = await _first_project_with_experiences(api)
    assert await api.list_hypotheses(project_id)
    created = await api.create_hypothesis(
        project_id,
        models.Hypothesis(
            name="Trust badges lift checkout",
            prioritization_score_type="PIE",
            prioritization_score_attributes={"potential": 8, "importance": 6, "ease": 4},
            status="draft",
        ),
    )
    assert created.id
    got = await api.get_hypothesis(project_id, created.id)
    assert got.name == "Trust badges lift checkout"
    updated = await api.update_hypothesis(project_id, created.id, {"summary": "badges near pay"})
    assert updated.summary == "badges near pay"
    changed = await api.change_hypothesis_status(project_id, created.id, "active")
    assert changed.status == "active"
    active = await api.list_hypotheses(project_id, status=["active"])
    assert created.id in [h.id for h in active]
    assert (await api.delete_hypothesis(project_id, created.id)).deleted is True


async def test_audience_operations(api: ConvertClient) -> None:
    project_id, _ = await _first_project_with_experiences(api)
    assert await api.list_audiences(project_id)
    rule = {
        "OR": [
            {
                "AND": [
                    {
                        "OR_WHEN": [
                            {
                                "rule_type": "url",
                                "matching": {"match_type": "contains", "negated": False},
                                "value": "/checkout",
                            }
                        ]
                    }
                ]
            }
        ]
    }
    created = await api.create_audience(
        project_id,
        models.Audience(
            audience_name="Checkout visitors", audience_type="transient", firing_rule=rule
        ),
    )
    got = await api.get_audience(project_id, created.audience_id)
    assert got.audience_name == "Checkout visitors"
    updated = await api.update_audience(project_id, created.audience_id, {"description": "cart"})
    assert updated.description == "cart" and updated.audience_type == "transient"
    segments = await api.list_audiences(project_id, is_segment=True)
    assert all(a.audience_type == "segmentation" for a in segments)
    assert (await api.delete_audience(project_id, created.audience_id)).deleted is True


async def test_full_and_partial_reports(api: ConvertClient) -> None:
    project_id, experience = await _first_project_with_experiences(api)
    full = await api.get_full_report(project_id, str(experience.id))
    assert full.goals
    goal = full.goals[0]
    assert any(v.is_baseline for v in goal.variations)
    assert all(v.visitors >= v.conversions >= 0 for v in goal.variations)
    partial = await api.get_partial_report(project_id, str(experience.id), str(goal.goal_id))
    assert [g.goal_id for g in partial.goals] == [goal.goal_id]


async def test_every_endpoint_in_the_table_was_served_by_the_sandbox(
    api: ConvertClient, sandbox: Any
) -> None:
    # Drive every operation once, then compare the table's templates with what the server saw.
    await test_project_operations_round_trip(api)
    await test_experience_and_variation_operations(api)
    await test_goal_operations(api)
    await test_hypothesis_operations(api)
    await test_audience_operations(api)
    await test_full_and_partial_reports(api)
    seen = {(method, _template_of(path)) for method, path in sandbox.requests}
    expected = {(e.method, e.path) for e in ENDPOINTS.values()}
    assert len(expected) == 30
    assert expected <= seen


def _template_of(path: str) -> str:
    """Map a concrete path back to its template by replacing id segments with placeholders."""
    parts = path.split("/api/v1", 1)[-1].strip("/").split("/")
    project, experience = "{project_id}", "{experience_id}"
    names = {
        "projects": [project],
        "experiences": [project, experience, "{variation_id}"],
        "goals": [project, "{goal_id}"],
        "hypotheses": [project, "{hypothesis_id}"],
        "audiences": [project, "{audience_id}"],
        "reports": [project, experience, "{goal_id}"],
    }[parts[0]]
    words = {"get", "add", "update", "delete", "variations", "change_status", "partial", "full"}
    out, ids = [parts[0]], iter(names)
    for part in parts[1:]:
        out.append(part if part in words else next(ids))
    return "/" + "/".join(out)


async def test_bad_signature_and_unknown_app_raise_auth_error(sandbox: Any) -> None:
    async with ConvertClient(sandbox.app_id, "not-the-secret", sandbox.base_url) as wrong:
        with pytest.raises(errors.AuthError):
            await wrong.list_projects()
    async with ConvertClient("nobody", sandbox.secret, sandbox.base_url) as unknown:
        with pytest.raises(errors.AuthError):
            await unknown.list_projects()
    async with ConvertClient(
        sandbox.app_id, sandbox.secret, sandbox.base_url, expires_in=-120
    ) as expired:
        with pytest.raises(errors.AuthError):
            await expired.list_projects()


async def test_invalid_enum_is_a_validation_error_naming_the_field(api: ConvertClient) -> None:
    project_id, _ = await _first_project_with_experiences(api)
    with pytest.raises(errors.ValidationError) as caught:
        await api.update_project(project_id, {"include_jquery": 7})
    assert "include_jquery" in caught.value.fields


async def test_pagination_walks_three_pages_or_more(api: ConvertClient, sandbox: Any) -> None:
    project_id, _ = await _first_project_with_experiences(api)
    first_page = await api.list_experiences(project_id, results_per_page=5)
    everything = [e async for e in api.iter_experiences(project_id, page_size=5)]
    assert len(first_page) == 5
    assert len(everything) > 10
    assert len({e.id for e in everything}) == len(everything)


async def test_read_only_client_sends_nothing_for_a_mutation(sandbox: Any) -> None:
    async with ConvertClient(
        sandbox.app_id, sandbox.secret, sandbox.base_url, read_only=True
    ) as client:
        before = len(sandbox.requests)
        with pytest.raises(errors.ReadOnlyError):
            await client.create_project(models.Project(name="nope"))
        assert len(sandbox.requests) == before
