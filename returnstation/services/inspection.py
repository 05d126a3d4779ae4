"""Inspection: checklist answers -> grade -> disposition by the rules, recorded with the rules version."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Row, Select, select
from sqlalchemy.orm import Session, sessionmaker

from returnstation.disposition.checklist import Checklist, ChecklistSet, derive_grade
from returnstation.disposition.rules import RuleSet
from returnstation.domain.clock import Clock, utcnow
from returnstation.domain.enums import ItemStatus, ParcelStatus
from returnstation.domain.inspection import Decision, GradeResult, ItemFacts
from returnstation.domain.scan import Scan
from returnstation.scan.classify import CodeKind, classify_scan
from returnstation.services.results import StationContext
from returnstation.store.models import InspectionRow, ItemRow, ParcelRow, RmaLineRow, RmaRow
from returnstation.store.uow import UnitOfWork

ITEM_CODE_PREFIX = "RSI-"


def item_code(item_id: int) -> str:
    """The station's own code for a received item, printed on its routing label."""
    return f"{ITEM_CODE_PREFIX}{item_id:06d}"


def parse_item_code(text: str) -> int | None:
    t = text.strip().upper()
    if t.startswith(ITEM_CODE_PREFIX) and t[len(ITEM_CODE_PREFIX) :].isdigit():
        return int(t[len(ITEM_CODE_PREFIX) :])
    return None


@dataclass(frozen=True, slots=True)
class PendingItem:
    item_id: int
    item_code: str
    sku: str
    description: str
    category: str
    rma_number: str
    order_number: str
    reason_code: str
    unit_value: Decimal
    received_at: datetime


@dataclass(frozen=True, slots=True)
class InspectionForm:
    item: PendingItem
    checklist: Checklist


@dataclass(frozen=True, slots=True)
class DecisionPreview:
    grade: GradeResult
    decision: Decision


@dataclass(frozen=True, slots=True)
class Decided:
    item: PendingItem
    grade: GradeResult
    decision: Decision
    label_job_id: str | None


class ItemNotPending(Exception):
    """The item is unknown, on hold or already dispositioned."""


class InspectionService:
    def __init__(
        self,
        session_factory: sessionmaker[Session],
        ctx: StationContext,
        checklists: ChecklistSet,
        rules: RuleSet,
        clock: Clock = utcnow,
    ) -> None:
        self._sf = session_factory
        self.ctx = ctx
        self.checklists = checklists
        self.rules = rules
        self._now = clock

    def pending(self, limit: int = 500) -> list[PendingItem]:
        """Received items waiting for inspection, oldest first (first in, first out)."""
        with UnitOfWork(self._sf) as uow:
            stmt = _pending_query().order_by(ItemRow.received_at, ItemRow.id).limit(limit)
            return [_pending(row) for row in uow.session.execute(stmt)]

    def find_pending(self, scan: Scan) -> PendingItem | None:
        """Which waiting item a scan means: our item code, else the oldest waiting item with that SKU/GTIN."""
        item_id = parse_item_code(scan.text)
        with UnitOfWork(self._sf) as uow:
            stmt = _pending_query()
            if item_id is not None:
                stmt = stmt.where(ItemRow.id == item_id)
            else:
                code = classify_scan(scan)
                if code.kind in (CodeKind.UNKNOWN, CodeKind.INVALID, CodeKind.COMMAND):
                    return None
                value = (code.gs1.get("01") or code.value).upper()
                stmt = stmt.where(
                    (RmaLineRow.sku == value) | (RmaLineRow.gtin == value) | (ItemRow.scanned_code == value)
                )
            row = uow.session.execute(stmt.order_by(ItemRow.received_at, ItemRow.id).limit(1)).first()
            return _pending(row) if row else None

    def form(self, item_id: int) -> InspectionForm:
        item = self._pending_item(item_id)
        return InspectionForm(item=item, checklist=self.checklists.for_category(item.category))

    def preview(self, item_id: int, answers: Mapping[str, str]) -> DecisionPreview:
        """Grade and disposition for these answers, without writing anything (shown live to the inspector)."""
        item = self._pending_item(item_id)
        return self._evaluate(item, answers)

    def _evaluate(self, item: PendingItem, answers: Mapping[str, str]) -> DecisionPreview:
        checklist = self.checklists.for_category(item.category)
        grade = derive_grade(checklist, answers)
        facts = ItemFacts(
            category=item.category,
            sku=item.sku,
            grade=grade.grade,
            reason_code=item.reason_code,
            unit_value=item.unit_value,
            answers=dict(answers),
            today=self._now().date(),
        )
        return DecisionPreview(grade=grade, decision=self.rules.decide(facts))

    def decide(self, item_id: int, answers: Mapping[str, str], started_at: datetime | None = None) -> Decided:
        """Record the inspection and its disposition, and queue the routing label, in one transaction."""
        from returnstation.services.printing import queue_routing_label

        now = self._now()
        with UnitOfWork(self._sf) as uow:
            # Two inspectors may scan the same item: the row lock makes the second wait and then see
            # the first one's decision (SQLite's BEGIN IMMEDIATE already serialises the writers).
            uow.session.execute(select(ItemRow.id).where(ItemRow.id == item_id).with_for_update())
            row = uow.session.execute(_pending_query().where(ItemRow.id == item_id)).first()
            if row is None:
                raise ItemNotPending(_why_not_pending(uow, item_id))
            item = _pending(row)
            result = self._evaluate(item, answers)
            d = result.decision
            uow.session.add(
                InspectionRow(
                    item_id=item_id,
                    checklist=self.checklists.for_category(item.category).category,
                    answers=dict(answers),
                    grade=result.grade.grade,
                    grade_because="; ".join(result.grade.because),
                    disposition=d.disposition.value,
                    destination=d.destination,
                    rule_id=d.rule_id,
                    rule_reason=d.reason,
                    rules_version=d.rules_version,
                    inspector=self.ctx.user,
                    station=self.ctx.station,
                    started_at=started_at or now,
                    decided_at=now,
                )
            )
            item_row = uow.session.get(ItemRow, item_id)
            assert item_row is not None
            item_row.status = ItemStatus.DISPOSITIONED.value
            uow.events.append(
                "item_dispositioned",
                station=self.ctx.station,
                user=self.ctx.user,
                at=now,
                subject_type="item",
                subject_id=item_id,
                before=ItemStatus.RECEIVED.value,
                after=ItemStatus.DISPOSITIONED.value,
                payload={
                    "grade": result.grade.grade,
                    "disposition": d.disposition.value,
                    "destination": d.destination,
                    "rule": d.rule_id,
                    "rules_version": d.rules_version,
                    "answers": dict(answers),
                },
            )
            job_id = queue_routing_label(uow, item, result.grade.grade, d, self.ctx, now)
            uow.commit()
        return Decided(item=item, grade=result.grade, decision=d, label_job_id=job_id)

    def _pending_item(self, item_id: int) -> PendingItem:
        with UnitOfWork(self._sf) as uow:
            row = uow.session.execute(_pending_query().where(ItemRow.id == item_id)).first()
            if row is None:
                raise ItemNotPending(_why_not_pending(uow, item_id))
            return _pending(row)


def _why_not_pending(uow: UnitOfWork, item_id: int) -> str:
    """Say where and by whom an item was already decided, so a second inspector knows whom to ask."""
    code = item_code(item_id)
    done = uow.session.scalars(select(InspectionRow).where(InspectionRow.item_id == item_id)).first()
    if done is not None:
        return (
            f"Item {code} is not waiting for inspection: already dispositioned at {done.station} "
            f"by {done.inspector} on {done.decided_at:%Y-%m-%d %H:%M} ({done.disposition}, {done.destination})."
        )
    item = uow.session.get(ItemRow, item_id)
    if item is None:
        return f"Item {code} is not waiting for inspection: no such item."
    if item.status == ItemStatus.HELD.value:
        return f"Item {code} is not waiting for inspection: it is on HOLD from receiving."
    return f"Item {code} is not waiting for inspection (its parcel is still being received)."


def _pending_query() -> Select[ItemRow, RmaLineRow, RmaRow]:
    return (
        select(ItemRow, RmaLineRow, RmaRow)
        .join(RmaLineRow, ItemRow.rma_line_id == RmaLineRow.id)
        .join(RmaRow, RmaLineRow.rma_id == RmaRow.id)
        .join(ParcelRow, ItemRow.parcel_id == ParcelRow.id)
        .where(ItemRow.status == ItemStatus.RECEIVED.value, ParcelRow.status == ParcelStatus.RECEIVED.value)
    )


def _pending(row: Row[ItemRow, RmaLineRow, RmaRow]) -> PendingItem:
    item, line, rma = row
    return PendingItem(
        item_id=item.id,
        item_code=item_code(item.id),
        sku=line.sku,
        description=line.description,
        category=line.category,
        rma_number=rma.rma_number,
        order_number=rma.order_number,
        reason_code=line.reason_code,
        unit_value=line.unit_value,
        received_at=item.received_at,
    )
