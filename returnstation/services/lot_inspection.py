"""Lot inspection: a lot of identical sealed items decided once, from a sample, by a supervisor.

Why: 100 sealed units of one SKU on one RMA (or in one box) otherwise mean 100 checklists and 100
labels, for items that are all the same. A supervisor (``Permission.INSPECT_LOT``, checked here, not
only on the screen) inspects a sample whose size comes from data (``data/lot_inspection.yaml``, an
ISO 2859-style table), and when every sample passes, every unit is decided in one transaction with one
tote label for the lot. A sample that fails sends the lot back to single inspection: nothing is decided
but the event that says so, and the answers given so far stay as drafts, so the samples are confirmed
one by one without answering again.

What is recorded, so reports and the audit count N units: each unit gets its own inspection row and its
own ``item_dispositioned`` event (with the lot in its payload), and the anchor item a ``lot_decided``
(or ``lot_failed``) event naming the lot, its units, its samples and the decision. Each unit is decided
by the rules with the samples' answers and its own RMA facts; a unit the rules would send elsewhere
(another RMA's reason or market, say) is left for single inspection instead of being forced along.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from returnstation.disposition.checklist import Checklist
from returnstation.disposition.lot_sampling import LotPolicy, SampleJudgement, load_lot_policy
from returnstation.domain.access import open_to_all, requires
from returnstation.domain.item_code import item_code
from returnstation.domain.messages import msg
from returnstation.domain.roles import Permission
from returnstation.services.inspection import (
    Decided,
    DecisionPreview,
    InspectionForm,
    InspectionService,
    ItemNotPending,
    pending_item,
)
from returnstation.services.printing import queue_routing_label
from returnstation.services.results import ActionRefused, PendingItem
from returnstation.store.errors import guard_database
from returnstation.store.ports import UnitOfWorkPort
from returnstation.store.uow import UnitOfWorkFactory, uow_factory_for


class LotRefused(ActionRefused):
    """No lot inspection for this item now (switched off, too few or too many units, sample missing)."""


@dataclass(frozen=True, slots=True)
class LotPlan:
    """A lot as offered: its code, every unit (the item it was opened from first) and the samples."""

    lot_code: str  # "LOT-000123": the number of the item it was opened from
    units: tuple[PendingItem, ...]
    sample: tuple[int, ...]  # item ids to inspect, in this order (the opened item first)
    checklist: Checklist

    @property
    def anchor(self) -> PendingItem:
        return self.units[0]

    @property
    def size(self) -> int:
        return len(self.units)


@dataclass(frozen=True, slots=True)
class SampleResult:
    """One inspected sample: its answers as given at the bench."""

    item_id: int
    answers: Mapping[str, str]
    captured: Mapping[str, str | None]
    started_at: datetime


@dataclass(frozen=True, slots=True)
class LotDecided:
    plan: LotPlan
    decided: Decided  # the lot's decision, its grade and the tote label job (item: the lot, as labelled)
    units: tuple[str, ...]  # item codes decided by the lot
    left: tuple[str, ...]  # item codes left for single inspection (decided elsewhere, or routed otherwise)


@dataclass(frozen=True, slots=True)
class LotFailed:
    plan: LotPlan
    item_id: int  # the sample that failed
    judgement: SampleJudgement


@guard_database
class LotInspectionService:
    def __init__(
        self,
        session_factory: sessionmaker[Session] | None,
        inspection: InspectionService,
        policy: LotPolicy | None = None,
        *,
        uow_factory: UnitOfWorkFactory | None = None,
    ) -> None:
        self._uow = uow_factory_for(session_factory, uow_factory)
        self.inspection = inspection  # grades, decides and records each unit as a single inspection does
        self.ctx = inspection.ctx
        self.policy = policy if policy is not None else load_lot_policy()

    @open_to_all("whether the bench offers lot inspection at all (a setting, no data)")
    def enabled(self) -> bool:
        return self.policy.enabled

    @requires(Permission.INSPECT_LOT)
    def plan(self, item_id: int) -> LotPlan:
        """The lot the waiting item ``item_id`` belongs to; ``LotRefused`` says why there is none."""
        policy = self.policy
        if not policy.enabled:
            raise LotRefused(msg("Lot inspection is switched off at this site (lot_inspection.yaml)."))
        with self._uow(read_only=True) as uow:
            rows = uow.items.identical_pending(item_id, policy.max_lot + 1)
            if not rows:
                raise ItemNotPending(
                    msg("Item {item} is not waiting for inspection.", item=item_code(item_id))
                )
            units = tuple(pending_item(*row) for row in rows)
        anchor = units[0]
        if len(units) < policy.min_lot:
            raise LotRefused(
                msg(
                    "Only {count} unit(s) of {sku} wait on {rma} or in its box; a lot needs at least "
                    "{min_lot}: inspect them one by one.",
                    count=len(units),
                    sku=anchor.sku,
                    rma=anchor.rma_number,
                    min_lot=policy.min_lot,
                )
            )
        size = policy.sample_size(len(units))
        if size is None:
            raise LotRefused(
                msg(
                    "More than {max_lot} units of {sku}: larger than the sampling table; split the lot "
                    "or inspect unit by unit.",
                    max_lot=policy.max_lot,
                    sku=anchor.sku,
                )
            )
        return LotPlan(
            lot_code=f"LOT-{anchor.item_id:06d}",
            units=units,
            sample=tuple(u.item_id for u in units[:size]),
            checklist=self.inspection.checklists.for_category(anchor.category),
        )

    @requires(Permission.INSPECT_LOT)
    def decide(self, plan: LotPlan, samples: Sequence[SampleResult]) -> LotDecided | LotFailed:
        """Decide the lot from its samples, in one transaction, or record that a sample failed.

        Every sample is judged again here (never trusted from the screen). A failed one records
        ``lot_failed`` and decides nothing; otherwise every sample must be there (``LotRefused``).
        """
        now = self.inspection.now()
        by_id = {u.item_id: u for u in plan.units}
        with self._uow() as uow:
            for unit_id in sorted(by_id):  # one lock order for every bench: no deadlock between two lots
                uow.items.lock(unit_id)
            waiting = {
                row.item.id: pending_item(*row)
                for row in uow.items.identical_pending(plan.anchor.item_id, plan.size + 1)
            }
            first: DecisionPreview | None = None
            for sample in samples:
                if sample.item_id not in plan.sample:
                    raise LotRefused(
                        msg("Item {item} is not a sample of {lot}.", item=sample.item_id, lot=plan.lot_code)
                    )
                unit = waiting.get(sample.item_id)
                if unit is None:
                    raise LotRefused(
                        msg(
                            "Sample {item} is no longer waiting: start again.",
                            item=by_id[sample.item_id].item_code,
                        )
                    )
                preview = self._preview(plan, unit, sample)
                judgement = self.policy.judge(
                    preview.grade.grade, sample.answers, preview.decision, first.decision if first else None
                )
                if not judgement.passed:
                    self._record_failed(uow, plan, samples, sample, judgement, now)
                    uow.commit()
                    return LotFailed(plan, sample.item_id, judgement)
                first = first or preview
            missing = [by_id[i].item_code for i in plan.sample if i not in {s.item_id for s in samples}]
            if missing or first is None:
                raise LotRefused(
                    msg(
                        "{lot}: inspect every sample first; still open: {items}.",
                        lot=plan.lot_code,
                        items=", ".join(missing),
                    )
                )
            for sample in samples:
                self.inspection.check_photos_in(uow, waiting[sample.item_id])
            decided, left = self._record_units(uow, plan, samples, first, waiting, now)
            tote = replace(
                plan.anchor,
                item_code=plan.lot_code,
                description=f"{len(decided)} x {plan.anchor.description}"[:300],
            )
            job_id = queue_routing_label(uow, tote, first.grade.grade, first.decision, self.ctx, now)
            uow.events.record(
                self.ctx,
                now,
                "lot_decided",
                ("item", plan.anchor.item_id),
                payload={
                    **self._lot_payload(plan, samples),
                    "grade": first.grade.grade,
                    "disposition": first.decision.disposition.value,
                    "destination": first.decision.destination,
                    "rule": first.decision.rule_id,
                    "decided": [u.item_code for u in decided],
                    "left": list(left),
                    "label_job": job_id,
                },
            )
            uow.commit()
        return LotDecided(
            plan=plan,
            decided=Decided(
                item=tote, grade=first.grade, decision=first.decision, label_job_id=job_id, facts=first.facts
            ),
            units=tuple(u.item_code for u in decided),
            left=left,
        )

    def _preview(self, plan: LotPlan, unit: PendingItem, sample: SampleResult) -> DecisionPreview:
        form = InspectionForm(item=unit, checklist=plan.checklist)
        return self.inspection.preview_form(form, sample.answers, sample.captured)

    def _record_units(
        self,
        uow: UnitOfWorkPort,
        plan: LotPlan,
        samples: Sequence[SampleResult],
        first: DecisionPreview,
        waiting: Mapping[int, PendingItem],
        now: datetime,
    ) -> tuple[list[PendingItem], tuple[str, ...]]:
        """Every unit still waiting, decided with its sample's answers (the others: the first sample's)."""
        own = {s.item_id: s for s in samples}
        lot = {"lot": plan.lot_code, "units": plan.size, "sample": len(plan.sample)}
        decided: list[PendingItem] = []
        left: list[str] = []
        for unit in plan.units:
            current = waiting.get(unit.item_id)
            sample = own.get(unit.item_id, samples[0])
            if current is None:
                left.append(unit.item_code)
                continue
            preview = self._preview(plan, current, sample)
            same = (preview.decision.disposition, preview.decision.destination) == (
                first.decision.disposition,
                first.decision.destination,
            )
            if not same:
                left.append(unit.item_code)
                continue
            started = sample.started_at if unit.item_id in own else None
            self.inspection.record_decided(
                uow,
                current,
                sample.answers,
                sample.captured,
                preview,
                preview.decision,
                now,
                started,
                label=False,
                lot_decision={**lot, "sampled": unit.item_id in own},
            )
            decided.append(current)
        return decided, tuple(left)

    def _record_failed(
        self,
        uow: UnitOfWorkPort,
        plan: LotPlan,
        samples: Sequence[SampleResult],
        failed: SampleResult,
        judgement: SampleJudgement,
        now: datetime,
    ) -> None:
        uow.events.record(
            self.ctx,
            now,
            "lot_failed",
            ("item", plan.anchor.item_id),
            payload={
                **self._lot_payload(plan, samples),
                "failed_item": failed.item_id,
                "verdict": judgement.verdict.value,
                "detail": judgement.detail,
            },
        )

    @staticmethod
    def _lot_payload(plan: LotPlan, samples: Sequence[SampleResult]) -> dict[str, object]:
        return {
            "lot": plan.lot_code,
            "sku": plan.anchor.sku,
            "units": [u.item_id for u in plan.units],
            "sample_size": len(plan.sample),
            "inspected": [s.item_id for s in samples],
        }
