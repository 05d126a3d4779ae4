"""One place that makes a value safe to put in a CSV cell a supervisor will open in a spreadsheet.

Text that starts with ``= + - @``, TAB, CR or NUL can be run as a formula by Excel/LibreOffice
(CSV/formula injection, OWASP ASVS 5.0 V1.2.10). Such text gets a leading ``'``, which spreadsheets
show as a text marker. Numbers are decided by their Python type, never by how text looks: a Decimal
``-5.00`` stays a number, while the text ``"-5"`` typed by a user is escaped like any other text.
``defusedcsv`` is not used because it leaves a leading TAB and ``-5`` alone.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\0")


def safe_cell(value: object) -> str | int | float:
    """Return ``value`` ready for ``csv.writer``: numbers as numbers, everything else as safe text.

    ``None`` -> ``""``; ``bool`` -> ``"true"``/``"false"``; ``Decimal`` -> its exact text (a number,
    not escaped); dates and times -> ISO 8601; any other object -> ``str(value)``, escaped.
    """
    if isinstance(value, str):  # the common case first: exports are mostly text
        return "'" + value if value.startswith(FORMULA_TRIGGERS) else value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text
