"""Serial integrity at receiving: a serial counts once, on one RMA, and is the one the RMA expects.

Why it matters: a return without serial control creates phantom units, and the wrong serial on a return
is how a customer sends back another unit than the one bought. A serial scanned again for the same box
is a STOP that records nothing more; a serial already received on another RMA (STOP) or not among the
serials the line expects (CHECK) puts the unit on HOLD with its discrepancy and a ``serial_concern``
event on the RMA. ``concern`` is where the hold/quarantine issue's concern flag is raised.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from returnstation.domain.access import open_to_all
from returnstation.domain.enums import Discrepancy, ItemStatus
from returnstation.domain.messages import msg
from returnstation.domain.rma import ItemMatch
from returnstation.domain.scan import Scan
from returnstation.services.concerns import raise_concern_in
from returnstation.services.receiving_box import build_parcel_view, rma_of_line, scan_key
from returnstation.services.results import Feedback, Level, StationContext
from returnstation.store.models import ItemRow, ParcelRow, RmaRow
from returnstation.store.ports import UnitOfWorkPort


class SerialChecks:
    """The serial rules of one station (its context says who records the discrepancies)."""

    def __init__(self, ctx: StationContext, concern_reasons: Mapping[str, str] | None = None) -> None:
        self.ctx = ctx
        self._concern_reasons = concern_reasons

    @open_to_all("a step inside ReceivingService's transaction, which checked RECEIVE")
    def scanned_before(
        self,
        uow: UnitOfWorkPort,
        parcel: ParcelRow,
        rmas: list[RmaRow],
        serial: str,
        item_code: str,
        scan: Scan,
        now: datetime,
    ) -> Feedback | None:
        """STOP when this serial already counted for an RMA of this box: the unit counts once."""
        line_ids = {ln.id for r in rmas for ln in r.lines}
        before = [
            it
            for it in uow.items.with_serial(serial)
            if it.rma_line_id in line_ids and it.status != ItemStatus.HELD.value
        ]
        if not before:
            return None
        first = before[0]
        said = msg(
            "STOP: serial {serial} was already scanned at {station} on {received_at:%Y-%m-%d "
            "%H:%M}. It counts once: is this the same unit scanned twice? Scan the next item.",
            serial=serial,
            station=first.station,
            received_at=first.received_at,
        )
        uow.discrepancies.record(
            Discrepancy.SERIAL_DUPLICATE,
            serial,
            said,
            self.ctx.station,
            self.ctx.user,
            now,
            parcel_id=parcel.id,
            rma_id=rmas[0].id,
        )
        uow.events.record(
            self.ctx,
            now,
            "serial_scanned_twice",
            ("item", first.id),
            payload={"parcel": parcel.id, "serial": serial, "code": item_code, "scan": scan_key(scan)},
        )
        uow.commit()
        return Feedback(
            Level.ERROR,
            said,
            problem=Discrepancy.SERIAL_DUPLICATE,
            parcel=build_parcel_view(uow, parcel),
            item_id=first.id,
            kind="item",
        )

    @open_to_all("a step inside ReceivingService's transaction, which checked RECEIVE")
    def problem(
        self, uow: UnitOfWorkPort, rma_row: RmaRow, result: ItemMatch, serial: str
    ) -> tuple[Discrepancy, str, Level] | None:
        """A serial that was received on another RMA, or that is not one the RMA line expects."""
        own = {ln.id for ln in rma_row.lines}
        elsewhere = [
            it
            for it in uow.items.with_serial(serial)
            if it.rma_line_id is not None and it.rma_line_id not in own and it.status != ItemStatus.HELD.value
        ]
        if elsewhere:
            other = uow.rmas.by_id(rma_of_line(uow, elsewhere[0].rma_line_id))
            return (
                Discrepancy.SERIAL_CONFLICT,
                msg(
                    "STOP: serial {serial} was already received on {rma_number} "
                    "({received_at:%Y-%m-%d}). Put the unit on HOLD for a supervisor.",
                    serial=serial,
                    rma_number=other.rma_number,
                    received_at=elsewhere[0].received_at,
                ),
                Level.ERROR,
            )
        line = result.line
        if (
            line is not None
            and line.expected_serials
            and serial not in {s.upper() for s in line.expected_serials}
        ):
            expected = ", ".join(line.expected_serials)
            return (
                Discrepancy.SERIAL_MISMATCH,
                msg(
                    "CHECK: serial {serial} is not the one {rma_number} expects for {sku} "
                    "({expected}). Put the unit on HOLD for a supervisor.",
                    serial=serial,
                    rma_number=rma_row.rma_number,
                    sku=line.sku,
                    expected=expected,
                ),
                Level.WARNING,
            )
        return None

    @open_to_all("a step inside ReceivingService's transaction, which checked RECEIVE")
    def concern(
        self,
        uow: UnitOfWorkPort,
        problem: Discrepancy,
        said: str,
        parcel: ParcelRow,
        rma_row: RmaRow,
        item: ItemRow,
        now: datetime,
    ) -> None:
        """A serial that does not add up: the unit is on HOLD, with the discrepancy and an event.

        With the station's concern reasons the unit also gets a concern (reason ``problem``: serial_conflict
        or serial_mismatch) that a supervisor clears or confirms, and the RMA's credit waits for it."""
        uow.discrepancies.record(
            problem,
            item.serial or "",
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
            "serial_concern",
            ("rma", rma_row.id),
            payload={"kind": problem.value, "serial": item.serial, "item": item.id, "parcel": parcel.id},
        )
        if self._concern_reasons is not None and problem.value in self._concern_reasons:
            raise_concern_in(uow, self.ctx, now, self._concern_reasons, problem.value, said, item_id=item.id)
