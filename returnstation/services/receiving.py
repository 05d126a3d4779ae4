"""Receiving: match a parcel to its RMA, confirm each item by scanning it, record what does not fit.

Beyond one box for one RMA (issue 12): an item scanned with no parcel open lists the open RMAs that
expect it (item-first); a box may carry several RMAs of one customer (the clerk adds each with one
key); a short receipt takes a later box for the missing units; a serial never counts twice; a number
of identical units is received in one step. The clerk's prompts between scans (which candidate, add
the RMA?, how many) are kept by services/receiving_desk.py, not here: every method here is one
transaction that stands alone, so the window and dock mode record the same thing for the same scans.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from returnstation.domain.access import open_to_all, requires
from returnstation.domain.clock import Clock, utcnow
from returnstation.domain.enums import Discrepancy, ItemStatus, ParcelStatus, RmaStatus
from returnstation.domain.holds import age_text
from returnstation.domain.messages import join, msg
from returnstation.domain.rma import (
    ItemMatch,
    Rma,
    parcel_problem,
    shortfalls,
    split_quantity,
)
from returnstation.domain.roles import Permission
from returnstation.domain.scan import Scan
from returnstation.domain.text import visible
from returnstation.scan.classify import Classified, ClassifierConfig, CodeKind, classify_scan
from returnstation.services.holds import add_unauthorised_line
from returnstation.services.receiving_box import (
    build_parcel_view,
    cannot_join,
    item_code_of,
    line_of,
    lock_further_rmas,
    match_in_box,
    rmas_of,
    scan_key,
    scanned_serial,
    serial_on_line,
)
from returnstation.services.receiving_candidates import candidates_feedback, candidates_for
from returnstation.services.receiving_serials import SerialChecks
from returnstation.services.results import (
    Feedback,
    Level,
    ParcelView,
    StationContext,
)
from returnstation.store.errors import guard_database
from returnstation.store.models import ItemRow, ParcelRow, RmaRow
from returnstation.store.models_receiving import ParcelRmaRow
from returnstation.store.ports import UnitOfWorkPort
from returnstation.store.repositories import to_domain
from returnstation.store.uow import UnitOfWorkFactory, uow_factory_for

_UNREADABLE = (CodeKind.UNKNOWN, CodeKind.INVALID)
_ITEM_KINDS = (CodeKind.GTIN, CodeKind.GS1, CodeKind.ITEM)  # what an item-first scan may be


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
        concern_reasons: Mapping[str, str] | None = None,
    ) -> None:
        """``concern_reasons`` (data/concern_reasons.yaml): with them a serial that does not add up also
        raises a concern for a supervisor; without them (tests, tools) it is a discrepancy only."""
        self._uow = uow_factory_for(session_factory, uow_factory)  # an in-memory one in unit tests
        self.ctx = ctx
        self._classifier = classifier or ClassifierConfig()
        self._now = clock
        self._serials = SerialChecks(ctx, concern_reasons)

    # -- parcels -------------------------------------------------------------------------------
    @requires(Permission.RECEIVE)
    def scan_parcel(self, scan: Scan, last_customer: str | None = None) -> Feedback:
        """A scan with no parcel open: RMA label, carrier tracking number or order number, or an item
        (item-first: the open RMAs that expect it come back as ``candidates``; ``last_customer``, the
        customer of the bench's last parcel, ranks that customer's RMAs first)."""
        code = classify_scan(scan, self._classifier)
        if code.kind is CodeKind.COMMAND:
            return Feedback(Level.INFO, code.message, command=code.command, kind="command")
        with self._uow() as uow:
            if code.kind in _UNREADABLE:
                return _as_kind(self._unreadable(uow, code), code)
            matches, code = _find_rmas(uow, code)
            if not matches and code.kind in _ITEM_KINDS:
                found = candidates_for(uow, code, last_customer)
                if found:
                    return _as_kind(candidates_feedback(item_code_of(code), found), code)
            if not matches:
                return _as_kind(self._hold_unexpected(uow, code, scan_key(scan)), code)
            if len(matches) > 1:
                return _as_kind(self._several_rmas(uow, code, matches), code)
            return _as_kind(self._open_parcel(uow, code, matches[0], scan_key(scan)), code)

    @requires(Permission.RECEIVE)
    def open_for_item(self, rma_number: str, item_scan: Scan) -> Feedback:
        """The clerk chose one of the item-first candidates: open that RMA's parcel (or carry on with
        the one open at this bench) and count the scanned unit in it."""
        code = classify_scan(item_scan, self._classifier)
        with self._uow() as uow:
            rma_row = uow.rmas.by_number(rma_number)
            if rma_row is None:
                return Feedback(
                    Level.ERROR,
                    msg("No RMA {rma_number}. Scan the RMA label.", rma_number=rma_number),
                    kind="rma",
                )
            opened = self._open_parcel(uow, code, rma_row, scan_key(item_scan), found_by_item=True)
        if opened.parcel is None or opened.parcel.status != ParcelStatus.OPEN.value:
            return _as_kind(opened, code)
        counted = self.scan_item(opened.parcel.parcel_id, item_scan)
        return Feedback(
            counted.level,
            f"{opened.message} {counted.message}",
            problem=counted.problem,
            parcel=counted.parcel,
            item_id=counted.item_id,
            kind=counted.kind,
        )

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
        return Feedback(
            Level.ERROR,
            msg("Not recognised: {message}", message=code.message),
            problem=Discrepancy.UNKNOWN_CODE,
        )

    def _hold_unexpected(self, uow: UnitOfWorkPort, code: Classified, scan_key: str) -> Feedback:
        earlier = self._earlier_hold(uow, code, scan_key) or self._on_shelf(uow, code)
        if earlier is not None:
            return earlier
        now = self._now()
        note = msg("No RMA found for {kind} {code}", kind=code.kind.value, code=code.value)
        detail = msg("No RMA matches {code} ({message}).", code=code.value, message=code.message)
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
            msg(
                "No RMA found for {code}. Put the parcel on the HOLD shelf (hold #{parcel_id}).",
                code=code.value,
                parcel_id=parcel.id,
            ),
            problem=Discrepancy.NO_RMA,
            parcel=build_parcel_view(uow, parcel),
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
            msg(
                "{code} belongs to several RMAs ({numbers}). Scan the RMA label of this parcel.",
                code=code.value,
                numbers=numbers,
            ),
            problem=Discrepancy.SEVERAL_RMAS,
        )

    def _open_parcel(
        self,
        uow: UnitOfWorkPort,
        code: Classified,
        rma_row: RmaRow,
        scan_key: str,
        *,
        found_by_item: bool = False,
    ) -> Feedback:
        now = self._now()
        uow.rmas.lock(rma_row.id)
        rma = to_domain(rma_row)
        open_parcels = uow.parcels.for_rma(rma.id, ParcelStatus.OPEN)
        if open_parcels:  # same parcel scanned again before it was finished: carry on with it
            parcel = open_parcels[0]
            view = build_parcel_view(uow, parcel)
            return Feedback(
                Level.INFO,
                msg(
                    "{rma_number} is already open (started by {user} at {station}). Carry on "
                    "scanning its items.",
                    rma_number=rma.rma_number,
                    user=parcel.user,
                    station=parcel.station,
                ),
                parcel=view,
            )
        received = uow.parcels.for_rma(rma.id, ParcelStatus.RECEIVED)
        counts = uow.parcels.received_counts(rma.id)
        missing = sum(s.missing for s in shortfalls(rma.lines, counts))
        problem = parcel_problem(rma, now, len(received), missing)
        if problem is Discrepancy.ALREADY_RECEIVED:
            first = received[0] if received else None
            where = (
                msg(
                    " at {station} by {user} on {received_at:%Y-%m-%d %H:%M}",
                    station=first.station,
                    user=first.user,
                    received_at=first.received_at,
                )
                if first
                else ""
            )
            said = msg(
                "{rma_number} was already received{where}. Parcel scanned twice? Check the box.",
                rma_number=rma.rma_number,
                where=where,
            )
            uow.discrepancies.record(
                problem, code.value, said, self.ctx.station, self.ctx.user, now, rma_id=rma.id
            )
            uow.commit()
            return Feedback(Level.ERROR, said, problem=problem)
        if problem is not None:
            return self._hold_for_rma(uow, code, rma_row, rma, problem, scan_key)
        payload: dict[str, Any] = {"rma": rma.rma_number, "code": code.value, "kind": code.kind.value}
        if found_by_item:
            payload["found_by_item"] = True
        if received:
            payload["late_box"] = len(received) + 1
        parcel = self._add_parcel(uow, code, rma.id, ParcelStatus.OPEN, "parcel_opened", payload, now)
        view = build_parcel_view(uow, parcel, new=counts)  # before the commit: one transaction (issue #18)
        uow.commit()
        if received:  # the late box of a short receipt: only the missing units are still expected
            return Feedback(
                Level.SUCCESS,
                msg(
                    "Parcel {parcel_no} of {rma_number}: {missing} item(s) still missing. Scan each item.",
                    parcel_no=view.parcel_no,
                    rma_number=rma.rma_number,
                    missing=missing,
                ),
                parcel=view,
            )
        total = sum(ln.quantity for ln in rma.lines)
        return Feedback(
            Level.SUCCESS,
            msg(
                "{rma_number} found: {total} item(s) expected. Scan each item.",
                rma_number=rma.rma_number,
                total=total,
            ),
            parcel=view,
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
            said = msg(
                "{rma_number} expired on {expired}. Put the parcel on the HOLD shelf for a supervisor.",
                rma_number=rma.rma_number,
                expired=expired,
            )
        else:
            said = msg(
                "{rma_number} is {status}. Put the parcel on the HOLD shelf for a supervisor.",
                rma_number=rma.rma_number,
                status=rma.status.value,
            )
        payload = {"rma": rma.rma_number, "discrepancy": problem.value, "scan": scan_key}
        parcel = self._hold_parcel(uow, code, rma.id, said, problem, said, payload, now)
        uow.commit()
        return Feedback(Level.WARNING, said, problem=problem, parcel=build_parcel_view(uow, parcel))

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
    @requires(Permission.RECEIVE)
    def scan_item(self, parcel_id: int, scan: Scan, *, offer_other_rmas: bool = True) -> Feedback:
        """An item scan inside an open parcel: SKU, GTIN (also inside GS1 data) or expected serial.

        The item is matched against every RMA the box carries. An item none of them expects but
        another open RMA of the same customer does is not recorded yet: the answer offers that RMA
        (``offer_rma``) and the clerk adds it (``add_rma_to_parcel``) or declines (this again with
        ``offer_other_rmas=False``: a wrong item on HOLD, as before mixed boxes were known).
        """
        code = classify_scan(scan, self._classifier)
        if code.kind is CodeKind.COMMAND:
            return Feedback(Level.INFO, code.message, command=code.command, kind="command")
        with self._uow() as uow:
            parcel = uow.parcels.get_locked(parcel_id)  # status and counts are judged under the lock
            lock_further_rmas(uow, parcel)
            rmas = rmas_of(uow, parcel)
            if code.kind in _UNREADABLE:
                fb = self._unreadable(uow, code)
                return Feedback(
                    fb.level,
                    fb.message,
                    fb.problem,
                    parcel=build_parcel_view(uow, parcel),
                    kind=code.kind.value,
                )
            if parcel.status != ParcelStatus.OPEN.value or not rmas:
                return Feedback(
                    Level.ERROR,
                    msg("This parcel is not open for receiving. Scan a parcel label first."),
                    parcel=build_parcel_view(uow, parcel),
                    kind=code.kind.value,
                )
            if code.kind in (CodeKind.RMA, CodeKind.TRACKING, CodeKind.ORDER):
                return Feedback(
                    Level.WARNING,
                    msg(
                        "That is a parcel code ({message}). Finish this parcel first (scan DONE), then "
                        "scan the next parcel.",
                        message=code.message,
                    ),
                    parcel=build_parcel_view(uow, parcel),
                    kind=code.kind.value,
                )
            item_code = item_code_of(code)
            earlier = self._earlier_item(uow, parcel, item_code, scan_key(scan))
            if earlier is not None:
                return Feedback(
                    Level.INFO,
                    msg(
                        "Already recorded: this scan of {item_code} was saved before the connection dropped.",
                        item_code=item_code,
                    ),
                    parcel=build_parcel_view(uow, parcel),
                    item_id=earlier,
                    kind=code.kind.value,
                )
            rma_row, result = match_in_box(uow, rmas, item_code)
            unauthorised = next((r for r in rmas if r.unauthorised), None)
            if not result.accepted and unauthorised is not None:  # accepted without RMA: take what comes
                add_unauthorised_line(uow, unauthorised, item_code)
                rma_row, result = match_in_box(uow, rmas, item_code)
            if result.problem is Discrepancy.WRONG_ITEM and offer_other_rmas:
                offer = self._other_rma_of_customer(uow, rmas, item_code)
                if offer is not None:
                    return Feedback(
                        Level.WARNING,
                        msg(
                            "This box also holds {rma_number}? {item_code} is on it. Press Enter to add it "
                            "to this box; scan anything else to put the item on HOLD.",
                            rma_number=offer.rma_number,
                            item_code=item_code,
                        ),
                        parcel=build_parcel_view(uow, parcel),
                        offer_rma=offer.rma_number,
                        kind=code.kind.value,
                    )
            serial = scanned_serial(code) or serial_on_line(result.line, item_code)
            now = self._now()
            if serial is not None:
                twice = self._serials.scanned_before(uow, parcel, rmas, serial, item_code, scan, now)
                if twice is not None:
                    return twice
            return self._record_item(uow, parcel, rmas, rma_row, result, item_code, serial, scan, now)

    def _record_item(
        self,
        uow: UnitOfWorkPort,
        parcel: ParcelRow,
        rmas: list[RmaRow],
        rma_row: RmaRow,
        result: ItemMatch,
        item_code: str,
        serial: str | None,
        scan: Scan,
        now: datetime,
    ) -> Feedback:
        """One unit recorded: received when it fits, else on HOLD with its discrepancy; then the event."""
        concern = self._serials.problem(uow, rma_row, result, serial) if serial else None
        problem = concern[0] if concern else result.problem
        line_row = None
        if result.line is not None:
            line_row = next(ln for ln in rma_row.lines if ln.line_no == result.line.line_no)
        status = ItemStatus.RECEIVED if problem is None else ItemStatus.HELD
        item = ItemRow(
            parcel_id=parcel.id,
            rma_line_id=line_row.id if line_row else None,
            scanned_code=item_code[:128],
            status=status.value,
            received_at=now,
            station=self.ctx.station,
            user=self.ctx.user,
            serial=serial,
        )
        uow.items.add(item)
        if problem is None and result.line is not None:
            where = f", {rma_row.rma_number}" if len(rmas) > 1 else ""
            said: str = msg(
                "OK: {sku} {description} ({received_after} of {quantity}{where}).",
                sku=result.line.sku,
                description=result.line.description,
                received_after=result.received_after,
                quantity=result.line.quantity,
                where=where,
            )
            level = Level.SUCCESS
        elif concern is not None:
            problem, said, level = concern
            self._serials.concern(uow, problem, said, parcel, rma_row, item, now)
        else:
            assert problem is not None
            said = self._item_problem_message(uow, rma_row, item_code, problem, result.line)
            level = Level.WARNING
            uow.discrepancies.record(
                problem,
                item_code,
                said,
                self.ctx.station,
                self.ctx.user,
                now,
                parcel_id=parcel.id,
                rma_id=rma_row.id,
            )
        uow.events.record(
            self.ctx,
            now,
            "item_received" if problem is None else "item_held",
            ("item", item.id),
            after=status.value,
            payload={
                "parcel": parcel.id,
                "rma": rma_row.rma_number,
                "code": item_code,
                "serial": serial,
                "line": result.line.line_no if result.line else None,
                "discrepancy": problem.value if problem else None,
                "scan": scan_key(scan),
            },
        )
        uow.commit()
        return Feedback(
            level, said, problem=problem, parcel=build_parcel_view(uow, parcel), item_id=item.id, kind="item"
        )

    def _other_rma_of_customer(
        self, uow: UnitOfWorkPort, rmas: list[RmaRow], item_code: str
    ) -> RmaRow | None:
        """The same customer's oldest other open RMA that expects this item, if any (a mixed box)."""
        inside = {r.id for r in rmas}
        others = [
            r
            for r in uow.rmas.open_rmas_with_item(item_code, rmas[0].customer, rmas[0].id)
            if r.id not in inside and not to_domain(r).is_expired(self._now())
        ]
        return min(others, key=lambda r: (r.authorized_at, r.id)) if others else None

    # -- serials -------------------------------------------------------------------------------
    # -- a box with several RMAs, a number of identical units ------------------------------------
    @requires(Permission.RECEIVE)
    def add_rma_to_parcel(self, parcel_id: int, rma_number: str, item_scan: Scan) -> Feedback:
        """The box also holds this RMA of the same customer: it joins the parcel, then the item that
        showed it is counted on it."""
        with self._uow() as uow:
            parcel = uow.parcels.get_locked(parcel_id)
            rmas = rmas_of(uow, parcel)
            rma_row = uow.rmas.by_number(rma_number)
            if rma_row is not None:
                uow.rmas.lock(rma_row.id)  # judged under its lock: another bench may be opening it now
            elsewhere = uow.parcels.for_rma(rma_row.id, ParcelStatus.OPEN) if rma_row is not None else []
            refused = cannot_join(parcel, rmas, rma_row, self._now(), elsewhere)
            if refused or rma_row is None:
                return Feedback(
                    Level.ERROR,
                    refused or msg("No RMA {rma_number}.", rma_number=rma_number),
                    parcel=build_parcel_view(uow, parcel),
                    kind="key",
                )
            uow.rmas.lock(rma_row.id)
            now = self._now()
            uow.parcels.add_rma(
                ParcelRmaRow(
                    parcel_id=parcel.id,
                    rma_id=rma_row.id,
                    added_at=now,
                    station=self.ctx.station,
                    user=self.ctx.user,
                )
            )
            uow.events.record(
                self.ctx,
                now,
                "parcel_rma_added",
                ("parcel", parcel.id),
                payload={
                    "rma": rma_row.rma_number,
                    "first_rma": rmas[0].rma_number,
                    "scan": scan_key(item_scan),
                },
            )
            uow.commit()
        counted = self.scan_item(parcel_id, item_scan, offer_other_rmas=False)
        return Feedback(
            counted.level,
            msg("{rma_number} added to this box. {message}", rma_number=rma_number, message=counted.message),
            problem=counted.problem,
            parcel=counted.parcel,
            item_id=counted.item_id,
            kind=counted.kind,
        )

    @requires(Permission.RECEIVE)
    def receive_quantity(self, parcel_id: int, item_id: int, total: int) -> Feedback:
        """``total`` identical units of the item just scanned (it is one of them) received in one step:
        never more than the line expects without an "extra units" discrepancy for the rest."""
        with self._uow() as uow:
            parcel = uow.parcels.get_locked(parcel_id)
            lock_further_rmas(uow, parcel)
            item = uow.items.get(item_id)
            rmas = rmas_of(uow, parcel)
            found = line_of(rmas, item.rma_line_id) if item is not None else None
            view = build_parcel_view(uow, parcel)
            if (
                parcel.status != ParcelStatus.OPEN.value
                or item is None
                or item.parcel_id != parcel.id
                or found is None
            ):
                return Feedback(
                    Level.ERROR, msg("Scan the item first, then the quantity."), parcel=view, kind="quantity"
                )
            if item.serial:
                return Feedback(
                    Level.WARNING,
                    msg("Units with a serial number are scanned one by one."),
                    parcel=view,
                    kind="quantity",
                )
            if total < 1 or total > 9999:
                return Feedback(
                    Level.ERROR,
                    msg("{total} is not a quantity (1 to 9999).", total=total),
                    parcel=view,
                    kind="quantity",
                )
            rma_row, line = found
            received = uow.parcels.received_counts(rma_row.id).get(line.line_no, 0)
            split = split_quantity(total, line.quantity, received)
            now = self._now()
            added: list[int] = []
            for status, n in ((ItemStatus.RECEIVED, split.accepted), (ItemStatus.HELD, split.extra)):
                for _ in range(n):
                    unit = ItemRow(
                        parcel_id=parcel.id,
                        rma_line_id=item.rma_line_id,
                        scanned_code=item.scanned_code,
                        status=status.value,
                        received_at=now,
                        station=self.ctx.station,
                        user=self.ctx.user,
                    )
                    uow.items.add(unit)
                    added.append(unit.id)
            done = received + split.accepted
            said: str = msg(
                "OK: {count} x {sku} {description} ({done} of {quantity}).",
                count=split.accepted + 1,
                sku=line.sku,
                description=line.description,
                done=done,
                quantity=line.quantity,
            )
            level, problem = Level.SUCCESS, None
            if split.extra:
                level, problem = Level.WARNING, Discrepancy.OVER_QUANTITY
                said = join(
                    [
                        said,
                        msg(
                            " {extra} extra unit(s): more than authorized. Put them on HOLD.",
                            extra=split.extra,
                        ),
                    ]
                )
                uow.discrepancies.record(
                    problem,
                    line.sku,
                    f"{total} x {line.sku} counted, {line.quantity} authorized on {rma_row.rma_number}: "
                    f"{split.extra} extra",
                    self.ctx.station,
                    self.ctx.user,
                    now,
                    parcel_id=parcel.id,
                    rma_id=rma_row.id,
                )
            uow.events.record(
                self.ctx,
                now,
                "quantity_received",
                ("item", item.id),
                payload={
                    "parcel": parcel.id,
                    "rma": rma_row.rma_number,
                    "line": line.line_no,
                    "total": total,
                    "received": split.accepted,
                    "extra": split.extra,
                    "items": added,
                },
            )
            uow.commit()
            return Feedback(
                level,
                said,
                problem=problem,
                parcel=build_parcel_view(uow, parcel),
                item_id=item.id,
                kind="quantity",
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
        return Feedback(
            Level.INFO,
            msg(
                "Already recorded: {code} is on the HOLD shelf (hold #{parcel_id}).",
                code=code.value,
                parcel_id=parcel.id,
            ),
            parcel=build_parcel_view(uow, parcel),
        )

    def _on_shelf(self, uow: UnitOfWorkPort, code: Classified) -> Feedback | None:
        """The same box scanned again: where it is on the hold shelf (hold number, age), or, once a
        supervisor matched or accepted it, the open receipt to carry on with. Nothing new is recorded."""
        parcel = uow.holds.latest_with_code(code.value)
        if parcel is None:
            return None
        rma_row = uow.rmas.by_id(parcel.rma_id) if parcel.rma_id is not None else None
        view = build_parcel_view(uow, parcel)
        if parcel.status == ParcelStatus.HELD.value:
            age = age_text(parcel.received_at, self._now())
            return Feedback(
                Level.WARNING,
                msg(
                    "{code} is ON HOLD: hold #{parcel_id}, on the shelf for {age} (put there at "
                    "{station} by {user}). A supervisor decides on it.",
                    code=code.value,
                    parcel_id=parcel.id,
                    age=age,
                    station=parcel.station,
                    user=parcel.user,
                ),
                parcel=view,
            )
        if parcel.status == ParcelStatus.OPEN.value and rma_row is not None:
            return Feedback(
                Level.SUCCESS,
                msg(
                    "Hold #{parcel_id} was released to {rma_number}. Scan each item.",
                    parcel_id=parcel.id,
                    rma_number=rma_row.rma_number,
                ),
                parcel=view,
            )
        return None

    def _item_problem_message(
        self, uow: UnitOfWorkPort, rma_row: RmaRow, code: str, problem: Discrepancy, line: object
    ) -> str:
        if problem is Discrepancy.OVER_QUANTITY:
            return msg(
                "Extra item: all of {code} on {rma_number} are already received. Put it on HOLD.",
                code=code,
                rma_number=rma_row.rma_number,
            )
        others = uow.rmas.open_rmas_with_item(code, rma_row.customer, rma_row.id)
        if others:
            names = ", ".join(r.rma_number for r in others)
            return msg(
                "{code} is not on {rma_number}, but the same customer has it on {names}: several "
                "RMAs in one box? Put it on HOLD and tell a supervisor.",
                code=code,
                rma_number=rma_row.rma_number,
                names=names,
            )
        return msg(
            "Wrong item: {code} is not on {rma_number}. Put it on HOLD.",
            code=code,
            rma_number=rma_row.rma_number,
        )

    @requires(Permission.RECEIVE)
    def finish_parcel(self, parcel_id: int) -> Feedback:
        """Close the receipt: record missing quantities of each RMA in the box and release the items
        to inspection. A short RMA can still be completed by a later box."""
        with self._uow() as uow:
            parcel = uow.parcels.get_locked(parcel_id)  # two stations may press DONE on the same box
            if parcel.status != ParcelStatus.OPEN.value or parcel.rma_id is None:
                return Feedback(
                    Level.INFO, msg("Parcel already closed."), parcel=build_parcel_view(uow, parcel)
                )
            rmas = rmas_of(uow, parcel)
            now = self._now()
            missing_all: list[tuple[str, int]] = []
            received_rmas: list[tuple[RmaRow, str, dict[str, int]]] = []  # (rma, status before, missing)
            for rma_row in rmas:
                uow.rmas.lock(rma_row.id)
                rma = to_domain(rma_row)
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
                    missing_all.append((s.line.sku, s.missing))
                received_rmas.append((rma_row, rma_row.status, {s.line.sku: s.missing for s in missing}))
                rma_row.status = RmaStatus.RECEIVED.value
            parcel.status = ParcelStatus.RECEIVED.value
            parcel.closed_at = now
            uow.events.record(
                self.ctx,
                now,
                "parcel_received",
                ("parcel", parcel.id),
                before=ParcelStatus.OPEN.value,
                after=ParcelStatus.RECEIVED.value,
                payload={
                    "rma": rmas[0].rma_number,
                    "rmas": [r.rma_number for r in rmas],
                    "missing": dict(missing_all),
                },
            )
            for rma_row, before_rma, short in received_rmas:
                uow.events.record(
                    self.ctx,
                    now,
                    "rma_received",
                    ("rma", rma_row.id),
                    before=before_rma,
                    after=RmaStatus.RECEIVED.value,
                    payload={"parcel": parcel.id, "missing": short},
                )
            uow.commit()
            view = build_parcel_view(uow, parcel)
        n = sum(ln.received for ln in view.lines)
        if missing_all:
            gone = "; ".join(f"{m} x {sku}" for sku, m in missing_all)
            return Feedback(
                Level.WARNING,
                msg(
                    "Receipt saved with items MISSING: {gone}. {n_} item(s) go to inspection. A "
                    "later box for the same RMA takes the missing items.",
                    gone=gone,
                    n_=n,
                ),
                problem=Discrepancy.SHORT_QUANTITY,
                parcel=view,
            )
        return Feedback(
            Level.SUCCESS, msg("Receipt complete: {n_} item(s) go to inspection.", n_=n), parcel=view
        )

    @open_to_all("shows a parcel the bench already has on screen; changes nothing")
    def parcel_view(self, parcel_id: int) -> ParcelView:
        with self._uow(read_only=True) as uow:
            return build_parcel_view(uow, uow.parcels.get(parcel_id))

    @open_to_all("the bench's own screen after a restart; refused steps need RECEIVE anyway")
    def left_open(self) -> tuple[ParcelView, str] | None:
        """The parcel this station left open, with when and by whom it was started, so a restarted
        station carries on with it instead of making the clerk find the label again."""
        with self._uow(read_only=True) as uow:
            parcel = uow.parcels.left_open_at(self.ctx.station)
            if parcel is None or parcel.rma_id is None:
                return None
            started = msg(
                "started {received_at:%Y-%m-%d %H:%M} by {user}",
                received_at=parcel.received_at,
                user=parcel.user,
            )
            return build_parcel_view(uow, parcel), started

    @requires(Permission.RECEIVE)
    def hold_count(self) -> int:
        """How many parcels wait on the hold shelf: the receiving screen shows the number, not the list."""
        with self._uow(read_only=True) as uow:
            return len(uow.parcels.held())

    @requires(Permission.HOLD_QUEUE)  # names and addresses of customers: the hold shelf's work
    def hold_queue(self) -> list[ParcelView]:
        with self._uow(read_only=True) as uow:
            return [build_parcel_view(uow, p) for p in uow.parcels.held()]


def _find_rmas(uow: UnitOfWorkPort, code: Classified) -> tuple[list[RmaRow], Classified]:
    """The RMAs a parcel scan names, and the reading of the code that named them.

    A number valid for several carriers lists them all and the RMA lookup decides (issue 15): when
    the readings differ in the number the carrier's systems know (DHL Paket's "00" + NVE and FedEx
    Ground's 18-digit SSCC; a USPS "420" label barcode whose tail is also a FedEx 34-digit barcode),
    each is looked up in the classifier's order, and the one the order system stored is the code the
    parcel records. Readings with the same number (a 12-digit FedEx / DHL / GLS / Purolator number)
    need no second look-up: the RMA that stored it is the answer whichever carrier it is."""
    matches = uow.rmas.find_by_code(code.value)
    if matches:
        return matches, code
    tried = {code.value}
    for alt in code.alternatives:
        if alt.kind is not CodeKind.TRACKING or alt.value in tried:
            continue
        tried.add(alt.value)
        found = uow.rmas.find_by_code(alt.value)
        if found:
            reading = replace(
                code, kind=CodeKind.TRACKING, value=alt.value, carrier=alt.carrier, message=alt.message
            )
            return found, reading
    return [], code


def _as_kind(fb: Feedback, code: Classified) -> Feedback:
    """The answer with what the scan was read as, for dock mode's ``kind``."""
    return replace(fb, kind=code.kind.value)
