"""An answer's body: read within the size cap, decoded in bounded steps, parsed as JSON.

httpx inflates a gzip chunk in one go: 64 KB off the wire can become 64 MB in memory before
anything could count it. Here the raw bytes are inflated at most `PIECE` bytes at a time and
counted as they come, so memory stays near the cap whatever the answer claims or compresses to.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import httpx

from convert_tui.api.errors import BodyTooLargeError, DecodeError, redact

# The encodings we decode ourselves (bounded); anything else the server sends is refused.
ACCEPT_ENCODING = "gzip, deflate"
PIECE = 64 * 1024
_MB = 1024 * 1024


class _Inflater:
    """One gzip or deflate layer, giving out at most PIECE bytes per step."""

    def __init__(self, encoding: str) -> None:
        self._gzip = encoding in ("gzip", "x-gzip")
        self._zlib: Any = None  # made at the first bytes: deflate's header says which kind
        self._head = b""

    def _start(self, data: bytes) -> bytes:
        if self._gzip:
            self._zlib = zlib.decompressobj(zlib.MAX_WBITS | 16)
            return data
        data = self._head + data
        if len(data) < 2:
            self._head = data
            return b""
        # "deflate" is zlib-wrapped by the standard, raw in the wild: the header tells.
        wrapped = data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0
        self._zlib = zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
        return data

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self._zlib is None:
            data = self._start(data)
            if self._zlib is None:
                return
        while True:
            out = self._zlib.decompress(data, PIECE)
            data = self._zlib.unconsumed_tail
            if out:
                yield out
            if self._zlib.eof or (not data and len(out) < PIECE):
                return  # the end of the stream, or all input used and no output pending

    def finish(self) -> Iterator[bytes]:
        if self._zlib is None:
            self._gzip = True  # an answer of 0 or 1 bytes: inflating it fails, as it should
            yield from self.feed(self._head)
        yield from self.feed(b"")
        yield self._zlib.flush()


def _inflaters(content_encoding: str, operation: str) -> list[_Inflater]:
    """The layers to undo, outermost first (encodings are listed in the order applied)."""
    names = [name.strip().lower() for name in content_encoding.split(",")]
    names = [name for name in names if name and name != "identity"]
    unknown = [name for name in names if name not in ("gzip", "x-gzip", "deflate")]
    if unknown:
        raise DecodeError(
            f"the answer is encoded as {unknown[0]!r}, which was not asked for",
            operation=operation,
        )
    return [_Inflater(name) for name in reversed(names)]


def _through(layers: Sequence[_Inflater], pieces: Iterable[bytes]) -> Iterator[bytes]:
    for layer in layers:
        pieces = (out for piece in pieces for out in layer.feed(piece))
    yield from pieces


def _finish(layers: Sequence[_Inflater]) -> Iterator[bytes]:
    for index, layer in enumerate(layers):
        yield from _through(layers[index + 1 :], layer.finish())


def too_large(cap: int, operation: str) -> BodyTooLargeError:
    return BodyTooLargeError(
        f"the answer is larger than {cap / _MB:g} MB, the size cap "
        "(set CONVERT_TUI_MAX_BODY_MB to allow more)",
        operation=operation,
    )


async def read_body(
    response: httpx.Response, *, cap: int, operation: str, truncate: bool = False
) -> bytes:
    """The decoded body of a streamed response, at most `cap` bytes: beyond that
    BodyTooLargeError, or (`truncate`, for error answers) the first `cap` bytes."""
    if response.is_stream_consumed:  # read whole before (a mock answer given twice): count it
        return _capped(response.content, cap, operation, truncate)
    layers = _inflaters(response.headers.get("content-encoding", ""), operation)
    declared = response.headers.get("content-length", "")
    if not layers and not truncate and declared.isdigit() and int(declared) > cap:
        raise too_large(cap, operation)  # said up front: not worth reading
    body = bytearray()
    try:
        async for raw in response.aiter_raw():
            for piece in _through(layers, (raw,)):
                body += piece
                if len(body) > cap:
                    if truncate:
                        return bytes(body[:cap])
                    raise too_large(cap, operation)
        for piece in _finish(layers):
            body += piece
            if len(body) > cap:
                if truncate:
                    return bytes(body[:cap])
                raise too_large(cap, operation)
    except zlib.error as exc:
        raise DecodeError(
            f"the compressed answer is corrupt ({exc})", operation=operation
        ) from None
    return bytes(body)


def _capped(content: bytes, cap: int, operation: str, truncate: bool) -> bytes:
    if len(content) <= cap:
        return content
    if truncate:
        return content[:cap]
    raise too_large(cap, operation)


# --- JSON ------------------------------------------------------------------------------------

_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def encode_json(payload: Any) -> bytes:
    """Compact UTF-8 JSON: serialised once, then both signed and sent.

    A lone surrogate (pasted into a form: a str, but not text) is sent as U+FFFD, as answers
    are read: UTF-8 cannot carry it, and failing here would lose the whole save."""
    text = json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return _LONE_SURROGATE.sub("\ufffd", text).encode("utf-8")


def _replace_lone_surrogates(value: Any) -> Any:
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_replace_lone_surrogates(item) for item in value]
    if isinstance(value, dict):
        return {
            _replace_lone_surrogates(key): _replace_lone_surrogates(item)
            for key, item in value.items()
        }
    return value


def has_surrogate_escape(content: bytes) -> bool:
    """Whether a JSON text has a surrogate escape ("\\ud83d"): `decode_json` mends lone ones."""
    return _SURROGATE_ESCAPE.search(content) is not None


def decode_json(content: bytes, *, operation: str, secret: str = "") -> Any:
    """The JSON value of an answer body; DecodeError when it is not JSON or nests too deeply.

    A lone surrogate escape ("\\ud800", valid JSON but not text) becomes U+FFFD, so every
    string read can be printed, cached and sent back as UTF-8. Pairs (emoji) are untouched:
    the parser has already joined them into one character.
    """
    try:
        value = json.loads(content)
        if has_surrogate_escape(content):
            value = _replace_lone_surrogates(value)
        return value
    except RecursionError:
        raise DecodeError(
            "the answer is JSON nested too deeply to read", operation=operation
        ) from None
    except ValueError:
        preview = content[:80].decode("utf-8", errors="replace")
        raise DecodeError(
            redact(f"the answer is not JSON: {preview!r}", secret), operation=operation
        ) from None
