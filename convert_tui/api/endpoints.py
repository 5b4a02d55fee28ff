"""The one table of Convert API v1 operations this client speaks.

Every path of the contract lives here and nowhere else, so a wrong guess about the real service
is corrected in one edit. Paths are relative to the base URL; placeholders are filled with
URL-quoted ids by `Endpoint.url_path`.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal, NamedTuple
from urllib.parse import quote

PRODUCTION_BASE_URL = "https://api.convert.com/api/v1"

HttpMethod = Literal["GET", "POST", "PUT", "DELETE"]
# "read" operations are safe to retry and to coalesce; "write" ones never are, and are refused
# in read-only mode.
OperationKind = Literal["read", "write"]


class Endpoint(NamedTuple):
    name: str
    method: HttpMethod
    path: str
    kind: OperationKind
    label: str

    def url_path(self, **ids: str) -> str:
        # Ids are quoted so a stray "/" or "?" in an id cannot change which resource is hit.
        return self.path.format(**{key: quote(value, safe="") for key, value in ids.items()})


def _table(*rows: tuple[str, HttpMethod, str, OperationKind, str]) -> Mapping[str, Endpoint]:
    table = {
        name: Endpoint(name, method, path, kind, label) for name, method, path, kind, label in rows
    }
    if len(table) != len(rows):
        raise RuntimeError("duplicate operation name in the endpoint table")
    return MappingProxyType(table)


ENDPOINTS: Mapping[str, Endpoint] = _table(
    ("list_projects", "POST", "/projects", "read", "list projects"),
    ("get_project", "GET", "/projects/get/{project_id}", "read", "get project"),
    ("create_project", "POST", "/projects/add", "write", "create project"),
    ("update_project", "PUT", "/projects/update/{project_id}", "write", "update project"),
    ("delete_project", "DELETE", "/projects/delete/{project_id}", "write", "delete project"),
    ("list_experiences", "POST", "/experiences/{project_id}", "read", "list experiences"),
    (
        "get_experience",
        "GET",
        "/experiences/get/{project_id}/{experience_id}",
        "read",
        "get experience",
    ),
    ("create_experience", "POST", "/experiences/add/{project_id}", "write", "create experience"),
    (
        "update_experience",
        "PUT",
        "/experiences/update/{project_id}/{experience_id}",
        "write",
        "update experience",
    ),
    (
        "delete_experience",
        "DELETE",
        "/experiences/delete/{project_id}/{experience_id}",
        "write",
        "delete experience",
    ),
    (
        "add_variation",
        "POST",
        "/experiences/variations/add/{project_id}/{experience_id}",
        "write",
        "add variation",
    ),
    (
        "delete_variation",
        "DELETE",
        "/experiences/variations/delete/{project_id}/{experience_id}/{variation_id}",
        "write",
        "delete variation",
    ),
    ("list_goals", "POST", "/goals/{project_id}", "read", "list goals"),
    ("get_goal", "GET", "/goals/get/{project_id}/{goal_id}", "read", "get goal"),
    ("create_goal", "POST", "/goals/add/{project_id}", "write", "create goal"),
    ("update_goal", "PUT", "/goals/update/{project_id}/{goal_id}", "write", "update goal"),
    ("delete_goal", "DELETE", "/goals/delete/{project_id}/{goal_id}", "write", "delete goal"),
    ("list_hypotheses", "POST", "/hypotheses/{project_id}", "read", "list hypotheses"),
    (
        "get_hypothesis",
        "GET",
        "/hypotheses/get/{project_id}/{hypothesis_id}",
        "read",
        "get hypothesis",
    ),
    ("create_hypothesis", "POST", "/hypotheses/add/{project_id}", "write", "create hypothesis"),
    (
        "update_hypothesis",
        "PUT",
        "/hypotheses/update/{project_id}/{hypothesis_id}",
        "write",
        "update hypothesis",
    ),
    (
        "change_hypothesis_status",
        "PUT",
        "/hypotheses/change_status/{project_id}/{hypothesis_id}",
        "write",
        "change hypothesis status",
    ),
    (
        "delete_hypothesis",
        "DELETE",
        "/hypotheses/delete/{project_id}/{hypothesis_id}",
        "write",
        "delete hypothesis",
    ),
    ("list_audiences", "POST", "/audiences/{project_id}", "read", "list audiences"),
    ("get_audience", "GET", "/audiences/get/{project_id}/{audience_id}", "read", "get audience"),
    ("create_audience", "POST", "/audiences/add/{project_id}", "write", "create audience"),
    (
        "update_audience",
        "PUT",
        "/audiences/update/{project_id}/{audience_id}",
        "write",
        "update audience",
    ),
    (
        "delete_audience",
        "DELETE",
        "/audiences/delete/{project_id}/{audience_id}",
        "write",
        "delete audience",
    ),
    # Reports are POSTs (the time range is a JSON body) but they only read, so they are retried.
    (
        "get_partial_report",
        "POST",
        "/reports/partial/{project_id}/{experience_id}/{goal_id}",
        "read",
        "get partial report",
    ),
    (
        "get_full_report",
        "POST",
        "/reports/full/{project_id}/{experience_id}",
        "read",
        "get full report",
    ),
)
