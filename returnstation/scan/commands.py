"""Command cards: barcodes on a laminated sheet at the bench that drive the screen without a mouse.

Why a prefix: a command must never be mistaken for a product or RMA, so every card starts with a
configured prefix ("CMD:" by default, like Odoo's reserved "O-CMD."), and anything after it that is not
a known command is reported as an unknown card rather than searched for as an item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Spellings printed on cards, mapped to the command the services act on.
_COMMANDS: dict[str, str] = {
    "NEXT": "next",
    "PRINT_AGAIN": "print_again",
    "PRINT-AGAIN": "print_again",
    "PRINTAGAIN": "print_again",
    "REPRINT": "print_again",
    "CANCEL": "cancel",
    "DONE": "done",
    "BACK": "back",
    "PHOTO": "photo",  # inspection: take a photo with the bench camera (same as F7)
    "DAMAGED": "damaged",  # receiving: the box arrived damaged in transit (a carrier claim)
    "QTY": "qty",  # receiving: ask how many identical units of the item just scanned
    "LOT": "lot",  # inspection: inspect the open item's identical units as one lot (same as Alt+L)
}
_ANSWER_RE = re.compile(r"ANSWER[:=]([A-Za-z0-9_.-]{1,40})", re.IGNORECASE)
_QTY_RE = re.compile(r"QTY[:=](\d{1,4})", re.IGNORECASE)  # "QTY:24": 24 identical units in hand


@dataclass(frozen=True, slots=True)
class CommandCard:
    """`command` is None when the card has the prefix but names no known command."""

    command: str | None
    spoken: str  # what the card said after the prefix, for the message


def has_command_prefix(text: str, prefix: str) -> bool:
    return bool(prefix) and text[: len(prefix)].upper() == prefix.upper()


def read_command(text: str, prefix: str) -> CommandCard:
    """The command on a card whose text starts with `prefix` (case-insensitive).

    "answer:<key>" keeps the key lower-cased so a card printed "ANSWER:YES" and a screen asking for
    "yes" agree.
    """
    spoken = text[len(prefix) :].strip()
    command = _COMMANDS.get(spoken.upper())
    if command is None:
        answer = _ANSWER_RE.fullmatch(spoken)
        quantity = _QTY_RE.fullmatch(spoken)
        if answer:
            command = f"answer:{answer.group(1).lower()}"
        elif quantity:
            command = f"qty:{int(quantity.group(1))}"
    return CommandCard(command, spoken)
