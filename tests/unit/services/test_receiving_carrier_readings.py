"""A number valid for several carriers lists them all and the RMA lookup decides (issue 15): the parcel
scan finds the RMA by whichever reading the order system stored, and records that reading."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from fakes import FakeStore

from returnstation.domain.enums import Discrepancy, ParcelStatus
from returnstation.domain.scan import Scan
from returnstation.scan.classify import CodeKind, classify
from returnstation.services.receiving import ReceivingService
from returnstation.services.results import Level, StationContext
from returnstation.services.transit_damage import TransitDamageService

NOW = datetime(2026, 11, 23, 9, 0)
NVE = "00106141411234567897"  # DHL Paket's "00" + NVE; its last 18 digits are FedEx Ground's SSCC
SSCC = NVE[2:]
# 12 digits that pass the FedEx Express, DHL Paket (Identcode) and GLS checks all three.
SHARED_12 = "107595562117"


def receiving(store: FakeStore) -> ReceivingService:
    return ReceivingService(None, StationContext("bench-7", "ana"), clock=lambda: NOW, uow_factory=store.uow)


def scan(text: str, symbology: str | None = None) -> Scan:
    return Scan(text, symbology=symbology, timestamp=datetime(2026, 11, 23, 9, 0, tzinfo=UTC))


def test_the_readings_differ_in_the_number_the_carrier_knows() -> None:
    result = classify(NVE, "]C1")
    assert (result.kind, result.carrier, result.value) == (CodeKind.TRACKING, "dhl", NVE)
    assert (CodeKind.TRACKING, "fedex", SSCC) in {(a.kind, a.carrier, a.value) for a in result.alternatives}


@pytest.mark.parametrize("symbology", ["]C1", None])
def test_a_fedex_sscc_rma_is_found_by_the_second_reading_and_the_parcel_records_it(
    symbology: str | None,
) -> None:
    store = FakeStore()
    store.add_rma("RMA-200001", ("HP-BT200", 1, "electronics"), tracking=SSCC)
    fb = receiving(store).scan_parcel(scan(NVE, symbology))
    assert fb.level is Level.SUCCESS and fb.parcel is not None, fb.message
    assert fb.parcel.rma_number == "RMA-200001"
    assert fb.kind == "tracking"
    (parcel,) = store.parcels
    assert (parcel.status, parcel.scanned_code) == (ParcelStatus.OPEN.value, SSCC)


def test_the_first_reading_still_wins_when_its_number_is_the_one_stored() -> None:
    store = FakeStore()
    store.add_rma("RMA-200002", ("HP-BT200", 1, "electronics"), tracking=NVE)
    fb = receiving(store).scan_parcel(scan(NVE, "]C1"))
    assert fb.level is Level.SUCCESS and fb.parcel is not None and fb.parcel.rma_number == "RMA-200002"
    assert store.parcels[0].scanned_code == NVE


def test_no_reading_stored_goes_to_the_hold_shelf_under_the_first_reading() -> None:
    store = FakeStore()
    store.add_rma("RMA-200003", ("HP-BT200", 1, "electronics"), tracking="1Z999AA10123456784")
    fb = receiving(store).scan_parcel(scan(NVE, "]C1"))
    assert fb.problem is Discrepancy.NO_RMA
    assert store.parcels[0].scanned_code == NVE


def test_a_twelve_digit_number_of_three_carriers_is_listed_as_all_three_and_finds_its_rma() -> None:
    """The three readings carry the same number, so the one RMA that stored it is found: the carrier
    the classifier names first does not decide which parcel this is."""
    result = classify(SHARED_12, "]C0")
    readings = {result.carrier} | {a.carrier for a in result.alternatives if a.kind is CodeKind.TRACKING}
    assert result.kind is CodeKind.TRACKING and readings == {"fedex", "dhl", "gls"}
    store = FakeStore()
    store.add_rma("RMA-200004", ("HP-BT200", 1, "electronics"), tracking=SHARED_12)
    store.add_rma("RMA-200005", ("HP-BT200", 1, "electronics"), tracking="1Z999AA10123456784")
    fb = receiving(store).scan_parcel(scan(SHARED_12, "]C0"))
    assert fb.level is Level.SUCCESS and fb.parcel is not None and fb.parcel.rma_number == "RMA-200004"


def _claim_of(store: FakeStore, tmp_path: Path, parcel_id: int) -> tuple[str, str]:
    damage = TransitDamageService(
        None, StationContext("bench-7", "ana"), tmp_path, clock=lambda: NOW, uow_factory=store.uow
    )
    assert damage.mark_damaged(parcel_id).level is Level.WARNING
    [claim] = damage.claims(date(2026, 11, 23), date(2026, 11, 23))
    return claim.carrier, claim.tracking_number


def test_a_damage_claim_names_every_carrier_the_number_is_valid_for(tmp_path: Path) -> None:
    """The RMA holds no carrier: a claim for a number of three carriers says so rather than guessing."""
    store = FakeStore()
    store.add_rma("RMA-200006", ("HP-BT200", 1, "electronics"), tracking=SHARED_12)
    fb = receiving(store).scan_parcel(scan(SHARED_12, "]C0"))
    assert fb.parcel is not None
    assert _claim_of(store, tmp_path, fb.parcel.parcel_id) == ("fedex/dhl/gls", SHARED_12)


def test_a_damage_claim_for_a_parcel_found_by_fedex_grounds_sscc_names_fedex(tmp_path: Path) -> None:
    store = FakeStore()
    store.add_rma("RMA-200007", ("HP-BT200", 1, "electronics"), tracking=SSCC)
    fb = receiving(store).scan_parcel(scan(NVE, "]C1"))
    assert fb.parcel is not None
    assert _claim_of(store, tmp_path, fb.parcel.parcel_id) == ("fedex", SSCC)


def test_a_claim_for_a_number_that_is_also_a_upc_names_its_carriers(tmp_path: Path) -> None:
    """A bare 12-digit number reads as a product code first; the RMA's stored tracking number still
    gives the claim its carriers."""
    number = "017494109881"  # a valid UPC-A, DHL Identcode and Purolator number
    assert classify(number).kind is CodeKind.GTIN
    store = FakeStore()
    store.add_rma("RMA-200008", ("HP-BT200", 1, "electronics"), tracking=number)
    fb = receiving(store).scan_parcel(scan(number, "]C0"))
    assert fb.parcel is not None and fb.parcel.rma_number == "RMA-200008"
    assert _claim_of(store, tmp_path, fb.parcel.parcel_id) == ("dhl/purolator", number)
