"""Pulling RMAs from the order system's HTTP API (optional; for order systems that cannot drop files).

A pull fetches every page first and applies them together as one feed, in one transaction, exactly as
if they were one JSON lines file: the same records, the same rules, the same all-or-nothing. The pull's
content hash is recorded like a file's, so an unchanged answer changes nothing.

Each page is a JSON object ``{"items": [<RMA record>, ...], "next": "<url or null>"}`` (``rmas`` or
``data`` instead of ``items`` are accepted too, and a bare JSON array is a single last page). Paging:
- by link: follow ``next`` (relative links are resolved against the page's URL) until it is absent;
- by number (``page_param = "page"``): request page=1, 2, ... until a page comes back empty.
Loops (a ``next`` seen before) and more than ``max_pages`` pages are errors. Only urllib is used.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from returnstation.integration.settings import PullConfig

ITEM_KEYS = ("items", "rmas", "data")
MAX_PAGE_BYTES = 20 * 1024 * 1024


class PullError(Exception):
    """The API could not be read; nothing was applied."""


def _with_param(url: str, name: str, value: int) -> str:
    parts = urllib.parse.urlsplit(url)
    query = [(k, v) for k, v in urllib.parse.parse_qsl(parts.query, keep_blank_values=True) if k != name]
    query.append((name, str(value)))
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


def fetch_page(url: str, config: PullConfig) -> Any:
    headers = {"Accept": "application/json", "User-Agent": "ReturnStation", **dict(config.headers)}
    request = urllib.request.Request(url, headers=headers, method="GET")
    try:
        with urllib.request.urlopen(request, timeout=config.timeout_s) as response:
            raw = response.read(MAX_PAGE_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise PullError(f"{url}: HTTP {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        raise PullError(f"cannot reach {url}: {exc.reason}") from exc
    except (TimeoutError, OSError) as exc:
        raise PullError(f"{url}: {type(exc).__name__}: {exc}") from exc
    if len(raw) > MAX_PAGE_BYTES:
        raise PullError(f"{url}: the page is larger than 20 MB")
    try:
        return json.loads(raw.decode("utf-8"), parse_float=str, parse_int=str)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PullError(f"{url}: the answer is not JSON ({exc})") from exc


def _items_and_next(page: Any, url: str) -> tuple[list[Any], str | None]:
    if isinstance(page, list):
        return page, None
    if not isinstance(page, dict):
        raise PullError(f"{url}: expected a JSON object with 'items'")
    for key in ITEM_KEYS:
        if key in page:
            items = page[key]
            break
    else:
        raise PullError(f"{url}: no 'items' in the answer")
    if not isinstance(items, list):
        raise PullError(f"{url}: 'items' must be an array")
    nxt = page.get("next")
    if nxt is not None and not isinstance(nxt, str):
        raise PullError(f"{url}: 'next' must be a URL or null")
    return items, (urllib.parse.urljoin(url, nxt) if nxt else None)


def fetch_all(config: PullConfig) -> list[tuple[str, list[Any]]]:
    """Every page as (url, items), in order."""
    pages: list[tuple[str, list[Any]]] = []
    seen: set[str] = set()
    url: str | None = _with_param(config.url, config.page_param, 1) if config.page_param else config.url
    number = 1
    while url is not None:
        if len(pages) >= config.max_pages:
            raise PullError(f"more than {config.max_pages} pages: stopped (raise max_pages if this is right)")
        if url in seen:
            raise PullError(f"{url}: the 'next' links go round in a circle")
        seen.add(url)
        items, nxt = _items_and_next(fetch_page(url, config), url)
        pages.append((url, items))
        if config.page_param:
            number += 1
            url = _with_param(config.url, config.page_param, number) if items else None
        else:
            url = nxt
    return pages
