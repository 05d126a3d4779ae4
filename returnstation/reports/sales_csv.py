"""Actual sale prices per item, from a CSV the sales channel or the web shop exports.

Why: the channels' recovery rates are expectations; once an item is sold, its price is what was really
recovered, and the report counts that instead (``returnstation report --sales FILE``). Why refuse the
whole file on one bad row: a row skipped in silence would quietly fall back to the expectation and
the supervisor would take the figure as actual; every bad row is listed with its line, so one round
trip fixes them all, and nothing is counted until the file is right.

Format: a header row with ``item_code`` and ``sale_price`` (other columns are ignored, so a shop's
export can be used as it is); one row per item; prices with a decimal point (``12.50``), 0 or more.
Blank lines are skipped. UTF-8, with or without a byte-order mark.
"""

from __future__ import annotations

import csv
from decimal import Decimal, InvalidOperation
from pathlib import Path

from returnstation.domain.item_code import item_code, parse_item_code

REQUIRED = ("item_code", "sale_price")
MAX_PROBLEMS = 50  # a file wrong on every line says so in the first 50


class SalesFileError(ValueError):
    """The sales file cannot be used; ``problems`` holds one "file:line: message" per bad row."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(self.problems))


def read_sales(path: Path) -> dict[int, Decimal]:
    """Item id -> sale price; raises ``SalesFileError`` listing every bad row (and nothing is read)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise SalesFileError([f"{path}:1: not UTF-8 text; save the file as CSV UTF-8"]) from None
    except OSError as exc:
        raise SalesFileError([f"{path}:1: cannot read the file ({exc.strerror or exc})"]) from None
    reader = csv.reader(text.splitlines())
    header = next(reader, None)
    if header is None:
        raise SalesFileError([f"{path}:1: the file is empty; expected a header with item_code,sale_price"])
    columns = [name.strip().lower() for name in header]
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise SalesFileError(
            [f"{path}:1: the header needs the column(s) {', '.join(missing)} (found: {', '.join(columns)})"]
        )
    code_at, price_at = columns.index("item_code"), columns.index("sale_price")
    prices: dict[int, Decimal] = {}
    first_line: dict[int, int] = {}
    problems: list[str] = []
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        problem = _row_problem(row, len(columns), code_at, price_at, first_line)
        if problem is not None:
            problems.append(f"{path}:{line}: {problem}")
            if len(problems) >= MAX_PROBLEMS:
                problems.append(f"{path}: stopped after {MAX_PROBLEMS} problems")
                break
            continue
        item_id = parse_item_code(row[code_at].strip())
        assert item_id is not None
        prices[item_id] = Decimal(row[price_at].strip())
        first_line[item_id] = line
    if problems:
        raise SalesFileError(problems)
    return prices


def _row_problem(
    row: list[str], width: int, code_at: int, price_at: int, first_line: dict[int, int]
) -> str | None:
    if len(row) < width:
        return f"{len(row)} column(s), the header has {width}: is a comma missing?"
    if len(row) > width:
        return (
            f"{len(row)} column(s), the header has {width}: a price written with a decimal comma "
            "(12,50) splits in two; use 12.50 or put it in quotes"
        )
    code, price = row[code_at].strip(), row[price_at].strip()
    item_id = parse_item_code(code)
    if item_id is None:
        return f"item_code '{code}' is not an item code such as {item_code(123)}"
    if item_id in first_line:
        return f"item {item_code(item_id)} is listed twice (first on line {first_line[item_id]})"
    try:
        amount = Decimal(price)
    except InvalidOperation:
        hint = " (use a decimal point: 12.50)" if "," in price else ""
        return f"sale_price '{price}' is not a number{hint}"
    if not amount.is_finite() or amount < 0:
        return f"sale_price '{price}' must be a price of 0 or more"
    return None
