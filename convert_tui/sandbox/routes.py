"""The endpoint map of the contract (one table) and the Starlette app built from it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route

from convert_tui.sandbox import experiences as ex
from convert_tui.sandbox import hypotheses as hy
from convert_tui.sandbox import reports as rp
from convert_tui.sandbox import resources as rs
from convert_tui.sandbox.auth import SignatureMiddleware
from convert_tui.sandbox.common import Ctx
from convert_tui.sandbox.config import API_PREFIX, SandboxConfig
from convert_tui.sandbox.faults import OuterMiddleware, RequestLog
from convert_tui.sandbox.responses import ApiError, error_response, json_response
from convert_tui.sandbox.store import Store
from convert_tui.sandbox.validation import parse_body

Handler = Callable[[Ctx], Any]

# (operation, method, path relative to the base URL, handler). Placeholders: {p} project,
# {e} experience, {g} goal, {h} hypothesis, {a} audience, {v} variation.
ENDPOINTS: list[tuple[str, str, str, Handler]] = [
    ("list projects", "POST", "/projects", rs.list_projects),
    ("get project", "GET", "/projects/get/{p}", rs.get_project),
    ("create project", "POST", "/projects/add", rs.create_project),
    ("update project", "PUT", "/projects/update/{p}", rs.update_project),
    ("delete project", "DELETE", "/projects/delete/{p}", rs.delete_project),
    ("list experiences", "POST", "/experiences/{p}", ex.list_experiences),
    ("get experience", "GET", "/experiences/get/{p}/{e}", ex.get_experience),
    ("create experience", "POST", "/experiences/add/{p}", ex.create_experience),
    ("update experience", "PUT", "/experiences/update/{p}/{e}", ex.update_experience),
    ("delete experience", "DELETE", "/experiences/delete/{p}/{e}", ex.delete_experience),
    ("add variation", "POST", "/experiences/variations/add/{p}/{e}", ex.add_variation),
    (
        "delete variation",
        "DELETE",
        "/experiences/variations/delete/{p}/{e}/{v}",
        ex.delete_variation,
    ),
    ("list goals", "POST", "/goals/{p}", rs.list_goals),
    ("get goal", "GET", "/goals/get/{p}/{g}", rs.get_goal),
    ("create goal", "POST", "/goals/add/{p}", rs.create_goal),
    ("update goal", "PUT", "/goals/update/{p}/{g}", rs.update_goal),
    ("delete goal", "DELETE", "/goals/delete/{p}/{g}", rs.delete_goal),
    ("list hypotheses", "POST", "/hypotheses/{p}", hy.list_hypotheses),
    ("get hypothesis", "GET", "/hypotheses/get/{p}/{h}", hy.get_hypothesis),
    ("create hypothesis", "POST", "/hypotheses/add/{p}", hy.create_hypothesis),
    ("update hypothesis", "PUT", "/hypotheses/update/{p}/{h}", hy.update_hypothesis),
    (
        "change hypothesis status",
        "PUT",
        "/hypotheses/change_status/{p}/{h}",
        hy.change_hypothesis_status,
    ),
    ("delete hypothesis", "DELETE", "/hypotheses/delete/{p}/{h}", hy.delete_hypothesis),
    ("list audiences", "POST", "/audiences/{p}", rs.list_audiences),
    ("get audience", "GET", "/audiences/get/{p}/{a}", rs.get_audience),
    ("create audience", "POST", "/audiences/add/{p}", rs.create_audience),
    ("update audience", "PUT", "/audiences/update/{p}/{a}", rs.update_audience),
    ("delete audience", "DELETE", "/audiences/delete/{p}/{a}", rs.delete_audience),
    ("partial report", "POST", "/reports/partial/{p}/{e}/{g}", rp.partial_report),
    ("full report", "POST", "/reports/full/{p}/{e}", rp.full_report),
]


def _endpoint(store: Store, method: str, handler: Handler) -> Callable[[Request], Any]:
    async def endpoint(request: Request) -> Response:
        try:
            raw = request.scope.get("sandbox.body", b"")
            # GET/DELETE carry no body in the contract; whatever was sent was signed and is
            # otherwise ignored.
            body = parse_body(raw) if method in ("POST", "PUT") else {}
            params = {k: str(val) for k, val in request.path_params.items()}
            return json_response(handler(Ctx(store, params, body)))
        except ApiError as exc:
            return error_response(exc)

    return endpoint


def _routes(store: Store) -> list[Route]:
    # No two paths can match the same URL ({x} never spans a "/"), so order does not matter.
    return [
        Route(path, _endpoint(store, method, handler), methods=[method], name=op)
        for op, method, path, handler in ENDPOINTS
    ]


async def _http_error(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    message = {404: "No such endpoint", 405: "Method not allowed for this endpoint"}.get(
        status, "Request failed"
    )
    headers = dict(exc.headers or {}) if isinstance(exc, HTTPException) else {}
    return error_response(
        ApiError(status, f"{message}: {request.method} {request.url.path}", headers=headers)
    )


async def _server_error(request: Request, exc: Exception) -> Response:
    # A bug, not bad input: still answer with the contract's error body.
    return error_response(ApiError(500, f"Internal error: {type(exc).__name__}"))


def create_app(cfg: SandboxConfig | None = None) -> Starlette:
    """The sandbox as an ASGI app (for in-process use; start_sandbox serves it over HTTP)."""
    cfg = cfg or SandboxConfig()
    store = Store(cfg)
    log = RequestLog()
    api = Mount(API_PREFIX, routes=_routes(store))
    app = Starlette(
        routes=[api],
        middleware=[
            Middleware(
                OuterMiddleware,
                log=log,
                latency_ms=cfg.latency_ms,
                fail_rate=cfg.fail_rate,
                rate_limit=cfg.rate_limit,
                seed=cfg.seed,
            ),
            Middleware(SignatureMiddleware, secrets={cfg.app_id: cfg.secret}),
        ],
        exception_handlers={HTTPException: _http_error, Exception: _server_error},
    )
    # A trailing slash is a 404 like any unknown path, not a redirect to sign again.
    app.router.redirect_slashes = False
    api.app.redirect_slashes = False  # type: ignore[attr-defined]
    app.state.store = store
    app.state.requests = log
    app.state.config = cfg
    return app
