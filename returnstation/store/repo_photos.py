"""Inspection photo rows (the files themselves are store/photo_files.py's)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from returnstation.store.models_photos import InspectionPhotoRow


class PhotoRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, row: InspectionPhotoRow) -> None:
        """Insert now (flush), so the photo has its id for the event that records it."""
        self.session.add(row)
        self.session.flush()

    def for_item(self, item_id: int) -> list[InspectionPhotoRow]:
        """The item's photos, oldest first."""
        stmt = (
            select(InspectionPhotoRow)
            .where(InspectionPhotoRow.item_id == item_id)
            .order_by(InspectionPhotoRow.taken_at, InspectionPhotoRow.id)
        )
        return list(self.session.scalars(stmt))

    def count(self, item_id: int) -> int:
        stmt = (
            select(func.count()).select_from(InspectionPhotoRow).where(InspectionPhotoRow.item_id == item_id)
        )
        return int(self.session.scalar(stmt) or 0)

    def checks_with_photos(self, item_id: int, check_ids: Sequence[str]) -> set[str]:
        """Which of these checks of the item have at least one photo of their own."""
        stmt = (
            select(InspectionPhotoRow.check_id)
            .where(InspectionPhotoRow.item_id == item_id, InspectionPhotoRow.check_id.in_(list(check_ids)))
            .distinct()
        )
        return {c for c in self.session.scalars(stmt) if c is not None}
