"""What a box being received holds and what a scan in it means: shared by the receiving use cases.

A parcel may carry several RMAs (the one it was opened with, then those the clerk added), so "the RMA
of this parcel" is a list here; which RMA takes an item, the view the bench shows, and the small
readings of a scan (its key for retries, its item code, its serial) live in one place.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from returnstation.domain.enums import ItemStatus, ParcelStatus, RmaStatus
from returnstation.domain.messages import msg
from returnstation.domain.rma import ItemMatch, RmaLine, line_with_serial, match_item
from returnstation.domain.scan import Scan
from returnstation.scan.classify import Classified
from returnstation.services.results import LineView, ParcelView
from returnstation.store.models import ParcelRow, RmaRow
from returnstation.store.ports import UnitOfWorkPort
from returnstation.store.repositories import to_domain


def scan_key(scan: Scan) -> str:
    """Identifies one physical scan (its reading time), so a retry of the same Scan is recognised."""
    return scan.timestamp.isoformat()


def item_code_of(code: Classified) -> str:
    """The part of a scan that identifies the item: the GTIN inside GS1 data, else the code itself."""
    if code.gs1.get("01"):
        return code.gs1["01"]
    return code.value


def scanned_serial(code: Classified) -> str | None:
    """The serial a scan carries by itself: GS1 AI 21 (upper-cased, as stored)."""
    serial = code.gs1.get("21")
    return serial.strip().upper()[:64] if serial else None


def serial_on_line(line: RmaLine | None, item_code: str) -> str | None:
    """The scanned code when it is one of the serials the matched line expects."""
    if line is not None and line_with_serial((line,), item_code) is not None:
        return item_code.strip().upper()[:64]
    return None


def rmas_of(uow: UnitOfWorkPort, parcel: ParcelRow) -> list[RmaRow]:
    """Every RMA the box carries: the one it was opened with, then those added, in that order."""
    if parcel.rma_id is None:
        return []
    return [uow.rmas.by_id(i) for i in [parcel.rma_id, *uow.parcels.further_rmas(parcel.id)]]


def lock_further_rmas(uow: UnitOfWorkPort, parcel: ParcelRow) -> None:
    """Lock the RMAs added to the box too (the parcel's own RMA is locked by ``get_locked``), always in
    the order they were added, so counting on any of them is judged under its lock."""
    for rma_id in uow.parcels.further_rmas(parcel.id):
        uow.rmas.lock(rma_id)


def match_in_box(uow: UnitOfWorkPort, rmas: list[RmaRow], item_code: str) -> tuple[RmaRow, ItemMatch]:
    """The first RMA of the box that takes the item; else the first that knows it (extra unit); else
    the first RMA with a wrong item."""
    outcomes = [
        (r, match_item(to_domain(r).lines, uow.parcels.received_counts(r.id), item_code)) for r in rmas
    ]
    for pick in (lambda m: m.accepted, lambda m: m.line is not None, lambda m: True):
        for r, m in outcomes:
            if pick(m):
                return r, m
    raise AssertionError(msg("a parcel open for receiving has at least one RMA"))


def line_of(rmas: list[RmaRow], line_id: int | None) -> tuple[RmaRow, RmaLine] | None:
    for r in rmas:
        for ln in to_domain(r).lines:
            row = next(x for x in r.lines if x.line_no == ln.line_no)
            if row.id == line_id:
                return r, ln
    return None


def rma_of_line(uow: UnitOfWorkPort, line_id: int | None) -> int:
    assert line_id is not None
    return uow.rmas.of_line(line_id)


def cannot_join(
    parcel: ParcelRow,
    rmas: list[RmaRow],
    rma_row: RmaRow | None,
    now: datetime,
    open_elsewhere: list[ParcelRow],
) -> str:
    """Why this RMA cannot be added to the box ("" when it can). An RMA being received in another open
    parcel stays there: its units must be counted under one parcel's lock, never two."""
    if parcel.status != ParcelStatus.OPEN.value or not rmas:
        return msg("This parcel is not open for receiving. Scan a parcel label first.")
    if rma_row is None:
        return msg("No such RMA.")
    if any(r.id == rma_row.id for r in rmas):
        return msg("{rma_number} is already in this box.", rma_number=rma_row.rma_number)
    other = next((p for p in open_elsewhere if p.id != parcel.id), None)
    if other is not None:
        where = msg("{station} (started by {user})", station=other.station, user=other.user)
        return msg(
            "{rma_number} is being received at {where}: scan it there.",
            rma_number=rma_row.rma_number,
            where=where,
        )
    if rma_row.customer != rmas[0].customer:
        return msg(
            "{rma_number} is another customer's RMA: it cannot share this box.", rma_number=rma_row.rma_number
        )
    rma = to_domain(rma_row)
    if rma.status is not RmaStatus.OPEN or rma.is_expired(now):
        return msg(
            "{rma_number} is not open for receiving ({status}).",
            rma_number=rma_row.rma_number,
            status=rma.status.value,
        )
    return ""


def build_parcel_view(uow: UnitOfWorkPort, parcel: ParcelRow, new: Counter[int] | None = None) -> ParcelView:
    """What the bench shows of a box. ``new``: the box was opened in this very transaction and these are
    its RMA's received counts (the caller has just read them): it then has no further RMA, no item and
    no damage yet, so those are not asked for (four statements fewer per parcel scan, issue #18)."""
    rmas = (
        [uow.rmas.by_id(parcel.rma_id)]
        if new is not None and parcel.rma_id is not None
        else rmas_of(uow, parcel)
    )
    lines: list[LineView] = []
    for rma_row in rmas:
        counts = new if new is not None else uow.parcels.received_counts(rma_row.id)
        lines.extend(
            LineView(
                line_no=ln.line_no,
                sku=ln.sku,
                description=ln.description,
                category=ln.category,
                expected=ln.quantity,
                received=counts.get(ln.line_no, 0),
                unit_value=ln.unit_value,
                reason_code=ln.reason_code,
                rma_number=rma_row.rma_number,
            )
            for ln in rma_row.lines
        )
    held = (
        0
        if new is not None
        else sum(1 for it in uow.parcels.items(parcel.id) if it.status == ItemStatus.HELD.value)
    )
    first = rmas[0] if rmas else None
    return ParcelView(
        parcel_id=parcel.id,
        status=parcel.status,
        scanned_code=parcel.scanned_code,
        rma_number=first.rma_number if first else None,
        order_number=first.order_number if first else None,
        customer=first.customer if first else None,
        rma_expires=first.expires_at.strftime("%Y-%m-%d") if first and first.expires_at else None,
        lines=tuple(lines),
        held_items=held,
        rma_numbers=tuple(r.rma_number for r in rmas),
        parcel_no=uow.parcels.count_for_rma(parcel.rma_id, parcel.id) if parcel.rma_id is not None else 1,
        damaged=new is None and uow.parcels.damage(parcel.id) is not None,
    )
