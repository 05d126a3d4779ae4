"""Values an inspector captures rather than chooses: serial numbers, lots, expiry dates, free text.

Why a module of its own: these values come from two very different hands, a GS1 scan (where one
DataMatrix on a medicine pack carries lot, expiry and serial at once) and a person typing from a
smudged label, and both must end in the same stored form. Expiry dates in particular have traps that
must not reach the rules: GS1 writes them YYMMDD with day "00" meaning the end of the month and a
century that depends on today's date, and "03/04/2027" means April to some people and March to others,
so ambiguous forms are refused with a plain instruction instead of guessed.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from returnstation.domain.messages import msg


class CaptureKind(StrEnum):
    """What a capture check asks for; stored in checklists as ``capture: <kind>``."""

    SERIAL = "serial"
    LOT = "lot"
    EXPIRY = "expiry"
    TEXT = "text"


# GS1 Application Identifiers that fill each kind (General Specifications §3.2 and §3.4): batch/lot (10),
# serial (21), expiry (17) and, for food that only carries it, best before (15).
GS1_AIS: Mapping[CaptureKind, tuple[str, ...]] = {
    CaptureKind.LOT: ("10",),
    CaptureKind.SERIAL: ("21",),
    CaptureKind.EXPIRY: ("17", "15"),
}
MAX_LENGTH: Mapping[CaptureKind, int] = {
    CaptureKind.SERIAL: 40,
    CaptureKind.LOT: 40,
    CaptureKind.EXPIRY: 10,
    CaptureKind.TEXT: 200,
}

_ISO_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})\s*/\s*(\d{4}|\d{2})$")
_GS1_DATE = re.compile(r"^\d{6}$")
_SLASHED_DAY = re.compile(r"^\d{1,2}/\d{1,2}/\d{2,4}$")
_EXPIRY_FORMS = msg("YYYY-MM-DD, YYYY-MM, MM/YYYY, DD.MM.YYYY or the 6 GS1 digits YYMMDD")


class CaptureError(ValueError):
    """A captured value that cannot be used; the message tells the inspector what to do."""


def gs1_date(yymmdd: str, today: date) -> date:
    """A GS1 date field: YYMMDD, day "00" = last day of the month, century chosen as GS1 says.

    GS1 General Specifications §7.12: the year is in the current century unless that puts it more
    than 50 years ahead (then the previous century) or 50 or more years back (then the next one).
    """
    if not _GS1_DATE.match(yymmdd):
        raise CaptureError(msg("'{yymmdd}' is not a GS1 date (6 digits, YYMMDD)", yymmdd=yymmdd))
    yy, month, day = int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:])
    century = today.year - today.year % 100
    difference = yy - today.year % 100
    if difference >= 51:
        century -= 100
    elif difference <= -50:
        century += 100
    return _make_date(century + yy, month, day, yymmdd, any_year=True)


def parse_expiry(text: str, today: date) -> date:
    """An expiry date typed or scanned, in one of the unambiguous forms; raises ``CaptureError``."""
    t = text.strip()
    for prefix in ("EXP", "EXP:", "BB", "BB:"):  # as printed next to the date on many packs
        if t.upper().startswith(prefix + " "):
            t = t[len(prefix) + 1 :].strip()
    if _GS1_DATE.match(t):
        return gs1_date(t, today)
    if m := _ISO_DAY.match(t):
        return _make_date(int(m[1]), int(m[2]), int(m[3]), t)
    if m := _ISO_MONTH.match(t):
        return _make_date(int(m[1]), int(m[2]), 0, t)
    if m := _DOTTED.match(t):
        return _make_date(int(m[3]), int(m[2]), int(m[1]), t)
    if m := _MONTH_YEAR.match(t):
        year = int(m[2]) if len(m[2]) == 4 else gs1_date(f"{m[2]}0101", today).year
        return _make_date(year, int(m[1]), 0, t)
    if _SLASHED_DAY.match(t):
        raise CaptureError(msg("'{t}' could be day/month or month/day: type it as YYYY-MM-DD", t=t))
    raise CaptureError(
        msg("'{t}' is not a date: type it as {expiry_forms}", t=t[:20], expiry_forms=_EXPIRY_FORMS)
    )


def _make_date(year: int, month: int, day: int, shown: str, any_year: bool = False) -> date:
    """Day 0 means the last day of the month (GS1 "00", and month-only dates such as 05/2027).

    Typed years outside 2000-2099 are refused as typos; a GS1 date's century comes from its own rule.
    """
    if not 1 <= month <= 12:
        raise CaptureError(msg("'{shown}' has no month {month}: check the date", shown=shown, month=month))
    if not any_year and not 2000 <= year <= 2099:
        raise CaptureError(msg("'{shown}' is in the year {year}: check the date", shown=shown, year=year))
    last = calendar.monthrange(year, month)[1]
    if day == 0:
        day = last
    if not 1 <= day <= last:
        raise CaptureError(
            msg(
                "'{shown}': {month_name} {year} has no day {day}",
                shown=shown,
                month_name=calendar.month_name[month],
                year=year,
                day=day,
            )
        )
    return date(year, month, day)


def normalise_capture(kind: CaptureKind, text: str, today: date) -> str:
    """The stored form of a captured value: ISO date for expiry, the visible text otherwise.

    Control characters (a scanner's stray GS or CR) and empty values are refused rather than
    stored: an empty lot would count as "lot present" and a hidden character would never match.
    """
    if any(not ch.isprintable() and ch not in " \t\r\n" for ch in text):
        raise CaptureError(
            msg("the {kind} contains unreadable characters: scan it again or type it", kind=kind.value)
        )
    value = " ".join(text.split())
    if not value:
        raise CaptureError(msg("nothing was read for the {kind}: scan or type it again", kind=kind.value))
    if kind is CaptureKind.EXPIRY:
        return parse_expiry(value, today).isoformat()
    limit = MAX_LENGTH[kind]
    if len(value) > limit:
        raise CaptureError(
            msg(
                "{n_value} characters is too long for a {kind} (at most {limit})",
                n_value=len(value),
                kind=kind.value,
                limit=limit,
            )
        )
    return value


def stored_expiry(value: str | None) -> date | None:
    """Back from the stored ISO form; None for a missing or (old, hand-edited) unreadable value."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


@dataclass(frozen=True)
class Gs1Capture:
    """What one GS1 scan says for each kind, and the fields it carried that could not be used."""

    values: Mapping[CaptureKind, str] = field(default_factory=dict)
    problems: tuple[str, ...] = ()


def capture_from_gs1(elements: Mapping[str, str], today: date) -> Gs1Capture:
    """Lot (AI 10), serial (AI 21) and expiry (AI 17, else best before 15) from a GS1 scan's AIs."""
    values: dict[CaptureKind, str] = {}
    problems: list[str] = []
    for kind, ais in GS1_AIS.items():
        ai = next((a for a in ais if a in elements), None)
        if ai is None:
            continue
        try:
            values[kind] = normalise_capture(kind, elements[ai], today)
        except CaptureError as exc:
            problems.append(f"{kind.value} ({ai}): {exc}")
    return Gs1Capture(values=values, problems=tuple(problems))
