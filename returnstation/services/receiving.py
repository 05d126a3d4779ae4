"""Receiving: match a parcel to its RMA, confirm each item by scanning it, record what does not fit."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from returnstation.domain.clock import Clock, utcnow
from returnstation.domain.enums import Discrepancy, ItemStatus, ParcelStatus, RmaStatus
from returnstation.domain.holds import age_text
from returnstation.domain.rma import Rma, match_item, parcel_problem, shortfalls
from returnstation.domain.roles import Permission
from returnstation.domain.scan import Scan
from returnstation.domain.text import visible
from returnstation.scan.classify import Classified, ClassifierConfig, CodeKind, classify_scan
from returnstation.services.holds import add_unauthorised_line
from returnstation.services.results import Feedback, Level, LineView, ParcelView, StationContext
from returnstation.store.errors import guard_database
from returnstation.store.models import ItemRow, ParcelRow, RmaRow
from returnstation.store.ports import UnitOfWorkPort
from returnstation.store.repositories import to_domain
from returnstation.store.uow import UnitOfWorkFactory, uow_factory_for

_UNREADABLE = (CodeKind.UNKNOWN, CodeKind.INVALID)


@guard_database
class ReceivingService:
    def __init__(
        self,
        session_factory: sessionmaker[Session] | None,
        ctx: StationContext,
        classifier: ClassifierConfig | None = None,
        clock: Clock = utcnow,
        *,
        uow_factory: UnitOfWorkFactory | None = None,
    ) -> None:
        self._uow = uow_factory_for(session_factory, uow_factory)  # an in-memory one in unit tests
        self.ctx = ctx
        self._classifier = classifier or ClassifierConfig()
        self._now = clock

    # -- parcels -------------------------------------------------------------------------------
    def scan_parcel(self, scan: Scan) -> Feedback:
        """A parcel-level scan: RMA label, carrier tracking number or order number."""
        self.ctx.require(Permission.RECEIVE)
        code = classify_scan(scan, self._classifier)
        if code.kind is CodeKind.COMMAND:
            return Feedback(Level.INFO, code.message, command=code.command)
        with self._uow() as uow:
            if code.kind in _UNREADABLE:
                return self._unreadable(uow, code)
            matches = uow.rmas.find_by_code(code.value)
            if not matches:
                return self._hold_unexpected(uow, code, _scan_key(scan))
            if len(matches) > 1:
                return self._several_rmas(uow, code, matches)
            return self._open_parcel(uow, code, matches[0], _scan_key(scan))

    def _unreadable(self, uow: UnitOfWorkPort, code: Classified) -> Feedback:
        now = self._now()
        uow.discrepancies.record(
            Discrepancy.UNKNOWN_CODE, code.raw, code.message, self.ctx.station, self.ctx.user, now
        )
        uow.events.record(
            self.ctx,
            now,
            "scan_rejected",
            ("scan", None),
            payload={"raw": visible(code.raw, 200), "reason": code.message},
        )
        uow.commit()
        return Feedback(Level.ERROR, f"Not recognised: {code.message}", problem=Discrepancy.UNKNOWN_CODE)

    def _hold_unexpected(self, uow: UnitOfWorkPort, code: Classified, scan_key: str) -> Feedback:
        earlier = self._earlier_hold(uow, code, scan_key) or self._on_shelf(uow, code)
        if earlier is not None:
            return earlier
        now = self._now()
        note = f"No RMA found for {code.kind.value} {code.value}"
        detail = f"No RMA matches {code.value} ({code.message})."
        payload = {
            "code": code.value,
            "kind": code.kind.value,
            "discrepancy": Discrepancy.NO_RMA.value,
            "scan": scan_key,
        }
        parcel = self._hold_parcel(uow, code, None, note, Discrepancy.NO_RMA, detail, payload, now)
        uow.commit()
        return Feedback(
            Level.WARNING,
            f"No RMA found for {code.value}. Put the parcel on the HOLD shelf (hold #{parcel.id}).",
            problem=Discrepancy.NO_RMA,
            parcel=_parcel_view(uow, parcel, None),
        )

    def _several_rmas(self, uow: UnitOfWorkPort, code: Classified, matches: list[RmaRow]) -> Feedback:
        now = self._now()
        numbers = ", ".join(r.rma_number for r in matches)
        uow.discrepancies.record(
            Discrepancy.SEVERAL_RMAS,
            code.value,
            f"{code.value} matches {numbers}",
            self.ctx.station,
            self.ctx.user,
            now,
        )
        uow.commit()
        return Feedback(
            Level.WARNING,
            f"{code.value} belongs to several RMAs ({numbers}). Scan the RMA label of this parcel.",
            problem=Discrepancy.SEVERAL_RMAS,
        )

    def _open_parcel(self, uow: UnitOfWorkPort, code: Classified, rma_row: RmaRow, scan_key: str) -> Feedback:
        now = self._now()
        uow.rmas.lock(rma_row.id)
        rma = to_domain(rma_row)
        open_parcels = uow.parcels.for_rma(rma.id, ParcelStatus.OPEN)
        if open_parcels:  # same parcel scanned again before it was finished: carry on with it
            parcel = open_parcels[0]
            view = _parcel_view(uow, parcel, rma_row)
            return Feedback(
                Level.INFO,
                f"{rma.rma_number} is already open (started by {parcel.user} at {parcel.station}). "
                "Carry on scanning its items.",
                parcel=view,
            )
        received = uow.parcels.for_rma(rma.id, ParcelStatus.RECEIVED)
        problem = parcel_problem(rma, now, len(received))
        if problem is Discrepancy.ALREADY_RECEIVED:
            first = received[0] if received else None
            where = (
                f" at {first.station} by {first.user} on {first.received_at:%Y-%m-%d %H:%M}" if first else ""
            )
            msg = f"{rma.rma_number} was already received{where}. Parcel scanned twice? Check the box."
            uow.discrepancies.record(
                problem, code.value, msg, self.ctx.station, self.ctx.user, now, rma_id=rma.id
            )
            uow.commit()
            return Feedback(Level.ERROR, msg, problem=problem)
        if problem is not None:
            return self._hold_for_rma(uow, code, rma_row, rma, problem, scan_key)
        payload = {"rma": rma.rma_number, "code": code.value, "kind": code.kind.value}
        parcel = self._add_parcel(uow, code, rma.id, ParcelStatus.OPEN, "parcel_opened", payload, now)
        uow.commit()
        total = sum(ln.quantity for ln in rma.lines)
        return Feedback(
            Level.SUCCESS,
            f"{rma.rma_number} found: {total} item(s) expected. Scan each item.",
            parcel=_parcel_view(uow, parcel, rma_row),
        )

    def _hold_for_rma(
        self,
        uow: UnitOfWorkPort,
        code: Classified,
        rma_row: RmaRow,
        rma: Rma,
        problem: Discrepancy,
        scan_key: str,
    ) -> Feedback:
        earlier = self._earlier_hold(uow, code, scan_key) or self._on_shelf(uow, code)
        if earlier is not None:
            return earlier
        now = self._now()
        if problem is Discrepancy.RMA_EXPIRED:
            expired = rma.expires_at.strftime("%Y-%m-%d") if rma.expires_at else "?"
            msg = f"{rma.rma_number} expired on {expired}. Put the parcel on the HOLD shelf for a supervisor."
        else:
            msg = (
                f"{rma.rma_number} is {rma.status.value}. Put the parcel on the HOLD shelf for a supervisor."
            )
        payload = {"rma": rma.rma_number, "discrepancy": problem.value, "scan": scan_key}
        parcel = self._hold_parcel(uow, code, rma.id, msg, problem, msg, payload, now)
        uow.commit()
        return Feedback(Level.WARNING, msg, problem=problem, parcel=_parcel_view(uow, parcel, rma_row))

    def _hold_parcel(
        self,
        uow: UnitOfWorkPort,
        code: Classified,
        rma_id: int | None,
        note: str,
        problem: Discrepancy,
        detail: str,
        payload: dict[str, str],
        now: datetime,
    ) -> ParcelRow:
        """The parcel goes to the hold shelf: its row, the discrepancy and the events (the caller commits)."""
        parcel = self._add_parcel(uow, code, rma_id, ParcelStatus.HELD, "parcel_held", payload, now, note)
        shelved: dict[str, str] = {k: payload[k] for k in ("code", "rma", "discrepancy") if k in payload}
        shelved.setdefault("code", code.value)
        uow.events.record(self.ctx, now, "parcel_shelved", ("parcel", parcel.id), payload=shelved)
        uow.discrepancies.record(
            problem,
            code.value,
            detail,
            self.ctx.station,
            self.ctx.user,
            now,
            parcel_id=parcel.id,
            rma_id=rma_id,
        )
        return parcel

    def _add_parcel(
        self,
        uow: UnitOfWorkPort,
        code: Classified,
        rma_id: int | None,
        status: ParcelStatus,
        event: str,
        payload: Mapping[str, Any],
        now: datetime,
        note: str = "",
    ) -> ParcelRow:
        """A new parcel row scanned at this station (flushed, so it has its id) and the event that
        opened or held it; the caller commits."""
        parcel = ParcelRow(
            rma_id=rma_id,
            scanned_code=code.value[:128],
            status=status.value,
            received_at=now,
            closed_at=None,
            station=self.ctx.station,
            user=self.ctx.user,
            note=note,
        )
        uow.parcels.add(parcel)
        uow.events.record(self.ctx, now, event, ("parcel", parcel.id), after=status.value, payload=payload)
        return parcel

    # -- items ---------------------------------------------------------------------------------
    def scan_item(self, parcel_id: int, scan: Scan) -> Feedback:
        """An item scan inside an open parcel: SKU, GTIN (also inside GS1 data) or expected serial."""
        self.ctx.require(Permission.RECEIVE)
        code = classify_scan(scan, self._classifier)
        if code.kind is CodeKind.COMMAND:
            return Feedback(Level.INFO, code.message, command=code.command)
        with self._uow() as uow:
            parcel = uow.parcels.get_locked(parcel_id)  # status and counts are judged under the lock
            rma_row = uow.rmas.by_id(parcel.rma_id) if parcel.rma_id is not None else None
            if code.kind in _UNREADABLE:
                fb = self._unreadable(uow, code)
                return Feedback(fb.level, fb.message, fb.problem, parcel=_parcel_view(uow, parcel, rma_row))
            if parcel.status != ParcelStatus.OPEN.value or rma_row is None:
                return Feedback(
                    Level.ERROR,
                    "This parcel is not open for receiving. Scan a parcel label first.",
                    parcel=_parcel_view(uow, parcel, rma_row),
                )
            if code.kind in (CodeKind.RMA, CodeKind.TRACKING, CodeKind.ORDER):
                return Feedback(
                    Level.WARNING,
                    f"That is a parcel code ({code.message}). Finish this parcel first (scan DONE), "
                    "then scan the next parcel.",
                    parcel=_parcel_view(uow, parcel, rma_row),
                )
            item_code = _item_code(code)
            earlier = self._earlier_item(uow, parcel, item_code, _scan_key(scan))
            if earlier is not None:
                return Feedback(
                    Level.INFO,
                    f"Already recorded: this scan of {item_code} was saved before the connection dropped.",
                    parcel=_parcel_view(uow, parcel, rma_row),
                    item_id=earlier,
                )
            rma = to_domain(rma_row)
            result = match_item(rma.lines, uow.parcels.received_counts(rma.id), item_code)
            if not result.accepted and rma_row.unauthorised:  # accepted without RMA: take what comes
                add_unauthorised_line(uow, rma_row, item_code)
                rma = to_domain(rma_row)
                result = match_item(rma.lines, uow.parcels.received_counts(rma.id), item_code)
            now = self._now()
            line_row = None
            if result.line is not None:
                line_row = next(ln for ln in rma_row.lines if ln.line_no == result.line.line_no)
            status = ItemStatus.RECEIVED if result.accepted else ItemStatus.HELD
            item = ItemRow(
                parcel_id=parcel.id,
                rma_line_id=line_row.id if line_row else None,
                scanned_code=item_code[:128],
                status=status.value,
                received_at=now,
                station=self.ctx.station,
                user=self.ctx.user,
            )
            uow.items.add(item)
            if result.accepted and result.line is not None:
                msg = (
                    f"OK: {result.line.sku} {result.line.description} "
                    f"({result.received_after} of {result.line.quantity})."
                )
                level = Level.SUCCESS
            else:
                assert result.problem is not None
                msg = self._item_problem_message(uow, rma_row, item_code, result.problem, result.line)
                level = Level.WARNING
                uow.discrepancies.record(
                    result.problem,
                    item_code,
                    msg,
                    self.ctx.station,
                    self.ctx.user,
                    now,
                    parcel_id=parcel.id,
                    rma_id=rma.id,
                )
            uow.events.record(
                self.ctx,
                now,
                "item_received" if result.accepted else "item_held",
                ("item", item.id),
                after=status.value,
                payload={
                    "parcel": parcel.id,
                    "rma": rma.rma_number,
                    "code": item_code,
                    "line": result.line.line_no if result.line else None,
                    "discrepancy": result.problem.value if result.problem else None,
                    "scan": _scan_key(scan),
                },
            )
            uow.commit()
            return Feedback(
                level, msg, problem=result.problem, parcel=_parcel_view(uow, parcel, rma_row), item_id=item.id
            )

    def _earlier_item(
        self, uow: UnitOfWorkPort, parcel: ParcelRow, item_code: str, scan_key: str
    ) -> int | None:
        """The item already recorded from this very scan (a retry after a lost connection), if any."""
        mine = [
            it.id
            for it in uow.parcels.items(parcel.id)
            if it.scanned_code == item_code[:128] and it.station == self.ctx.station
        ]
        return uow.events.subject_of_scan("item", mine, scan_key)

    def _earlier_hold(self, uow: UnitOfWorkPort, code: Classified, scan_key: str) -> Feedback | None:
        """The HOLD answer again when this very scan already put the parcel on hold (a retry)."""
        mine = {
            p.id: p
            for p in uow.parcels.held()
            if p.scanned_code == code.value[:128] and p.station == self.ctx.station
        }
        earlier = uow.events.subject_of_scan("parcel", list(mine), scan_key)
        if earlier is None:
            return None
        parcel = mine[earlier]
        rma_row = uow.rmas.by_id(parcel.rma_id) if parcel.rma_id is not None else None
        return Feedback(
            Level.INFO,
            f"Already recorded: {code.value} is on the HOLD shelf (hold #{parcel.id}).",
            parcel=_parcel_view(uow, parcel, rma_row),
        )

    def _on_shelf(self, uow: UnitOfWorkPort, code: Classified) -> Feedback | None:
        """The same box scanned again: where it is on the hold shelf (hold number, age), or, once a
        supervisor matched or accepted it, the open receipt to carry on with. Nothing new is recorded."""
        parcel = uow.holds.latest_with_code(code.value)
        if parcel is None:
            return None
        rma_row = uow.rmas.by_id(parcel.rma_id) if parcel.rma_id is not None else None
        view = _parcel_view(uow, parcel, rma_row)
        if parcel.status == ParcelStatus.HELD.value:
            age = age_text(parcel.received_at, self._now())
            return Feedback(
                Level.WARNING,
                f"{code.value} is ON HOLD: hold #{parcel.id}, on the shelf for {age} "
                f"(put there at {parcel.station} by {parcel.user}). A supervisor decides on it.",
                parcel=view,
            )
        if parcel.status == ParcelStatus.OPEN.value and rma_row is not None:
            return Feedback(
                Level.SUCCESS,
                f"Hold #{parcel.id} was released to {rma_row.rma_number}. Scan each item.",
                parcel=view,
            )
        return None

    def _item_problem_message(
        self, uow: UnitOfWorkPort, rma_row: RmaRow, code: str, problem: Discrepancy, line: object
    ) -> str:
        if problem is Discrepancy.OVER_QUANTITY:
            return f"Extra item: all of {code} on {rma_row.rma_number} are already received. Put it on HOLD."
        others = uow.rmas.open_rmas_with_item(code, rma_row.customer, rma_row.id)
        if others:
            names = ", ".join(r.rma_number for r in others)
            return (
                f"{code} is not on {rma_row.rma_number}, but the same customer has it on {names}: "
                "several RMAs in one box? Put it on HOLD and tell a supervisor."
            )
        return f"Wrong item: {code} is not on {rma_row.rma_number}. Put it on HOLD."

    def finish_parcel(self, parcel_id: int) -> Feedback:
        """Close the receipt: record missing quantities and release the items to inspection."""
        self.ctx.require(Permission.RECEIVE)
        with self._uow() as uow:
            parcel = uow.parcels.get_locked(parcel_id)  # two stations may press DONE on the same box
            if parcel.status != ParcelStatus.OPEN.value or parcel.rma_id is None:
                return Feedback(Level.INFO, "Parcel already closed.", parcel=_parcel_view(uow, parcel, None))
            rma_row = uow.rmas.by_id(parcel.rma_id)
            rma = to_domain(rma_row)
            now = self._now()
            missing = shortfalls(rma.lines, uow.parcels.received_counts(rma.id))
            for s in missing:
                uow.discrepancies.record(
                    Discrepancy.SHORT_QUANTITY,
                    s.line.sku,
                    f"{s.missing} of {s.expected} x {s.line.sku} missing from {rma.rma_number}",
                    self.ctx.station,
                    self.ctx.user,
                    now,
                    parcel_id=parcel.id,
                    rma_id=rma.id,
                )
            parcel.status = ParcelStatus.RECEIVED.value
            parcel.closed_at = now
            before_rma = rma_row.status
            rma_row.status = RmaStatus.RECEIVED.value
            uow.events.record(
                self.ctx,
                now,
                "parcel_received",
                ("parcel", parcel.id),
                before=ParcelStatus.OPEN.value,
                after=ParcelStatus.RECEIVED.value,
                payload={"rma": rma.rma_number, "missing": {s.line.sku: s.missing for s in missing}},
            )
            uow.events.record(
                self.ctx,
                now,
                "rma_received",
                ("rma", rma.id),
                before=before_rma,
                after=RmaStatus.RECEIVED.value,
            )
            uow.commit()
            view = _parcel_view(uow, parcel, rma_row)
        n = sum(ln.received for ln in view.lines)
        if missing:
            gone = "; ".join(f"{s.missing} x {s.line.sku}" for s in missing)
            return Feedback(
                Level.WARNING,
                f"Receipt saved with items MISSING: {gone}. {n} item(s) go to inspection.",
                problem=Discrepancy.SHORT_QUANTITY,
                parcel=view,
            )
        return Feedback(Level.SUCCESS, f"Receipt complete: {n} item(s) go to inspection.", parcel=view)

    def parcel_view(self, parcel_id: int) -> ParcelView:
        with self._uow() as uow:
            parcel = uow.parcels.get(parcel_id)
            rma_row = uow.rmas.by_id(parcel.rma_id) if parcel.rma_id is not None else None
            return _parcel_view(uow, parcel, rma_row)

    def left_open(self) -> tuple[ParcelView, str] | None:
        """The parcel this station left open, with when and by whom it was started, so a restarted
        station carries on with it instead of making the clerk find the label again."""
        with self._uow() as uow:
            parcel = uow.parcels.left_open_at(self.ctx.station)
            if parcel is None or parcel.rma_id is None:
                return None
            started = f"started {parcel.received_at:%Y-%m-%d %H:%M} by {parcel.user}"
            return _parcel_view(uow, parcel, uow.rmas.by_id(parcel.rma_id)), started

    def hold_queue(self) -> list[ParcelView]:
        with self._uow() as uow:
            return [
                _parcel_view(uow, p, uow.rmas.by_id(p.rma_id) if p.rma_id else None)
                for p in uow.parcels.held()
            ]


def _scan_key(scan: Scan) -> str:
    """Identifies one physical scan (its reading time), so a retry of the same Scan is recognised."""
    return scan.timestamp.isoformat()


def _item_code(code: Classified) -> str:
    """The part of a scan that identifies the item: the GTIN inside GS1 data, else the code itself."""
    if code.gs1.get("01"):
        return code.gs1["01"]
    return code.value


def _parcel_view(uow: UnitOfWorkPort, parcel: ParcelRow, rma_row: RmaRow | None) -> ParcelView:
    counts: Counter[int] = uow.parcels.received_counts(rma_row.id) if rma_row else Counter()
    held = sum(1 for it in uow.parcels.items(parcel.id) if it.status == ItemStatus.HELD.value)
    lines: tuple[LineView, ...] = ()
    if rma_row is not None:
        lines = tuple(
            LineView(
                line_no=ln.line_no,
                sku=ln.sku,
                description=ln.description,
                category=ln.category,
                expected=ln.quantity,
                received=counts.get(ln.line_no, 0),
                unit_value=ln.unit_value,
                reason_code=ln.reason_code,
            )
            for ln in rma_row.lines
        )
    return ParcelView(
        parcel_id=parcel.id,
        status=parcel.status,
        scanned_code=parcel.scanned_code,
        rma_number=rma_row.rma_number if rma_row else None,
        order_number=rma_row.order_number if rma_row else None,
        customer=rma_row.customer if rma_row else None,
        rma_expires=rma_row.expires_at.strftime("%Y-%m-%d") if rma_row and rma_row.expires_at else None,
        lines=lines,
        held_items=held,
    )
