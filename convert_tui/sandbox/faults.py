"""Outer middleware: request log, Date header, and injected faults (latency, 500s, 429s)."""

from __future__ import annotations

import asyncio
import math
import random
import threading
import time
from typing import Any

from convert_tui.sandbox.responses import http_date, send_error


class RequestLog(list[tuple[str, str]]):
    """The (method, path) of every request received, appended from the server thread."""

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()

    def record(self, method: str, path: str) -> None:
        with self._lock:
            self.append((method, path))


class TokenBucket:
    """`rate` requests per second with a burst of max(1, rate)."""

    def __init__(self, rate: float, clock: Any = time.monotonic) -> None:
        self.rate = rate
        self.capacity = max(1.0, rate)
        self.tokens = self.capacity
        self.clock = clock
        self.updated = clock()

    def take(self) -> float:
        """Take a token; 0 when granted, else the seconds until one is available."""
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / self.rate


class OuterMiddleware:
    def __init__(
        self,
        app: Any,
        log: RequestLog,
        latency_ms: int = 0,
        fail_rate: float = 0.0,
        rate_limit: float = 0,
        seed: int = 1,
    ) -> None:
        self.app = app
        self.log = log
        self.latency = max(0, latency_ms) / 1000
        self.fail_rate = fail_rate
        # Its own seeded RNG so injected failures repeat run to run.
        self.rng = random.Random(f"faults:{seed}")
        self.bucket = TokenBucket(rate_limit) if rate_limit > 0 else None

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        self.log.record(scope["method"], scope["path"])

        async def send_with_date(message: dict[str, Any]) -> None:
            # Clients compare this with their clock to explain 401s caused by clock skew.
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", []) if h[0].lower() != b"date"]
                headers.append((b"date", http_date().encode()))
                message = {**message, "headers": headers}
            await send(message)

        if self.latency:
            await asyncio.sleep(self.latency)
        if self.bucket is not None:
            wait = self.bucket.take()
            if wait > 0:
                retry = str(max(1, math.ceil(wait)))
                await send_error(send_with_date, 429, "Rate limit exceeded", {"Retry-After": retry})
                return
        if self.fail_rate > 0 and self.rng.random() < self.fail_rate:
            await send_error(send_with_date, 500, "Injected server fault (fail_rate)")
            return
        await self.app(scope, receive, send_with_date)
