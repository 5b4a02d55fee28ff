"""Profiles: storage modes, refusal of open files, environment resolution, base URL checks."""

from __future__ import annotations

import dataclasses
import json
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from convert_tui.config import profiles
from convert_tui.config.errors import (
    CredentialsFileError,
    CredentialsPermissionError,
    InsecureBaseURLError,
    InvalidProfileNameError,
    MissingCredentialsError,
    ProfileNotFoundError,
)
from convert_tui.config.profiles import Profile
from convert_tui.secret import Secret

SECRET = "zz-Distinctive-Secret-9f3c71"
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


@pytest.fixture
def umask_zero() -> Iterator[None]:
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def make(name: str = "default", **changes: object) -> Profile:
    fields: dict[str, object] = {"name": name, "app_id": f"app-{name}", "secret": SECRET}
    return Profile(**{**fields, **changes})  # type: ignore[arg-type]


def mode_of(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_save_load_roundtrip(home: Path) -> None:
    profiles.save_profile(make("default"))
    profiles.save_profile(make("sandbox", base_url="http://127.0.0.1:8787/api/v1", read_only=True))
    loaded = profiles.load_profiles()
    assert sorted(loaded) == ["default", "sandbox"]
    assert loaded["sandbox"].read_only is True
    assert loaded["sandbox"].secret.get_secret_value() == SECRET
    assert loaded["default"].base_url == "https://api.convert.com/api/v1"
    assert profiles.get_profile("sandbox").app_id == "app-sandbox"


def test_no_file_means_no_profiles(home: Path) -> None:
    assert profiles.load_profiles() == {}


@posix_only
@pytest.mark.usefixtures("umask_zero")
def test_credentials_file_is_0600_in_a_0700_dir_even_with_umask_zero(home: Path) -> None:
    path = profiles.save_profile(make())
    assert path == home / "config" / "credentials.json"
    assert mode_of(path) == 0o600
    assert mode_of(path.parent) == 0o700


def test_secret_never_in_repr_str_or_json_dump(home: Path) -> None:
    profile = make()
    dumped = dataclasses.asdict(profile)
    for text in (repr(profile), str(profile), json.dumps(dumped, default=str), str(dumped)):
        assert SECRET not in text


@pytest.mark.parametrize("given", [SECRET, SecretStr(SECRET), Secret(SECRET)])
def test_secret_given_as_text_or_secretstr_is_held_as_a_secret(given: object) -> None:
    profile = make(secret=given)
    assert isinstance(profile.secret, Secret)
    assert profile.secret == Secret(SECRET)
    assert profile.secret == SecretStr(SECRET)
    assert profile.secret.get_secret_value() == SECRET
    assert SECRET not in repr(profile)
    assert profile == make(secret=SECRET)  # equal by value, whatever the secret came as


def test_profile_is_frozen_and_replace_keeps_the_secret() -> None:
    profile = make()
    with pytest.raises(dataclasses.FrozenInstanceError):
        profile.app_id = "other"  # type: ignore[misc]
    moved = dataclasses.replace(profile, base_url="https://proxy.example/api/v1")
    assert moved.base_url == "https://proxy.example/api/v1"
    assert moved.secret == Secret(SECRET) and moved.name == profile.name
    assert profile.base_url == profiles.PRODUCTION_BASE_URL


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("app_id", 7, TypeError),
        ("name", None, TypeError),
        ("secret", 12345, TypeError),
        ("secret", None, TypeError),
        ("base_url", ["x"], TypeError),
        ("read_only", "maybe", TypeError),
        ("read_only", 2, ValueError),
    ],
)
def test_a_hand_made_profile_is_validated(field: str, value: object, error: type) -> None:
    with pytest.raises(error, match=f"^{field}: ") as caught:
        Profile(**{"name": "n", "app_id": "a", "secret": SECRET, field: value})  # type: ignore[arg-type]
    assert SECRET not in str(caught.value)


def test_read_only_takes_zero_and_one_as_booleans() -> None:
    assert make(read_only=1).read_only is True
    assert make(read_only=0).read_only is False


def test_delete_profile(home: Path) -> None:
    profiles.save_profile(make("a"))
    profiles.save_profile(make("b"))
    profiles.delete_profile("a")
    assert list(profiles.load_profiles()) == ["b"]
    with pytest.raises(ProfileNotFoundError):
        profiles.delete_profile("a")


def test_unknown_profile_lists_known_names(home: Path) -> None:
    profiles.save_profile(make("alpha"))
    profiles.save_profile(make("beta"))
    with pytest.raises(ProfileNotFoundError) as caught:
        profiles.get_profile("gamma")
    message = str(caught.value)
    assert "gamma" in message and "alpha, beta" in message
    assert SECRET not in message


@pytest.mark.parametrize("name", ["", "../evil", "a/b", "-dash", "x" * 65, "sp ace"])
def test_unsafe_profile_names_are_rejected(home: Path, name: str) -> None:
    with pytest.raises(InvalidProfileNameError):
        profiles.save_profile(make(name))


# -- refusal of a credentials file others can read -------------------------------------------


READERS: dict[str, Callable[[], object]] = {
    "load_profiles": profiles.load_profiles,
    "get_profile": lambda: profiles.get_profile("default"),
    "save_profile": lambda: profiles.save_profile(make("other")),
    "delete_profile": lambda: profiles.delete_profile("default"),
    "resolve_profile": lambda: profiles.resolve_profile(None, {}),
}


@posix_only
@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o660])
@pytest.mark.parametrize("reader", sorted(READERS))
def test_every_reader_refuses_a_file_others_can_access(home: Path, mode: int, reader: str) -> None:
    path = profiles.save_profile(make("default"))
    os.chmod(path, mode)
    with pytest.raises(CredentialsPermissionError) as caught:
        READERS[reader]()
    message = str(caught.value)
    assert f"chmod 600 {path}" in message
    assert SECRET not in message
    os.chmod(path, 0o600)  # fixed as the message says: accepted again
    assert "default" in profiles.load_profiles()


def test_corrupt_file_is_a_clear_error_without_the_secret(home: Path) -> None:
    path = profiles.credentials_path()
    path.parent.mkdir(parents=True)
    entry = {"app_id": "1", "secret": SECRET, "read_only": "maybe"}
    path.write_text(json.dumps({"profiles": {"x": entry}}))
    os.chmod(path, 0o600)
    with pytest.raises(CredentialsFileError) as caught:
        profiles.load_profiles()
    assert "read_only" in str(caught.value)
    assert SECRET not in str(caught.value)
    path.write_text("{not json")
    with pytest.raises(CredentialsFileError, match="not valid JSON"):
        profiles.load_profiles()


def write_credentials(entries: dict[str, object]) -> Path:
    path = profiles.credentials_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"version": 1, "profiles": entries}))
    os.chmod(path, 0o600)
    return path


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"app_id": 7}, "app_id"),
        ({"app_id": None}, "app_id"),
        ({"read_only": "maybe"}, "read_only"),
        ({"read_only": 2}, "read_only"),
        ({"read_only": None}, "read_only"),
        ({"base_url": 443}, "base_url"),
        ({"secret": 12345}, "secret"),
        ({"secret": {"value": SECRET}}, "secret"),
        ({"secret": [SECRET]}, "secret"),
    ],
)
def test_a_wrong_type_in_the_file_names_the_field_not_the_secret(
    home: Path, changes: dict[str, object], field: str
) -> None:
    path = write_credentials({"x": {"app_id": "1", "secret": SECRET, **changes}})
    with pytest.raises(CredentialsFileError) as caught:
        profiles.load_profiles()
    message = str(caught.value)
    assert message.startswith(f"credentials file {path}: profile 'x' is invalid ({field}: ")
    assert SECRET not in message and "12345" not in message


def test_missing_fields_in_the_file_are_all_named(home: Path) -> None:
    write_credentials({"x": {"base_url": SECRET}})
    with pytest.raises(CredentialsFileError) as caught:
        profiles.load_profiles()
    message = str(caught.value)
    assert "app_id: required" in message and "secret: required" in message
    assert SECRET not in message


def test_unknown_keys_are_ignored_and_zero_one_read_as_booleans(home: Path) -> None:
    write_credentials(
        {
            "a": {"app_id": "1", "secret": SECRET, "read_only": 1, "added_later": [1], "name": "z"},
            "b": {"app_id": "2", "secret": SECRET, "read_only": 0},
        }
    )
    loaded = profiles.load_profiles()
    assert loaded["a"].read_only is True and loaded["b"].read_only is False
    assert loaded["a"].name == "a"  # the key names the profile, not a "name" inside
    assert loaded["a"].secret == Secret(SECRET)
    assert loaded["b"].base_url == profiles.PRODUCTION_BASE_URL


# -- resolution --------------------------------------------------------------------------------


def test_env_credentials_need_no_saved_profile(home: Path) -> None:
    env = {"CONVERT_APPLICATION_ID": "env-app", "CONVERT_SECRET_KEY": SECRET}
    profile = profiles.resolve_profile(None, env)
    assert profile.app_id == "env-app"
    assert isinstance(profile.secret, Secret)
    assert profile.secret == SecretStr(SECRET)
    assert profile.base_url == profiles.PRODUCTION_BASE_URL
    assert not profiles.credentials_path().exists()


def test_env_base_url_and_override_argument(home: Path) -> None:
    env = {
        "CONVERT_APPLICATION_ID": "env-app",
        "CONVERT_SECRET_KEY": SECRET,
        "CONVERT_API_BASE_URL": "http://127.0.0.1:9/api/v1",
    }
    assert profiles.resolve_profile(None, env).base_url == "http://127.0.0.1:9/api/v1"
    overridden = profiles.resolve_profile(None, env, base_url="https://proxy.example/api/v1")
    assert overridden.base_url == "https://proxy.example/api/v1"


def test_half_set_env_credentials_are_an_error(home: Path) -> None:
    with pytest.raises(MissingCredentialsError, match="CONVERT_SECRET_KEY"):
        profiles.resolve_profile(None, {"CONVERT_APPLICATION_ID": "x"})
    with pytest.raises(MissingCredentialsError) as caught:
        profiles.resolve_profile(None, {"CONVERT_SECRET_KEY": SECRET})
    assert SECRET not in str(caught.value)


def test_default_profile_and_convert_profile_selection(home: Path) -> None:
    profiles.save_profile(make("default"))
    profiles.save_profile(make("work"))
    assert profiles.resolve_profile(None, {}).name == "default"
    assert profiles.resolve_profile(None, {"CONVERT_PROFILE": "work"}).name == "work"
    assert profiles.resolve_profile("default", {"CONVERT_PROFILE": "work"}).name == "default"


def test_explicit_profile_wins_over_env_credentials(home: Path) -> None:
    profiles.save_profile(make("work"))
    env = {"CONVERT_APPLICATION_ID": "env-app", "CONVERT_SECRET_KEY": "other"}
    assert profiles.resolve_profile("work", env).app_id == "app-work"
    assert profiles.resolve_profile(None, env).app_id == "env-app"


def test_base_url_override_applies_to_saved_profiles(home: Path) -> None:
    profiles.save_profile(make("default"))
    resolved = profiles.resolve_profile(None, {}, base_url="http://localhost:1/api/v1")
    assert resolved.base_url == "http://localhost:1/api/v1"
    assert profiles.get_profile("default").base_url == profiles.PRODUCTION_BASE_URL


def test_no_profile_and_no_env_says_how_to_log_in(home: Path) -> None:
    with pytest.raises(ProfileNotFoundError, match="convert-tui login"):
        profiles.resolve_profile(None, {})


# -- base URL ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://api.convert.com/api/v1",
        "http://127.0.0.1:8787/api/v1",
        "http://127.9.8.7/api/v1",
        "http://[::1]:8000/api/v1",
        "http://localhost:8000/api/v1",
    ],
)
def test_https_and_loopback_http_are_accepted(url: str) -> None:
    assert profiles.check_base_url(url + "/") == url


@pytest.mark.parametrize(
    "url", ["http://api.convert.com/api/v1", "http://10.0.0.5/api/v1", "http://[::2]/api/v1"]
)
def test_remote_http_is_refused_unless_allowed(url: str) -> None:
    with pytest.raises(InsecureBaseURLError, match="--allow-insecure"):
        profiles.check_base_url(url)
    assert profiles.check_base_url(url, allow_insecure=True) == url


@pytest.mark.parametrize("url", ["ftp://x/api", "api.convert.com/api/v1", "https://", ""])
def test_non_urls_are_refused(url: str) -> None:
    with pytest.raises(InsecureBaseURLError):
        profiles.check_base_url(url, allow_insecure=True)
