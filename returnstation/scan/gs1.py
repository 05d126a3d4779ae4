"""Read GS1 data (element strings, bracketed HRI text, Digital Link URIs) into plain AI -> value pairs.

Why a wrapper around biip: the classifier needs one answer shape whichever of the three GS1 forms was
scanned, plain words for the clerk, and a guarantee that no third-party parser error escapes into the
bench. biip is imported inside the functions because importing it costs about 0.2 s, and the core of
the app must start fast. Known traps (scanners-labels-data-pitfalls.md, verified with biip 5.2):
``biip.parse`` fails on HRI "(01)...(10)...", so HRI goes through ``GS1Message.parse_hri``; a Digital
Link is only tried without a non-GS1 AIM prefix; an upper-case "HTTPS://ID.GS1.ORG" (QR alphanumeric
mode) must have its scheme and host lower-cased first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Any

from returnstation.domain.messages import msg
from returnstation.scan.normalize import GS

# AIs a clerk may need to read back, in plain words. Others show by biip's data title.
AI_NAMES: Mapping[str, str] = MappingProxyType(
    {
        "00": "SSCC",
        "01": "GTIN",
        "02": msg("content GTIN"),
        "10": "lot",
        "11": msg("production date"),
        "13": msg("packing date"),
        "15": msg("best before"),
        "16": msg("sell by"),
        "17": "expiry",
        "21": "serial",
        "30": "count",
        "37": "count",
        "240": msg("additional ID"),
        "241": msg("customer part"),
        "400": msg("customer order"),
        "420": msg("ship-to ZIP"),
        "421": msg("ship-to postal code"),
    }
)

_AI_IN_ERROR_RE = re.compile(r"AI \((\d{2,4})\)")
_URL_HEAD_RE = re.compile(r"(https?://[^/?#]*)", re.IGNORECASE)
_HRI_RE = re.compile(r"\(\d{2,4}\)")


@dataclass(frozen=True, slots=True)
class Gs1Element:
    """One AI and its value. `error` carries a failed GTIN/SSCC/GLN check inside an otherwise
    well-formed message, which biip reports per element rather than failing the parse."""

    ai: str
    value: str
    title: str
    date: date | None = None
    error: str | None = None


@dataclass(frozen=True, slots=True)
class Gs1Reading:
    """Either elements (parsed) or an error in words (not parsed). `failed_ai` names the field
    the parser stopped at, when it could tell."""

    elements: tuple[Gs1Element, ...] = ()
    error: str | None = None
    failed_ai: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and bool(self.elements)

    def as_mapping(self) -> Mapping[str, str]:
        """AI -> value; the first occurrence wins (GS1 forbids repeating an AI with another value)."""
        mapping: dict[str, str] = {}
        for element in self.elements:
            mapping.setdefault(element.ai, element.value)
        return MappingProxyType(mapping)

    def as_hri(self) -> str:
        """Canonical human-readable form "(01)09506000134352(10)ABC", the same whatever was scanned."""
        return "".join(f"({e.ai}){e.value}" for e in self.elements)


def looks_like_hri(text: str) -> bool:
    return _HRI_RE.match(text) is not None


def looks_like_url(text: str) -> bool:
    return _URL_HEAD_RE.match(text) is not None


def read_gs1(text: str, symbology: str | None, separators: Iterable[str] = (GS,)) -> Gs1Reading:
    """Parse `text` as HRI, Digital Link or element string, choosing by its look. Never raises."""
    try:
        if looks_like_hri(text):
            return _read_hri(text)
        if looks_like_url(text):
            return _read_digital_link(text)
        return _read_element_string(text, symbology, tuple(separators))
    except Exception as exc:  # biip is third-party code fed untrusted scans: contain anything it throws
        return Gs1Reading(error=msg("GS1 parser failed: {exc}", exc=exc))


def _read_element_string(text: str, symbology: str | None, separators: tuple[str, ...]) -> Gs1Reading:
    import biip

    result = biip.parse((symbology or "") + text, config=biip.ParseConfig(separator_chars=separators))
    if result.gs1_message is None:
        return _failure(result.gs1_message_error or msg("not a GS1 element string"))
    return _reading(result.gs1_message.element_strings)


def _read_hri(text: str) -> Gs1Reading:
    from biip import ParseError
    from biip.gs1_messages import GS1Message

    try:
        message = GS1Message.parse_hri(text)
    except ParseError as exc:
        return _failure(str(exc))
    return _reading(message.element_strings)


def _read_digital_link(text: str) -> Gs1Reading:
    import biip

    head = _URL_HEAD_RE.match(text)
    if head:  # scheme and host are case-insensitive; the path (lots, serials) is not
        text = head.group(1).lower() + text[head.end() :]
    result = biip.parse(text)
    if result.gs1_digital_link_uri is None:
        return _failure(result.gs1_digital_link_uri_error or msg("not a GS1 Digital Link"))
    return _reading(result.gs1_digital_link_uri.element_strings)


def _failure(error: str) -> Gs1Reading:
    match = _AI_IN_ERROR_RE.search(error)
    return Gs1Reading(error=error, failed_ai=match.group(1) if match else None)


def _reading(element_strings: Iterable[Any]) -> Gs1Reading:
    elements = tuple(
        Gs1Element(
            ai=es.ai.ai,
            value=es.value,
            title=AI_NAMES.get(es.ai.ai, str(es.ai.data_title).lower()),
            date=es.date,
            error=es.gtin_error or es.sscc_error or es.gln_error,
        )
        for es in element_strings
    )
    if not elements:
        return Gs1Reading(error=msg("no GS1 data"))
    for element in elements:  # "]C130" with nothing after the AI: biip accepts an empty count
        if not element.value:
            return Gs1Reading(error=msg("AI ({ai}) has no value", ai=element.ai), failed_ai=element.ai)
    return Gs1Reading(elements=elements)


def describe_ai(ai: str) -> str:
    """Plain name of an AI for messages: "expiry (17)"."""
    name = AI_NAMES.get(ai)
    return f"{name} ({ai})" if name else f"field ({ai})"
