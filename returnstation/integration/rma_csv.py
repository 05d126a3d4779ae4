"""Reading the order system's RMA CSV export: columns, validation and the rows it yields.

An adapter (no database writes, no permissions): `services.rma_import` applies the parsed RMAs in one
transaction, and the feed reader (`integration.feed_records`) turns JSON lines into the same rows.

The whole file is validated before anything is written, and written in one transaction: a file with
one bad row imports nothing, and every problem is reported with its line number, so the clerk can
fix the file and run the import again without wondering what got in.

Columns (header row required, order free, UTF-8 with or without BOM, comma or semicolon):
  rma_number*, order_number*, customer*, authorized_at* (YYYY-MM-DD or ISO date-time),
  expires_at (same format, empty = never), tracking_number, line_no*, sku*, gtin, description*,
  category (default "general"), quantity* (whole number >= 1), unit_value* (e.g. 19.99),
  reason_code*, expected_serials (space-separated), purchased_at (YYYY-MM-DD, when the customer bought it),
  warranty_months (whole number 0-600; with purchased_at it decides whether a warranty claim is valid),
  customer_email (where customer status messages go; empty = none),
  site (the site that receives the return; empty = the bench's own), market (where it was sold, e.g. DE)
  address_line1, address_line2, address_postal_code, address_city, address_region, address_country
  (where a warranty repair or replacement goes back to; all empty = no address),
  vendor (a line column: who takes the item back on a return-to-vendor list)
One row per RMA line; the RMA header columns repeat on each line and must agree.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

from returnstation.domain.markets import code_problem, scope_code
from returnstation.domain.text import clean_line
from returnstation.store.models import ADDRESS_COLUMNS, RmaLineRow

REQUIRED = (
    "rma_number",
    "order_number",
    "customer",
    "authorized_at",
    "line_no",
    "sku",
    "description",
    "quantity",
    "unit_value",
    "reason_code",
)
OPTIONAL = ("expires_at", "tracking_number", "gtin", "category", "expected_serials")
# Optional too, for the warranty and dead-on-arrival rules (added with issue 4; files without them import
# as before).
WARRANTY_COLUMNS = ("purchased_at", "warranty_months")
# Optional (issue 17): where the customer's status messages go (the e-mail outbox target).
CONTACT_COLUMNS = ("customer_email",)
# Optional (issue 16): the site that receives the return and the market it was sold in choose the
# rule set (and a market's resale policy); codes as domain/markets.py says.
SCOPE_COLUMNS = ("site", "market")
# Optional (issue 16): the customer's postal address, for the return-to-customer label of a warranty
# repair or replacement; the names are the ``rmas`` columns. Personal data: erased by retention.
ADDRESS_LIMITS = {
    "address_postal_code": 32,
    "address_city": 100,
    "address_region": 100,
    "address_country": 64,
}
# Optional line column (issue 16): the vendor who takes the item back (return-to-vendor lists).
LINE_OUTCOME_COLUMNS = ("vendor",)
HEADER_FIELDS = (
    "order_number",
    "customer",
    "authorized_at",
    "expires_at",
    "tracking_number",
    *CONTACT_COLUMNS,
    *SCOPE_COLUMNS,
    *ADDRESS_COLUMNS,
)
# An address a mail server will take: one @, no spaces or brackets; checked loosely on purpose (the
# server is the judge), strictly enough that a name or a typo in the column is caught at import.
_EMAIL = re.compile(r"^[^@\s<>(),;:\"]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\.)+[A-Za-z]{2,63}$")
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$")
MAX_FILE_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class RowError:
    line: int  # 1-based line number in the file, as a text editor shows it
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass
class ParsedRma:
    number: str
    first_line: int
    header: dict[str, str]
    authorized_at: datetime
    expires_at: datetime | None
    lines: list[RmaLineRow] = field(default_factory=list)


def _parse_time(value: str) -> datetime:
    v = value.strip()
    if len(v) == 10:
        return datetime.strptime(v, "%Y-%m-%d")
    dt = datetime.fromisoformat(v.replace("Z", "+00:00"))
    if dt.tzinfo is not None:
        dt = dt.astimezone(UTC).replace(tzinfo=None)
    return dt


def parse_rma_csv(
    text: str, source: str = "CSV", known_reasons: Iterable[str] | None = None
) -> tuple[list[ParsedRma], list[RowError]]:
    errors: list[RowError] = []
    if "\x00" in text:
        return [], [RowError(1, "the file contains NUL bytes: it is not a text CSV file")]
    try:  # a lone surrogate (text decoded with errors="surrogateescape", or cut UTF-16) cannot be stored
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        line = text[: exc.start].count("\n") + 1
        return [], [RowError(line, "the file contains characters that are not valid text: save it as UTF-8")]
    text = text.lstrip("\ufeff")
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        return [], [RowError(1, "the file is empty")]
    except csv.Error as exc:
        return [], [RowError(1, f"unreadable header: {exc}")]
    cols = [h.strip().lower() for h in header]
    missing = [c for c in REQUIRED if c not in cols]
    known = {*REQUIRED, *OPTIONAL, *WARRANTY_COLUMNS, *CONTACT_COLUMNS, *SCOPE_COLUMNS, *ADDRESS_COLUMNS}
    known |= set(LINE_OUTCOME_COLUMNS)
    unknown = [c for c in cols if c and c not in known]
    if missing:
        errors.append(RowError(1, f"missing column(s): {', '.join(missing)}"))
    if unknown:
        errors.append(RowError(1, f"unknown column(s): {', '.join(unknown)} (see the README for the format)"))
    if errors:
        return [], errors
    reasons = {r.lower() for r in known_reasons} if known_reasons is not None else None
    rmas: dict[str, ParsedRma] = {}
    seen_lines: set[tuple[str, int]] = set()
    while True:
        line_no_in_file = reader.line_num + 1
        try:
            raw = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            errors.append(RowError(line_no_in_file, f"broken CSV quoting: {exc}"))
            break
        if not any(cell.strip() for cell in raw):
            continue  # blank lines are harmless
        if len(raw) != len(cols):
            errors.append(RowError(line_no_in_file, f"expected {len(cols)} values, found {len(raw)}"))
            continue
        row = {c: clean_line(v) for c, v in zip(cols, raw, strict=True)}  # the one cleaning rule
        for c in SCOPE_COLUMNS:  # one spelling per code, so "de" and "DE" are one market
            if row.get(c):
                row[c] = row[c].upper()
        row_errors = _validate_row(row, reasons)
        if row_errors:
            errors.extend(RowError(line_no_in_file, m) for m in row_errors)
            continue
        number = row["rma_number"].upper()
        ln = int(row["line_no"])
        if (number, ln) in seen_lines:
            errors.append(RowError(line_no_in_file, f"line_no {ln} of {number} appears twice"))
            continue
        seen_lines.add((number, ln))
        parsed = rmas.get(number)
        if parsed is None:
            parsed = ParsedRma(
                number=number,
                first_line=line_no_in_file,
                header={k: row.get(k, "") for k in HEADER_FIELDS},
                authorized_at=_parse_time(row["authorized_at"]),
                expires_at=_parse_time(row["expires_at"]) if row.get("expires_at") else None,
            )
            rmas[number] = parsed
        else:
            for k in HEADER_FIELDS:
                if row.get(k, "") != parsed.header[k]:
                    errors.append(
                        RowError(
                            line_no_in_file,
                            f"{k} '{row.get(k, '')}' differs from line {parsed.first_line} of {number} "
                            f"('{parsed.header[k]}')",
                        )
                    )
        parsed.lines.append(
            RmaLineRow(
                line_no=ln,
                sku=row["sku"].upper(),
                gtin=row.get("gtin") or None,
                description=row["description"],
                category=(row.get("category") or "general").lower(),
                quantity=int(row["quantity"]),
                unit_value=Decimal(row["unit_value"]).quantize(Decimal("0.01")),
                reason_code=row["reason_code"].lower(),
                expected_serials=" ".join(row.get("expected_serials", "").split()),
                purchased_at=_parse_time(row["purchased_at"]).date() if row.get("purchased_at") else None,
                warranty_months=int(row["warranty_months"]) if row.get("warranty_months") else None,
                vendor=row.get("vendor", "").upper() or None,
            )
        )
    if not rmas and not errors:
        errors.append(RowError(2, "no RMA lines in the file"))
    return list(rmas.values()), errors


def _validate_row(row: Mapping[str, str], reasons: set[str] | None) -> list[str]:
    problems: list[str] = []
    for c in REQUIRED:
        if not row.get(c):
            problems.append(f"{c} is empty")
    if problems:
        return problems
    for c in ("rma_number", "order_number", "sku"):
        if not _CODE.match(row[c]):
            problems.append(f"{c} '{row[c][:40]}' has characters a scanner cannot send (use A-Z 0-9 . _ / -)")
    email = row.get("customer_email", "")
    if email and (len(email) > 254 or not _EMAIL.match(email)):
        problems.append(f"customer_email '{email[:60]}' is not an e-mail address (name@example.com)")
    for c in SCOPE_COLUMNS:
        if row.get(c) and scope_code(row[c]) is None:
            problems.append(code_problem(c, row[c]))
    for c in ADDRESS_COLUMNS:
        if len(row.get(c, "")) > ADDRESS_LIMITS.get(c, 200):
            problems.append(f"{c} is longer than {ADDRESS_LIMITS.get(c, 200)} characters")
    if row.get("vendor") and not _CODE.match(row["vendor"]):
        problems.append(f"vendor '{row['vendor'][:40]}' has characters other than A-Z 0-9 . _ / -")
    if row.get("tracking_number") and not _CODE.match(row["tracking_number"]):
        problems.append(f"tracking_number '{row['tracking_number'][:40]}' is not a valid code")
    gtin = row.get("gtin", "")
    if gtin:
        from returnstation.scan.checkdigits import is_valid_gtin

        if not is_valid_gtin(gtin):
            problems.append(f"gtin '{gtin[:20]}' is not a valid GTIN (length or check digit)")
    for c in ("authorized_at", "expires_at"):
        if row.get(c):
            try:
                _parse_time(row[c])
            except (ValueError, OverflowError):  # OverflowError: year 9999 with an offset west of UTC
                problems.append(f"{c} '{row[c][:30]}' is not a date (use YYYY-MM-DD)")
    if row.get("purchased_at"):
        try:
            _parse_time(row["purchased_at"])
        except (ValueError, OverflowError):
            problems.append(f"purchased_at '{row['purchased_at'][:30]}' is not a date (use YYYY-MM-DD)")
    if row.get("warranty_months") and not re.fullmatch(r"\d{1,3}", row["warranty_months"]):
        problems.append(f"warranty_months '{row['warranty_months'][:20]}' must be a whole number of months")
    elif row.get("warranty_months") and int(row["warranty_months"]) > 600:
        problems.append(f"warranty_months {row['warranty_months']} is more than 50 years: check the file")
    if not re.fullmatch(r"\d{1,6}", row["line_no"]) or int(row["line_no"]) < 1:
        problems.append(f"line_no '{row['line_no'][:20]}' must be a whole number >= 1")
    if not re.fullmatch(r"\d{1,6}", row["quantity"]) or int(row["quantity"]) < 1:
        problems.append(f"quantity '{row['quantity'][:20]}' must be a whole number >= 1")
    try:
        value = Decimal(row["unit_value"])
        if not value.is_finite() or value < 0 or value > Decimal("10000000"):
            raise InvalidOperation
    except InvalidOperation:
        problems.append(f"unit_value '{row['unit_value'][:20]}' must be a non-negative amount like 19.99")
    if len(row["description"]) > 300 or len(row["customer"]) > 200:
        problems.append("description (300) or customer (200) is too long")
    if reasons is not None and row["reason_code"].lower() not in reasons:
        problems.append(f"reason_code '{row['reason_code'][:30]}' is not a known return reason")
    return problems
