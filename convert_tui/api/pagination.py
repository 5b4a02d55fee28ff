"""Walking every page of a list operation."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TypeVar

from convert_tui.api.errors import DecodeError

T = TypeVar("T")

# The contract's maximum; a larger value is a 400.
MAX_PAGE_SIZE = 100

FetchPage = Callable[[int, int], Awaitable[list[T]]]


async def paginate(
    fetch_page: FetchPage[T], *, operation: str, page_size: int = MAX_PAGE_SIZE
) -> AsyncIterator[T]:
    """Yield the items of pages 1, 2, ... until a page shorter than `page_size`.

    `fetch_page(page, page_size)` returns one page. A server that ignores `page` and keeps
    answering the same full page would loop forever; that is reported as a DecodeError.
    """
    page = 1
    previous: list[T] | None = None
    while True:
        items = await fetch_page(page, page_size)
        if previous is not None and items and items == previous:
            raise DecodeError(
                f"page {page} repeats page {page - 1}; the server seems to ignore paging",
                operation=operation,
            )
        for item in items:
            yield item
        if len(items) < page_size:
            return
        previous = items
        page += 1
