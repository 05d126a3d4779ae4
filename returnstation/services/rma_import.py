"""Importing RMAs from the order system's CSV export.

The whole file is validated before anything is written, and written in one transaction: a file with
one bad row imports nothing, and every problem is reported with its line number, so the clerk can
fix the file and run the import again without wondering what got in.

Columns (header row required, order free, UTF-8 with or without BOM, comma or semicolon):
  rma_number*, order_number*, customer*, authorized_at* (YYYY-MM-DD or ISO date-time),
  expires_at (same format, empty = never), tracking_number, line_no*, sku*, gtin, description*,
  category (default "general"), quantity* (whole number >= 1), unit_value* (e.g. 19.99),
  reason_code*, expected_serials (space-separated), purchased_at (YYYY-MM-DD, when the customer bought it),
  warranty_months (whole number 0-600; with purchased_at it decides whether a warranty claim is valid)
One row per RMA line; the RMA header columns repeat on each line and must agree.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import cast

from sqlalchemy import Dialect, Table
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from returnstation.domain.clock import Clock, utcnow
from returnstation.domain.enums import RmaStatus
from returnstation.domain.roles import Permission
from returnstation.domain.text import clean_line
from returnstation.services.access import requires
from returnstation.services.errors import guard_database
from returnstation.services.results import StationContext
from returnstation.store.applied_files import applied_file, content_digest, describe, record_applied
from returnstation.store.bulk import BulkInsert
from returnstation.store.models import RmaLineRow, RmaRow
from returnstation.store.uow import UnitOfWork

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
HEADER_FIELDS = ("order_number", "customer", "authorized_at", "expires_at", "tracking_number")
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$")
MAX_FILE_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class RowError:
    line: int  # 1-based line number in the file, as a text editor shows it
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass(frozen=True, slots=True)
class ImportReport:
    source: str
    rmas: int = 0
    lines: int = 0
    errors: tuple[RowError, ...] = ()
    known_reasons_checked: bool = False
    already_imported: str = ""  # when (and as what, where) the same bytes were imported before

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        if self.already_imported:
            return f"{self.source}: already imported on {self.already_imported}; nothing changed."
        if self.ok:
            return f"Imported {self.rmas} RMA(s) with {self.lines} line(s) from {self.source}."
        shown = "\n".join(str(e) for e in self.errors[:50])
        more = f"\n... and {len(self.errors) - 50} more" if len(self.errors) > 50 else ""
        return f"Nothing imported from {self.source}: {len(self.errors)} problem(s).\n{shown}{more}"


@dataclass
class _ParsedRma:
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
) -> tuple[list[_ParsedRma], list[RowError]]:
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
    unknown = [c for c in cols if c and c not in (*REQUIRED, *OPTIONAL, *WARRANTY_COLUMNS)]
    if missing:
        errors.append(RowError(1, f"missing column(s): {', '.join(missing)}"))
    if unknown:
        errors.append(RowError(1, f"unknown column(s): {', '.join(unknown)} (see the README for the format)"))
    if errors:
        return [], errors
    reasons = {r.lower() for r in known_reasons} if known_reasons is not None else None
    rmas: dict[str, _ParsedRma] = {}
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
            parsed = _ParsedRma(
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


@guard_database
class RmaImportService:
    def __init__(
        self,
        session_factory: sessionmaker[Session],
        ctx: StationContext,
        known_reasons: Iterable[str] | None = None,
        clock: Clock = utcnow,
    ) -> None:
        self._sf = session_factory
        self.ctx = ctx
        self._reasons = list(known_reasons) if known_reasons is not None else None
        self._now = clock

    @requires(Permission.IMPORT_RMAS)
    def import_file(self, path: Path) -> ImportReport:
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                return ImportReport(str(path), errors=(RowError(1, "file is larger than 50 MB"),))
            raw = path.read_bytes()
        except OSError as exc:
            return ImportReport(str(path), errors=(RowError(0, f"cannot read the file: {exc.strerror}"),))
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            return ImportReport(str(path), errors=(RowError(line, "not UTF-8 text (save the CSV as UTF-8)"),))
        return self.import_text(text, source=path.name)

    @requires(Permission.IMPORT_RMAS)
    def import_text(self, text: str, source: str = "CSV") -> ImportReport:
        """Validate the whole text, then write it all in one short transaction, or nothing.

        Everything is parsed, checked and turned into rows *before* the write transaction opens; the
        transaction then only checks that no RMA exists yet and inserts RMAs, lines and events in bulk
        (one statement each, not one per row). On SQLite that transaction holds the database's single
        write lock, so keeping it short keeps every other bench scanning while a large file imports
        (bench/bench_import_lock.py: 50,000 rows).
        """
        # The same bytes again (e.g. a run that crashed after its commit, retried): say so, change nothing.
        digest = content_digest(text.encode("utf-8", "surrogatepass"))
        earlier = self._imported_before(digest)
        if earlier:
            return ImportReport(source, already_imported=earlier)
        parsed, errors = parse_rma_csv(text, source, self._reasons)
        now = self._now()
        rmas = [_rma_values(p, now) for p in parsed]
        lines = [[_line_values(line) for line in sorted(p.lines, key=lambda ln: ln.line_no)] for p in parsed]
        bulk = bulk_rmas(self._sf.kw["bind"].dialect, rmas, lines)
        with UnitOfWork(self._sf) as uow:
            # Staged before the first statement, so built before the write transaction starts; each
            # gets its RMA's id once the RMAs are inserted.
            events = [] if errors else [
                uow.events.append(
                    "rma_imported",
                    station=self.ctx.station,
                    user=self.ctx.user,
                    at=now,
                    subject_type="rma",
                    subject_id=None,
                    before=None,
                    after=RmaStatus.OPEN.value,
                    payload={"rma": values["rma_number"], "source": source, "lines": len(rma_lines)},
                )
                for values, rma_lines in zip(rmas, lines, strict=True)
            ]
            existing = uow.rmas.numbers_existing([p.number for p in parsed])  # the transaction starts here
            errors.extend(
                RowError(p.first_line, f"RMA {p.number} already exists: nothing was changed")
                for p in parsed
                if p.number in existing
            )
            if errors:
                return ImportReport(source, errors=tuple(sorted(errors, key=lambda e: e.line)))
            for event, rma_id in zip(events, insert_rmas(uow, bulk), strict=True):
                event.subject_id = rma_id
            report = ImportReport(source, rmas=len(parsed), lines=sum(len(p.lines) for p in parsed))
            record_applied(uow.session, digest, source, "import", self.ctx.station, now, len(parsed),
                           report.summary())
            try:
                uow.commit()
            except IntegrityError:  # another bench imported the same bytes a moment ago
                uow.session.rollback()
                earlier = self._imported_before(digest)
                if not earlier:
                    raise
                return ImportReport(source, already_imported=earlier)
        return report

    def _imported_before(self, digest: str) -> str:
        with UnitOfWork(self._sf) as uow:
            row = applied_file(uow.session, digest)
            return describe(row) if row is not None else ""


def _rma_values(p: _ParsedRma, now: datetime) -> dict[str, object]:
    return {
        "rma_number": p.number,
        "order_number": p.header["order_number"].upper(),
        "tracking_number": (p.header["tracking_number"] or "").upper() or None,
        "customer": p.header["customer"],
        "status": RmaStatus.OPEN.value,
        "authorized_at": p.authorized_at,
        "expires_at": p.expires_at,
        "created_at": now,
        "version": 1,
    }


_LINE_COLUMNS = tuple(c.key for c in RmaLineRow.__table__.columns if c.key not in ("id", "rma_id"))


def _line_values(line: RmaLineRow) -> dict[str, object]:
    values = {key: getattr(line, key) for key in _LINE_COLUMNS}
    if values["expected_serials"] is None:
        values["expected_serials"] = ""
    return values


def bulk_rmas(
    dialect: Dialect, rmas: Sequence[Mapping[str, object]], lines: Sequence[Sequence[Mapping[str, object]]]
) -> tuple[BulkInsert, BulkInsert, list[int]]:
    """RMAs and their lines ready to insert (built before the write transaction), and for each line
    the index of its RMA."""
    flat = [line for group in lines for line in group]
    owner = [index for index, group in enumerate(lines) for _ in group]
    return (
        BulkInsert(dialect, cast(Table, RmaRow.__table__), rmas),
        BulkInsert(dialect, cast(Table, RmaLineRow.__table__), flat, late=("rma_id",)),
        owner,
    )


def insert_rmas(uow: UnitOfWork, bulk: tuple[BulkInsert, BulkInsert, list[int]]) -> list[int]:
    """Insert what ``bulk_rmas`` prepared: two executemany statements; the new RMA ids, in order."""
    rma_rows, line_rows, owner = bulk
    connection = uow.session.connection()
    ids = rma_rows.run(connection)
    line_rows.run(connection, rma_id=[ids[i] for i in owner])
    return ids
