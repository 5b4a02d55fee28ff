"""Sandbox settings and the few "we decided" facts of the contract the sandbox needs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

API_PREFIX = "/api/v1"

EXPERIENCE_TYPES = ("a/b", "a/a", "mvt", "split_url", "personalization")
EXPERIENCE_STATUSES = ("draft", "active", "paused", "completed", "scheduled", "archived")
PROJECT_STATUSES = ("active", "inactive", "suspended")
GOAL_TYPES = (
    "advanced",
    "DOM_interaction",
    "visits_page",
    "revenue",
    "clicks_link",
    "submits_form",
    "clicks_element",
    "dom_interaction",
    "scroll_percentage",
    "ga_import",
    "code_trigger",
)
AUDIENCE_TYPES = ("permanent", "segmentation", "transient")
SCORE_TYPES = ("PIE", "ICE")
SCORE_ATTRIBUTES = {
    "PIE": ("potential", "importance", "ease"),
    "ICE": ("impact", "confidence", "ease"),
}
MATCH_TYPES = ("matches", "contains", "starts_with", "ends_with", "regex", "equals")
# The reference lists only these rule types as allowed inside an experience's site_area.
SITE_AREA_RULE_TYPES = (
    "url",
    "url_with_query",
    "query_string",
    "page_tag_page_type",
    "page_tag_category_id",
    "page_tag_category_name",
    "page_tag_product_sku",
    "page_tag_product_name",
    "page_tag_product_price",
    "page_tag_customer_id",
    "page_tag_custom_1",
    "page_tag_custom_2",
    "page_tag_custom_3",
    "page_tag_custom_4",
)
MAX_RESULTS_PER_PAGE = 100
DEFAULT_RESULTS_PER_PAGE = 50


@dataclass
class SandboxConfig:
    """How a sandbox runs and what it serves.

    `experiences` is the total number of demo experiences, spread evenly over `projects`
    (the first projects get one more when it does not divide): 50 projects x 200 experiences
    is `projects=50, experiences=10000`.
    """

    host: str = "127.0.0.1"
    port: int = 0
    app_id: str = "demo"
    secret: str = "demo-secret"
    data_file: str | Path | None = None
    seed: int = 1
    projects: int = 3
    experiences: int = 40
    latency_ms: int = 0
    fail_rate: float = 0.0
    rate_limit: float = 0
    # Anchor for generated dates; None means the real today. Tests pin it for stable data.
    today: dt.date | None = None
    # Serve https with a throwaway CA made at start (`RunningSandbox.ca_path`); the server's
    # certificate names `tls_names` (empty: the host and the loopback names).
    tls: bool = False
    tls_names: tuple[str, ...] = ()

    def anchor_date(self) -> dt.date:
        return self.today or dt.datetime.now(dt.UTC).date()
