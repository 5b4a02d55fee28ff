"""How long a request may take and how large its answer may be (README: "Reliability").

A per-read timeout never fires on a body that trickles one byte a second, and nothing bounded
the size of an answer; these limits do. Each is a plain value: `ConvertClient(deadline=...,
max_body_mb=...)` wins, then the environment (CONVERT_TUI_DEADLINE, CONVERT_TUI_MAX_BODY_MB),
then the default. A caller with another source (a config file) passes its value in.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from typing import NamedTuple

from convert_tui.api.errors import SettingError

DEADLINE_ENV = "CONVERT_TUI_DEADLINE"
MAX_BODY_ENV = "CONVERT_TUI_MAX_BODY_MB"

DEFAULT_DEADLINE_SECONDS = 30.0  # one request, from sending it to the last byte of its body
OPERATION_DEADLINE_SECONDS = 120.0  # one operation: its requests, retries and waits together
DEFAULT_MAX_BODY_MB = 32.0  # decoded bytes: a gzip bomb counts as what it inflates to
_MB = 1024 * 1024


class NetworkLimits(NamedTuple):
    deadline: float = DEFAULT_DEADLINE_SECONDS
    max_body_mb: float = DEFAULT_MAX_BODY_MB

    @property
    def operation_deadline(self) -> float:
        # A deadline set above 120 s still gets one whole attempt.
        return max(OPERATION_DEADLINE_SECONDS, self.deadline)

    @property
    def max_body_bytes(self) -> int:
        return max(1, int(self.max_body_mb * _MB))


def _positive(name: str, value: float | str, unit: str, example: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not (math.isfinite(number) and number > 0):
        raise SettingError(
            f"{name} must be a number of {unit} above 0 (e.g. {example}), not {str(value)!r}",
            operation="network settings",
        )
    return number


def _choose(
    given: float | None, env: Mapping[str, str], name: str, unit: str, default: float
) -> float:
    example = f"{default:g}"
    if given is not None:
        return _positive(name.removeprefix("CONVERT_TUI_").lower(), given, unit, example)
    raw = env.get(name, "").strip()
    return _positive(name, raw, unit, example) if raw else default


def network_limits(
    *,
    deadline: float | None = None,
    max_body_mb: float | None = None,
    env: Mapping[str, str] | None = None,
) -> NetworkLimits:
    """The limits to use: the given values, else the environment's, else the defaults.
    Raises SettingError (naming the setting) for a value that is not a positive number."""
    env = os.environ if env is None else env
    return NetworkLimits(
        deadline=_choose(deadline, env, DEADLINE_ENV, "seconds", DEFAULT_DEADLINE_SECONDS),
        max_body_mb=_choose(max_body_mb, env, MAX_BODY_ENV, "megabytes", DEFAULT_MAX_BODY_MB),
    )
