"""Importing RMAs from the order system's CSV export.

The whole file is validated before anything is written, and becomes visible in one transaction (it is
staged in chunks first, store/rma_staging.py): a file with one bad row imports nothing, and every
problem is reported with its line number, so the clerk can fix the file and run the import again
without wondering what got in.

Columns (header row required, order free, UTF-8 with or without BOM, comma or semicolon):
  rma_number*, order_number*, customer*, authorized_at* (YYYY-MM-DD or ISO date-time),
  expires_at (same format, empty = never), tracking_number, line_no*, sku*, gtin, description*,
  category (default "general"), quantity* (whole number >= 1), unit_value* (e.g. 19.99),
  reason_code*, expected_serials (space-separated), purchased_at (YYYY-MM-DD, when the customer bought it),
  warranty_months (whole number 0-600; with purchased_at it decides whether a warranty claim is valid)
One row per RMA line; the RMA header columns repeat on each line and must agree.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import cast

from sqlalchemy import Dialect, Table
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from returnstation.domain.access import requires
from returnstation.domain.clock import Clock, utcnow
from returnstation.domain.enums import RmaStatus
from returnstation.domain.messages import msg
from returnstation.domain.roles import Permission
from returnstation.integration.rma_csv import MAX_FILE_BYTES, ParsedRma, RowError, parse_rma_csv
from returnstation.services.results import StationContext
from returnstation.store.applied_files import applied_file, content_digest, describe, record_applied
from returnstation.store.audit import prepare_staged_events
from returnstation.store.bulk import BulkInsert
from returnstation.store.errors import guard_database
from returnstation.store.models import ADDRESS_COLUMNS, EventRow, RmaLineRow, RmaLineSerialRow, RmaRow
from returnstation.store.rma_staging import (
    STAGED,
    BatchLost,
    discard,
    discard_abandoned,
    publish,
    renew,
    staged_by_others,
    start_batch,
)
from returnstation.store.uow import UnitOfWork

Values = Mapping[str, object]  # one row's column values


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
            return msg(
                "{source}: already imported on {already_imported}; nothing changed.",
                source=self.source,
                already_imported=self.already_imported,
            )
        if self.ok:
            return msg(
                "Imported {rmas} RMA(s) with {lines} line(s) from {source}.",
                rmas=self.rmas,
                lines=self.lines,
                source=self.source,
            )
        shown = "\n".join(str(e) for e in self.errors[:50])
        more = msg("\n... and {n} more", n=len(self.errors) - 50) if len(self.errors) > 50 else ""
        return msg(
            "Nothing imported from {source}: {n_errors} problem(s).\n{shown}{more}",
            source=self.source,
            n_errors=len(self.errors),
            shown=shown,
            more=more,
        )


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
                return ImportReport(str(path), errors=(RowError(1, msg("file is larger than 50 MB")),))
            raw = path.read_bytes()
        except OSError as exc:
            return ImportReport(
                str(path),
                errors=(RowError(0, msg("cannot read the file: {strerror}", strerror=exc.strerror)),),
            )
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            return ImportReport(
                str(path), errors=(RowError(line, msg("not UTF-8 text (save the CSV as UTF-8)")),)
            )
        return self.import_text(text, source=path.name)

    @requires(Permission.IMPORT_RMAS)
    def import_text(self, text: str, source: str = "CSV") -> ImportReport:
        """Validate the whole text, then write it all, or nothing, without stalling the other benches.

        Everything is parsed, checked and turned into rows *before* anything is written. The RMAs are
        then staged in chunks, each a short transaction, invisible to every lookup
        (store/rma_staging.py), and published by one short transaction that also writes their events
        and the file's content hash. On SQLite each transaction holds the database's single write lock,
        so the other benches' scans get in between the chunks (bench/bench_import_lock.py: 50,000 rows).
        A kill at any moment leaves nothing visible; the next import removes what was staged.
        """
        # The same bytes again (e.g. a run that crashed after its commit, retried): say so, change nothing.
        digest = content_digest(text.encode("utf-8", "surrogatepass"))
        earlier = self._imported_before(digest)
        if earlier:
            return ImportReport(source, already_imported=earlier)
        parsed, errors = parse_rma_csv(text, source, self._reasons)
        now = self._now()
        discard_abandoned(self._sf, now)
        with UnitOfWork(self._sf) as uow:
            errors.extend(_conflicts(uow, parsed))
            if errors:
                return ImportReport(source, errors=tuple(sorted(errors, key=lambda e: e.line)))
            batch = start_batch(uow.session, source, self.ctx.station, now)
            uow.commit()
        rmas = [_rma_values(p, now) for p in parsed]
        lines = [[_line_values(line) for line in sorted(p.lines, key=lambda ln: ln.line_no)] for p in parsed]
        report = ImportReport(source, rmas=len(parsed), lines=sum(len(p.lines) for p in parsed))
        try:
            ids = self._stage(batch, rmas, lines)
            self._publish(batch, rmas, lines, ids, (digest, source, report.summary()), now)
        except IntegrityError:  # another bench staged or imported some of these RMAs meanwhile
            discard(self._sf, batch)
            earlier = self._imported_before(digest)
            if earlier:
                return ImportReport(source, already_imported=earlier)
            with UnitOfWork(self._sf) as uow:
                clashes = _conflicts(uow, parsed)
            if not clashes:
                raise
            return ImportReport(source, errors=tuple(sorted(clashes, key=lambda e: e.line)))
        except BatchLost:
            discard(self._sf, batch)
            return ImportReport(source, errors=(RowError(0, INTERRUPTED),))
        except BaseException:  # an outage, a kill signal: remove what was staged if the database lets us
            with contextlib.suppress(Exception):  # else the next import removes it once its lease runs out
                discard(self._sf, batch)
            raise
        return report

    def _stage(self, batch: int, rmas: Sequence[Values], lines: Sequence[Sequence[Values]]) -> list[int]:
        """Write the RMAs staged, ``STAGE_CHUNK`` per transaction; their ids, in order.

        After each chunk the import pauses as long as the chunk held the write lock: a bench waiting
        for the lock (SQLite's busy handler polls every few to 100 ms) then finds it free half the time
        instead of losing every race to the next chunk.
        """
        dialect = self._sf.kw["bind"].dialect
        ids: list[int] = []
        for start in range(0, len(rmas), STAGE_CHUNK):
            stop = start + STAGE_CHUNK
            staged = [{**values, "status": STAGED, "import_batch": batch} for values in rmas[start:stop]]
            bulk = bulk_rmas(dialect, staged, lines[start:stop])
            with UnitOfWork(self._sf) as uow:
                began = time.perf_counter()
                renew(uow.session, batch, self._now())  # the chunk's transaction (and lock) starts here
                ids.extend(insert_rmas(uow, bulk))
                uow.commit()
                held = time.perf_counter() - began
            if stop < len(rmas):
                time.sleep(min(held, MAX_PAUSE_S))
        return ids

    def _publish(
        self,
        batch: int,
        rmas: Sequence[Values],
        lines: Sequence[Sequence[Values]],
        ids: Sequence[int],
        applied: tuple[str, str, str],
        now: datetime,
    ) -> None:
        """The one short transaction that makes the staged batch open, with its events and the file's
        ``applied`` record (digest, name, summary)."""
        digest, source, summary = applied
        with UnitOfWork(self._sf) as uow:
            for values, rma_lines, rma_id in zip(rmas, lines, ids, strict=True):
                record_rma_imported(
                    uow, self.ctx, now, source, str(values["rma_number"]), len(rma_lines), rma_id
                )
            prepare_staged_events(uow.session)  # hashing prepared before the lock is taken
            publish(uow.session, batch, len(ids))  # the transaction starts here
            record_applied(uow.session, digest, source, "import", self.ctx.station, now, len(ids), summary)
            uow.commit()

    def _imported_before(self, digest: str) -> str:
        with UnitOfWork(self._sf) as uow:
            row = applied_file(uow.session, digest)
            return describe(row) if row is not None else ""


STAGE_CHUNK = 1000  # RMAs per staging transaction (with 2 lines each: about 0.05 s of write lock)
MAX_PAUSE_S = 0.25
INTERRUPTED = msg(
    "the import was interrupted (it stalled for longer than its lease and another "
    "import cleaned up after it): nothing was imported, run it again"
)


def _conflicts(uow: UnitOfWork, parsed: Sequence[ParsedRma]) -> list[RowError]:
    """The file's RMAs that exist already, or that another import is staging right now."""
    numbers = [p.number for p in parsed]
    existing = uow.rmas.numbers_existing(numbers)
    staging = staged_by_others(uow.session, numbers)
    found = [
        RowError(p.first_line, msg("RMA {number} already exists: nothing was changed", number=p.number))
        for p in parsed
        if p.number in existing
    ]
    found.extend(
        RowError(
            p.first_line,
            msg(
                "RMA {number} is being imported from {staging}: nothing changed",
                number=p.number,
                staging=staging[p.number],
            ),
        )
        for p in parsed
        if p.number in staging
    )
    return found


def _rma_values(p: ParsedRma, now: datetime) -> dict[str, object]:
    header = {
        "order_number": p.header["order_number"].upper(),
        "tracking_number": (p.header["tracking_number"] or "").upper() or None,
        "customer": p.header["customer"],
        "authorized_at": p.authorized_at,
        "expires_at": p.expires_at,
        "customer_email": p.header["customer_email"] or None,
        "site": p.header["site"] or None,
        "market": p.header["market"] or None,
        **{c: p.header[c] or None for c in ADDRESS_COLUMNS},
    }
    return new_rma_values(p.number, header, now)


def new_rma_values(number: str, header: Mapping[str, object], now: datetime) -> dict[str, object]:
    """The columns of a new, open RMA: the one definition for the CSV import and the feeds."""
    return {
        "rma_number": number,
        **header,
        "status": RmaStatus.OPEN.value,
        "created_at": now,
        "version": 1,
        "unauthorised": False,  # authorised by the order system (a supervisor's ad-hoc RMA is not)
    }


def record_rma_imported(
    uow: UnitOfWork,
    ctx: StationContext,
    now: datetime,
    source: str,
    number: str,
    lines: int,
    rma_id: int | None = None,
) -> EventRow:
    """The event of a new RMA, from the CSV import or a feed (``rma_id`` None: filled in after a bulk
    insert)."""
    return uow.events.record(
        ctx,
        now,
        "rma_imported",
        ("rma", rma_id),
        before=None,
        after=RmaStatus.OPEN.value,
        payload={"rma": number, "source": source, "lines": lines},
    )


_LINE_COLUMNS = tuple(c.key for c in RmaLineRow.__table__.columns if c.key not in ("id", "rma_id"))


def _line_values(line: RmaLineRow) -> dict[str, object]:
    values = {key: getattr(line, key) for key in _LINE_COLUMNS}
    if values["expected_serials"] is None:
        values["expected_serials"] = ""
    return values


@dataclass(frozen=True, slots=True)
class BulkRmas:
    """RMAs, their lines and the lines' expected serials ready to insert (built before the write
    transaction), with for each line the index of its RMA and for each serial the index of its line."""

    rmas: BulkInsert
    lines: BulkInsert
    line_owner: list[int]
    serials: BulkInsert
    serial_owner: list[int]


def bulk_rmas(
    dialect: Dialect, rmas: Sequence[Mapping[str, object]], lines: Sequence[Sequence[Mapping[str, object]]]
) -> BulkRmas:
    flat = [line for group in lines for line in group]
    owner = [index for index, group in enumerate(lines) for _ in group]
    # The serial index rows the ORM would add through RmaLineRow.serials (models.py): one per distinct
    # expected serial, upper-cased, so an item-first serial scan finds an imported RMA too.
    serials: list[dict[str, object]] = []
    serial_owner: list[int] = []
    for index, line in enumerate(flat):
        for serial in dict.fromkeys(str(line.get("expected_serials") or "").upper().split()):
            serials.append({"serial": serial[:64]})
            serial_owner.append(index)
    return BulkRmas(
        BulkInsert(dialect, cast(Table, RmaRow.__table__), rmas),
        BulkInsert(dialect, cast(Table, RmaLineRow.__table__), flat, late=("rma_id",)),
        owner,
        BulkInsert(dialect, cast(Table, RmaLineSerialRow.__table__), serials, late=("rma_line_id",)),
        serial_owner,
    )


def insert_rmas(uow: UnitOfWork, bulk: BulkRmas) -> list[int]:
    """Insert what ``bulk_rmas`` prepared: one executemany per table; the new RMA ids, in order."""
    connection = uow.session.connection()
    ids = bulk.rmas.run(connection)
    line_ids = bulk.lines.run(connection, rma_id=[ids[i] for i in bulk.line_owner])
    bulk.serials.run(connection, rma_line_id=[line_ids[i] for i in bulk.serial_owner])
    return ids
