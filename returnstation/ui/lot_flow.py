"""The lot inspection on the Inspect tab: Alt+L (or the card CMD:LOT) on an open item inspects its
identical sealed units as one lot.

The page answers each sample's checklist exactly as for a single item (keys, scans, photos, drafts);
this helper only changes what Enter does while a lot is open: the answered sample is handed to the
Qt-free ``LotSession`` (services/lot_session.py), the next sample opens, and once every sample passed
(or one failed) the service decides the lot (or records the failure). Every service call goes through
``StationPage.run`` on the window's pool, as everything else on the page; the permission is checked by
the service (a refusal comes back to the banner). After a failed sample the open sample stays on screen
and Enter decides it on its own: the rest of the lot waits in the queue for single inspection.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel

from returnstation.domain.messages import message_of
from returnstation.domain.roles import PermissionRefused
from returnstation.services.inspection import Decided, DecisionPreview, InspectionService, ItemNotPending
from returnstation.services.inspection_session import InspectionSession
from returnstation.services.lot_inspection import (
    LotDecided,
    LotFailed,
    LotInspectionService,
    LotPlan,
    LotRefused,
    SampleResult,
)
from returnstation.services.lot_session import LotSession, LotState
from returnstation.services.photos import PhotosMissing
from returnstation.services.results import Level
from returnstation.ui.i18n import ui_text

LOT_KEY = "Alt+L"
LOT_STYLE = (
    "QLabel#lotNote { background: #fff4d6; color: #5a3d00; border-left: 6px solid #c98a00;"
    " padding: 4px 10px; }"
)


class LotPage(Protocol):
    """What the flow uses of the Inspect tab (ui/inspect_page.py), so the two modules import one way."""

    inspection: InspectionService
    session: InspectionSession | None
    preview: DecisionPreview | None

    def say(self, level: Level, message: str) -> None: ...
    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_failed: Callable[[str], None] | None = None,
    ) -> None: ...
    def open_item(self, item_id: int) -> None: ...
    def confirm_single(self) -> None: ...
    def show_decided(self, decided: Decided) -> None: ...
    def refresh_pending(self) -> None: ...


class LotFlow(QObject):
    def __init__(
        self, page: LotPage, parent: QObject, lots: LotInspectionService | None, label: QLabel
    ) -> None:
        super().__init__(parent)
        self.page = page
        self.lots = lots
        self.label = label
        self.label.setObjectName("lotNote")
        self.label.setStyleSheet(LOT_STYLE)
        self.label.setWordWrap(True)
        self.label.setVisible(False)
        self.session: LotSession | None = None
        self._announce = ""  # said once the next sample is open (after the page's own words on it)

    @property
    def active(self) -> bool:
        return self.session is not None

    # -- starting and stopping ----------------------------------------------------------------------
    def start(self) -> None:
        page = self.page
        if self.lots is None or not self.lots.enabled():
            page.say(Level.INFO, self.tr("Lot inspection is not offered at this bench."))
            return
        if self.active:
            self.show()
            return
        if page.session is None:
            page.say(
                Level.INFO,
                self.tr("Open one unit of the lot first (scan it), then press {key}.").format(key=LOT_KEY),
            )
            return
        lots, item_id = self.lots, page.session.item_id

        def plan() -> LotPlan | LotRefused | ItemNotPending | PermissionRefused:
            try:
                return lots.plan(item_id)
            except (LotRefused, ItemNotPending) as exc:
                return exc

        page.run(plan, self._planned)

    def _planned(self, result: LotPlan | Exception) -> None:
        if isinstance(result, Exception):
            self.page.say(Level.WARNING, message_of(result))
            return
        assert self.lots is not None
        session = self.page.session
        if session is None or session.item_id != result.anchor.item_id:
            self.page.say(
                Level.INFO, self.tr("The item was closed meanwhile: press {key} again.").format(key=LOT_KEY)
            )
            return
        self.session = LotSession(result, self.lots.policy)
        self.show()
        started = self.tr(
            "{lot}: {units} units of {sku}. Inspect {samples} of them; any failed sample sends the lot to "
            "single inspection. Sample 1: answer the checklist, then Enter."
        )
        self.page.say(
            Level.INFO,
            started.format(
                lot=result.lot_code, units=result.size, sku=result.anchor.sku, samples=len(result.sample)
            ),
        )

    def stop(self) -> str:
        """Leave lot mode (the lot's code, "" when none was open); the units stay in the queue and the
        answers given so far stay as drafts."""
        lot = self.session.plan.lot_code if self.session is not None else ""
        self.session = None
        self.label.setVisible(False)
        return lot

    def show(self) -> None:
        """The note above the checklist: which lot, which sample of how many."""
        session = self.session
        if session is None:
            self.label.setVisible(False)
            return
        plan = session.plan
        number, of = session.position
        note = self.tr("Lot {lot}: {units} x {sku}  ·  sample {number} of {of}  ·  Esc stops the lot")
        if self._announce:
            self.page.say(Level.SUCCESS, self._announce)
            self._announce = ""
        self.label.setText(
            note.format(lot=plan.lot_code, units=plan.size, sku=plan.anchor.sku, number=number, of=of)
        )
        self.label.setVisible(True)

    def refuse_scan(self) -> None:
        """An item scanned while a lot is open: the samples are chosen by the station, not by a scan."""
        assert self.session is not None
        number, of = self.session.position
        busy = self.tr("Lot {lot}: answer sample {number} of {of} first (Esc stops the lot).")
        self.page.say(Level.WARNING, busy.format(lot=self.session.plan.lot_code, number=number, of=of))

    # -- Enter on an answered sample ----------------------------------------------------------------
    def confirm(self) -> None:
        page, lot = self.page, self.session
        assert lot is not None
        session, preview = page.session, page.preview
        if session is None or preview is None:
            page.confirm_single()  # says what is still open
            return
        if session.item_id != lot.current_item_id:  # a failed lot's sample, now decided on its own
            self.stop()
            page.confirm_single()
            return
        if page.inspection.require_photos and session.photos_needed():
            needed = ", ".join(c.name for c in session.photos_needed())
            page.say(
                Level.WARNING,
                self.tr("Take the photo for {checks} of this sample first.").format(checks=needed),
            )
            return
        sample = SampleResult(
            session.item_id, dict(session.answers), dict(session.captured), session.started_at
        )
        taken = lot.take(sample, preview)
        if taken.state is LotState.SAMPLING and taken.next_item_id is not None:
            number, of = lot.position
            next_one = self.tr(
                "Sample passed. Sample {number} of {of}: take another unit and answer its checklist."
            )
            self._announce = next_one.format(number=number, of=of)
            page.open_item(taken.next_item_id)
            return
        self._decide(lot)

    def _decide(self, lot: LotSession) -> None:
        assert self.lots is not None
        lots, plan, samples = self.lots, lot.plan, list(lot.samples)

        def decide() -> LotDecided | LotFailed | LotRefused | PhotosMissing | ItemNotPending:
            try:
                return lots.decide(plan, samples)
            except (LotRefused, PhotosMissing, ItemNotPending) as exc:
                return exc

        self.page.run(decide, self._decided)

    def _decided(self, result: LotDecided | LotFailed | Exception) -> None:
        page = self.page
        if isinstance(result, LotDecided):
            self.stop()
            page.show_decided(result.decided)
            d = result.decided.decision
            done = self.tr("{lot}: {units} units {word}: put the tote in {destination}. One tote label.")
            words = done.format(
                lot=result.plan.lot_code,
                units=len(result.units),
                word=ui_text(d.disposition.label).upper(),
                destination=d.destination,
            )
            if result.left:
                left = self.tr("{count} unit(s) left for single inspection: {items}.")
                words += " " + left.format(count=len(result.left), items=", ".join(result.left))
            page.say(Level.SUCCESS, words)
        elif isinstance(result, LotFailed):
            self.stop()
            failed = self.tr(
                "Sample failed ({detail}): lot {lot} goes to single inspection. Enter decides this unit on "
                "its own; the other units wait in the queue."
            )
            page.say(Level.WARNING, failed.format(detail=result.judgement.detail, lot=result.plan.lot_code))
            page.refresh_pending()
        else:
            self.stop()
            page.say(Level.WARNING, message_of(result))
