"""Signed async client for the Convert REST API v1 (never imports textual)."""

import sys

# httpx's own command-line tool (`httpx._main`, imported by `import httpx` when click and rich
# are installed, as uvicorn brings them) costs ~35 ms of start-up and is never used here: a
# None entry makes that import fail, and httpx then skips it (its documented fallback).
sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]

from convert_tui.api import errors, models  # noqa: E402
from convert_tui.api.client import ConvertClient  # noqa: E402
from convert_tui.api.endpoints import ENDPOINTS, PRODUCTION_BASE_URL  # noqa: E402

__all__ = ["ENDPOINTS", "PRODUCTION_BASE_URL", "ConvertClient", "errors", "models"]
