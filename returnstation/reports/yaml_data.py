"""Reading the planning data a supervisor edits (recovery rates, report settings) from YAML files.

Both files are checked strictly, with messages that name the file and the key: a wrong figure there
prints a confident but wrong cost. What they share lives here, so both refuse the same mistakes the
same way (broken YAML, a list instead of a mapping, "yes" or 24,00 where a number belongs).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any


def load_yaml_mapping(source: Path, expected: str) -> dict[Any, Any]:
    """The mapping in ``source``; ``ValueError`` for broken YAML or anything else than a mapping
    (``expected`` says what the mapping should hold)."""
    import yaml  # PyYAML: only needed when a report is built

    try:
        raw = yaml.safe_load(source.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ValueError(f"{source}: not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise ValueError(f"{source}: expected a mapping {expected}")
    return raw


def yaml_decimal(source: Path, what: str, value: object, hint: str = "") -> Decimal:
    """``value`` as an exact finite Decimal, else ``ValueError`` "<file>: <what> must be a number<hint>"."""
    # bool is an int subclass and YAML reads "yes"/"no" as booleans: refuse it explicitly.
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"{source}: {what} must be a number{hint}, got {value!r}")
    try:
        # str() first so 0.65 becomes Decimal("0.65"), not the binary float 0.6500000000000000222...
        number = Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise ValueError(f"{source}: {what} must be a number{hint}, got {value!r}") from exc
    if not number.is_finite():
        raise ValueError(f"{source}: {what} must be a finite number{hint}, got {value!r}")
    return number
