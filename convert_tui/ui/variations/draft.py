"""Variation drafts: what the user types before it is sent, its checks, and where it is kept.

Pure (no Textual): the editor screen and its form call these. v1 has no update-variation
operation, so every change to a variation is a new draft that is *added*; a draft is kept on
disk (DraftStore, kind "variation", key "<project>/<experience>/<draft id>") until it is saved
or discarded, so a failed save, a quit or a crash never loses it.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import asdict, dataclass, field, fields
from typing import Any
from urllib.parse import urlsplit

from convert_tui.api import models
from convert_tui.config.drafts import DraftStore
from convert_tui.ui.text import editable_text

DRAFT_KIND = "variation"
CODE_FIELDS = ("js", "customjs", "css")
CODE_LABELS = {"js": "JavaScript", "customjs": "Custom JavaScript", "css": "CSS"}
CODE_LANGUAGES = {"js": "javascript", "customjs": "javascript", "css": "css"}
CODE_SUFFIXES = {"js": ".js", "customjs": ".js", "css": ".css"}
# Floating point sums (33.3 + 33.3 + 33.4) must not trip the 100% rule.
EPSILON = 1e-6


def new_draft_id() -> str:
    return uuid.uuid4().hex[:10]


def fmt_pct(value: float | None) -> str:
    return "—" if value is None else f"{value:g}%"


def traffic_used(experience: models.Experience | None) -> float:
    """The traffic the experience's existing variations already take (percent)."""
    variations = (experience.variations or []) if experience else []
    return float(sum(v.percentage or 0 for v in variations))


def arms_of(experience: models.Experience | None) -> list[tuple[str, float]]:
    """(name, share) of each variation: what the draft form's split preview starts from."""
    variations = (experience.variations or []) if experience else []
    return [(v.name or "(unnamed)", float(v.percentage or 0)) for v in variations]


def split_now(experience: models.Experience) -> str:
    """The split as it is, e.g. "70% / 30%"."""
    return " / ".join(f"{v.percentage or 0:g}%" for v in experience.variations or []) or "—"


def share_out(shares: list[float], total: float) -> list[float]:
    """`total` percent over arms in proportion to `shares` (all zero: evenly), in whole
    percents: floored, then the earliest get +1 until the sum is `total` (the contract's
    "add variation" and decisions.md: 34/33/33 + a new arm at 40 -> 21/20/19 + 40)."""
    if not shares:
        return []
    weights = shares if sum(shares) > 0 else [1.0] * len(shares)
    exact = [total * w / sum(weights) for w in weights]
    out = [float(math.floor(x + EPSILON)) for x in exact]
    for i in range(len(out)):
        if sum(out) + 1 > total + EPSILON:
            break
        out[i] += 1
    return out


def resulting_split(shares: list[float], percentage: float | None) -> list[float]:
    """The traffic after adding a variation (the new one last), as the server rebalances it:
    without a percentage an even split, with one the others share the rest."""
    if percentage is None:
        return share_out([1.0] * (len(shares) + 1), 100)
    return [*share_out(shares, 100 - percentage), percentage]


def split_hint(arms: list[tuple[str, float]], typed: str) -> str:
    """What the form shows under Traffic %: the split the experience will have once saved."""
    share = parse_percentage(typed) if typed.strip() else None
    if typed.strip() and (share is None or not 0 <= share <= 100):
        return "Leave empty for an even split, or type 0-100."
    after = resulting_split([pct for _, pct in arms], share)
    names = [name for name, _ in arms] + ["this one"]
    how = "Empty: an even split. " if share is None else "The others share the rest. "
    shown = " · ".join(f"{name} {pct:g}%" for name, pct in zip(names, after, strict=True))
    return f"{how}After saving: {shown}"


@dataclass
class VariationDraft:
    """A variation being written. Fields hold text exactly as typed (percentage too)."""

    draft_id: str = field(default_factory=new_draft_id)
    name: str = ""
    url: str = ""
    percentage: str = ""
    js: str = ""
    customjs: str = ""
    css: str = ""
    source_name: str = ""  # the variation it was cloned from, if any
    last_error: str = ""  # the server's answer to the last failed save

    @classmethod
    def clone_of(cls, variation: models.Variation) -> VariationDraft:
        """A copy of an existing variation; its traffic starts as an even split (empty)."""
        name = variation.name or "variation"
        return cls(
            name=f"Copy of {name}",
            url=variation.url or "",
            js=editable_text(variation.js),
            customjs=editable_text(variation.customjs),
            css=editable_text(variation.css),
            source_name=name,
        )

    def to_payload(self) -> dict[str, Any]:
        payload = asdict(self)
        del payload["draft_id"]  # it is part of the store key
        return payload

    @classmethod
    def from_payload(cls, draft_id: str, payload: dict[str, Any]) -> VariationDraft:
        known = {f.name for f in fields(cls)} - {"draft_id"}
        values = {k: str(v) for k, v in payload.items() if k in known and v is not None}
        return cls(draft_id=draft_id, **values)

    @property
    def title(self) -> str:
        return self.name.strip() or "(unnamed draft)"


def parse_percentage(text: str) -> float | None:
    try:
        value = float(text.strip().rstrip("%").strip())
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def url_problem(text: str) -> str | None:
    url = text.strip()
    if not url:
        return "URL is required for a split URL experience."
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        return "Must be an absolute http:// or https:// URL with a host."
    return None


def validate(draft: VariationDraft, *, split_url: bool) -> dict[str, str]:
    """Problems by field name (empty when the draft can be sent). Any share from 0 to 100 can
    be sent: the server rebalances the others (empty: an even split)."""
    problems: dict[str, str] = {}
    if not draft.name.strip():
        problems["name"] = "Name is required."
    share = parse_percentage(draft.percentage)
    if not draft.percentage.strip():
        pass  # an even split
    elif share is None:
        problems["percentage"] = "Must be a number from 0 to 100 (or empty: an even split)."
    elif not 0 <= share <= 100:
        problems["percentage"] = "Must be between 0 and 100 (or empty: an even split)."
    if split_url and (problem := url_problem(draft.url)):
        problems["url"] = problem
    return problems


def to_variation(draft: VariationDraft, *, split_url: bool) -> models.Variation:
    """The Variation to send (call `validate` first). The server decides the baseline; an
    empty share is not sent (the server splits evenly)."""
    share = parse_percentage(draft.percentage) if draft.percentage.strip() else None
    return models.Variation(
        name=draft.name.strip(),
        url=draft.url.strip() if split_url else None,
        js=draft.js,
        customjs=draft.customjs,
        css=draft.css,
        percentage=None if share is None else int(share) if share.is_integer() else share,
    )


class DraftShelf:
    """The drafts of one experience in the DraftStore."""

    def __init__(self, project_id: str, experience_id: str, store: DraftStore | None = None):
        self.prefix = f"{project_id}/{experience_id}/"
        self.store = store or DraftStore()

    def key(self, draft_id: str) -> str:
        return self.prefix + draft_id

    def load_all(self) -> list[VariationDraft]:
        """This experience's drafts, oldest first (the order they were started)."""
        found = [d for d in self.store.list(DRAFT_KIND) if d.key.startswith(self.prefix)]
        found.sort(key=lambda d: d.saved_at)
        return [VariationDraft.from_payload(d.key[len(self.prefix) :], d.payload) for d in found]

    def save(self, draft: VariationDraft) -> None:
        self.store.save(DRAFT_KIND, self.key(draft.draft_id), draft.to_payload())

    def delete(self, draft_id: str) -> None:
        self.store.delete(DRAFT_KIND, self.key(draft_id))
