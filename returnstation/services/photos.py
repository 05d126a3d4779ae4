"""Photos as inspection evidence: taken from the bench camera, kept as files, recorded per item and check.

Why it matters: a customer disputes a "damaged on arrival" grade, a vendor asks for proof before
accepting a return-to-vendor; the checklist marks the checks whose answer must be documented
(``photo_required``), and the station refuses the decision until each has its photo (setting
``require_photos``; see ``InspectionService.decide``).

Order of writing, and why: the file is written first (temporary name, fsync, rename; store/photo_files.py)
and the row after it, so a row never points to a missing or half-written file. A crash in between leaves
at most an orphan file, which nothing reads. The row carries the file's SHA-256 and size, so a file
replaced or truncated later is detectable. A photo of an item whose inspection is decided is refused:
the evidence for a decision is what was there when it was made.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from returnstation.disposition.checklist import FALLBACK_CATEGORY, Check, Checklist, ChecklistSet
from returnstation.domain.access import open_to_all, requires
from returnstation.domain.clock import Clock, utcnow
from returnstation.domain.enums import ItemStatus
from returnstation.domain.item_code import item_code, parse_item_code
from returnstation.domain.messages import msg
from returnstation.domain.roles import Permission
from returnstation.services.results import StationContext
from returnstation.store.errors import guard_database
from returnstation.store.models_photos import InspectionPhotoRow
from returnstation.store.photo_files import is_png, resolve, write_durably
from returnstation.store.ports import PhotoStore, UnitOfWorkPort
from returnstation.store.uow import UnitOfWorkFactory, uow_factory_for

__all__ = [
    "MAX_PHOTO_BYTES",
    "PhotoRefused",
    "PhotoService",
    "PhotoView",
    "PhotosMissing",
    "missing_photo_checks",
]

MAX_PHOTO_BYTES = 40 * 1024 * 1024  # a 4K camera frame as PNG is about 10-25 MB; more is not a photo
NO_CAMERA_HINT = msg("connect a camera or ask a supervisor to turn off require_photos")


@dataclass(frozen=True, slots=True)
class PhotoView:
    photo_id: int
    item_id: int
    check_id: str | None  # None: a photo of the item as a whole
    relative_path: str  # as stored: relative to the photo folder, "/" separated
    path: Path  # the file under this station's photo folder
    sha256: str
    size: int  # bytes
    taken_at: datetime
    station: str
    user: str

    @property
    def item_code(self) -> str:
        return item_code(self.item_id)


class PhotoRefused(Exception):
    """The photo was not stored: unknown or decided item, unknown check, or not a PNG picture."""


class PhotosMissing(Exception):
    """A decision refused because checks that need a photo have none; ``check_ids`` names them."""

    def __init__(self, code: str, checks: Sequence[Check], camera_configured: bool) -> None:
        self.item_code = code
        self.check_ids = tuple(c.id for c in checks)
        names = ", ".join(f"{c.name} ({c.id})" for c in checks)
        if camera_configured:
            message = msg(
                "{code} cannot be decided yet: take a photo for {names} first.", code=code, names=names
            )
        else:
            this = msg("this check needs") if len(checks) == 1 else msg("these checks need")
            message = msg(
                "{code} cannot be decided yet: no photo for {names}; {this} a photo; {no_camera_hint}.",
                code=code,
                names=names,
                this=this,
                no_camera_hint=NO_CAMERA_HINT,
            )
        super().__init__(message)


def missing_photo_checks(
    photos: PhotoStore, item_id: int, checklist: Checklist, answered: Collection[str] | None = None
) -> list[Check]:
    """The checklist's photo-required checks (among ``answered``, None: all) with no photo of their own.

    A photo of the item as a whole does not stand in for a check's photo: the check says what to show.
    Used inside ``InspectionService.decide``'s transaction, after the item row is locked, so a decision
    and a photo being taken at the same moment cannot both win.
    """
    needed = [c for c in checklist.checks if c.photo_required and (answered is None or c.id in answered)]
    if not needed:
        return []
    have = photos.checks_with_photos(item_id, [c.id for c in needed])
    return [c for c in needed if c.id not in have]


@guard_database
class PhotoService:
    """Take, list and account for an item's photos. ``root`` is the photo folder (settings.photo_root)."""

    def __init__(
        self,
        session_factory: sessionmaker[Session] | None,
        ctx: StationContext,
        root: Path,
        checklists: ChecklistSet,
        clock: Clock = utcnow,
        *,
        max_bytes: int = MAX_PHOTO_BYTES,
        uow_factory: UnitOfWorkFactory | None = None,
    ) -> None:
        self._uow = uow_factory_for(session_factory, uow_factory)  # an in-memory one in unit tests
        self.ctx = ctx
        self.root = root
        self.checklists = checklists
        self._now = clock
        self.max_bytes = max_bytes

    @requires(Permission.INSPECT)  # a photo is part of the inspection it documents
    def take(self, item_code: str, check_id: str | None, png: bytes) -> PhotoView:
        """Store ``png`` as a photo of the item (of one of its checks when ``check_id`` is given).

        Raises ``PhotoRefused`` for an unknown or decided item, a check its checklist does not have,
        or bytes that are not a PNG picture.
        """
        if not is_png(png):
            raise PhotoRefused(msg("The camera picture is not a PNG image; nothing was stored."))
        if len(png) > self.max_bytes:
            raise PhotoRefused(
                msg(
                    "The picture is {n_png} bytes, more than the {max_bytes} allowed.",
                    n_png=len(png),
                    max_bytes=self.max_bytes,
                )
            )
        item_id = _item_id(item_code)
        digest = hashlib.sha256(png).hexdigest()
        now = self._now()
        with self._uow(read_only=True) as uow:  # checked first, so a refused photo never touches the disk
            number = self._open_for_photos(uow, item_id, check_id)
        relative = self._free_name(item_id, number, digest, now)
        path = resolve(self.root, relative)
        write_durably(path, png)
        try:
            with self._uow() as uow:
                # The same lock decide() takes: a photo either lands before the decision or is refused.
                uow.items.lock(item_id)
                self._open_for_photos(uow, item_id, check_id)
                row = InspectionPhotoRow(
                    item_id=item_id,
                    check_id=check_id,
                    path=relative,
                    sha256=digest,
                    size_bytes=len(png),
                    taken_at=now,
                    station=self.ctx.station,
                    user=self.ctx.user,
                )
                uow.photos.add(row)
                uow.events.record(
                    self.ctx,
                    now,
                    "photo_taken",
                    ("item", item_id),
                    payload={
                        "photo_id": row.id,
                        "check": check_id,
                        "path": relative,
                        "sha256": digest,
                        "bytes": len(png),
                    },
                )
                uow.commit()
                view = self._view(row)
        except PhotoRefused:
            # Decided while the file was written: certainly no row, so the file goes. (After any other
            # error the commit may have happened, e.g. a connection lost during COMMIT: the file stays.)
            path.unlink(missing_ok=True)
            raise
        return view

    @open_to_all("shown with the inspection they document; taking one needs INSPECT")
    def list_for(self, item_code: str) -> list[PhotoView]:
        """The item's photos, oldest first."""
        item_id = _item_id(item_code)
        with self._uow(read_only=True) as uow:
            return [self._view(r) for r in uow.photos.for_item(item_id)]

    @open_to_all("which checks still need a photo; changes nothing")
    def missing_required(
        self,
        item_code: str,
        answers: Mapping[str, object] | None = None,
        captured: Mapping[str, object] | None = None,
    ) -> list[str]:
        """Ids of the checks that need a photo and have none, in checklist order.

        With ``answers``/``captured`` (the inspection so far) only the checks answered count, so a
        half-done inspection shows what it owes so far; with neither, every photo-required check does.
        """
        item_id = _item_id(item_code)
        answered = None if answers is None and captured is None else {*(answers or {}), *(captured or {})}
        with self._uow(read_only=True) as uow:
            found = uow.items.status_and_category(item_id)
            category = found[1] if found is not None else None
            checklist = self.checklists.for_category(category or FALLBACK_CATEGORY)
            return [c.id for c in missing_photo_checks(uow.photos, item_id, checklist, answered)]

    @open_to_all("shown with the inspection they document; taking one needs INSPECT")
    def read(self, photo: PhotoView) -> bytes:
        """The photo's bytes, checked against the SHA-256 recorded when it was taken (PhotoRefused if not)."""
        data = photo.path.read_bytes()
        if hashlib.sha256(data).hexdigest() != photo.sha256:
            raise PhotoRefused(
                msg("{path} has changed since it was taken (SHA-256 differs).", path=photo.path)
            )
        return data

    # -- internals ---------------------------------------------------------------------------------
    def _open_for_photos(self, uow: UnitOfWorkPort, item_id: int, check_id: str | None) -> int:
        """Refuse an unknown or decided item and an unknown check; else the item's next photo number."""
        code = item_code(item_id)
        row = uow.items.status_and_category(item_id)
        if row is None:
            raise PhotoRefused(msg("{code}: no such item.", code=code))
        status, category = row
        if status == ItemStatus.DISPOSITIONED.value:
            done = uow.inspections.for_item(item_id)
            by = (
                msg(
                    " at {station} by {inspector} ({disposition})",
                    station=done.station,
                    inspector=done.inspector,
                    disposition=done.disposition,
                )
                if done is not None
                else ""
            )
            raise PhotoRefused(
                msg(
                    "{code} was already decided{by}: its inspection is closed, no photo added.",
                    code=code,
                    by=by,
                )
            )
        checklist = self.checklists.for_category(category or FALLBACK_CATEGORY)
        if check_id is not None and checklist.check(check_id) is None:
            raise PhotoRefused(
                msg(
                    "'{check_id}' is not a check of the {category} checklist.",
                    check_id=check_id,
                    category=checklist.category,
                )
            )
        return uow.photos.count(item_id) + 1

    def _free_name(self, item_id: int, number: int, digest: str, now: datetime) -> str:
        """``<yyyy-mm>/<item code>-<n>-<sha prefix>.png``: the month keeps folders small, the number
        orders an item's photos, the hash prefix keeps two pictures taken at once from sharing a name.
        A name whose file exists (left by an interrupted take) is skipped, never overwritten."""
        while True:
            relative = f"{now:%Y-%m}/{item_code(item_id)}-{number}-{digest[:8]}.png"
            if not resolve(self.root, relative).exists():
                return relative
            number += 1

    def _view(self, row: InspectionPhotoRow) -> PhotoView:
        return PhotoView(
            photo_id=row.id,
            item_id=row.item_id,
            check_id=row.check_id,
            relative_path=row.path,
            path=resolve(self.root, row.path),
            sha256=row.sha256,
            size=row.size_bytes,
            taken_at=row.taken_at,
            station=row.station,
            user=row.user,
        )


def _item_id(code: str) -> int:
    item_id = parse_item_code(code)
    if item_id is None:
        raise PhotoRefused(msg("'{code}' is not an item code (RSI-…).", code=code))
    return item_id
