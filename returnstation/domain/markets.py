"""Site and market codes: how an RMA, a rules file and the bench's setting name them.

One rule for all three, so a code the import accepts is one a rules file can name and the other way
round: letters, digits, '-' and '_', at most 16, compared and stored in upper case ("de" is "DE").
A site is a warehouse that receives returns ("BER", "HAM-2"); a market is the country or sales region
the item was sold in ("DE", "CH", "EU-B2B"). Either one may choose the rule set that decides an item.
"""

from __future__ import annotations

import re

CODE_LENGTH = 16
_CODE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{0,15}$")


def scope_code(text: str) -> str | None:
    """The stored form of a site or market code (upper case), or None when it is not one."""
    code = text.strip().upper()
    return code if _CODE.match(code) else None


def code_problem(what: str, text: str) -> str:
    """The one message for a bad site or market code, naming what is allowed."""
    return (
        f"{what} '{text[:40]}' is not a {what} code: letters, digits, '-' and '_', "
        f"at most {CODE_LENGTH} (e.g. DE, BER)"
    )
