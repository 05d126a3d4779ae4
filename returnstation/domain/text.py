"""Making untrusted text safe to store and show: the one cleaning rule, and visible escaping.

Every text that comes from outside (a scan, a badge or PIN typed at the bench, a CSV or JSONL field, a
settings value) passes ``clean`` before it is compared with or written to the database. Why one rule:
PostgreSQL refuses NUL in text (a ``DataError`` instead of "Badge or PIN not accepted") while SQLite
stores it, lone surrogates cannot be encoded at all, and other control characters garble labels, logs
and reports. With one rule the two databases behave alike and a value means the same wherever it is
typed. ``visible`` is for the opposite case: text kept as evidence (a garbage scan) whose odd
characters must be shown, not dropped.
"""

from __future__ import annotations

import unicodedata


def clean(text: str, *, keep: str = "") -> str:
    """``text`` without control, format, surrogate, private-use and unassigned characters (Unicode
    category C*, NUL and ESC included) except those in ``keep``; other spaces (NBSP, line and paragraph
    separators) become a plain space; NFC-normalised. Never raises; edges are not trimmed."""
    if text.isascii() and text.isprintable():
        return text
    kept: list[str] = []
    for ch in text:
        if ch == " " or ch in keep:
            kept.append(ch)
        elif unicodedata.category(ch)[0] == "C":
            continue
        elif ch.isspace():
            kept.append(" ")
        else:
            kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept))


def clean_line(text: str, limit: int | None = None) -> str:
    """``clean`` for a one-line field (a name, a badge, a reason): runs of spaces and line breaks become
    one space, edges trimmed, cut to ``limit`` characters."""
    line = " ".join(clean(text.replace("\t", " ").replace("\n", " ").replace("\r", " ")).split())
    return line if limit is None else line[:limit]


def visible(text: str, limit: int = 128) -> str:
    """Control characters as \\xNN escapes, cut to `limit` characters.

    A garbage scan is still evidence worth keeping, but NUL bytes are refused by PostgreSQL and
    other control characters garble logs and reports, so they are written out visibly instead.
    """
    out = "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in text[: limit * 4])
    return out if len(out) <= limit else out[: limit - 1] + "…"


def is_ascii_digits(text: str) -> bool:
    """True for a non-empty run of 0-9 only: ``str.isdigit`` also accepts "²" (which ``int`` refuses)
    and other scripts' digits, which a bench never means as a quantity, a choice or a code."""
    return bool(text) and text.isascii() and text.isdigit()
