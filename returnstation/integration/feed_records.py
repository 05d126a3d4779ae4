"""Feed files turned into records: one upsert or cancellation of one RMA each, with its line in the file.

Two formats, one set of rules. CSV is the existing import format (one row per RMA line). JSON lines carry
one RMA per line with its ``lines`` array and an ``action``; they are checked by the very same code as
the CSV import (each JSON record is rewritten as a small CSV and parsed by ``parse_rma_csv``), so a value
that the CSV import refuses is refused here with the same words, and a column added to the CSV format
later is accepted in ``lines`` at once. Problems carry the line of the file, as a text editor shows it.

JSON lines record (one per line; blank lines are ignored):

    {"action": "upsert", "rma_number": "RMA-200001", "order_number": "SO-9001", "customer": "Ada",
     "authorized_at": "2026-11-01", "expires_at": "2026-12-31", "tracking_number": null,
     "lines": [{"line_no": 1, "sku": "KTL-01", "description": "Kettle", "quantity": 1,
                "unit_value": "25.00", "reason_code": "defective", "expected_serials": ["SN1"]}]}
    {"action": "cancel", "rma_number": "RMA-200002", "reason": "customer kept the item"}

``action`` defaults to "upsert". Line fields are the CSV line columns; numbers may be JSON numbers or
strings; ``expected_serials`` may be a list or a space-separated string; ``null`` means empty.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import inspect as sa_inspect

from returnstation.domain.text import clean_line
from returnstation.integration.rma_csv import HEADER_FIELDS, RowError, parse_rma_csv
from returnstation.store.models import ADDRESS_COLUMNS, RmaLineRow

RMA_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$")  # what a scanner can send (as the CSV import)
TOP_LEVEL_FIELDS = ("action", "rma_number", *HEADER_FIELDS, "lines", "reason")
MAX_RECORD_CHARS = 1_000_000


class FeedAction(StrEnum):
    UPSERT = "upsert"
    CANCEL = "cancel"


class FeedFormat(StrEnum):
    CSV = "csv"
    JSONL = "jsonl"


def feed_format(name: str) -> FeedFormat | None:
    """The format a file name says: ``.csv``, or ``.jsonl`` / ``.ndjson``; None for anything else."""
    lower = name.lower()
    if lower.endswith(".csv"):
        return FeedFormat.CSV
    if lower.endswith((".jsonl", ".ndjson")):
        return FeedFormat.JSONL
    return None


def line_columns() -> tuple[str, ...]:
    """The RMA line's own columns (everything but the keys), straight from the table definition."""
    return tuple(a.key for a in sa_inspect(RmaLineRow).column_attrs if a.key not in ("id", "rma_id"))


@dataclass(frozen=True, slots=True)
class RmaContent:
    """What the order system says an RMA is. ``lines``: one mapping of line column -> value each."""

    rma_number: str
    order_number: str
    tracking_number: str | None
    customer: str
    authorized_at: datetime
    expires_at: datetime | None
    lines: tuple[Mapping[str, Any], ...]
    customer_email: str | None = None
    site: str | None = None
    market: str | None = None
    address: tuple[tuple[str, str | None], ...] = ()  # (ADDRESS_COLUMNS name, value): the postal address

    def header(self) -> dict[str, Any]:
        return {
            "order_number": self.order_number,
            "tracking_number": self.tracking_number,
            "customer": self.customer,
            "authorized_at": self.authorized_at,
            "expires_at": self.expires_at,
            "customer_email": self.customer_email,
            "site": self.site,
            "market": self.market,
            **{c: None for c in ADDRESS_COLUMNS},
            **dict(self.address),
        }


@dataclass(frozen=True, slots=True)
class FeedRecord:
    line: int  # where the record starts in the file (1-based)
    action: FeedAction
    rma_number: str
    content: RmaContent | None = None  # for an upsert
    reason: str = ""  # for a cancellation: the order system's words, kept in the event


def records_from_csv(
    text: str, source: str, known_reasons: Iterable[str] | None
) -> tuple[list[FeedRecord], list[RowError]]:
    """Every RMA of a CSV feed as an upsert (the CSV format has no cancellations)."""
    parsed, errors = parse_rma_csv(text, source, known_reasons)
    records = [
        FeedRecord(
            line=p.first_line,
            action=FeedAction.UPSERT,
            rma_number=p.number,
            content=RmaContent(
                rma_number=p.number,
                order_number=p.header["order_number"].upper(),
                tracking_number=(p.header["tracking_number"] or "").upper() or None,
                customer=p.header["customer"],
                authorized_at=p.authorized_at,
                expires_at=p.expires_at,
                lines=tuple(_line_values(row) for row in sorted(p.lines, key=lambda r: r.line_no)),
                customer_email=p.header["customer_email"] or None,
                site=p.header["site"] or None,
                market=p.header["market"] or None,
                address=tuple((c, p.header[c] or None) for c in ADDRESS_COLUMNS),
            ),
        )
        for p in parsed
    ]
    return records, errors


def records_from_jsonl(
    text: str, source: str, known_reasons: Iterable[str] | None
) -> tuple[list[FeedRecord], list[RowError]]:
    records: list[FeedRecord] = []
    errors: list[RowError] = []
    if "\x00" in text:
        return [], [RowError(1, "the file contains NUL bytes: it is not a JSON lines text file")]
    reasons = list(known_reasons) if known_reasons is not None else None
    for number, raw_line in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        if not raw_line.strip():
            continue
        if len(raw_line) > MAX_RECORD_CHARS:
            errors.append(RowError(number, "the line is longer than 1 MB: one RMA per line"))
            continue
        try:
            obj = json.loads(raw_line, parse_float=str, parse_int=str)
        except json.JSONDecodeError as exc:
            errors.append(RowError(number, f"not valid JSON ({exc.msg} at column {exc.colno})"))
            continue
        record, problems = record_from_json(obj, number, source, reasons)
        errors.extend(problems)
        if record is not None:
            records.append(record)
    if not records and not errors:
        errors.append(RowError(1, "no RMA records in the file"))
    return records, errors


def record_from_json(
    obj: object, line: int, source: str, known_reasons: Sequence[str] | None
) -> tuple[FeedRecord | None, list[RowError]]:
    """One JSON object as a record. Numbers are expected as text (``parse_int/parse_float=str``) so
    ``19.99`` is never rounded through a binary float; plain ``json.loads`` output works too."""
    if not isinstance(obj, dict):
        return None, [RowError(line, "each line must be one JSON object (an RMA)")]
    unknown = [k for k in obj if k not in TOP_LEVEL_FIELDS]
    if unknown:
        return None, [RowError(line, f"unknown field(s): {', '.join(map(str, unknown))} (see the README)")]
    try:
        action = FeedAction(str(obj.get("action") or FeedAction.UPSERT.value).lower())
    except ValueError:
        return None, [RowError(line, f"action '{str(obj.get('action'))[:20]}' must be 'upsert' or 'cancel'")]
    number = obj.get("rma_number")
    if not isinstance(number, str) or not RMA_NUMBER.match(number):
        return None, [RowError(line, "rma_number is missing or has characters a scanner cannot send")]
    if action is FeedAction.CANCEL:
        extra = [k for k in obj if k not in ("action", "rma_number", "reason")]
        if extra:
            extras = ", ".join(extra)
            return None, [RowError(line, f"a cancel takes only rma_number and reason, not {extras}")]
        reason = obj.get("reason")
        if reason is not None and not isinstance(reason, str):
            return None, [RowError(line, "reason must be text")]
        return FeedRecord(line, action, number.upper(), reason=clean_line(reason or "", 500)), []
    if "reason" in obj:
        return None, [RowError(line, "reason belongs to a cancel; an upsert has a reason_code on each line")]
    lines = obj.get("lines")
    if not isinstance(lines, list) or not lines:
        return None, [RowError(line, "lines must be a non-empty array of RMA lines")]
    csv_text, starts, problems = _as_csv(obj, lines, line)
    if problems:
        return None, problems
    parsed_records, csv_errors = records_from_csv(csv_text, source, known_reasons)
    if csv_errors:
        return None, [RowError(line, _where(e, starts) + _json_words(e.message)) for e in csv_errors]
    [record] = parsed_records
    return FeedRecord(line, action, record.rma_number, content=record.content), []


def _where(error: RowError, starts: Sequence[int]) -> str:
    """Which ``lines[i]`` a CSV error line stands for ('' for the header)."""
    index = -1
    for i, start in enumerate(starts):
        if start <= error.line:
            index = i
    return f"lines[{index}]: " if index >= 0 else ""


def _json_words(message: str) -> str:
    """The CSV parser's words for a JSON author: its columns are the fields of ``lines``."""
    return message.replace("missing column(s)", "missing field(s) in lines").replace(
        "unknown column(s)", "unknown field(s) in lines"
    )


def _cell(value: object) -> str | None:
    """A JSON value as CSV text; None when the value cannot be one (an object, a bool, nested lists)."""
    if value is None:
        return ""
    if isinstance(value, bool | dict):
        return None
    if isinstance(value, list):
        if not all(isinstance(v, str | int) and not isinstance(v, bool) for v in value):
            return None
        return " ".join(str(v) for v in value)
    return str(value)


def _as_csv(obj: Mapping[str, Any], lines: list[Any], line: int) -> tuple[str, list[int], list[RowError]]:
    """The record as CSV text (header columns repeated on each line, as the CSV format wants), with the
    physical CSV line where each ``lines[i]`` starts."""
    problems: list[RowError] = []
    header_cols = ["rma_number", *HEADER_FIELDS]
    line_cols: list[str] = []
    for i, ln in enumerate(lines):
        if not isinstance(ln, dict):
            problems.append(RowError(line, f"lines[{i}] must be an object"))
            continue
        for key in ln:
            if key in header_cols:
                problems.append(RowError(line, f"lines[{i}]: {key} belongs to the RMA, not to a line"))
            elif key not in line_cols:
                line_cols.append(str(key))
    if problems:
        return "", [], problems
    cols = header_cols + line_cols
    header_values = {c: _cell(obj.get(c)) for c in header_cols}
    for c, v in header_values.items():
        if v is None:
            problems.append(RowError(line, f"{c} must be text"))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(cols)
    starts: list[int] = []
    physical = 2
    for i, ln in enumerate(lines):
        row: list[str] = [header_values[c] or "" for c in header_cols]
        for c in line_cols:
            cell = _cell(ln.get(c))
            if cell is None:
                problems.append(RowError(line, f"lines[{i}]: {c} must be text or a number"))
                cell = ""
            row.append(cell)
        chunk = io.StringIO()
        csv.writer(chunk, lineterminator="\n").writerow(row)
        starts.append(physical)
        physical += sum(1 for _ in io.StringIO(chunk.getvalue(), newline=""))
        out.write(chunk.getvalue())
    return out.getvalue(), starts, problems


def _line_values(row: RmaLineRow) -> dict[str, Any]:
    return {c: getattr(row, c) for c in line_columns()}
