"""Photo rules on the in-memory unit of work: what is refused before a file is written, and what is kept.

The files are real (a temporary photo folder); tests/db/test_db_photos.py covers the row lock against
a decision being recorded at the same moment and the photos on SQLite and PostgreSQL.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from pathlib import Path

import pytest
from fakes import FakeStore
from service_helpers import NOW, receive

from returnstation.disposition.checklist import ChecklistSet, default_checklists_dir, load_checklists
from returnstation.domain.enums import ItemStatus
from returnstation.services.inspection import item_code
from returnstation.services.photos import PhotoRefused, PhotoService
from returnstation.services.results import StationContext
from returnstation.store.models import InspectionRow

PNG_HEAD = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR"


def png(seed: int, size: int = 64) -> bytes:
    """Bytes that start as a PNG does (all the service checks), different for each seed."""
    return PNG_HEAD + hashlib.sha256(str(seed).encode()).digest() * (size // 32)


@pytest.fixture(scope="module")
def checklists() -> ChecklistSet:
    return load_checklists(default_checklists_dir())


@pytest.fixture
def store() -> FakeStore:
    s = FakeStore()
    s.add_rma("RMA-100003", ("LAP-14-PRO", 2, "electronics"))
    return s


def photos(store: FakeStore, root: Path, checklists: ChecklistSet, max_bytes: int = 10_000) -> PhotoService:
    ctx = StationContext("bench-3", "ivo")
    return PhotoService(
        None, ctx, root, checklists, clock=lambda: NOW, max_bytes=max_bytes, uow_factory=store.uow
    )


def files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def test_a_photo_is_a_file_with_its_hash_a_row_and_an_event(
    store: FakeStore, tmp_path: Path, checklists: ChecklistSet
) -> None:
    [laptop] = receive(store, "LAP-14-PRO")
    svc = photos(store, tmp_path, checklists)
    code = item_code(laptop)
    first = svc.take(code, "cosmetic", png(1))
    second = svc.take(code.lower(), None, png(2))
    digest = hashlib.sha256(png(1)).hexdigest()
    assert first.relative_path == f"2026-11/{code}-1-{digest[:8]}.png"
    assert second.relative_path.startswith(f"2026-11/{code}-2-")
    assert first.path.read_bytes() == png(1) and files(tmp_path) == sorted([first.path, second.path])
    assert (first.sha256, first.size, first.station, first.user) == (digest, len(png(1)), "bench-3", "ivo")
    assert svc.list_for(code) == [first, second]
    assert ("item", laptop) in store.locks  # the lock decide() takes: a photo lands before it or not at all
    [event, _] = store.of_type("photo_taken")
    assert event.payload == {
        "photo_id": first.photo_id,
        "check": "cosmetic",
        "path": first.relative_path,
        "sha256": digest,
        "bytes": len(png(1)),
    }


def test_a_refused_photo_writes_no_file_and_no_row(
    store: FakeStore, tmp_path: Path, checklists: ChecklistSet
) -> None:
    laptop, other = receive(store, "LAP-14-PRO", "LAP-14-PRO")
    store.inspections.append(
        InspectionRow(
            item_id=other,
            station="bench-2",
            inspector="Ben",
            disposition="refurbish",
            decided_at=datetime.now(),
        )
    )
    next(it for it in store.items if it.id == other).status = ItemStatus.DISPOSITIONED.value
    svc = photos(store, tmp_path, checklists, max_bytes=100)
    for code, check, data, words in [
        (item_code(laptop), None, b"GIF89a" + bytes(40), "not a PNG image"),
        (item_code(laptop), None, png(1, size=160), "more than the 100 allowed"),
        ("LAP-14-PRO", None, png(1), "'LAP-14-PRO' is not an item code"),
        (item_code(99), None, png(1), f"{item_code(99)}: no such item."),
        (item_code(other), None, png(1), "was already decided at bench-2 by Ben (refurbish)"),
        (item_code(laptop), "nope", png(1), "'nope' is not a check of the electronics checklist"),
    ]:
        with pytest.raises(PhotoRefused, match=re.escape(words)):
            svc.take(code, check, data)
    assert files(tmp_path) == [] and store.photos == [] and store.of_type("photo_taken") == []


def test_the_checks_owing_a_photo(store: FakeStore, tmp_path: Path, checklists: ChecklistSet) -> None:
    [laptop] = receive(store, "LAP-14-PRO")
    svc = photos(store, tmp_path, checklists)
    code = item_code(laptop)
    assert svc.missing_required(code) == ["cosmetic"]
    assert svc.missing_required(code, {"packaging": "sealed"}) == []  # only what is answered so far owes
    assert svc.missing_required(code, {"cosmetic": "as_new"}) == ["cosmetic"]
    svc.take(code, None, png(1))
    assert svc.missing_required(code) == ["cosmetic"]  # a photo of the whole item is not the check's
    svc.take(code, "cosmetic", png(2))
    assert svc.missing_required(code) == []
