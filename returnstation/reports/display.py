"""How report figures read on paper: one format per kind of number, the same on every page.

Plain ASCII / Latin-1 on purpose: the PDF uses the built-in Helvetica, which has no glyph for
arrows or other symbols outside Windows-1252. A number and its unit are joined by a no-break space
(U+00A0) so a line never ends with "65" and starts the next with "%".

Numbers follow the report's language (``translation.speaking``): "1.234,50" in German, exactly as
below in English.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from returnstation.domain.enums import Disposition
from returnstation.translation import current, localize

NBSP = "\u00a0"


def money(value: Decimal) -> str:
    """``1234.5`` -> ``"1,234.50"``; no currency symbol, the station does not know one."""
    return current().fmt(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), ",.2f")


def percent(value: float) -> str:
    """A 0..100 percentage with one decimal: ``"42.5 %"``."""
    return f"{current().fmt(value, '.1f')}{NBSP}%"


def share(fraction: float) -> str:
    """A 0..1 share shown as a percentage: ``0.125`` -> ``"12.5 %"``."""
    return percent(fraction * 100)


def rate(value: Decimal) -> str:
    """A recovery rate 0..1 as a percentage without useless decimals: ``0.65`` -> ``"65 %"``."""
    pct = (value * 100).normalize()
    return f"{pct:f}{NBSP}%"


def hours(value: float) -> str:
    return f"{current().fmt(value, ',.1f')}{NBSP}h"


def seconds(value: float) -> str:
    return f"{current().fmt(value, ',.0f')}{NBSP}s"


def disposition_label(key: str) -> str:
    """The display name of a stored disposition value; unknown values are shown as stored."""
    try:
        return localize(Disposition(key).label, current())
    except ValueError:
        return key
