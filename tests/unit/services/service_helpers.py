"""What several service unit tests need: items received the way the bench receives them."""

from __future__ import annotations

from datetime import UTC, datetime

from fakes import FakeStore

from returnstation.domain.scan import Scan
from returnstation.services.receiving import ReceivingService
from returnstation.services.results import StationContext

NOW = datetime(2026, 11, 23, 9, 0)


def receive(store: FakeStore, *codes: str, rma: str = "RMA-100003", finish: bool = True) -> list[int]:
    """Receive these items on the RMA with the real receiving service; their item ids."""
    svc = ReceivingService(None, StationContext("bench-7", "ana"), clock=lambda: NOW, uow_factory=store.uow)
    parcel = svc.scan_parcel(Scan(rma)).parcel
    assert parcel is not None
    ids = []
    for n, code in enumerate(codes):
        read_at = datetime(2026, 11, 23, 9, 0, n, tzinfo=UTC)  # its own time: not a retry of the last
        fb = svc.scan_item(parcel.parcel_id, Scan(code, timestamp=read_at))
        assert fb.item_id is not None
        ids.append(fb.item_id)
    if finish:
        svc.finish_parcel(parcel.parcel_id)
    return ids
