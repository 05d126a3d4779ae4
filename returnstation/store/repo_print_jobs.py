"""Label print jobs: the queue the bench workers send from and the history a supervisor reprints from."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import ColumnElement, false, func, or_, select, update
from sqlalchemy.orm import Session

from returnstation.store.models import ItemRow, PrintJobRow, RmaLineRow, RmaRow

_LIKE_ESCAPE = "\\"
_MAX_ITEM_DIGITS = 9  # a longer number is no item id (and would overflow an INTEGER column)
_MAX_LISTED_RMAS = 200  # more RMAs matching a search are tested on each label instead of listed
SENDING = "sending"  # services/printing.py's JobStatus.SENDING: the one status the claim itself sets


class PrintJobRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, row: PrintJobRow) -> None:
        self.session.add(row)

    def by_job_id(self, job_id: str) -> PrintJobRow | None:
        return self.session.scalar(select(PrintJobRow).where(PrintJobRow.job_id == job_id))

    def detached(self, job_id: str) -> PrintJobRow | None:
        """The job as it is now, detached from the session, so it stays readable after the transaction."""
        row = self.by_job_id(job_id)
        if row is not None:
            self.session.expunge(row)
        return row

    def latest_for_item(self, item_id: int) -> PrintJobRow | None:
        stmt = select(PrintJobRow).where(PrintJobRow.item_id == item_id).order_by(PrintJobRow.id.desc())
        return self.session.scalars(stmt.limit(1)).first()

    def with_status(self, statuses: Collection[str]) -> list[PrintJobRow]:
        """Every job in one of these statuses, oldest first (whichever station prints it)."""
        stmt = select(PrintJobRow).where(PrintJobRow.status.in_(list(statuses))).order_by(PrintJobRow.id)
        return list(self.session.scalars(stmt))

    def claim(self, job_id: str, now: datetime, stale_before: datetime) -> bool:
        """Mark the job 'sending' unless another worker is sending it (since ``stale_before`` or later).

        One conditional UPDATE, so two workers racing for a job cannot both win.
        """
        result = self.session.execute(
            update(PrintJobRow)
            .where(
                PrintJobRow.job_id == job_id,
                or_(PrintJobRow.status != SENDING, PrintJobRow.updated_at < stale_before),
            )
            .values(status=SENDING, updated_at=now, attempts=PrintJobRow.attempts + 1)
            .execution_options(synchronize_session=False)
        )
        return int(getattr(result, "rowcount", 0) or 0) == 1

    def newest(
        self,
        limit: int,
        *,
        item_id: int | None = None,
        statuses: Collection[str] = (),
        search: str = "",
        search_item_id: int | None = None,
        templates: Collection[str] = (),
    ) -> list[PrintJobRow]:
        """Jobs newest first, of one item, in these statuses, matching a search (see ``_search``)."""
        stmt = select(PrintJobRow).order_by(PrintJobRow.id.desc()).limit(limit)
        if item_id is not None:
            stmt = stmt.where(PrintJobRow.item_id == item_id)
        if statuses:
            stmt = stmt.where(PrintJobRow.status.in_(list(statuses)))
        matches = self._search(search, search_item_id, templates)
        if matches is not None:
            stmt = stmt.where(matches)
        return list(self.session.scalars(stmt))

    def _search(
        self, text: str, item_id: int | None, templates: Collection[str]
    ) -> ColumnElement[bool] | None:
        """Jobs whose item code, RMA number or template contains ``text``; None for an empty search.

        ``item_id`` is the item the text names as an item code, if it is one (the service reads codes).
        Built so that a search matching few labels does not read the whole job table (the planner cannot
        guess how many RMAs a substring matches, so the matching RMAs are fetched first and handed over as
        values): an item code (or a bare item number) is ``item_id``; a few matching RMAs go rma_lines ->
        items -> jobs by their foreign-key indexes; a template is matched against the known names here.
        When very many RMAs match, most recent labels match too, and testing the RMA on the label itself
        while reading newest first stops soonest.
        """
        wanted = text.strip().upper()
        if not wanted:
            return None
        if item_id is not None:
            return PrintJobRow.item_id == item_id  # an item code names one item and nothing else
        escaped = wanted.replace(_LIKE_ESCAPE, _LIKE_ESCAPE * 2).replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{escaped}%"
        rma_ids = self.session.scalars(
            select(RmaRow.id)
            .where(func.upper(RmaRow.rma_number).like(pattern, escape=_LIKE_ESCAPE))
            .limit(_MAX_LISTED_RMAS + 1)
        ).all()
        conditions: list[ColumnElement[bool]] = []
        if len(rma_ids) > _MAX_LISTED_RMAS:
            rma_on_label = func.upper(PrintJobRow.fields["rma_number"].as_string())
            conditions.append(rma_on_label.like(pattern, escape=_LIKE_ESCAPE))
        elif rma_ids:
            lines = select(RmaLineRow.id).where(RmaLineRow.rma_id.in_(rma_ids))
            conditions.append(
                PrintJobRow.item_id.in_(select(ItemRow.id).where(ItemRow.rma_line_id.in_(lines)))
            )
        if wanted.isdigit() and len(wanted) <= _MAX_ITEM_DIGITS:
            conditions.append(PrintJobRow.item_id == int(wanted))
        names = sorted(t for t in templates if wanted in t.upper())
        if names:
            conditions.append(PrintJobRow.template.in_(names))
        return or_(*conditions) if conditions else false()
