"""Demo hypotheses for a project: names and tags from its theme, PIE or ICE scores."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

HYPOTHESIS_OFFSET = 800_001
HYPOTHESIS_STATUSES = ["draft", "active", "completed", "draft", "paused", "scheduled", "archived"]


def make_hypotheses(
    rng: random.Random, th: dict[str, Any], base: int, pid: str, today: dt.date
) -> dict[str, dict[str, Any]]:
    tag_names = sorted({t for *_, tags in th["hypotheses"] for t in tags})
    tag_ids = {name: k + 1 for k, name in enumerate(tag_names)}
    pool = list(th["hypotheses"])
    rng.shuffle(pool)
    out: dict[str, dict[str, Any]] = {}
    for k in range(min(len(pool), 5 + rng.randint(0, 3))):
        name, objective, summary, tags = pool[k]
        hid = str(base + HYPOTHESIS_OFFSET + k)
        score_type = rng.choice(["PIE", "ICE"])
        keys = (
            ("potential", "importance", "ease")
            if score_type == "PIE"
            else ("impact", "confidence", "ease")
        )
        attributes = {key: rng.randint(2, 10) for key in keys}
        start = today - dt.timedelta(days=rng.randint(5, 120))
        out[hid] = {
            "id": hid,
            "project_id": pid,
            "name": name,
            "objective": objective,
            "prioritization_score": round(sum(attributes.values()) / 3, 1),
            "prioritization_score_type": score_type,
            "prioritization_score_attributes": attributes,
            "status": HYPOTHESIS_STATUSES[k % len(HYPOTHESIS_STATUSES)],
            "start_date": start.isoformat(),
            "end_date": (start + dt.timedelta(days=rng.randint(14, 60))).isoformat(),
            "tags": [{"id": str(tag_ids[t]), "name": t} for t in tags],
            "summary": summary,
            "created_at": (start - dt.timedelta(days=rng.randint(0, 10))).isoformat(),
        }
    return out
