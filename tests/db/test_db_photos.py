"""Inspection photos on a real database (SQLite and PostgreSQL): stored, listed, required, refused."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from conftest import FixedClock, make_settings
from sqlalchemy import select

from returnstation.bootstrap import Station, open_station
from returnstation.domain.enums import Disposition
from returnstation.domain.scan import Scan
from returnstation.services.inspection import OverrideRequest, PendingItem
from returnstation.services.photos import PhotoRefused, PhotoService, PhotosMissing
from returnstation.store.models import EventRow, InspectionRow
from returnstation.store.models_photos import InspectionPhotoRow


def camera_png(seed: int = 0, size: tuple[int, int] = (240, 320)) -> bytes:
    """A real PNG picture (noise, so two seeds never give the same bytes), as the camera gives one."""
    import cv2
    import numpy as np

    frame = np.random.default_rng(seed).integers(0, 256, (*size, 3), dtype=np.uint8)
    ok, encoded = cv2.imencode(".png", frame)
    assert ok
    return bytes(encoded.tobytes())


@pytest.fixture
def strict(tmp_path: Path, db_url: str, clock: FixedClock) -> Iterator[Station]:
    """A station that enforces photos (the default setting), with no camera configured."""
    st = open_station(make_settings(tmp_path, db_url, require_photos=True), clock=clock)
    yield st
    st.close()


def receive_laptop(station: Station) -> PendingItem:
    """One electronics item (its checklist wants a photo of the cosmetic condition), ready to inspect."""
    parcel = station.receiving.scan_parcel(Scan("RMA-100003")).parcel
    assert parcel is not None
    pid = parcel.parcel_id
    assert station.receiving.scan_item(pid, Scan("LAP-14-PRO")).problem is None
    station.receiving.finish_parcel(pid)
    [item] = station.inspection.pending()
    return item


def best_answers(station: Station, item: PendingItem) -> dict[str, str]:
    form = station.inspection.form(item.item_id)
    return {c.id: c.answers[0].value for c in form.checklist.checks}


def files_under(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_a_photo_is_a_whole_file_with_its_hash_a_row_and_an_event(strict: Station, clock: FixedClock) -> None:
    item = receive_laptop(strict)
    png = camera_png(1)
    photo = strict.photos.take(item.item_code, "cosmetic", png)

    assert photo.path == strict.settings.data_dir / "photos" / photo.relative_path
    assert photo.relative_path.startswith(f"2026-11/{item.item_code}-1-")
    assert photo.path.read_bytes() == png
    assert (
        hashlib.sha256(photo.path.read_bytes()).hexdigest() == photo.sha256 == hashlib.sha256(png).hexdigest()
    )
    assert (photo.size, photo.check_id, photo.station, photo.user) == (len(png), "cosmetic", "bench-7", "ana")
    assert photo.taken_at == clock.now and photo.item_code == item.item_code
    assert strict.photos.read(photo) == png
    assert [p.name for p in files_under(strict.settings.photo_root)] == [photo.path.name]  # no temp file left

    clock.advance(minutes=1)
    whole = strict.photos.take(item.item_code, None, camera_png(2))
    assert strict.photos.list_for(item.item_code) == [photo, whole]
    assert whole.check_id is None and whole.relative_path.startswith(f"2026-11/{item.item_code}-2-")

    with strict.session_factory() as s:
        row = s.get(InspectionPhotoRow, photo.photo_id)
        assert row is not None and (row.path, row.sha256, row.size_bytes) == (
            photo.relative_path,
            photo.sha256,
            len(png),
        )
        events = s.scalars(select(EventRow).where(EventRow.type == "photo_taken").order_by(EventRow.id)).all()
        assert [(e.subject_type, e.subject_id) for e in events] == [("item", item.item_id)] * 2
        assert events[0].payload == {
            "photo_id": photo.photo_id,
            "check": "cosmetic",
            "path": photo.relative_path,
            "sha256": photo.sha256,
            "bytes": len(png),
        }


def test_a_changed_file_is_detected(strict: Station) -> None:
    item = receive_laptop(strict)
    photo = strict.photos.take(item.item_code, "cosmetic", camera_png(3))
    photo.path.write_bytes(camera_png(4))
    with pytest.raises(PhotoRefused, match="changed since it was taken"):
        strict.photos.read(photo)


def test_the_decision_waits_for_the_required_photo(strict: Station) -> None:
    item = receive_laptop(strict)
    answers = best_answers(strict, item)
    assert strict.photos.missing_required(item.item_code) == ["cosmetic"]
    assert strict.photos.missing_required(item.item_code, {"packaging": "sealed"}) == []  # not answered yet
    assert strict.photos.missing_required(item.item_code, answers) == ["cosmetic"]

    with pytest.raises(PhotosMissing) as refused:
        strict.inspection.decide(item.item_id, answers)
    assert refused.value.check_ids == ("cosmetic",)
    message = str(refused.value)
    assert item.item_code in message and "Condition (cosmetic)" in message
    assert (
        "this check needs a photo; connect a camera or ask a supervisor to turn off require_photos" in message
    )
    assert [p.item_id for p in strict.inspection.pending()] == [item.item_id]  # nothing was recorded

    # A photo of the item as a whole, or of another check, is not the photo the check asks for.
    strict.photos.take(item.item_code, None, camera_png(5))
    strict.photos.take(item.item_code, "packaging", camera_png(6))
    with pytest.raises(PhotosMissing):
        strict.inspection.decide(item.item_id, answers)
    # Nor does an override get past it, and the refusal comes before the PIN (no attempt is spent).
    request = OverrideRequest(Disposition.SCRAP, "vendor_instruction", "SUP-0001", "wrong-pin")
    with pytest.raises(PhotosMissing):
        strict.inspection.decide(item.item_id, answers, override=request)

    strict.photos.take(item.item_code, "cosmetic", camera_png(7))
    assert strict.photos.missing_required(item.item_code, answers) == []
    decided = strict.inspection.decide(item.item_id, answers)
    assert decided.item.item_id == item.item_id and strict.inspection.pending() == []


def test_no_photo_is_added_once_the_item_is_decided(strict: Station) -> None:
    item = receive_laptop(strict)
    strict.photos.take(item.item_code, "cosmetic", camera_png(8))
    strict.inspection.decide(item.item_id, best_answers(strict, item))
    before = files_under(strict.settings.photo_root)

    with pytest.raises(PhotoRefused, match="already decided at bench-7 by ana"):
        strict.photos.take(item.item_code, "cosmetic", camera_png(9))
    assert files_under(strict.settings.photo_root) == before
    assert len(strict.photos.list_for(item.item_code)) == 1


def test_decided_while_the_file_was_written_leaves_no_file_and_no_row(strict: Station) -> None:
    """The window between writing the file and writing the row: another bench decides the item then."""
    item = receive_laptop(strict)
    strict.photos.take(item.item_code, "cosmetic", camera_png(10))
    answers = best_answers(strict, item)

    class DecidedMeanwhile(PhotoService):
        def _free_name(self, item_id: int, number: int, digest: str, now: datetime) -> str:
            strict.inspection.decide(item_id, answers)  # runs between the check and the file
            return super()._free_name(item_id, number, digest, now)

    racing = DecidedMeanwhile(
        strict.session_factory, strict.ctx, strict.settings.photo_root, strict.checklists
    )
    before = files_under(strict.settings.photo_root)
    with pytest.raises(PhotoRefused, match="already decided"):
        racing.take(item.item_code, None, camera_png(11))
    assert files_under(strict.settings.photo_root) == before
    assert len(strict.photos.list_for(item.item_code)) == 1


def test_wrong_input_is_refused_before_anything_is_written(strict: Station) -> None:
    item = receive_laptop(strict)
    with pytest.raises(PhotoRefused, match="not a PNG"):
        strict.photos.take(item.item_code, None, b"\xff\xd8\xff\xe0 a JPEG, not a PNG" * 4)
    with pytest.raises(PhotoRefused, match="not a check of the electronics checklist"):
        strict.photos.take(item.item_code, "tamper_seal", camera_png(12))
    with pytest.raises(PhotoRefused, match="no such item"):
        strict.photos.take("RSI-999999", None, camera_png(13))
    with pytest.raises(PhotoRefused, match="not an item code"):
        strict.photos.take("LAP-14-PRO", None, camera_png(14))
    assert files_under(strict.settings.photo_root) == []
    with strict.session_factory() as s:
        assert s.scalars(select(InspectionPhotoRow)).all() == []


def test_with_require_photos_off_the_decision_goes_through(station: Station) -> None:
    assert station.settings.require_photos is False  # the shared fixture turns it off
    item = receive_laptop(station)
    answers = best_answers(station, item)
    assert station.photos.missing_required(item.item_code, answers) == ["cosmetic"]  # still reported
    station.inspection.decide(item.item_id, answers)
    with station.session_factory() as s:
        assert s.scalars(select(InspectionRow.item_id)).all() == [item.item_id]


def test_a_configured_camera_changes_the_advice_and_photos_go_to_the_photo_dir(
    tmp_path: Path, db_url: str, clock: FixedClock
) -> None:
    share = tmp_path / "share" / "photos"
    settings = make_settings(
        tmp_path, db_url, require_photos=True, camera=str(tmp_path / "cam"), photo_dir=share
    )
    st = open_station(settings, clock=clock)
    try:
        item = receive_laptop(st)
        with pytest.raises(PhotosMissing) as refused:
            st.inspection.decide(item.item_id, best_answers(st, item))
        assert "take a photo for Condition (cosmetic) first" in str(refused.value)
        assert "connect a camera" not in str(refused.value)
        photo = st.photos.take(item.item_code, "cosmetic", camera_png(15))
        assert photo.path.parent.parent == share and photo.path.is_file()
    finally:
        st.close()


def test_migration_0005_matches_the_model_and_downgrades_cleanly(empty_db_url: str) -> None:
    from alembic import command
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import inspect

    from returnstation.store.db import make_engine
    from returnstation.store.migrate import alembic_config, upgrade_to_head
    from returnstation.store.schema import metadata

    def ours(diffs: list[object]) -> list[object]:
        return [d for d in diffs if "inspection_photos" in str(d)]

    engine = make_engine(empty_db_url)
    try:
        upgrade_to_head(engine)
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            assert ours(compare_metadata(ctx, metadata)) == []
        cfg = alembic_config()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0001")
        assert "inspection_photos" not in inspect(engine).get_table_names()
        upgrade_to_head(engine)
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            assert ours(compare_metadata(ctx, metadata)) == []
    finally:
        engine.dispose()
