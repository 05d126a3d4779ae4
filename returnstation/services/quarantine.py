"""The quarantine queue: items the rules sent to quarantine wait here for a supervisor's final word.

Quarantine is not an end: the item has no final disposition, so its RMA's credit waits (services/
after_disposition.py). A supervisor reads the rule that sent it, the checklist answers and the photos,
and gives the final disposition with a reason. Then everything a normal decision does follows in the
same transaction: the inspection records the new disposition and bin (the rule's own stays in
``rule_disposition``), a new routing label is queued, the stock move is written for restock or
refurbish, and the credit goes if this was the last thing the RMA waited for.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from returnstation.disposition.facts import facts_from_json
from returnstation.disposition.outcomes import Outcomes, load_outcomes
from returnstation.disposition.override_reasons import OverridePolicy, load_override_policy
from returnstation.domain.access import open_to_all, requires
from returnstation.domain.clock import Clock, utcnow
from returnstation.domain.enums import Disposition
from returnstation.domain.holds import age_text
from returnstation.domain.inspection import Decision, ItemFacts
from returnstation.domain.item_code import item_code
from returnstation.domain.messages import msg
from returnstation.domain.roles import Permission
from returnstation.services.after_disposition import emit_credit_trigger_if_complete, record_stock_move
from returnstation.services.inspection import pending_item
from returnstation.services.outcome_labels import queue_outcome_labels
from returnstation.services.printing import queue_routing_label
from returnstation.services.results import ActionRefused, PendingItem, StationContext
from returnstation.store.errors import guard_database
from returnstation.store.repo_exceptions import QuarantinedItem
from returnstation.store.uow import UnitOfWorkFactory, uow_factory_for


class QuarantineRefused(ActionRefused):
    """Not in quarantine (any more), no reason, or quarantine again; nothing was written."""


@dataclass(frozen=True, slots=True)
class QuarantineView:
    item_id: int
    item_code: str
    sku: str
    description: str
    rma_number: str
    order_number: str
    grade: str
    rule_id: str
    rule_reason: str
    answers: tuple[tuple[str, str], ...]
    photos: int
    inspector: str
    decided_at: datetime
    age: str


@dataclass(frozen=True, slots=True)
class Released:
    item_code: str
    disposition: Disposition
    destination: str
    label_job: str
    credit_triggered: bool
    outcome_label_jobs: tuple[str, ...] = ()  # the item label (restock, refurbish), before the routing label

    @property
    def message(self) -> str:
        credit = msg(" The RMA's credit went to the order system.") if self.credit_triggered else ""
        return msg(
            "{item_code}: {label}, take it to {destination}. The new routing label is printing.{credit}",
            item_code=self.item_code,
            label=self.disposition.label,
            destination=self.destination,
            credit=credit,
        )


@guard_database
class QuarantineService:
    def __init__(
        self,
        session_factory: sessionmaker[Session] | None,
        ctx: StationContext,
        override_policy: OverridePolicy | None = None,
        clock: Clock = utcnow,
        *,
        uow_factory: UnitOfWorkFactory | None = None,
        outcomes: Outcomes | None = None,
    ) -> None:
        self._uow = uow_factory_for(session_factory, uow_factory)
        self.ctx = ctx
        self.policy = override_policy if override_policy is not None else load_override_policy()
        self.outcomes = outcomes if outcomes is not None else load_outcomes()
        self._now = clock

    @open_to_all("a number for the status of the bench: no customer data")
    def count(self) -> int:
        """Items waiting in quarantine (one statement)."""
        with self._uow(read_only=True) as uow:
            return uow.quarantine.count()

    @requires(Permission.RELEASE_QUARANTINE)
    def queue(self, limit: int = 200) -> list[QuarantineView]:
        """Oldest first, with the photo count of each (two statements)."""
        now = self._now()
        with self._uow(read_only=True) as uow:
            rows = uow.quarantine.queue(limit)
            photos = uow.quarantine.photo_counts([r.item.id for r in rows])
            return [_view(r, photos.get(r.item.id, 0), now) for r in rows]

    @requires(Permission.RELEASE_QUARANTINE)
    def release(self, item_id: int, disposition: Disposition, reason: str) -> Released:
        """Give a quarantined item its final disposition; ``QuarantineRefused`` when it cannot be."""
        code = item_code(item_id)
        why = " ".join(reason.split())
        if disposition is Disposition.QUARANTINE:
            raise QuarantineRefused(
                msg("{code} is in quarantine already: choose where it goes now.", code=code)
            )
        if not why:
            raise QuarantineRefused(msg("Give a reason for the final disposition of {code}.", code=code))
        now = self._now()
        with self._uow() as uow:
            uow.items.lock(item_id)  # two supervisors on one item: the second sees the first's decision
            found = uow.quarantine.get(item_id)
            if found is None:
                done = uow.inspections.for_item(item_id)
                where = (
                    msg(
                        " (it is {disposition}, {destination})",
                        disposition=done.disposition,
                        destination=done.destination,
                    )
                    if done is not None
                    else ""
                )
                raise QuarantineRefused(msg("{code} is not in quarantine{where}.", code=code, where=where))
            item, inspection, line, rma = found
            destination = self.policy.destinations[disposition]
            inspection.disposition = disposition.value
            inspection.destination = destination
            inspection.channel = None  # the held channel is over: reports and credit use the new default
            uow.events.record(
                self.ctx,
                now,
                "quarantine_resolved",
                ("item", item_id),
                before=Disposition.QUARANTINE.value,
                after=disposition.value,
                payload={
                    "disposition": disposition.value,
                    "destination": destination,
                    "reason": why,
                    "rule": inspection.rule_id,
                    "grade": inspection.grade,
                },
            )
            decision = Decision(
                disposition=disposition,
                destination=destination,
                rule_id=inspection.rule_id,
                reason=msg("Released from quarantine by {user}: {why}", user=self.ctx.user, why=why),
                rules_version=inspection.rules_version,
            )
            facts = _stored_facts(inspection.facts)
            # the labels of a release to restock or refurbishment (data/outcomes.yaml), as at inspection,
            # before the routing label: "the item's latest label" stays the routing label
            extra = queue_outcome_labels(
                uow, _pending(found), rma, inspection.grade, decision, self.outcomes.labels, self.ctx, now
            )
            job = queue_routing_label(
                uow,
                _pending(found),
                inspection.grade,
                decision,
                self.ctx,
                now,
                lot=facts.lot if facts is not None else None,
                expiry=facts.expiry if facts is not None else None,
                packaging=inspection.packaging,
            )
            record_stock_move(uow, item, line, inspection, self.ctx, now)
            credit = emit_credit_trigger_if_complete(uow, rma.id, self.ctx, now)
            uow.commit()
        return Released(code, disposition, destination, job, credit, extra)


def _stored_facts(data: Mapping[str, Any] | None) -> ItemFacts | None:
    """The facts the rules judged (for the lot and expiry on the new label); None when not kept."""
    try:
        return facts_from_json(data) if data else None
    except ValueError:  # an old or damaged record: the label goes without lot and expiry
        return None


def _pending(row: QuarantinedItem) -> PendingItem:
    item, _, line, rma = row
    return pending_item(item, line, rma)


def _view(row: QuarantinedItem, photos: int, now: datetime) -> QuarantineView:
    item, inspection, line, rma = row
    answers = inspection.answers if isinstance(inspection.answers, dict) else {}
    return QuarantineView(
        item_id=item.id,
        item_code=item_code(item.id),
        sku=line.sku,
        description=line.description,
        rma_number=rma.rma_number,
        order_number=rma.order_number,
        grade=inspection.grade,
        rule_id=inspection.rule_id,
        rule_reason=inspection.rule_reason,
        answers=tuple((str(k), str(v)) for k, v in answers.items()),
        photos=photos,
        inspector=inspection.inspector,
        decided_at=inspection.decided_at,
        age=age_text(inspection.decided_at, now),
    )
