"""A disposition named in a data file (rules, market policies, channels): one reading, one refusal.

Why one helper: three files name dispositions by their value ("restock", "recycle"); each read them
with its own lookup table and its own "unknown disposition" message, which drifted apart in wording.
"""

from __future__ import annotations

from yaml.nodes import Node

from returnstation.disposition.yaml_source import SourceFile
from returnstation.domain.enums import Disposition

DISPOSITIONS = {d.value: d for d in Disposition}


def read_disposition(
    source: SourceFile, node: Node, what: str, *, named: str | None = None
) -> Disposition | None:
    """The disposition ``node`` names, or None (the problem recorded on ``source``).

    ``what`` names the value for a text problem; ``named`` (default ``what``) names the place in the
    "unknown disposition" problem.
    """
    word = source.text(node, what)
    if word is None:
        return None
    disposition = DISPOSITIONS.get(word.strip().lower())
    if disposition is None:
        known = ", ".join(DISPOSITIONS)
        source.problem(node, f"{named or what}: unknown disposition '{word}' (known: {known})")
    return disposition
