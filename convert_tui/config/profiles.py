"""Saved API credentials ("profiles") and how the one in use is chosen.

Storage: `credentials.json` in the config dir, file 0600 inside a 0700 dir:
    {"version": 1, "profiles": {"<name>": {"app_id", "secret", "base_url", "read_only"}}}
Like ssh with a private key, every reader refuses a file that group or others can access.

Resolution order (`resolve_profile`): an explicit profile name; else the environment
credentials `CONVERT_APPLICATION_ID` + `CONVERT_SECRET_KEY`; else `CONVERT_PROFILE`; else
"default". The base URL is: the override argument, else `CONVERT_API_BASE_URL`, else the
profile's, else production.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import json
import os
import re
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from convert_tui.config.atomic import atomic_write
from convert_tui.config.errors import (
    CredentialsFileError,
    CredentialsPermissionError,
    InsecureBaseURLError,
    InvalidProfileNameError,
    MissingCredentialsError,
    ProfileNotFoundError,
)
from convert_tui.config.local_files import (
    BadLocalFile,
    NotRegularFile,
    open_regular,
    parse_json,
    read_fd,
)
from convert_tui.config.paths import app_paths, ensure_private_dir
from convert_tui.secret import Secret, as_secret

# The contract's production URL. Kept here too (not imported from convert_tui.api) so config
# stays importable on its own; the two must match.
PRODUCTION_BASE_URL = "https://api.convert.com/api/v1"
DEFAULT_PROFILE = "default"
ENV_PROFILE_NAME = "env"  # name of the profile built from environment credentials
CREDENTIALS_FILENAME = "credentials.json"
FILE_FORMAT_VERSION = 1
MAX_CREDENTIALS_BYTES = 1024 * 1024  # a few profiles take a few hundred bytes each

ENV_APP_ID = "CONVERT_APPLICATION_ID"
ENV_SECRET = "CONVERT_SECRET_KEY"
ENV_BASE_URL = "CONVERT_API_BASE_URL"
ENV_PROFILE = "CONVERT_PROFILE"

_NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_CONTROL_CHARS = re.compile("[\x00-\x1f\x7f-\x9f]")


@dataclasses.dataclass(frozen=True, slots=True)
class Profile:
    """One set of credentials. `secret` is a Secret: masked in repr, str and errors.

    Plain Python, not a pydantic model: resolving the profile at start-up must not wait for
    pydantic to import. `secret` may be given as text or anything with `get_secret_value()`
    (pydantic's SecretStr too); it is always held as a Secret. The fields are checked here, so
    a hand-made Profile is validated as one read from the credentials file.
    """

    name: str
    app_id: str
    secret: Secret
    base_url: str = PRODUCTION_BASE_URL
    read_only: bool = False

    def __post_init__(self) -> None:
        for field in ("name", "app_id", "secret", "base_url", "read_only"):
            value = getattr(self, field)
            problem = _field_problem(field, value)
            if problem is not None:
                error, message = problem
                raise error(f"{field}: {message}")
        # Frozen: the normal form of a valid value is stored through object.__setattr__.
        object.__setattr__(self, "secret", as_secret(self.secret))
        object.__setattr__(self, "read_only", bool(self.read_only))


_REQUIRED_FIELDS = ("app_id", "secret")  # `name` is the entry's key in the file
_FILE_FIELDS = ("app_id", "secret", "base_url", "read_only")


def _field_problem(field: str, value: object) -> tuple[type[Exception], str] | None:
    """What is wrong with `value` for `field` (the error type and a message), or None.

    The message names types, never the value: it may be the secret.
    """
    if field == "secret":
        reveal = getattr(value, "get_secret_value", None)
        if isinstance(value, str) or (callable(reveal) and isinstance(reveal(), str)):
            return None
        return TypeError, f"expected text or a secret, got {type(value).__name__}"
    if field == "read_only":
        if isinstance(value, bool):
            return None
        if isinstance(value, int):  # 0/1, as pydantic's lax mode took them
            return None if value in (0, 1) else (ValueError, "expected true or false, got a number")
        return TypeError, f"expected true or false, got {type(value).__name__}"
    if not isinstance(value, str):
        return TypeError, f"expected text, got {type(value).__name__}"
    if _CONTROL_CHARS.search(value):  # a line break or escape would reach the terminal
        return ValueError, "contains control characters (a line break or an escape)"
    return None


def credentials_path() -> Path:
    return app_paths().config / CREDENTIALS_FILENAME


def validate_profile_name(name: str) -> str:
    if not _NAME_RE.fullmatch(name):
        raise InvalidProfileNameError(
            f"invalid profile name {name!r}: use up to 64 letters, digits, '.', '_' or '-'"
        )
    return name


def check_base_url(url: str, allow_insecure: bool = False) -> str:
    """Return the URL without a trailing slash, or raise InsecureBaseURLError.

    https is required: the signature does not hide the request, and a proxy in the clear could
    replay it. Plain http is accepted for loopback hosts (the local sandbox) or when the user
    explicitly allows it.
    """
    invalid = InsecureBaseURLError(f"invalid base URL {url!r}: expected https://host/path")
    try:
        parts = urlsplit(url.strip())
        _ = parts.port  # raises ValueError unless the port is absent or 0-65535
    except ValueError:  # also an unclosed IPv6 bracket: "https://[::1"
        raise invalid from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise invalid
    if parts.scheme == "http" and not allow_insecure and not _is_loopback(parts.hostname):
        raise InsecureBaseURLError(
            f"refusing plain http to {parts.hostname}: use an https:// base URL "
            "(http is only allowed for localhost) or pass --allow-insecure"
        )
    return url.strip().rstrip("/")


def _is_loopback(host: str) -> bool:
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


# -- reading and writing the credentials file ------------------------------------------------


def _read_private_file(path: Path) -> bytes | None:
    """The file's bytes, None if it does not exist. Refused, as ssh refuses a private key: a
    symbolic link (it could point anywhere; the chmod advice would change its target), a file
    of another user, one that others can access, and anything that is not a regular file.

    The checks are made on the open descriptor (fstat), so the file cannot be swapped between
    the check and the read; the open never blocks (a FIFO) and never follows a link.
    """
    try:
        opened = open_regular(path, nofollow=True)
    except NotRegularFile as exc:
        if path.is_symlink():
            raise CredentialsPermissionError(
                f"credentials file {path} is a symbolic link; refusing to follow it, as ssh "
                f"does. Replace the link with the file itself (or run `convert-tui login`)"
            ) from None
        raise CredentialsFileError(f"credentials file unusable: {exc}") from None
    except BadLocalFile as exc:
        raise CredentialsFileError(f"credentials file unusable: {exc}") from None
    if opened is None:
        return None
    fd, info = opened
    if os.name == "posix":
        problem = _private_problem(path, info)
        if problem is not None:
            os.close(fd)
            raise CredentialsPermissionError(problem)
    try:
        return read_fd(fd, path, MAX_CREDENTIALS_BYTES)
    except BadLocalFile as exc:
        raise CredentialsFileError(f"credentials file unusable: {exc}") from None


def _private_problem(path: Path, info: os.stat_result) -> str | None:
    """Why a credentials file must not be used (owner, then mode), or None."""
    me = os.geteuid()
    if info.st_uid != me:
        return (
            f"credentials file {path} belongs to another user (uid {info.st_uid}, you are "
            f"uid {me}); refusing to use it, as ssh does. Move it away and run "
            f"`convert-tui login` to create your own"
        )
    mode = stat.S_IMODE(info.st_mode)
    if mode & 0o077:
        # Safe advice: the file checked is a regular file of ours, not a link to another.
        return (
            f"credentials file {path} is accessible by others (mode {mode:04o}); "
            f"refusing to use it. Fix with: chmod 600 {path}"
        )
    return None


def _parse(raw: bytes, path: Path) -> dict[str, Profile]:
    try:
        document = parse_json(raw, path)
    except BadLocalFile as exc:  # its text names a position, never the content
        raise CredentialsFileError(f"credentials file unusable: {exc}") from None
    entries = document.get("profiles") if isinstance(document, dict) else None
    if not isinstance(entries, dict):
        raise CredentialsFileError(f"credentials file {path} has no 'profiles' object")
    profiles: dict[str, Profile] = {}
    for name, entry in entries.items():
        if not _NAME_RE.fullmatch(name):  # printed by `profiles`: no line break, no escape
            raise CredentialsFileError(
                f"credentials file {path}: profile name {name!r} is invalid (use up to 64 "
                "letters, digits, '.', '_' or '-')"
            )
        if not isinstance(entry, dict):
            raise CredentialsFileError(f"credentials file {path}: profile {name!r} is malformed")
        # Unknown keys are ignored (a newer version may add some). Only field names and what
        # is wrong are reported: the values (one is the secret) are left out.
        problems = [f"{field}: required" for field in _REQUIRED_FIELDS if field not in entry]
        for field in _FILE_FIELDS:
            problem = _field_problem(field, entry[field]) if field in entry else None
            if problem is not None:
                problems.append(f"{field}: {problem[1]}")
        if problems:
            raise CredentialsFileError(
                f"credentials file {path}: profile {name!r} is invalid ({'; '.join(problems)})"
            )
        profiles[name] = Profile(
            name=name, **{field: entry[field] for field in _FILE_FIELDS if field in entry}
        )
    return profiles


def _write(profiles: Mapping[str, Profile], path: Path) -> None:
    ensure_private_dir(path.parent)
    document: dict[str, Any] = {
        "version": FILE_FORMAT_VERSION,
        "profiles": {
            name: {
                "app_id": p.app_id,
                "secret": p.secret.get_secret_value(),
                "base_url": p.base_url,
                "read_only": p.read_only,
            }
            for name, p in sorted(profiles.items())
        },
    }
    atomic_write(path, json.dumps(document, indent=2) + "\n", mode=0o600)


def load_profiles(path: Path | None = None) -> dict[str, Profile]:
    """All saved profiles by name ({} when there is no file)."""
    target = path or credentials_path()
    raw = _read_private_file(target)
    return {} if raw is None else _parse(raw, target)


def get_profile(name: str, path: Path | None = None) -> Profile:
    profiles = load_profiles(path)
    if name not in profiles:
        raise ProfileNotFoundError(name, profiles)
    return profiles[name]


def save_profile(profile: Profile, path: Path | None = None) -> Path:
    """Add or replace `profile`; returns the credentials file's path."""
    validate_profile_name(profile.name)
    target = path or credentials_path()
    profiles = load_profiles(target)
    profiles[profile.name] = profile
    _write(profiles, target)
    return target


def delete_profile(name: str, path: Path | None = None) -> None:
    target = path or credentials_path()
    profiles = load_profiles(target)
    if name not in profiles:
        raise ProfileNotFoundError(name, profiles)
    del profiles[name]
    _write(profiles, target)


def selected_profile_name(name: str | None, env: Mapping[str, str]) -> str:
    """The saved profile a command means: explicit name, else CONVERT_PROFILE, else default."""
    return name or env.get(ENV_PROFILE, "").strip() or DEFAULT_PROFILE


def resolve_profile(
    name: str | None,
    env: Mapping[str, str],
    *,
    base_url: str | None = None,
    path: Path | None = None,
) -> Profile:
    """The profile to connect with (see the module docstring for the order).

    Environment credentials need no credentials file at all (CI, containers).
    """
    env_app_id = env.get(ENV_APP_ID, "").strip()
    env_secret = env.get(ENV_SECRET, "")
    url = base_url or env.get(ENV_BASE_URL, "").strip() or None
    if name is None and (env_app_id or env_secret):
        if not (env_app_id and env_secret):
            missing = ENV_SECRET if env_app_id else ENV_APP_ID
            raise MissingCredentialsError(
                f"{ENV_APP_ID} and {ENV_SECRET} must be set together ({missing} is empty)"
            )
        return Profile(
            name=ENV_PROFILE_NAME,
            app_id=env_app_id,
            secret=Secret(env_secret),
            base_url=url or PRODUCTION_BASE_URL,
        )
    profile = get_profile(selected_profile_name(name, env), path)
    return dataclasses.replace(profile, base_url=url) if url else profile
