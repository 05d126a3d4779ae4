"""Substring search with LIKE, safe for what people type: "%" and "_" in a customer's name or an RMA
number are literal characters, not wildcards (an e-mail such as ``a_b@x`` must not match ``axb@x``)."""

from __future__ import annotations

LIKE_ESCAPE = "\\"


def contains_pattern(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere, to be used with ``escape=LIKE_ESCAPE``."""
    escaped = text.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2).replace("%", LIKE_ESCAPE + "%")
    return f"%{escaped.replace('_', LIKE_ESCAPE + '_')}%"
