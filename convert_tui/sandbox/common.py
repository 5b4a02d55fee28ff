"""What every handler shares: the request context, paging and list-filter parsing."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from convert_tui.sandbox import validation as v
from convert_tui.sandbox.config import DEFAULT_RESULTS_PER_PAGE, MAX_RESULTS_PER_PAGE
from convert_tui.sandbox.store import Record, Store


@dataclass
class Ctx:
    store: Store
    params: dict[str, str]
    body: dict[str, Any] = field(default_factory=dict)

    def param(self, name: str) -> str:
        return self.params[name]

    def now(self) -> int:
        """Current UNIX time, moved onto the pinned `today` when there is one."""
        real = time.time()
        if self.store.cfg.today is None:
            return int(real)
        midnight = dt.datetime.combine(self.store.today, dt.time(), tzinfo=dt.UTC).timestamp()
        return int(midnight + real % 86400)


def page_of(ctx: Ctx, items: Iterable[Record]) -> list[Record]:
    page, per_page = v.paging(ctx.body, DEFAULT_RESULTS_PER_PAGE, MAX_RESULTS_PER_PAGE)
    start = (page - 1) * per_page
    out: list[Record] = []
    for i, item in enumerate(items):
        if i >= start + per_page:
            break
        if i >= start:
            out.append(item)
    return out


def search_term(body: dict[str, Any], errors: v.Errors) -> str | None:
    value = body.get("search")
    if value is None or value == "":
        return None
    if not isinstance(value, str) or len(value) > 500:
        errors["search"] = "must be a string of at most 500 characters"
        return None
    return value.casefold()


def matches(record: Record, term: str | None, keys: Sequence[str]) -> bool:
    if term is None:
        return True
    return any(isinstance(record.get(k), str) and term in record[k].casefold() for k in keys)


def enum_list(
    body: dict[str, Any], key: str, allowed: Sequence[str], errors: v.Errors
) -> set[str] | None:
    """An optional array filter of enum values; empty or absent means no filter."""
    value = body.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        value = [value]  # tolerate a single value; the reference shows arrays
    if not isinstance(value, list) or not all(isinstance(x, str) and x in allowed for x in value):
        errors[key] = f"must be an array of: {', '.join(allowed)}"
        return None
    return set(value) or None


def optional_bool(body: dict[str, Any], key: str, errors: v.Errors) -> bool | None:
    value = body.get(key)
    if value is None or isinstance(value, bool):
        return value
    errors[key] = "must be true or false"
    return None


def deleted(rid: str) -> dict[str, Any]:
    return {"deleted": True, "id": rid}
