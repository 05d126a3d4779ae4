"""Inspection records and drafts: what was decided about an item, and what was answered so far."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from returnstation.store.models import InspectionRow
from returnstation.store.models_inspection import InspectionDraftRow


class InspectionRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def for_item(self, item_id: int) -> InspectionRow | None:
        """The item's decision, if it has one (one per item: ``item_id`` is unique)."""
        return self.session.scalars(select(InspectionRow).where(InspectionRow.item_id == item_id)).first()

    def add(self, row: InspectionRow) -> None:
        self.session.add(row)

    def draft(self, item_id: int) -> InspectionDraftRow | None:
        return self.session.scalar(select(InspectionDraftRow).where(InspectionDraftRow.item_id == item_id))

    def save_draft(self, values: dict[str, Any]) -> None:
        """One INSERT ... ON CONFLICT (item_id) DO UPDATE; the first ``started_at`` is kept.

        One statement, so two benches saving the same item at once cannot both insert.
        """
        dialect = self.session.get_bind().dialect.name
        kept = {k for k in values if k not in ("item_id", "started_at")}
        if dialect in ("sqlite", "postgresql"):
            if dialect == "sqlite":
                from sqlalchemy.dialects.sqlite import insert as sqlite_insert

                stmt: Any = sqlite_insert(InspectionDraftRow).values(**values)
            else:
                from sqlalchemy.dialects.postgresql import insert as pg_insert

                stmt = pg_insert(InspectionDraftRow).values(**values)
            self.session.execute(
                stmt.on_conflict_do_update(
                    index_elements=[InspectionDraftRow.item_id], set_={k: stmt.excluded[k] for k in kept}
                )
            )
            return
        row = self.draft(values["item_id"])
        if row is None:
            self.session.add(InspectionDraftRow(**values))
        else:
            for k in kept:
                setattr(row, k, values[k])

    def discard_draft(self, item_id: int) -> None:
        self.session.execute(delete(InspectionDraftRow).where(InspectionDraftRow.item_id == item_id))

    def decided_between(
        self, start: datetime | None, end: datetime | None, batch: int
    ) -> Iterator[InspectionRow]:
        """Decisions from ``start`` (inclusive) to ``end`` (exclusive), oldest first, read ``batch`` rows
        at a time so a year of decisions never sits in memory at once."""
        stmt = select(InspectionRow).order_by(InspectionRow.decided_at, InspectionRow.id)
        if start is not None:
            stmt = stmt.where(InspectionRow.decided_at >= start)
        if end is not None:
            stmt = stmt.where(InspectionRow.decided_at < end)
        yield from self.session.scalars(stmt.execution_options(yield_per=batch))
