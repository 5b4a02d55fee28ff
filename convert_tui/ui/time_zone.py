"""Which time zone dates are shown in: the local one (default) or UTC (`[time] zone = "utc"`).

One setting for the whole UI, set once at start by `ui/user_config.py`; the header names it.
"""

from __future__ import annotations

from datetime import UTC, datetime

_zone = "local"


def set_zone(zone: str) -> None:
    global _zone
    _zone = "utc" if zone == "utc" else "local"


def shown(moment: datetime) -> datetime:
    """`moment` in the zone dates are shown in (a naive datetime is taken as local)."""
    return moment.astimezone(UTC) if _zone == "utc" else moment.astimezone()


def zone_name(moment: datetime | None = None) -> str:
    """What the header says: "UTC", or the local zone's abbreviation (e.g. "CET")."""
    if _zone == "utc":
        return "UTC"
    return shown(moment or datetime.now(UTC)).tzname() or "local"


def from_timestamp(seconds: float) -> str:
    """A UNIX time as "YYYY-MM-DD HH:MM ZONE" in the chosen zone."""
    moment = shown(datetime.fromtimestamp(seconds, UTC))
    return f"{moment:%Y-%m-%d %H:%M} {zone_name(moment)}"
