"""Demo copy: an online shop, a SaaS app and a media site; more projects cycle through them."""

from __future__ import annotations

from typing import Any

from convert_tui.sandbox.content import media, saas, shop

THEMES: list[dict[str, Any]] = [shop.THEME, saas.THEME, media.THEME]

# Qualifiers used when a project has more experiences than ideas, so names stay distinct.
REPEATS = ["(mobile)", "- round 2", "(returning visitors)", "(EU)", "- round 3", "(tablet)"]
