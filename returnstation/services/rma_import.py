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

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from returnstation.domain.clock import Clock, utcnow
from returnstation.domain.enums import RmaStatus
from returnstation.domain.roles import Permission
from returnstation.integration.rma_csv import MAX_FILE_BYTES, RowError, parse_rma_csv
from returnstation.services.results import StationContext
from returnstation.store.errors import guard_database
from returnstation.store.models import RmaRow
from returnstation.store.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class ImportReport:
    source: str
    rmas: int = 0
    lines: int = 0
    errors: tuple[RowError, ...] = ()
    known_reasons_checked: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        if self.ok:
            return f"Imported {self.rmas} RMA(s) with {self.lines} line(s) from {self.source}."
        shown = "\n".join(str(e) for e in self.errors[:50])
        more = f"\n... and {len(self.errors) - 50} more" if len(self.errors) > 50 else ""
        return f"Nothing imported from {self.source}: {len(self.errors)} problem(s).\n{shown}{more}"


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

    def import_file(self, path: Path) -> ImportReport:
        self.ctx.require(Permission.IMPORT_RMAS)
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

    def import_text(self, text: str, source: str = "CSV") -> ImportReport:
        self.ctx.require(Permission.IMPORT_RMAS)
        parsed, errors = parse_rma_csv(text, source, self._reasons)
        with UnitOfWork(self._sf) as uow:
            existing = uow.rmas.numbers_existing([p.number for p in parsed])
            for p in parsed:
                if p.number in existing:
                    errors.append(
                        RowError(p.first_line, f"RMA {p.number} already exists: nothing was changed")
                    )
            if errors:
                return ImportReport(source, errors=tuple(sorted(errors, key=lambda e: e.line)))
            now = self._now()
            for p in parsed:
                rma = RmaRow(
                    rma_number=p.number,
                    order_number=p.header["order_number"].upper(),
                    tracking_number=(p.header["tracking_number"] or "").upper() or None,
                    customer=p.header["customer"],
                    status=RmaStatus.OPEN.value,
                    authorized_at=p.authorized_at,
                    expires_at=p.expires_at,
                    created_at=now,
                )
                rma.lines = sorted(p.lines, key=lambda ln: ln.line_no)
                uow.session.add(rma)
                uow.session.flush()
                uow.events.record(
                    self.ctx,
                    now,
                    "rma_imported",
                    ("rma", rma.id),
                    before=None,
                    after=RmaStatus.OPEN.value,
                    payload={"rma": rma.rma_number, "source": source, "lines": len(rma.lines)},
                )
            uow.commit()
        return ImportReport(source, rmas=len(parsed), lines=sum(len(p.lines) for p in parsed))
