"""Making untrusted scanner text safe to store and show."""

from __future__ import annotations


def visible(text: str, limit: int = 128) -> str:
    """Control characters as \\xNN escapes, cut to `limit` characters.

    A garbage scan is still evidence worth keeping, but NUL bytes are refused by PostgreSQL and
    other control characters garble logs and reports, so they are written out visibly instead.
    """
    out = "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in text[: limit * 4])
    return out if len(out) <= limit else out[: limit - 1] + "…"
