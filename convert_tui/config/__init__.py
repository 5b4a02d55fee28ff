"""Local state: paths, credentials (profiles), cache, drafts and UI settings.

Never imports textual or the API client; everything here works without a network.
"""

from convert_tui.config.atomic import atomic_write
from convert_tui.config.errors import (
    ConfigError,
    CredentialsFileError,
    CredentialsPermissionError,
    InsecureBaseURLError,
    InvalidProfileNameError,
    MissingCredentialsError,
    ProfileNotFoundError,
)
from convert_tui.config.paths import AppPaths, app_paths

__all__ = [
    "AppPaths",
    "ConfigError",
    "CredentialsFileError",
    "CredentialsPermissionError",
    "InsecureBaseURLError",
    "InvalidProfileNameError",
    "MissingCredentialsError",
    "ProfileNotFoundError",
    "app_paths",
    "atomic_write",
]
