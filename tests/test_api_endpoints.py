"""The endpoint table against the contract, and every client method against the table."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from convert_tui.api import ENDPOINTS, ConvertClient, models

# Typed by hand from /work/shared/convert-api-v1.md, with the placeholder letters of the
# contract: {p} project, {e} experience, {g} goal, {h} hypothesis, {a} audience, {v} variation.
CONTRACT: dict[str, tuple[str, str]] = {
    "list_projects": ("POST", "/projects"),
    "get_project": ("GET", "/projects/get/{p}"),
    "create_project": ("POST", "/projects/add"),
    "update_project": ("PUT", "/projects/update/{p}"),
    "delete_project": ("DELETE", "/projects/delete/{p}"),
    "list_experiences": ("POST", "/experiences/{p}"),
    "get_experience": ("GET", "/experiences/get/{p}/{e}"),
    "create_experience": ("POST", "/experiences/add/{p}"),
    "update_experience": ("PUT", "/experiences/update/{p}/{e}"),
    "delete_experience": ("DELETE", "/experiences/delete/{p}/{e}"),
    "add_variation": ("POST", "/experiences/variations/add/{p}/{e}"),
    "delete_variation": ("DELETE", "/experiences/variations/delete/{p}/{e}/{v}"),
    "list_goals": ("POST", "/goals/{p}"),
    "get_goal": ("GET", "/goals/get/{p}/{g}"),
    "create_goal": ("POST", "/goals/add/{p}"),
    "update_goal": ("PUT", "/goals/update/{p}/{g}"),
    "delete_goal": ("DELETE", "/goals/delete/{p}/{g}"),
    "list_hypotheses": ("POST", "/hypotheses/{p}"),
    "get_hypothesis": ("GET", "/hypotheses/get/{p}/{h}"),
    "create_hypothesis": ("POST", "/hypotheses/add/{p}"),
    "update_hypothesis": ("PUT", "/hypotheses/update/{p}/{h}"),
    "change_hypothesis_status": ("PUT", "/hypotheses/change_status/{p}/{h}"),
    "delete_hypothesis": ("DELETE", "/hypotheses/delete/{p}/{h}"),
    "list_audiences": ("POST", "/audiences/{p}"),
    "get_audience": ("GET", "/audiences/get/{p}/{a}"),
    "create_audience": ("POST", "/audiences/add/{p}"),
    "update_audience": ("PUT", "/audiences/update/{p}/{a}"),
    "delete_audience": ("DELETE", "/audiences/delete/{p}/{a}"),
    "get_partial_report": ("POST", "/reports/partial/{p}/{e}/{g}"),
    "get_full_report": ("POST", "/reports/full/{p}/{e}"),
}

PLACEHOLDERS = {
    "{project_id}": "{p}",
    "{experience_id}": "{e}",
    "{goal_id}": "{g}",
    "{hypothesis_id}": "{h}",
    "{audience_id}": "{a}",
    "{variation_id}": "{v}",
}
# Concrete ids used when calling the client: distinct so a swapped argument shows.
IDS = {"{p}": "11", "{e}": "22", "{g}": "33", "{h}": "44", "{a}": "55", "{v}": "66"}


def _contract_form(path: str) -> str:
    for ours, theirs in PLACEHOLDERS.items():
        path = path.replace(ours, theirs)
    return path


def _concrete(path: str) -> str:
    for placeholder, value in IDS.items():
        path = path.replace(placeholder, value)
    return "/api/v1" + path


def test_table_has_exactly_the_contract_operations() -> None:
    assert set(ENDPOINTS) == set(CONTRACT)
    assert len(ENDPOINTS) == 30


@pytest.mark.parametrize("operation", sorted(CONTRACT))
def test_table_matches_contract(operation: str) -> None:
    endpoint = ENDPOINTS[operation]
    assert endpoint.name == operation
    assert (endpoint.method, _contract_form(endpoint.path)) == CONTRACT[operation]


@pytest.mark.parametrize("operation", sorted(CONTRACT))
def test_kind_and_label(operation: str) -> None:
    endpoint = ENDPOINTS[operation]
    is_read = operation.startswith(("list_", "get_"))
    assert endpoint.kind == ("read" if is_read else "write")
    assert endpoint.label and endpoint.label == endpoint.label.lower()
    assert "_" not in endpoint.label


def test_client_has_one_method_per_operation() -> None:
    for operation in CONTRACT:
        assert inspect.iscoroutinefunction(getattr(ConvertClient, operation)), operation
    for name in ("iter_projects", "iter_experiences", "iter_goals", "iter_hypotheses"):
        assert callable(getattr(ConvertClient, name))
    assert callable(ConvertClient.iter_audiences)


Call = Callable[[ConvertClient], Awaitable[Any]]

CALLS: dict[str, Call] = {
    "list_projects": lambda c: c.list_projects(),
    "get_project": lambda c: c.get_project(11),
    "create_project": lambda c: c.create_project(models.Project(name="n")),
    "update_project": lambda c: c.update_project("11", {"name": "n"}),
    "delete_project": lambda c: c.delete_project(11),
    "list_experiences": lambda c: c.list_experiences(11),
    "get_experience": lambda c: c.get_experience(11, 22),
    "create_experience": lambda c: c.create_experience(11, models.Experience(name="x")),
    "update_experience": lambda c: c.update_experience(11, 22, {"name": "x"}),
    "delete_experience": lambda c: c.delete_experience(11, 22),
    "add_variation": lambda c: c.add_variation(11, 22, models.Variation(name="B")),
    "delete_variation": lambda c: c.delete_variation(11, 22, 66),
    "list_goals": lambda c: c.list_goals(11),
    "get_goal": lambda c: c.get_goal(11, 33),
    "create_goal": lambda c: c.create_goal(11, {"goal_name": "g"}),
    "update_goal": lambda c: c.update_goal(11, 33, {"goal_name": "g"}),
    "delete_goal": lambda c: c.delete_goal(11, 33),
    "list_hypotheses": lambda c: c.list_hypotheses(11),
    "get_hypothesis": lambda c: c.get_hypothesis(11, 44),
    "create_hypothesis": lambda c: c.create_hypothesis(11, {"name": "h"}),
    "update_hypothesis": lambda c: c.update_hypothesis(11, 44, {"name": "h"}),
    "change_hypothesis_status": lambda c: c.change_hypothesis_status(11, 44, "active"),
    "delete_hypothesis": lambda c: c.delete_hypothesis(11, 44),
    "list_audiences": lambda c: c.list_audiences(11),
    "get_audience": lambda c: c.get_audience(11, 55),
    "create_audience": lambda c: c.create_audience(11, {"audience_name": "a"}),
    "update_audience": lambda c: c.update_audience(11, 55, {"audience_name": "a"}),
    "delete_audience": lambda c: c.delete_audience(11, 55),
    "get_partial_report": lambda c: c.get_partial_report(11, 22, 33),
    "get_full_report": lambda c: c.get_full_report(11, 22),
}


def _answer(operation: str) -> Any:
    if operation.startswith("list_"):
        return []
    if operation in ("add_variation", "delete_variation"):
        return {"id": "22", "variations": [{"id": "66", "is_baseline": True}]}
    if operation.startswith("delete_"):
        return {"deleted": True, "id": "1"}
    if operation.endswith("_report"):
        return {"experience_id": "22", "goals": []}
    return {}


@pytest.mark.parametrize("operation", sorted(CONTRACT))
async def test_each_method_sends_its_contract_request(operation: str) -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json=_answer(operation))

    transport = httpx.MockTransport(handler)
    async with ConvertClient("app", "secret", "http://sandbox/api/v1", transport=transport) as c:
        result = await CALLS[operation](c)
    method, path = CONTRACT[operation]
    (request,) = sent
    assert request.method == method
    assert request.url.path == _concrete(path)
    has_body = method in ("POST", "PUT")
    assert bool(request.content) == has_body
    if has_body:
        assert request.headers["Content-Type"] == "application/json"
    if operation.startswith("list_"):
        assert isinstance(result, list)
    elif operation.startswith("delete_") and operation != "delete_variation":
        assert isinstance(result, models.Deleted)
    elif operation in ("add_variation", "delete_variation"):
        assert isinstance(result, models.Experience)
    elif operation.endswith("_report"):
        assert isinstance(result, models.Report)
