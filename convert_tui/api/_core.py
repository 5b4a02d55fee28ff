"""What every operation method of ConvertClient builds on: configuration, lifetime, plumbing."""

from __future__ import annotations

from collections.abc import Mapping
from types import TracebackType
from typing import Any, Self

import httpx

from convert_tui.api import _requests as rq
from convert_tui.api._requests import IdLike
from convert_tui.api._transport import OnRetry, RequestEngine, Sleep
from convert_tui.api.endpoints import PRODUCTION_BASE_URL
from convert_tui.api.limits import NetworkLimits
from convert_tui.secret import SecretLike, as_secret

Fields = Mapping[str, Any]


class ClientCore:
    def __init__(
        self,
        app_id: str,
        secret: str | SecretLike,
        base_url: str = PRODUCTION_BASE_URL,
        *,
        read_only: bool = False,
        timeout: httpx.Timeout | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        max_retries: int = 3,
        max_concurrency: int = 8,
        expires_in: int = 60,
        sleep: Sleep | None = None,
        deadline: float | None = None,
        max_body_mb: float | None = None,
        on_retry: OnRetry | None = None,
    ) -> None:
        """`sleep` (default asyncio.sleep) is what retries wait with; tests pass a fake.

        `deadline` (seconds for one request, body included) and `max_body_mb` (decoded size of
        an answer) default to CONVERT_TUI_DEADLINE / CONVERT_TUI_MAX_BODY_MB, else 30 s and
        32 MB (`api.limits`). `on_retry` is told, in one line, about every wait over 1 s."""
        self._engine = RequestEngine(
            app_id=app_id,
            secret=as_secret(secret),
            base_url=base_url,
            read_only=read_only,
            timeout=timeout,
            transport=transport,
            max_retries=max_retries,
            max_concurrency=max_concurrency,
            expires_in=expires_in,
            sleep=sleep,
            deadline=deadline,
            max_body_mb=max_body_mb,
            on_retry=on_retry,
        )

    @property
    def app_id(self) -> str:
        return self._engine.app_id

    @property
    def base_url(self) -> str:
        return self._engine.base_url

    @property
    def read_only(self) -> bool:
        return self._engine.read_only

    @read_only.setter
    def read_only(self, value: bool) -> None:
        self._engine.read_only = value

    @property
    def limits(self) -> NetworkLimits:
        """The deadline and size cap in force (README: "Reliability")."""
        return self._engine.limits

    @property
    def request_count(self) -> int:
        """Requests actually sent (each retry counts; a coalesced read counts once)."""
        return self._engine.request_count

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(app_id={self.app_id!r}, base_url={self.base_url!r}, "
            f"read_only={self.read_only!r})"
        )

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._engine.aclose()

    # --- plumbing -----------------------------------------------------------------------------

    def _record(self, operation: str, record: rq.M | Fields, model: type[rq.M]) -> rq.M:
        # Read-only wins over a validation error: the caller learns the real reason first.
        self._engine.check_writable(operation)
        return rq.as_record(operation, record, model)

    async def _one(
        self, operation: str, model: type[rq.M], body: Fields | None = None, **ids: IdLike
    ) -> rq.M:
        content = await self._engine.call_for_body(operation, rq.str_ids(**ids), body)
        record = rq.parse_one_json(content, model)
        if record is None:  # the careful path says what is wrong (or mends the text)
            record = rq.parse_one(operation, self._engine.decode(operation, content), model)
        return record

    async def _many(
        self, operation: str, model: type[rq.M], body: Fields, **ids: IdLike
    ) -> list[rq.M]:
        data = await self._engine.call(operation, rq.str_ids(**ids), body)
        return rq.parse_list(operation, data, model)
