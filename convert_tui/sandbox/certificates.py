"""Throwaway TLS certificates for `sandbox --tls`: a CA made at start and a server certificate
it signs, written to a private temporary directory that is removed when the sandbox stops.

Clients trust the CA file (`ca_path`) with `--ca-bundle` or `CONVERT_CA_BUNDLE`; nothing on the
machine trusts it otherwise. The CA's key never leaves this process's memory; the server's is
on disk (0700 directory) only until the server has loaded it.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path


class SandboxCertificates:
    """`ca_path` (the CA's certificate, PEM) and `server_pem` (the server's key and chain)."""

    def __init__(self, names: Sequence[str]) -> None:
        import trustme  # only `--tls` pays for it (it brings `cryptography`)

        self.names = tuple(names)
        self.directory = Path(tempfile.mkdtemp(prefix="convert-sandbox-tls-"))  # 0700
        self.ca_path = self.directory / "sandbox-ca.pem"
        self.server_pem = self.directory / "server.pem"
        ca = trustme.CA(organization_name="convert-tui sandbox (throwaway)")
        ca.cert_pem.write_to_path(str(self.ca_path))
        server = ca.issue_cert(*self.names)
        server.private_key_and_cert_chain_pem.write_to_path(str(self.server_pem))

    def remove(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)


def names_for(host: str) -> list[str]:
    """The names a client may use to reach a sandbox listening on `host`."""
    loopback = ["localhost", "127.0.0.1", "::1"]
    if host in ("", "0.0.0.0", "::", *loopback):
        return loopback
    return [host, *loopback]
