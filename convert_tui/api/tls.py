"""The TLS trust of the process: which CAs the client trusts, built once, off the critical path.

Which certificates are trusted (the team's decisions, "TLS trust"), the first that is set wins:
    --ca-bundle FILE  >  CONVERT_CA_BUNDLE  >  SSL_CERT_FILE / SSL_CERT_DIR  >  the default store
A given bundle replaces the default store (a TLS-inspecting proxy's CA bundle is all that is
needed behind one). Verification is never off: the host name is checked, an unknown CA refused.

The default store is the system's certificate directory (OpenSSL's hashed `certs/`, as Debian,
Ubuntu, Fedora and Alpine keep it), read lazily: a handshake opens only the few CA files its
chain names, where loading a whole bundle file (certifi's, or the system's) costs 70-130 ms.
Without such a directory (macOS and Windows Pythons), certifi's bundle, as httpx uses.

One context serves every client of the process, built at the first client. A directory costs
~1.5 ms to set up (`ssl` itself is loaded by httpcore anyway), so it is built then, in line. A
bundle file (the user's, or certifi's) costs 70-130 ms to load: `prepare` (called at process
start by the command line) starts loading it in a thread, which OpenSSL does without holding
the GIL, while the program imports. A thread for the directory as well was measured to slow
the TUI's first frame by 10-30% (its `import ssl` contends for the GIL with Textual's imports)
for nothing to hide. Imports here are stdlib only.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Mapping
from concurrent.futures import Future
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import ssl

ENV_CA_BUNDLE = "CONVERT_CA_BUNDLE"
ENV_CERT_FILE = "SSL_CERT_FILE"
ENV_CERT_DIR = "SSL_CERT_DIR"
_HASHED_NAME = re.compile(r"[0-9a-f]{8}\.[0-9]+")  # OpenSSL's <subject hash>.<n> file names


UNTRUSTED_HINT = (
    "the server's certificate was refused (it names another host, or its CA is not trusted "
    "here); behind a TLS-inspecting proxy, trust the proxy's CA with --ca-bundle FILE or "
    "CONVERT_CA_BUNDLE"
)


class CABundleError(ValueError):
    """A CA bundle that cannot be used (missing, unreadable, no certificates in it)."""


def certificate_refused(exc: BaseException) -> bool:
    """Whether `exc` (or what caused it) is a failed certificate or host name check."""
    seen: BaseException | None = exc
    for _ in range(8):  # a short chain: TransportError <- httpx <- httpcore <- ssl
        if seen is None:
            return False
        if type(seen).__name__ == "SSLCertVerificationError":
            return True
        if "CERTIFICATE_VERIFY_FAILED" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


class TrustSource(NamedTuple):
    """Where the trusted CAs come from: a bundle file and/or a hashed directory, or neither
    (the default store). `origin` names the setting, for messages."""

    cafile: str | None = None
    capath: str | None = None
    origin: str = "the default trust store"


def trust_source(ca_bundle: str | None = None, env: Mapping[str, str] | None = None) -> TrustSource:
    """The source the precedence picks; a given path is checked (exists, readable)."""
    environ = os.environ if env is None else env
    for origin, value in (("--ca-bundle", ca_bundle), (ENV_CA_BUNDLE, environ.get(ENV_CA_BUNDLE))):
        if value:
            return _checked(value, origin)
    cert_file, cert_dir = environ.get(ENV_CERT_FILE), environ.get(ENV_CERT_DIR)
    if cert_file or cert_dir:
        file_source = _checked(cert_file, ENV_CERT_FILE) if cert_file else TrustSource()
        return TrustSource(
            file_source.cafile,
            cert_dir or None,
            " and ".join(n for n, v in ((ENV_CERT_FILE, cert_file), (ENV_CERT_DIR, cert_dir)) if v),
        )
    return TrustSource()


def _checked(path: str, origin: str) -> TrustSource:
    """A bundle file, or a directory of hashed certificates (as `c_rehash` leaves them)."""
    where = f"{origin} {path}"
    if os.path.isdir(path):
        return TrustSource(capath=path, origin=where)
    try:
        with open(path, "rb") as bundle:
            head = bundle.read(1 << 20)
    except FileNotFoundError:
        raise CABundleError(f"{where}: no such file; give a PEM file of CA certificates") from None
    except OSError as exc:
        raise CABundleError(f"{where}: cannot be read ({exc.strerror or exc})") from None
    if b"-----BEGIN CERTIFICATE-----" not in head:
        raise CABundleError(f"{where}: not a PEM file of CA certificates (no BEGIN CERTIFICATE)")
    return TrustSource(cafile=path, origin=where)


def build_context(source: TrustSource) -> ssl.SSLContext:
    """A client context verifying certificates and host names against `source`'s CAs."""
    import ssl

    cafile, capath = source.cafile, source.capath
    if cafile is None and capath is None:
        capath = system_cert_dir()
        if capath is None:
            import certifi

            cafile = certifi.where()
    try:
        # As httpx builds its own (protocol, options, hostname check, verification).
        return ssl.create_default_context(cafile=cafile, capath=capath)
    except (OSError, ssl.SSLError) as exc:
        problem = f"{source.origin}: its certificates could not be loaded: {exc}"
        raise CABundleError(problem) from exc


def system_cert_dir() -> str | None:
    """OpenSSL's certificate directory when it holds hashed certificates, else None."""
    import ssl

    path = ssl.get_default_verify_paths().openssl_capath
    try:
        with os.scandir(path) as entries:
            if any(_HASHED_NAME.fullmatch(entry.name) for entry in entries):
                return path
    except OSError:
        pass
    return None


# -- the one context of the process ------------------------------------------------------------

_lock = threading.Lock()
_built: dict[TrustSource, Future[ssl.SSLContext]] = {}
_chosen: TrustSource | None = None


def prepare(ca_bundle: str | None = None, env: Mapping[str, str] | None = None) -> TrustSource:
    """Choose the process's trust (raises CABundleError for a bad given path); a bundle file
    starts loading in a thread now."""
    global _chosen
    source = trust_source(ca_bundle, env)
    with _lock:
        _chosen = source
    if source.cafile is not None:
        _start(source, in_thread=True)
    return source


def reset() -> None:
    """Forget the choice of `prepare`: later contexts follow the environment again."""
    global _chosen
    with _lock:
        _chosen = None


def context() -> ssl.SSLContext:
    """The process's client context (the one `prepare` chose, else from the environment).

    Raises CABundleError when its certificates cannot be loaded."""
    with _lock:
        source = _chosen
    return _start(source if source is not None else trust_source()).result()


def _start(source: TrustSource, *, in_thread: bool = False) -> Future[ssl.SSLContext]:
    with _lock:
        future = _built.get(source)
        if future is not None:
            return future
        future = _built[source] = Future()
    if in_thread:
        # Not a daemon: the process ends only once the load is done. A command that ends at
        # once (a usage error) otherwise exited under a load in progress, and OpenSSL's exit
        # cleanup freed what the thread was using: a SIGSEGV (exit -11) seen in CI.
        thread = threading.Thread(target=_build_into, args=(source, future), name="tls-context")
        thread.daemon = False
        thread.start()
    else:
        _build_into(source, future)
    return future


def _build_into(source: TrustSource, future: Future[ssl.SSLContext]) -> None:
    try:
        future.set_result(build_context(source))
    except BaseException as exc:  # handed to whoever asks; the next ask tries again
        with _lock:
            _built.pop(source, None)
        future.set_exception(exc)
