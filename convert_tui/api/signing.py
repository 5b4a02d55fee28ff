"""Request signing ("requestSigning" of the contract): HMAC-SHA256 over id, expiry, URL and body."""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable, Generator

import httpx

from convert_tui.secret import Secret, SecretLike, as_secret

APP_ID_HEADER = "Convert-Application-ID"
EXPIRES_HEADER = "Expires"
AUTHORIZATION_HEADER = "Authorization"
SIGNATURE_SCHEME = "Convert-HMAC-SHA256"


def sign(app_id: str, secret: str | SecretLike, expires: int, url: str, body: bytes) -> str:
    """Lowercase hex HMAC-SHA256 of `app_id\\nexpires\\nurl\\nbody`, keyed with the secret."""
    key = secret if isinstance(secret, str) else secret.get_secret_value()
    message = f"{app_id}\n{expires}\n{url}\n".encode() + body
    return hmac.new(key.encode("utf-8"), message, hashlib.sha256).hexdigest()


class ConvertAuth(httpx.Auth):
    """Signs each request as it is sent: the final URL string and the exact body bytes.

    httpx runs the auth flow again for every send, so a retried request gets a fresh `Expires`.
    """

    # Makes httpx load a streamed body before the flow runs, so `request.content` is complete.
    requires_request_body = True

    def __init__(
        self,
        app_id: str,
        secret: str | SecretLike,
        *,
        expires_in: int = 60,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self.app_id = app_id
        self._secret: Secret = as_secret(secret)
        self.expires_in = expires_in
        # Looked up per request (not bound at import) so tests can freeze time.time.
        self._clock = clock

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        now = self._clock() if self._clock is not None else time.time()
        expires = int(now) + self.expires_in
        signature = sign(self.app_id, self._secret, expires, str(request.url), request.content)
        request.headers[APP_ID_HEADER] = self.app_id
        request.headers[EXPIRES_HEADER] = str(expires)
        request.headers[AUTHORIZATION_HEADER] = f"{SIGNATURE_SCHEME} Signature={signature}"
        yield request

    def __repr__(self) -> str:
        return f"ConvertAuth(app_id={self.app_id!r}, secret='**********')"
