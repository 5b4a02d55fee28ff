"""The contract's enumerations, exactly as the reference lists them (plain Python: no pydantic).

Re-exported by `convert_tui.api.models`, the one models module.
"""

from __future__ import annotations

from typing import Literal

ExperienceType = Literal["a/b", "a/a", "mvt", "split_url", "personalization"]
ExperienceStatus = Literal["draft", "active", "paused", "completed", "scheduled", "archived"]
ProjectStatus = Literal["active", "inactive", "suspended"]
GoalType = Literal[
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
]
AudienceType = Literal["permanent", "segmentation", "transient"]
ScoreType = Literal["PIE", "ICE"]
MatchType = Literal["matches", "contains", "starts_with", "ends_with", "regex", "equals"]

SITE_AREA_RULE_TYPES: frozenset[str] = frozenset(
    {
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
    }
)
