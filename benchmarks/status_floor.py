"""The floor under `status --json`: what its fixed design costs before any of its own work.

    python -m benchmarks.status_floor REQUESTS     # credentials and base URL from the environment

It imports what the command cannot do without (httpx, pydantic with one model built and used,
asyncio), then sends REQUESTS signed requests with a bare httpx.AsyncClient, 8 in flight like the
command: the project list, then the first project over and over (bodies smaller than the
command's reports). No models of ours, no statistics, no output. `bench_status` times it next to
the command, so the table shows how much of the command's time is this floor.
"""

from __future__ import annotations

import gc

if __name__ == "__main__":
    gc.disable()  # as `convert-tui status` runs (cli.main): the floor takes its shortcuts too

import asyncio
import hashlib
import hmac
import os
import sys
import time

sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]  # (as convert_tui.api)
import httpx  # noqa: E402
import pydantic  # noqa: E402


class _Record(pydantic.BaseModel):  # pydantic's model machinery loads with the first model
    id: str
    name: str = ""


def _signed(app_id: str, secret: str, url: str, body: bytes) -> dict[str, str]:
    expires = str(int(time.time()) + 60)
    message = f"{app_id}\n{expires}\n{url}\n{body.decode()}".encode()
    signature = hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    return {
        "Convert-Application-ID": app_id,
        "Expires": expires,
        "Authorization": f"Convert-HMAC-SHA256 Signature={signature}",
    }


class _Session:
    """Signed requests with a bare httpx.AsyncClient, 8 in flight (as the command)."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.app_id = os.environ["CONVERT_APPLICATION_ID"]
        self.secret = os.environ["CONVERT_SECRET_KEY"]
        self.base = os.environ["CONVERT_API_BASE_URL"].rstrip("/")
        self.client = client
        self.limit = asyncio.Semaphore(8)

    async def send(self, method: str, path: str, body: bytes = b"") -> object:
        url = self.base + path
        async with self.limit:
            headers = _signed(self.app_id, self.secret, url, body)
            response = await self.client.request(method, url, content=body or None, headers=headers)
            response.raise_for_status()
            return response.json()

    async def projects(self) -> list[_Record]:
        listed = await self.send("POST", "/projects", b'{"page":1,"results_per_page":100}')
        assert isinstance(listed, list)
        return [_Record.model_validate(item) for item in listed]


async def fetch_project_names() -> list[str]:
    """The first page of projects, each validated by a pydantic model (the live-frame floor)."""
    async with httpx.AsyncClient() as client:
        return [record.name for record in await _Session(client).projects()]


async def _run(requests: int) -> None:
    async with httpx.AsyncClient(limits=httpx.Limits(max_connections=8)) as client:
        session = _Session(client)
        first = (await session.projects())[0]
        path = f"/projects/get/{first.id}"
        await asyncio.gather(*(session.send("GET", path) for _ in range(requests - 1)))


if __name__ == "__main__":
    asyncio.run(_run(int(sys.argv[1])))
