"""Turn whatever a scanner typed or sent into one clean string plus its AIM symbology identifier.

Why: the same label arrives differently from every device. Wedge scanners add CR, CR LF or Tab, some
send Enter *before* the data, the optional AIM prefix ("]C1") says whether a Code 128 is GS1, and the
GS1 group separator (ASCII 29) has no key, so scanners send a stand-in: "␝" (U+241D), a private-use
character (U+F70B, seen from a Teemi scanner, InvenTree PR #865) or a substitute configured on the
scanner (Odoo's gs1_separator_fnc1, OCA base_gs1_barcode PR #230). Everything downstream (check
digits, GS1 parsing, the database) wants one canonical form, and must never crash on a bad read.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from returnstation.domain.text import clean

_log = logging.getLogger(__name__)

GS = "\x1d"

# "␝" (SYMBOL FOR GROUP SEPARATOR) and U+F70B (UTF-8 EF 9C 8B, a Teemi scanner's GS).
DEFAULT_GS_SUBSTITUTES: tuple[str, ...] = ("\u241d", "\uf70b")

# ISO/IEC 15424: "]" + symbology code character + one modifier character.
_AIM_RE = re.compile(r"\][A-Za-z][0-9A-Za-z]")

# Terminators and framing a scanner puts around the data: CR, LF, Tab, STX/ETX, NUL, DEL, spaces.
_EDGE_CHARACTERS = "".join(chr(code) for code in range(33)) + "\x7f"


@dataclass(frozen=True, slots=True)
class NormalizedScan:
    """Clean text (GS kept as "\\x1d", no AIM prefix) and the AIM identifier such as "]C1", if known.

    `hidden_inside` counts invisible format characters (zero-width space/joiners, bidi marks, soft
    hyphen, BOM: Unicode category Cf) that stood *between* visible characters. They are removed from
    `text`, but a caller must not trust the joined result: "RMA-10<U+200B>00" is not "RMA-1000", it is
    two pieces pasted around a hidden character (a spoofing trick, or text copied from a web page)."""

    text: str
    symbology: str | None
    hidden_inside: int = 0


def is_aim_identifier(value: str | None) -> bool:
    """True for a well-formed AIM symbology identifier like "]C1", "]d2" or "]E0"."""
    return value is not None and _AIM_RE.fullmatch(value) is not None


def normalize(
    raw: str,
    symbology: str | None = None,
    gs_substitutes: Sequence[str] = DEFAULT_GS_SUBSTITUTES,
) -> NormalizedScan:
    """Canonical text and symbology for one scan. Never raises: bad input gives empty text.

    `symbology` is what the decoder reported (zxing-cpp's symbology_identifier); an AIM prefix found in
    the text is stripped and used when the decoder reported none. `gs_substitutes` are strings the
    scanner sends in place of GS; each becomes "\\x1d". Other control characters are removed, the text
    is NFC-normalised and trimmed, and a GS at either end (FNC1 in first position, trailing FNC1) is
    dropped because it separates nothing.
    """
    reported = symbology if is_aim_identifier(symbology) else None
    try:
        text, embedded = _split_aim(_coerce_text(raw).strip(_EDGE_CHARACTERS).strip())
        text = _map_substitutes(text, gs_substitutes)
        hidden = count_hidden_inside(text)
        text = _drop_control_characters(text)
        text = unicodedata.normalize("NFC", text).strip()  # str.strip() also drops an edge GS
    except Exception:  # a scan must never take the bench down; the log shows the bug
        _log.exception("normalising a scan failed")
        return NormalizedScan("", reported)
    return NormalizedScan(text, reported or embedded, hidden)


def _is_hidden(ch: str) -> bool:
    return not ch.isascii() and unicodedata.category(ch) == "Cf"


def count_hidden_inside(text: str) -> int:
    """How many invisible format characters (category Cf) stand between visible characters of `text`.
    At either end they are harmless framing (a BOM, a direction mark from a copied cell) and not counted."""
    if text.isascii():
        return 0
    hidden = [i for i, ch in enumerate(text) if _is_hidden(ch)]
    if not hidden:
        return 0
    visible = [i for i, ch in enumerate(text) if not _is_hidden(ch) and not ch.isspace()]
    if not visible:
        return 0
    first, last = visible[0], visible[-1]
    return sum(1 for i in hidden if first < i < last)


def _coerce_text(raw: object) -> str:
    """Callers pass str; a serial port may hand over bytes. Anything else reads as nothing."""
    if isinstance(raw, str):
        return raw
    if isinstance(raw, bytes | bytearray):
        return bytes(raw).decode("utf-8", errors="replace")
    return ""


def _split_aim(text: str) -> tuple[str, str | None]:
    match = _AIM_RE.match(text)
    if match is None:
        return text, None
    return text[match.end() :], match.group(0)


def _map_substitutes(text: str, gs_substitutes: Sequence[str]) -> str:
    for substitute in gs_substitutes:
        if isinstance(substitute, str) and substitute:
            text = text.replace(substitute, GS)
    return text


def _drop_control_characters(text: str) -> str:
    """The station's one cleaning rule (domain/text.py ``clean``), keeping GS: control, format,
    surrogate, private-use and unassigned characters go, unusual spaces become a plain space.

    Why surrogates matter: a lone surrogate cannot be encoded as UTF-8 and would fail later in the
    database or a log line, far from the scanner that produced it.
    """
    return clean(text, keep=GS)
