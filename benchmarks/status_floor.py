"""The floors under `status --json` and the live first frame: what the design costs before
any of the program's own work, taking exactly the product's shortcuts.

    python -m benchmarks.status_floor REQUESTS_FILE   # credentials, base URL from the environment

As `convert-tui status` runs (cli.main): the cyclic GC off, no teardown at exit
(`convert_tui.process_end`, the product's own code), the TLS context built in a thread
from process start (`convert_tui.api.tls.prepare`, the product's own code, same environment),
httpx without its command-line tool. Then the requests the command sent (REQUESTS_FILE: one
"METHOD PATH" a line, as the sandbox logged them), signed, with a bare httpx.AsyncClient on
that context, 8 in flight like the command: the project list first (checked by a pydantic
model, loaded after that answer as the product loads its models), then all the others at once
(the command waits for each project's list before its reports: more latency rounds, not
fewer). POST bodies as small as the command's (a page, a status filter, an empty range). No
models of ours, no statistics, no output. `bench_status` times it next to the command;
`startup_driver bare-live` uses `first_page_names` for the floor of the live frame.
"""

from __future__ import annotations

import gc

if __name__ == "__main__":
    gc.disable()  # as `convert-tui status` runs (cli.main): the floor takes its shortcuts too
    from convert_tui import process_end

    process_end.skip_teardown()  # as cli.main: the process ends without its teardown
    from convert_tui.api import tls

    tls.prepare()  # as cli.main: the same trust, built in a thread from process start

import asyncio
import hashlib
import hmac
import os
import sys
import time
from typing import Any
from urllib.parse import urlsplit

sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]  # (as convert_tui.api)
import httpx  # noqa: E402


def _signed(app_id: str, secret: str, url: str, body: bytes) -> dict[str, str]:
    expires = str(int(time.time()) + 60)
    message = f"{app_id}\n{expires}\n{url}\n{body.decode()}".encode()
    signature = hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    return {
        "Convert-Application-ID": app_id,
        "Expires": expires,
        "Authorization": f"Convert-HMAC-SHA256 Signature={signature}",
    }


def _client(connections: int) -> httpx.AsyncClient:
    from convert_tui.api import tls

    limits = httpx.Limits(max_connections=connections)
    return httpx.AsyncClient(verify=tls.context(), limits=limits)


def _check(listed: Any) -> list[Any]:
    """The projects checked by a pydantic model (its machinery loads with the first model)."""
    import pydantic

    class Record(pydantic.BaseModel):
        id: str
        name: str = ""

    assert isinstance(listed, list)
    return [Record.model_validate(item) for item in listed]


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

    async def projects(self) -> list[Any]:
        return _check(await self.send("POST", "/projects", _PAGE))


_PAGE = b'{"page":1,"results_per_page":100}'
_ACTIVE = b'{"page":1,"results_per_page":100,"experience_status":["active"]}'


def _body(method: str, path: str) -> bytes:
    if method != "POST":
        return b""
    return _ACTIVE if path.startswith("/experiences/") else _PAGE if path == "/projects" else b"{}"


async def first_page_names() -> list[str]:
    """Page 1 of the projects, checked by a pydantic model (the live-frame floor)."""
    async with _client(1) as client:
        return [record.name for record in await _Session(client).projects()]


async def _run(requests: list[tuple[str, str]]) -> None:
    async with _client(8) as client:
        session = _Session(client)
        await session.projects()
        prefix = len(urlsplit(session.base).path)  # the log's paths include the API prefix
        rest = [(m, p[prefix:]) for m, p in requests if not p.endswith("/projects")]
        await asyncio.gather(*(session.send(m, p, _body(m, p)) for m, p in rest))


def _requests(file: str) -> list[tuple[str, str]]:
    with open(file, encoding="utf-8") as lines:
        return [(m, p) for m, p in (line.split() for line in lines if line.strip())]


if __name__ == "__main__":
    asyncio.run(_run(_requests(sys.argv[1])))
    process_end.exit_code(0)
