"""Damaged in transit: note the box as damaged on arrival, keep photos of it, export the carrier claims.

Why at receiving and not at inspection: the carrier pays for the box it crushed, and the claim needs
what only the dock sees (the outer box, the tracking label) before the box is opened and thrown away.
The carrier and tracking number come from what was scanned to open the parcel (a tracking label), else
from the RMA's tracking number; the photos are files under the photo folder like inspection photos,
each with its SHA-256, so the claim can show the file sent is the one taken.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from returnstation.domain.access import requires
from returnstation.domain.clock import Clock, utcnow
from returnstation.domain.enums import Discrepancy
from returnstation.domain.messages import msg
from returnstation.domain.roles import Permission
from returnstation.domain.scan import Scan
from returnstation.reports.carrier_claims import CarrierClaim, write_claims_csv
from returnstation.scan.classify import Classified, ClassifierConfig, CodeKind, classify_scan
from returnstation.services.results import Feedback, Level, StationContext
from returnstation.store.errors import guard_database
from returnstation.store.models import ParcelRow
from returnstation.store.models_receiving import ParcelDamageRow
from returnstation.store.photo_files import is_png, resolve, write_durably
from returnstation.store.ports import UnitOfWorkPort
from returnstation.store.uow import UnitOfWorkFactory, uow_factory_for

ASK_BOX_PHOTO = "box_photo"


@guard_database
class TransitDamageService:
    def __init__(
        self,
        session_factory: sessionmaker[Session] | None,
        ctx: StationContext,
        photo_root: Path,
        classifier: ClassifierConfig | None = None,
        clock: Clock = utcnow,
        *,
        uow_factory: UnitOfWorkFactory | None = None,
    ) -> None:
        self._uow = uow_factory_for(session_factory, uow_factory)
        self.ctx = ctx
        self._root = photo_root
        self._classifier = classifier or ClassifierConfig()
        self._now = clock

    @requires(Permission.RECEIVE)
    def mark_damaged(self, parcel_id: int) -> Feedback:
        """CMD:DAMAGED: the box arrived damaged. Recorded once per box; asks for a photo of it."""
        with self._uow() as uow:
            parcel = uow.parcels.get_locked(parcel_id)
            if uow.parcels.damage(parcel.id) is not None:
                return Feedback(
                    Level.INFO,
                    msg(
                        "This box is already noted as damaged in transit. Take another photo with F7 or "
                        "CMD:PHOTO."
                    ),
                    ask=ASK_BOX_PHOTO,
                    kind="command",
                )
            carrier, tracking = self._carrier_and_tracking(uow, parcel)
            now = self._now()
            uow.parcels.add_damage(
                ParcelDamageRow(
                    parcel_id=parcel.id,
                    carrier=carrier,
                    tracking_number=tracking,
                    noted_at=now,
                    station=self.ctx.station,
                    user=self.ctx.user,
                    photos=[],
                )
            )
            label = f"{carrier.upper()} {tracking}".strip() or msg("no tracking number on file")
            uow.discrepancies.record(
                Discrepancy.DAMAGED_IN_TRANSIT,
                tracking or parcel.scanned_code,
                f"Box damaged in transit ({label})",
                self.ctx.station,
                self.ctx.user,
                now,
                parcel_id=parcel.id,
                rma_id=parcel.rma_id,
            )
            uow.events.record(
                self.ctx,
                now,
                "parcel_damaged",
                ("parcel", parcel.id),
                payload={"carrier": carrier, "tracking": tracking},
            )
            uow.commit()
        return Feedback(
            Level.WARNING,
            msg(
                "Damaged in transit noted ({label}). Take a photo of the box: press F7 or scan CMD:PHOTO.",
                label=label,
            ),
            problem=Discrepancy.DAMAGED_IN_TRANSIT,
            ask=ASK_BOX_PHOTO,
            kind="command",
        )

    @requires(Permission.RECEIVE)
    def add_box_photo(self, parcel_id: int, png: bytes) -> Feedback:
        """A photo of the damaged box, written durably before its path and hash are kept."""
        if not is_png(png):
            return Feedback(
                Level.ERROR, msg("No photo: the camera gave no picture. Try again."), kind="command"
            )
        digest = hashlib.sha256(png).hexdigest()
        with self._uow() as uow:
            parcel = uow.parcels.get_locked(parcel_id)
            damage = uow.parcels.damage(parcel.id)
            if damage is None:
                return Feedback(
                    Level.INFO, msg("Scan DAMAGED first: this box is not noted as damaged."), kind="command"
                )
            relative = f"parcels/{parcel.id}/box-{len(damage.photos) + 1}-{digest[:12]}.png"
            write_durably(resolve(self._root, relative), png)
            damage.photos = [*damage.photos, {"path": relative, "sha256": digest}]  # a new list: saved
            uow.events.record(
                self.ctx,
                self._now(),
                "box_photo_taken",
                ("parcel", parcel.id),
                payload={"path": relative, "sha256": digest},
            )
            uow.commit()
            count = len(damage.photos)
        return Feedback(
            Level.SUCCESS, msg("Photo {count} of the damaged box saved.", count=count), kind="command"
        )

    @requires(Permission.REPORTS)
    def claims(self, start: date, end: date) -> list[CarrierClaim]:
        """Boxes noted damaged from ``start`` to ``end`` (whole UTC days, both included)."""
        begin = datetime.combine(start, time.min)
        stop = datetime.combine(end + timedelta(days=1), time.min)
        with self._uow(read_only=True) as uow:
            found: list[CarrierClaim] = []
            for d in uow.parcels.damaged_between(begin, stop):
                parcel = uow.parcels.get(d.parcel_id)
                ids = [parcel.rma_id] if parcel.rma_id is not None else []
                ids += uow.parcels.further_rmas(parcel.id)
                found.append(
                    CarrierClaim(
                        tracking_number=d.tracking_number,
                        carrier=d.carrier,
                        noted_at=d.noted_at,
                        rmas=tuple(uow.rmas.by_id(i).rma_number for i in ids),
                        parcel_id=parcel.id,
                        station=d.station,
                        user=d.user,
                        photos=tuple((p["path"], p["sha256"]) for p in d.photos),
                    )
                )
            return found

    @requires(Permission.REPORTS)
    def write_claims_csv(self, start: date, end: date, path: Path) -> tuple[Path, int]:
        claims = self.claims(start, end)
        return write_claims_csv(claims, path), len(claims)

    def _carrier_and_tracking(self, uow: UnitOfWorkPort, parcel: ParcelRow) -> tuple[str, str]:
        """The tracking label scanned to open the box, else the RMA's tracking number, with its carrier.

        A number valid for several carriers (a 12-digit FedEx / DHL / GLS / Purolator number) names
        them all, "fedex/dhl/gls": the RMA holds no carrier, and a claim sent to the first-listed
        carrier by guess would go to the wrong carrier for some of them (issue 15)."""
        candidates = [parcel.scanned_code]
        if parcel.rma_id is not None:
            candidates.append(uow.rmas.by_id(parcel.rma_id).tracking_number or "")
        for stored, text in enumerate(candidates):  # the second is the RMA's own tracking number
            code = classify_scan(Scan(text), self._classifier) if text else None
            readings = _tracking_readings(code, stored=bool(stored)) if code is not None else []
            if readings:
                value = readings[0][1]
                carriers = dict.fromkeys(name for name, number in readings if number == value and name)
                return "/".join(carriers)[:32], value
        fallback = candidates[-1] if parcel.rma_id is not None else ""
        return "", fallback


def _tracking_readings(code: Classified, *, stored: bool) -> list[tuple[str, str]]:
    """(carrier, number) of a tracking code's readings, the first one first. An SSCC's FedEx Ground
    reading counts (the parcel scan records the SSCC when the RMA stored FedEx's number), and so do
    the carrier readings of the RMA's stored tracking number when its digits also make a product code
    (a bare 12-digit number reads as a UPC first); a scanned product code's do not."""
    if code.kind not in (CodeKind.TRACKING, CodeKind.SSCC) and not (stored and code.kind is CodeKind.GTIN):
        return []
    first = [(code.carrier or "", code.value)] if code.kind is CodeKind.TRACKING else []
    return first + [(a.carrier or "", a.value) for a in code.alternatives if a.kind is CodeKind.TRACKING]
