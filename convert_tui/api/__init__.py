"""Signed async client for the Convert REST API v1 (never imports textual)."""

from convert_tui.api import errors, models
from convert_tui.api.client import ConvertClient
from convert_tui.api.endpoints import ENDPOINTS, PRODUCTION_BASE_URL

__all__ = ["ENDPOINTS", "PRODUCTION_BASE_URL", "ConvertClient", "errors", "models"]
