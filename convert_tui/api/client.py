"""ConvertClient: one typed async method per operation of the Convert API v1 contract.

The methods are grouped in two mixins to keep files small; everything shares `ClientCore`
(one httpx client, signing, retries, coalescing, concurrency limit; see `_transport`).
"""

from __future__ import annotations

from convert_tui.api._experiences import ExperienceOperations
from convert_tui.api._research import ResearchOperations


class ConvertClient(ExperienceOperations, ResearchOperations):
    """Signed async client. Use as `async with ConvertClient(app_id, secret) as client:`.

    Reads (get/list/report) are retried on network errors, 5xx and 429 and identical ones in
    flight share a request; writes are never retried and are refused when `read_only` is set.
    """
