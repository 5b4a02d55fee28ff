"""Signed async client for the Convert REST API v1 (never imports textual).

The names below load on first use (PEP 562): the request engine (`_transport`, `signing`,
`endpoints`, `errors`) imports without pydantic, so the app's first request can leave while
the models are still unloaded; `ConvertClient` and `models` bring pydantic in.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from convert_tui.lazy import attributes_on_first_use

# httpx's own command-line tool (`httpx._main`, imported by `import httpx` when click and rich
# are installed, as uvicorn brings them) costs ~35 ms of start-up and is never used here: a
# None entry makes that import fail, and httpx then skips it (its documented fallback).
sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]

if TYPE_CHECKING:
    from convert_tui.api import errors, models
    from convert_tui.api.client import ConvertClient
    from convert_tui.api.endpoints import ENDPOINTS, PRODUCTION_BASE_URL

__all__ = ["ENDPOINTS", "PRODUCTION_BASE_URL", "ConvertClient", "errors", "models"]

# name -> the submodule it lives in ("": the name is that submodule).
_HOMES = {
    "ConvertClient": "client",
    "ENDPOINTS": "endpoints",
    "PRODUCTION_BASE_URL": "endpoints",
    "errors": "",
    "models": "",
}

__getattr__ = attributes_on_first_use(__name__, _HOMES)
