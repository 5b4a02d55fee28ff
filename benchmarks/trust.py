"""How the benchmark's programs trust the TLS sandbox: as a user's client trusts a real server.

A user's client trusts the default store: the system's hashed certificate directory, read
lazily (`convert_tui/api/tls.py`). The benchmark cannot add the sandbox's throwaway CA to that
directory, so it makes a copy of it (links to every system certificate, plus the CA under its
subject hash) and points SSL_CERT_DIR at it: the context is then built exactly as the default
one is (`ssl.create_default_context(capath=...)`), and a handshake looks CAs up the same way.
Where there is no such directory or no `openssl` to hash the CA, a bundle of certifi's CAs
plus the sandbox's (CONVERT_CA_BUNDLE), which is what the product loads there by default.
Every program of a comparison (the product and its floors) gets the same environment.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from convert_tui.api import tls

_HASHED_NAME = re.compile(r"[0-9a-f]{8}\.[0-9]+")  # OpenSSL's <subject hash>.<n>


@contextlib.contextmanager
def trusting(ca_path: Path) -> Iterator[dict[str, str]]:
    """The environment variables that make a client trust `ca_path` on top of the system's."""
    directory = Path(tempfile.mkdtemp(prefix="convert-bench-trust-"))
    try:
        yield _hashed_directory(directory, ca_path) or _bundle(directory, ca_path)
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def trust_dir(env: dict[str, str]) -> str:
    """The temporary directory of `trusting` (removed with it), for other scratch files."""
    return (
        os.path.dirname(env[tls.ENV_CA_BUNDLE])
        if tls.ENV_CA_BUNDLE in env
        else env[tls.ENV_CERT_DIR]
    )


def _hashed_directory(directory: Path, ca_path: Path) -> dict[str, str] | None:
    system = tls.system_cert_dir()
    openssl = shutil.which("openssl")
    if system is None or openssl is None:
        return None
    subject_hash = subprocess.run(
        [openssl, "x509", "-subject_hash", "-noout", "-in", str(ca_path)],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    names = set()
    for entry in os.scandir(system):
        if _HASHED_NAME.fullmatch(entry.name):
            (directory / entry.name).symlink_to(os.path.realpath(entry.path))
            names.add(entry.name)
    index = 0
    while f"{subject_hash}.{index}" in names:
        index += 1
    shutil.copy(ca_path, directory / f"{subject_hash}.{index}")
    return {tls.ENV_CERT_DIR: str(directory)}


def _bundle(directory: Path, ca_path: Path) -> dict[str, str]:
    import certifi

    bundle = directory / "bundle.pem"
    bundle.write_bytes(Path(certifi.where()).read_bytes() + b"\n" + ca_path.read_bytes())
    return {tls.ENV_CA_BUNDLE: str(bundle)}
