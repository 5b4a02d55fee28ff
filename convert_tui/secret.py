"""A secret string that does not show itself: masked in repr and str, so a secret key never
lands in a log line, a traceback or a crash report by accident.

Plain Python on purpose: resolving a profile and signing the first request must not wait for
pydantic to load (its SecretStr costs ~30 ms of imports at start-up). Anything with
`get_secret_value()` (pydantic's SecretStr too) is accepted where a secret is expected.
"""

from __future__ import annotations

from typing import Protocol

MASK = "**********"


class SecretLike(Protocol):
    def get_secret_value(self) -> str: ...


class Secret:
    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        if not isinstance(value, str):
            raise TypeError("a secret must be text")
        self._value = value

    def get_secret_value(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return f"Secret('{MASK}')" if self._value else "Secret('')"

    def __str__(self) -> str:
        return MASK if self._value else ""

    def __eq__(self, other: object) -> bool:
        reveal = getattr(other, "get_secret_value", None)
        return callable(reveal) and reveal() == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __bool__(self) -> bool:
        return bool(self._value)


def as_secret(value: str | SecretLike) -> Secret:
    """`value` as a Secret (text is wrapped, a SecretStr or Secret is read through)."""
    if isinstance(value, Secret):
        return value
    if isinstance(value, str):
        return Secret(value)
    return Secret(value.get_secret_value())


def reveal(value: str | SecretLike | None) -> str | None:
    """The text of a secret (or of plain text); None stays None."""
    if value is None or isinstance(value, str):
        return value
    return value.get_secret_value()
