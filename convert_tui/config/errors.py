"""Errors raised by the config package.

Every message is one readable line and never contains a secret.
"""

from __future__ import annotations

from collections.abc import Iterable


class ConfigError(Exception):
    """Base class: a local configuration problem the user can fix (CLI exit code 2)."""


class CredentialsPermissionError(ConfigError):
    """The credentials file is readable or writable by group/others; refused, as ssh does."""


class CredentialsFileError(ConfigError):
    """The credentials file exists but cannot be parsed."""


class ProfileNotFoundError(ConfigError):
    """No saved profile with that name."""

    def __init__(self, name: str, known: Iterable[str]) -> None:
        self.name = name
        self.known = sorted(known)
        if self.known:
            hint = f"known profiles: {', '.join(self.known)}"
        else:
            hint = "no profiles saved; or set CONVERT_APPLICATION_ID and CONVERT_SECRET_KEY"
        super().__init__(
            f"no profile named {name!r} ({hint}); "
            f"run `convert-tui login --profile {name}` to create it"
        )


class InvalidProfileNameError(ConfigError):
    """A profile name that is not safe to store (letters, digits, '.', '_', '-')."""


class InsecureBaseURLError(ConfigError):
    """A base URL that would send credentials in clear text, or that is not a URL at all."""


class MissingCredentialsError(ConfigError):
    """Half of the environment credentials is set, or a required value is empty."""
