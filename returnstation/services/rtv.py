"""Return-to-vendor paperwork: the items decided "return to vendor", gathered per vendor into lists.

A supervisor (the Supervisor tab's button, or ``returnstation rtv-list``) makes the lists when a
shipment goes out: every item sent to the vendor and not on a list yet goes on its vendor's new list,
which is written as a PDF (reports/rtv_pdf.py) and can be written again from its number at any time.
Which vendor takes an item: the RMA line's ``vendor`` column, else ``vendors`` in data/outcomes.yaml
(by SKU prefix or category), else its default.

One list per vendor and shipment: the list and its items are written in one transaction, and an item
is on at most one list (a unique key), so two supervisors pressing the button at once cannot put the
same item on two lists; the second is told to try again and gets the items still waiting.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from returnstation.disposition.outcomes import Vendors
from returnstation.domain.access import requires
from returnstation.domain.clock import Clock, utcnow
from returnstation.domain.context import StationContext
from returnstation.domain.item_code import item_code
from returnstation.domain.messages import msg
from returnstation.domain.roles import Permission
from returnstation.reports.rtv_pdf import RtvLine, RtvList, write_rtv_pdf
from returnstation.services.results import ActionRefused
from returnstation.store.errors import guard_database
from returnstation.store.models_outcomes import RtvShipmentRow
from returnstation.store.repo_rtv import RtvQueries, RtvRow
from returnstation.store.uow import UnitOfWork

_NUMBER = re.compile(r"^RTV-?(\d{1,9})$", re.IGNORECASE)


def rtv_number(shipment_id: int) -> str:
    return f"RTV-{shipment_id:06d}"


def parse_rtv_number(text: str) -> int | None:
    """The shipment id of "RTV-000012" (or "rtv12", or a bare 12); None for anything else."""
    text = text.strip()
    match = _NUMBER.match(text)
    if match:
        return int(match.group(1))
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 9 else None


class RtvRefused(ActionRefused):
    """Nothing to put on a list, or no such list; nothing was written."""


@dataclass(frozen=True, slots=True)
class RtvWaiting:
    vendor: str
    vendor_name: str
    items: int


@dataclass(frozen=True, slots=True)
class RtvWritten:
    rtv: RtvList
    path: Path

    def summary(self) -> str:
        return (
            f"{self.rtv.number} for {self.rtv.vendor_code}: {len(self.rtv.lines)} item(s), "
            f"quantity {self.rtv.quantity} -> {self.path}"
        )


@guard_database
class RtvService:
    def __init__(
        self,
        session_factory: sessionmaker[Session],
        ctx: StationContext,
        vendors: Vendors,
        reasons: Mapping[str, str],
        report_dir: Path,
        clock: Clock = utcnow,
    ) -> None:
        self._sf = session_factory
        self.ctx = ctx
        self.vendors = vendors
        self.reasons = reasons  # return reason code -> words
        self.report_dir = report_dir
        self._now = clock

    @requires(Permission.REPORTS)
    def waiting(self) -> list[RtvWaiting]:
        """Vendors with items waiting for a list, by vendor code."""
        counts: dict[str, int] = {}
        with UnitOfWork(self._sf, read_only=True) as uow:
            for row in RtvQueries(uow.session).waiting():
                vendor = self._vendor_of(row)
                counts[vendor] = counts.get(vendor, 0) + 1
        return [RtvWaiting(v, self.vendors.get(v).name, n) for v, n in sorted(counts.items())]

    @requires(Permission.REPORTS)
    def make_lists(self, vendor: str | None = None, out_dir: Path | None = None) -> list[RtvWritten]:
        """A new list for each vendor with items waiting (only ``vendor``'s when given), each written as
        a PDF in ``out_dir`` (default: the reports folder). ``RtvRefused`` when nothing is waiting."""
        wanted = vendor.strip().upper() if vendor else None
        now = self._now()
        with UnitOfWork(self._sf) as uow:
            queries = RtvQueries(uow.session)
            by_vendor: dict[str, list[RtvRow]] = {}
            for row in queries.waiting():
                code = self._vendor_of(row)
                if wanted is None or code == wanted:
                    by_vendor.setdefault(code, []).append(row)
            if not by_vendor:
                raise RtvRefused(
                    msg(
                        "No items are waiting to go back to a vendor for {vendor}: no list was made.",
                        vendor=wanted,
                    )
                    if wanted
                    else msg("No items are waiting to go back to a vendor: no list was made.")
                )
            try:
                made = [self._make(uow, queries, code, rows, now) for code, rows in sorted(by_vendor.items())]
                uow.commit()
            except IntegrityError as exc:  # PostgreSQL: the other bench's list holds one of these items
                raise RtvRefused(
                    msg(
                        "Another bench put some of these items on a list at the same moment: nothing was "
                        "made here. Make the lists again for the items still waiting."
                    )
                ) from exc
        return [self._write(rtv, out_dir, now) for rtv in made]

    @requires(Permission.REPORTS)
    def write_again(self, number: str, out_dir: Path | None = None) -> RtvWritten:
        """The PDF of an existing list, from its number ("RTV-000012"), exactly as when it was made."""
        shipment_id = parse_rtv_number(number)
        with UnitOfWork(self._sf, read_only=True) as uow:
            queries = RtvQueries(uow.session)
            shipment = queries.shipment(shipment_id) if shipment_id is not None else None
            if shipment is None:
                raise RtvRefused(
                    msg("There is no return-to-vendor list {number}.", number=number.strip()[:40])
                )
            rtv = self._list(shipment, queries.shipment_rows(shipment.id))
        return self._write(rtv, out_dir, self._now())

    # -- internals ---------------------------------------------------------------------------------
    def _make(
        self, uow: UnitOfWork, queries: RtvQueries, code: str, rows: list[RtvRow], now: datetime
    ) -> RtvList:
        """One vendor's new list and its event, in the caller's transaction."""
        shipment = RtvShipmentRow(vendor=code, created_at=now, station=self.ctx.station, user=self.ctx.user)
        shipment_id = queries.add_shipment(shipment, [row[1].id for row in rows])
        rtv = self._list(shipment, rows)
        uow.events.record(
            self.ctx,
            now,
            "rtv_list_made",
            ("rtv_shipment", shipment_id),
            payload={
                "list": rtv.number,
                "vendor": code,
                "items": [line.item_code for line in rtv.lines],
                "quantity": rtv.quantity,
            },
        )
        return rtv

    def _vendor_of(self, row: RtvRow) -> str:
        _inspection, _item, line, _rma = row
        return self.vendors.vendor_for(line.vendor, line.sku, line.category)

    def _list(self, shipment: RtvShipmentRow, rows: list[RtvRow]) -> RtvList:
        vendor = self.vendors.get(shipment.vendor)
        return RtvList(
            number=rtv_number(shipment.id),
            vendor_code=shipment.vendor,
            vendor_name=vendor.name,
            vendor_address=vendor.address,
            created_at=shipment.created_at,
            station=shipment.station,
            user=shipment.user,
            lines=tuple(self._line(row) for row in rows),
        )

    def _line(self, row: RtvRow) -> RtvLine:
        inspection, item, line, rma = row
        facts = inspection.facts if isinstance(inspection.facts, dict) else {}
        captured = inspection.captured if isinstance(inspection.captured, dict) else {}
        serial = item.serial or next((str(v) for k, v in captured.items() if "serial" in k and v), "")
        return RtvLine(
            item_code=item_code(item.id),
            rma_number=rma.rma_number,
            sku=line.sku,
            description=line.description,
            serial=serial,
            lot=str(facts.get("lot") or ""),
            quantity=1,  # one item row is one unit
            reason=self.reasons.get(line.reason_code, line.reason_code),
            note=inspection.rule_reason
            if not inspection.overridden
            else f"Override: {inspection.destination}",
        )

    def _write(self, rtv: RtvList, out_dir: Path | None, now: datetime) -> RtvWritten:
        folder = out_dir if out_dir is not None else self.report_dir
        path = folder / f"{rtv.number}_{rtv.vendor_code}.pdf"
        return RtvWritten(rtv, write_rtv_pdf(rtv, path, generated_at=now))
