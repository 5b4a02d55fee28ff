"""A sandbox's credentials in the environment, as a user exports them for the command line."""

from __future__ import annotations

from typing import Any

import pytest


def use_sandbox(sandbox: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Point CONVERT_APPLICATION_ID, CONVERT_SECRET_KEY and CONVERT_API_BASE_URL at `sandbox`
    (no saved profile chosen); returns the sandbox."""
    monkeypatch.setenv("CONVERT_APPLICATION_ID", sandbox.app_id)
    monkeypatch.setenv("CONVERT_SECRET_KEY", sandbox.secret)
    monkeypatch.setenv("CONVERT_API_BASE_URL", sandbox.base_url)
    monkeypatch.delenv("CONVERT_PROFILE", raising=False)
    return sandbox
