"""Inspection: checklist answers and captured values -> grade -> disposition by the rules, recorded.

What it adds around the pure rules engine, and why:
- Drafts: every answer is saved (one row per item, one upsert), so a crash, a restart or a colleague at
  another bench carries on where the inspection stopped; the draft goes in the decision's transaction.
- Facts: the decision is stored with the exact facts the rules judged (disposition/facts.py), so it can
  be explained and replayed under another rules file (services/whatif.py) long after.
- Overrides: the inspector may send an item elsewhere only with a reason code and a supervisor's PIN,
  checked here in the service, not just in the window; what the rule said is kept next to what happened.
- Two grades, a channel and a deduction (issue #16): the product grade and the packaging condition are
  stored and sent apart, the decision names its resale channel, and the refund deduction
  (disposition/deductions.py) is worked out with the preview, so the inspector sees it before deciding
  and the credit event carries the very figure shown.
- Rules reload: a new rules file is taken only when it validates; a broken one is refused with its
  file:line problems and the station carries on with the rules it has.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from returnstation.disposition.capture import CaptureError, Gs1Capture, capture_from_gs1, normalise_capture
from returnstation.disposition.channels import ChannelSet, load_channels
from returnstation.disposition.checklist import Check, Checklist, ChecklistSet
from returnstation.disposition.deductions import NO_DEDUCTION, Deduction, DeductionPolicy, load_deductions
from returnstation.disposition.errors import ConfigError
from returnstation.disposition.facts import build_facts, facts_to_json
from returnstation.disposition.outcomes import FAULT_CHECK_ID, Outcomes, load_outcomes
from returnstation.disposition.override_reasons import OverridePolicy, load_override_policy
from returnstation.disposition.rules import RuleSet
from returnstation.disposition.validate import check_rules
from returnstation.domain.access import open_to_all, requires
from returnstation.domain.clock import Clock, utcnow
from returnstation.domain.enums import Disposition, ItemStatus
from returnstation.domain.inspection import Decision, GradeResult, ItemFacts
from returnstation.domain.item_code import item_code, parse_item_code
from returnstation.domain.messages import msg
from returnstation.domain.roles import Permission
from returnstation.domain.scan import Scan
from returnstation.scan.classify import CodeKind, classify_scan
from returnstation.services.results import PendingItem, StationContext
from returnstation.services.users import Approver, PinRefused, UserService
from returnstation.store.errors import guard_database
from returnstation.store.models import InspectionRow, ItemRow, RmaLineRow, RmaRow
from returnstation.store.models_inspection import InspectionDraftRow
from returnstation.store.ports import PendingRow, UnitOfWorkPort
from returnstation.store.uow import UnitOfWork, UnitOfWorkFactory, uow_factory_for

__all__ = [
    "CaptureError",
    "Decided",
    "DecisionPreview",
    "Draft",
    "InspectionForm",
    "InspectionService",
    "ItemNotPending",
    "OverrideNotAllowed",
    "OverrideRecord",
    "OverrideRequest",
    "PendingItem",
    "PinRefused",
    "RulesReload",
    "item_code",
    "parse_item_code",
]

Captured = Mapping[str, str | None]  # capture check id -> value, None = "not on the item"


@dataclass(frozen=True, slots=True)
class Draft:
    """An inspection saved part-way: where it was, who saved it last and when."""

    answers: Mapping[str, str]
    captured: Captured
    current_step: int
    station: str
    user: str
    started_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class InspectionForm:
    item: PendingItem
    checklist: Checklist
    draft: Draft | None = None  # answers saved earlier (here or at another station), to carry on with


@dataclass(frozen=True, slots=True)
class DecisionPreview:
    grade: GradeResult
    decision: Decision
    facts: ItemFacts | None = None
    deduction: Deduction = NO_DEDUCTION  # what would come off the refund, shown before deciding
    channel_label: str = ""  # the decision's resale channel as people read it ("Open box")


@dataclass(frozen=True, slots=True)
class OverrideRequest:
    """The inspector's request to send the item elsewhere, with the approving supervisor's credentials."""

    disposition: Disposition
    reason_code: str
    approver: str  # badge (scanned or typed) or name
    pin: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class OverrideRecord:
    approver_id: int
    approver_name: str
    reason_code: str
    reason_label: str
    rule_decision: Decision  # what the rules said


@dataclass(frozen=True, slots=True)
class Decided:
    item: PendingItem
    grade: GradeResult
    decision: Decision  # what happens to the item (the override's, when there is one)
    label_job_id: str | None
    override: OverrideRecord | None = None
    facts: ItemFacts | None = None
    # Labels besides the routing label (return to customer, item label), in print order.
    outcome_label_jobs: tuple[str, ...] = ()
    deduction: Deduction = NO_DEDUCTION
    channel_label: str = ""

    @property
    def rule_decision(self) -> Decision:
        return self.override.rule_decision if self.override else self.decision


@dataclass(frozen=True, slots=True)
class RulesReload:
    """The outcome of reloading the rules file: the rules now in use, and the problems when refused."""

    ok: bool
    rules: RuleSet
    problems: tuple[str, ...] = ()
    changed: bool = False


class ItemNotPending(Exception):
    """The item is unknown, on hold or already dispositioned."""


class OverrideNotAllowed(ValueError):
    """The override request itself is wrong (unknown reason, the same disposition as the rule)."""


@guard_database
class InspectionService:
    def __init__(
        self,
        session_factory: sessionmaker[Session] | None,
        ctx: StationContext,
        checklists: ChecklistSet,
        rules: RuleSet,
        clock: Clock = utcnow,
        *,
        users: UserService | None = None,
        reasons: Collection[str] | None = None,
        override_policy: OverridePolicy | None = None,
        require_photos: bool = True,
        camera_configured: bool = False,
        uow_factory: UnitOfWorkFactory | None = None,
        site: str | None = None,
        outcomes: Outcomes | None = None,
        channels: ChannelSet | None = None,
        deductions: DeductionPolicy | None = None,
    ) -> None:
        self._uow = uow_factory_for(session_factory, uow_factory)  # an in-memory one in unit tests
        # This bench's site (settings.site): the rule set's site for an RMA that names none.
        self.site = site or None
        self.ctx = ctx
        self.checklists = checklists
        # data/outcomes.yaml: the fault test of claims ("no fault found") and the extra labels
        self.outcomes = outcomes if outcomes is not None else load_outcomes()
        self.rules = rules
        self._now = clock
        self.users = (
            users if users is not None else UserService(session_factory, ctx, clock, uow_factory=uow_factory)
        )
        self._reasons = list(reasons) if reasons is not None else None
        self.override_policy = override_policy if override_policy is not None else load_override_policy()
        # None: the shipped files (services built by hand in tests and tools); a station passes the ones
        # load_disposition checked against its checklists and reasons.
        self.channels = channels if channels is not None else load_channels()
        self.deductions = deductions if deductions is not None else load_deductions()
        # A check marked photo_required blocks the decision until it has a photo (settings.require_photos);
        # camera_configured only changes what the refusal advises.
        self.require_photos = require_photos
        self.camera_configured = camera_configured

    @open_to_all("the station's clock")
    def now(self) -> datetime:
        """The station's clock (naive UTC), for callers that time an inspection."""
        return self._now()

    # -- the queue -------------------------------------------------------------------------------
    @open_to_all("the list of waiting items (codes and SKUs); opening one needs INSPECT")
    def pending(self, limit: int = 500) -> list[PendingItem]:
        """Received items waiting for inspection, oldest first (first in, first out)."""
        with self._uow(read_only=True) as uow:
            return [_pending(row) for row in uow.items.pending(limit)]

    @open_to_all("which waiting item a scan means; opening it needs INSPECT")
    def find_pending(self, scan: Scan) -> PendingItem | None:
        """Which waiting item a scan means: our item code, else the oldest waiting item with that SKU/GTIN."""
        item_id = parse_item_code(scan.text)
        with self._uow(read_only=True) as uow:
            if item_id is not None:
                row = uow.items.pending_item(item_id)
            else:
                code = classify_scan(scan)
                if code.kind in (CodeKind.UNKNOWN, CodeKind.INVALID, CodeKind.COMMAND):
                    return None
                wanted = (code.gs1.get("01") or code.value).upper()
                # a GS1 AI (01) is a GTIN-14: the catalogue keeps an EAN-13 without the leading zero
                shorter = [wanted[1:]] if len(wanted) == 14 and wanted.startswith("0") else []
                row = None
                for candidate in [wanted, *shorter]:
                    row = row or uow.items.oldest_pending_with_code(candidate)
            return _pending(row) if row else None

    # -- answering --------------------------------------------------------------------------------
    @requires(Permission.INSPECT)
    def form(self, item_id: int) -> InspectionForm:
        """The item, its checklist, and the draft saved earlier (cleaned against today's checklist)."""
        with self._uow(read_only=True) as uow:
            row = uow.items.pending_item(item_id)
            if row is None:
                raise ItemNotPending(_why_not_pending(uow, item_id))
            item = _pending(row)
            checklist = self._checklist_for(item)
            saved = uow.inspections.draft(item_id)
            draft = _clean_draft(saved, checklist) if saved is not None else None
        return InspectionForm(item=item, checklist=checklist, draft=draft)

    @open_to_all("parses a typed value; stores nothing")
    def read_capture(self, check: Check, text: str) -> str:
        """The stored form of a value typed or scanned for a capture check; ``CaptureError`` says why not."""
        if check.capture is None:
            raise CaptureError(
                msg("“{check_name}” is answered with the keys, not with a value", check_name=check.name)
            )
        return normalise_capture(check.capture, text, self._now().date())

    @open_to_all("parses a GS1 scan; stores nothing")
    def read_gs1(self, elements: Mapping[str, str]) -> Gs1Capture:
        """Lot, expiry and serial from a GS1 scan's AIs, for every capture check they fit."""
        return capture_from_gs1(elements, self._now().date())

    @requires(Permission.INSPECT)
    def preview(
        self, item_id: int, answers: Mapping[str, str], captured: Captured | None = None
    ) -> DecisionPreview:
        """Grade and disposition for these answers, without writing anything (shown live to the inspector)."""
        item = self._pending_item(item_id)
        return self._evaluate(item, answers, captured or {})

    @requires(Permission.INSPECT)
    def preview_form(
        self, form: InspectionForm, answers: Mapping[str, str], captured: Captured | None = None
    ) -> DecisionPreview:
        """``preview`` from the form read when the item was opened, without reading it again: the bench's
        live preview after every answer key never waits on the database. ``decide`` reads the item again
        under its lock, so a preview of an item decided elsewhere meanwhile never records anything."""
        return self._evaluate(form.item, answers, captured or {})

    def _checklist_for(self, item: PendingItem) -> Checklist:
        """The item's checklist: its category's, ending with the fault test on a claim (no fault found)."""
        checklist = self.checklists.for_category(item.category)
        return self.outcomes.nff.checklist_for(checklist, item.category, item.reason_code)

    def _evaluate(self, item: PendingItem, answers: Mapping[str, str], captured: Captured) -> DecisionPreview:
        checklist = self._checklist_for(item)
        line = item.return_line()
        if line.site is None and self.site is not None:
            line = replace(line, site=self.site)
        grade, facts = build_facts(checklist, line, answers, captured, self._now().date())
        decision = self.rules.decide(facts)
        return DecisionPreview(
            grade=grade,
            decision=decision,
            facts=facts,
            deduction=self.deductions.deduction(facts),
            channel_label=self.channels.label(decision.channel),
        )

    @requires(Permission.INSPECT)
    def save_draft(
        self,
        item_id: int,
        answers: Mapping[str, str],
        captured: Captured,
        current_step: int,
        started_at: datetime,
    ) -> bool:
        """Save the inspection so far (one upsert); False when the item is no longer waiting.

        The item row is locked first, as ``decide`` does, so a save that arrives after the decision (a
        slow background save) finds the item decided and writes nothing, instead of leaving a draft behind.
        """
        now = self._now()
        with self._uow() as uow:
            if uow.items.lock(item_id) != ItemStatus.RECEIVED.value:
                return False
            uow.inspections.save_draft(
                {
                    "item_id": item_id,
                    "answers": dict(answers),
                    "captured": dict(captured),
                    "current_step": current_step,
                    "station": self.ctx.station,
                    "user": self.ctx.user,
                    "started_at": started_at,
                    "updated_at": now,
                },
            )
            uow.commit()
        return True

    @requires(Permission.INSPECT)
    def discard_draft(self, item_id: int) -> None:
        with self._uow() as uow:
            uow.inspections.discard_draft(item_id)
            uow.commit()

    # -- deciding ---------------------------------------------------------------------------------
    @requires(Permission.INSPECT)
    def decide(
        self,
        item_id: int,
        answers: Mapping[str, str],
        started_at: datetime | None = None,
        *,
        captured: Captured | None = None,
        override: OverrideRequest | None = None,
    ) -> Decided:
        """Record the inspection and its disposition, and queue the routing label, in one transaction.

        With ``override`` the item goes where the inspector asks, but only when the reason code is known,
        the disposition differs from the rule's, and the supervisor's PIN is accepted (``PinRefused``
        otherwise, and nothing is recorded but the refusal). The approval is spent on this one decision.
        With ``require_photos`` a check marked photo_required must have its photo (``PhotosMissing``
        names the checks that have none; checked before the PIN, so a refusal costs no attempt).
        """
        captured = dict(captured or {})
        approver: Approver | None = None
        if override is not None:
            # Checked before the PIN, so a wrong request never costs the supervisor an attempt.
            self._check_override(override, self.preview(item_id, answers, captured).decision)
            self._check_photos(item_id)
            approver = self.users.verify_supervisor_pin(override.approver, override.pin)
        now = self._now()
        with self._uow() as uow:
            # Two inspectors may scan the same item: the row lock makes the second wait and then see
            # the first one's decision (SQLite's BEGIN IMMEDIATE already serialises the writers).
            uow.items.lock(item_id)
            row = uow.items.pending_item(item_id)
            if row is None:
                raise ItemNotPending(_why_not_pending(uow, item_id))
            item = _pending(row)
            rma_row = row[2]
            result = self._evaluate(item, answers, captured)
            self._check_photos(item_id, uow, item)  # under the item lock: a photo cannot race it
            rule = result.decision
            record: OverrideRecord | None = None
            decision = rule
            if override is not None and approver is not None:
                self._check_override(override, rule)  # the rules may have been reloaded meanwhile
                label = self.override_policy.label(override.reason_code)
                record = OverrideRecord(approver.id, approver.name, override.reason_code, label, rule)
                decision = Decision(
                    disposition=override.disposition,
                    destination=self.override_policy.destinations[override.disposition],
                    rule_id=rule.rule_id,
                    reason=msg(
                        "Override approved by {approver_name}: {label}",
                        approver_name=approver.name,
                        label=label,
                    ),
                    rules_version=rule.rules_version,
                    near_misses=rule.near_misses,
                    channel=self.channels.default_for(override.disposition).id,
                )
            job_id, extra_jobs = self.record_decided(
                uow, item, answers, captured, result, decision, now, started_at, record, approver, rma=rma_row
            )
            uow.commit()
        return Decided(
            item=item,
            grade=result.grade,
            decision=decision,
            label_job_id=job_id,
            override=record,
            facts=result.facts,
            outcome_label_jobs=extra_jobs,
            deduction=result.deduction,
            channel_label=self.channels.label(decision.channel),
        )

    @requires(Permission.INSPECT)
    def record_decided(
        self,
        uow: UnitOfWorkPort,
        item: PendingItem,
        answers: Mapping[str, str],
        captured: Captured,
        result: DecisionPreview,
        decision: Decision,
        now: datetime,
        started_at: datetime | None = None,
        record: OverrideRecord | None = None,
        approver: Approver | None = None,
        *,
        label: bool = True,
        lot_decision: Mapping[str, Any] | None = None,
        rma: RmaRow | None = None,
    ) -> tuple[str | None, tuple[str, ...]]:
        """Write one decided item in the caller's transaction (the item row is locked and still waiting):
        its inspection, its status, its event, the routing label (unless ``label`` is False: a lot's units
        share one tote label) and the stock move and credit trigger. ``lot_decision``: the lot decision the
        item was decided by, kept in its event. ``rma``: the item's RMA, for the labels beyond the routing
        label (an item label, a return-to-customer label; none without it). Returns the routing label's job
        id (None without a label) and the other labels' job ids."""
        from returnstation.services.outcome_labels import queue_outcome_labels
        from returnstation.services.printing import queue_routing_label

        item_id = item.item_id
        rule = result.decision
        draft = uow.inspections.draft(item_id)
        draft_started = draft.started_at if draft is not None else None
        assert result.facts is not None
        uow.inspections.add(
            InspectionRow(
                item_id=item_id,
                checklist=self.checklists.for_category(item.category).category,
                answers=dict(answers),
                grade=result.grade.grade,
                grade_because="; ".join(result.grade.because),
                disposition=decision.disposition.value,
                destination=decision.destination,
                rule_id=rule.rule_id,
                rule_reason=rule.reason,
                rules_version=rule.rules_version,
                inspector=self.ctx.user,
                station=self.ctx.station,
                started_at=started_at or draft_started or now,
                decided_at=now,
                overridden=record is not None,
                facts=facts_to_json(result.facts),
                captured=captured,
                rule_disposition=rule.disposition.value,
                rule_destination=rule.destination,
                override_reason=record.reason_code if record else None,
                approver_id=record.approver_id if record else None,
                packaging=result.grade.packaging,
                channel=decision.channel or None,
                refund_deduction=result.deduction.total,
                site=result.facts.site,
                market=result.facts.market,
            )
        )
        uow.inspections.discard_draft(item_id)
        item_row = uow.items.get(item_id)
        assert item_row is not None
        item_row.status = ItemStatus.DISPOSITIONED.value
        uow.events.record(
            self.ctx,
            now,
            "item_dispositioned",
            ("item", item_id),
            before=ItemStatus.RECEIVED.value,
            after=ItemStatus.DISPOSITIONED.value,
            payload={
                "grade": result.grade.grade,
                "packaging": result.grade.packaging,
                "channel": decision.channel or None,
                "refund_deduction": result.deduction.to_json(),
                "disposition": decision.disposition.value,
                "destination": decision.destination,
                "rule": rule.rule_id,
                "rules_version": rule.rules_version,
                "answers": dict(answers),
                "captured": captured,
                "overridden": record is not None,
                "site": result.facts.site,
                "market": result.facts.market,
                **_fault_test_payload(result.facts, self.outcomes, item.category),
                **({"lot_inspection": dict(lot_decision)} if lot_decision is not None else {}),
            },
        )
        if record is not None and approver is not None:
            uow.events.record(
                self.ctx,
                now,
                "disposition_overridden",
                ("item", item_id),
                payload=_override_payload(self.ctx.user, approver, record, decision),
            )
        job_id = None
        extra_jobs: tuple[str, ...] = ()
        if label:
            if rma is not None:  # first: a reprint of "the latest label" is the routing one
                extra_jobs = queue_outcome_labels(
                    uow,
                    item,
                    rma,
                    result.grade.grade,
                    decision,
                    self.outcomes.labels,
                    self.ctx,
                    now,
                    channel_label=self.channels.label(decision.channel) if decision.channel else "",
                )
            job_id = queue_routing_label(
                uow,
                item,
                result.grade.grade,
                decision,
                self.ctx,
                now,
                lot=result.facts.lot,
                expiry=result.facts.expiry,
                packaging=result.grade.packaging,
            )
        from returnstation.services.after_disposition import (
            after_item_dispositioned,  # stock move, credit trigger
        )

        after_item_dispositioned(_database(uow), item_id, self.ctx, now)
        return job_id, extra_jobs

    @requires(Permission.INSPECT)
    def check_photos_in(self, uow: UnitOfWorkPort, item: PendingItem) -> None:
        """``PhotosMissing`` when a photo-required check of ``item`` has no photo, in the caller's
        transaction (a lot checks its samples' photos under their locks)."""
        self._check_photos(item.item_id, uow, item)

    def _check_photos(
        self, item_id: int, uow: UnitOfWorkPort | None = None, item: PendingItem | None = None
    ) -> None:
        """Raise ``PhotosMissing`` when enforcement is on and a photo-required check has no photo."""
        if not self.require_photos:
            return
        from returnstation.services.photos import PhotosMissing, missing_photo_checks

        if uow is None or item is None:
            item = item or self._pending_item(item_id)  # its own transaction: never two open at once
            with self._uow(read_only=True) as own:
                self._check_photos(item_id, own, item)
            return
        checklist = self._checklist_for(item)
        missing = missing_photo_checks(uow.photos, item_id, checklist)
        if missing:
            raise PhotosMissing(item.item_code, missing, self.camera_configured)

    def _check_override(self, override: OverrideRequest, rule: Decision) -> None:
        if override.reason_code not in self.override_policy.reasons:
            raise OverrideNotAllowed(
                msg("'{reason_code}' is not an override reason", reason_code=override.reason_code)
            )
        if override.disposition is rule.disposition:
            raise OverrideNotAllowed(
                msg(
                    "The rules already say {label}: confirm it without an override.",
                    label=override.disposition.label,
                )
            )

    # -- rules ------------------------------------------------------------------------------------
    @requires(Permission.RELOAD_RULES)
    def reload_rules(self, path: Path | None = None) -> RulesReload:
        """Load the rules file again (or another one); a file with problems is refused and nothing changes."""
        source = path if path is not None else self.rules.source
        try:
            rules = check_rules(source, self.checklists, self._reasons, self.channels)
        except ConfigError as exc:
            return RulesReload(ok=False, rules=self.rules, problems=exc.problems)
        changed = rules.version != self.rules.version or rules.source != self.rules.source
        self.rules = rules
        return RulesReload(ok=True, rules=rules, changed=changed)

    def _pending_item(self, item_id: int) -> PendingItem:
        with self._uow(read_only=True) as uow:
            row = uow.items.pending_item(item_id)
            if row is None:
                raise ItemNotPending(_why_not_pending(uow, item_id))
            return _pending(row)


def _fault_test_payload(facts: ItemFacts, outcomes: Outcomes, category: str) -> dict[str, Any]:
    """A claim's fault test in the decision event: found, or no fault found with the test performed."""
    if facts.no_fault_found is None:
        return {}
    if not facts.no_fault_found:
        return {FAULT_CHECK_ID: {"fault_found": True}}
    test = facts.nff_test or ""
    label = outcomes.nff.label_of(category, test)
    return {FAULT_CHECK_ID: {"fault_found": False, "test": test, "label": label}, "no_fault_found": True}


def _override_payload(
    inspector: str, approver: Approver, record: OverrideRecord, decision: Decision
) -> dict[str, Any]:
    rule = record.rule_decision
    return {
        "inspector": inspector,
        "approver_id": approver.id,
        "approver": approver.name,
        "approver_badge": approver.badge,
        "reason": record.reason_code,
        "rule": rule.rule_id,
        "rule_disposition": rule.disposition.value,
        "rule_destination": rule.destination,
        "disposition": decision.disposition.value,
        "destination": decision.destination,
    }


def _clean_draft(row: InspectionDraftRow, checklist: Checklist) -> Draft:
    """The saved answers that still fit the checklist: a check removed or an answer renamed since the
    draft was saved is dropped (asked again) rather than carried into a grade."""
    answers: dict[str, str] = {}
    captured: dict[str, str | None] = {}
    saved_answers: dict[str, Any] = row.answers if isinstance(row.answers, dict) else {}
    saved_captured: dict[str, Any] = row.captured if isinstance(row.captured, dict) else {}
    for check in checklist.checks:
        if check.is_capture and check.id in saved_captured:
            value = saved_captured[check.id]
            if value is None and check.optional:
                captured[check.id] = None
            elif isinstance(value, str) and value:
                captured[check.id] = value
        elif not check.is_capture and check.answer(str(saved_answers.get(check.id))) is not None:
            answers[check.id] = str(saved_answers[check.id])
    step = min(max(int(row.current_step), 0), len(checklist.checks))
    return Draft(
        answers=answers,
        captured=captured,
        current_step=step,
        station=row.station,
        user=row.user,
        started_at=row.started_at,
        updated_at=row.updated_at,
    )


def _why_not_pending(uow: UnitOfWorkPort, item_id: int) -> str:
    """Say where and by whom an item was already decided, so a second inspector knows whom to ask."""
    code = item_code(item_id)
    done = uow.inspections.for_item(item_id)
    if done is not None:
        return msg(
            "Item {code} is not waiting for inspection: already dispositioned at {station} "
            "by {inspector} on {decided_at:%Y-%m-%d %H:%M} ({disposition}, {destination}).",
            code=code,
            station=done.station,
            inspector=done.inspector,
            decided_at=done.decided_at,
            disposition=done.disposition,
            destination=done.destination,
        )
    item = uow.items.get(item_id)
    if item is None:
        return msg("Item {code} is not waiting for inspection: no such item.", code=code)
    if item.status == ItemStatus.HELD.value:
        return msg("Item {code} is not waiting for inspection: it is on HOLD from receiving.", code=code)
    return msg("Item {code} is not waiting for inspection (its parcel is still being received).", code=code)


def _database(uow: UnitOfWorkPort) -> UnitOfWork:
    """The database unit of work behind ``uow``: the integration hooks (stock move, credit trigger) still
    read and write through its session. An in-memory unit of work stops here, after every rule of
    ``decide`` was checked; the database tests cover the recording."""
    if not isinstance(uow, UnitOfWork):
        raise TypeError("recording a decision needs the database unit of work")
    return uow


def _pending(row: PendingRow) -> PendingItem:
    item, line, rma = row
    return pending_item(item, line, rma)


def pending_item(item: ItemRow, line: RmaLineRow, rma: RmaRow) -> PendingItem:
    """An item as the inspection (and the label) sees it: also for a quarantined item decided again."""
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
        purchased_at=line.purchased_at,
        warranty_months=line.warranty_months,
        authorized_at=rma.authorized_at,
        expected_serials=tuple(line.expected_serials.split()),
        gtin=line.gtin,
        site=rma.site,
        market=rma.market,
    )
