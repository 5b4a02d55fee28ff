"""A local server speaking the Convert API v1 contract, with signed requests and demo data.

    from convert_tui.sandbox import SandboxConfig, start_sandbox
    with start_sandbox(SandboxConfig(seed=1)) as sandbox:
        sandbox.base_url, sandbox.app_id, sandbox.secret, sandbox.requests

It never imports convert_tui.api: both sides are built from the contract independently.
"""

from convert_tui.sandbox.config import SandboxConfig
from convert_tui.sandbox.routes import ENDPOINTS, create_app
from convert_tui.sandbox.server import RunningSandbox, run_forever, start_sandbox
from convert_tui.sandbox.store import SandboxDataError

__all__ = [
    "ENDPOINTS",
    "RunningSandbox",
    "SandboxConfig",
    "SandboxDataError",
    "create_app",
    "run_forever",
    "start_sandbox",
]
