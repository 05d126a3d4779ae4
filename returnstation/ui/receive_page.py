"""Receive tab: scan the parcel, see what the RMA expects, scan each item, scan DONE.

Without an open parcel a scan is a parcel code (or an item: the open RMAs that expect it are listed,
a number key or the RMA label opens one); with one, it is an item of that parcel. What the bench waits
for between scans (a candidate, "add this RMA?", a quantity, the photo of a damaged box) is kept by the
Qt-free ReceivingDesk, shared with dock mode; this page only renders it and forwards scans and keys.
The desk calls the services, so every desk step runs on the pool (StationPage.run): the page is busy
until its answer is shown, and the window holds the next scan until then.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QThreadPool
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from returnstation.domain.enums import ParcelStatus
from returnstation.domain.scan import Scan
from returnstation.scan.camera import CameraState, CameraStatus, CameraUnavailable
from returnstation.services.concerns import ConcernService
from returnstation.services.holds import HoldService
from returnstation.services.receiving import ReceivingService
from returnstation.services.receiving_desk import ASK_QUANTITY, ReceivingDesk
from returnstation.services.results import Candidate, Feedback, Level, LineView, ParcelView
from returnstation.services.transit_damage import ASK_BOX_PHOTO, TransitDamageService
from returnstation.ui.camera_dock import CameraDock
from returnstation.ui.checklist_view import PHOTO_KEY
from returnstation.ui.concern_flag import ConcernFlag, CustomerHistoryLabel
from returnstation.ui.i18n import ui_text
from returnstation.ui.page import StationPage
from returnstation.ui.photo_strip import grab_still
from returnstation.ui.table_models import CENTER, RIGHT, Column, RowsModel
from returnstation.ui.theme import COMPLETE_ROW, JUST_SCANNED_ROW, PANEL_STYLE, font
from returnstation.ui.workers import run_in_background

# English, as written; marked for lupdate (str(): the marker is typed `object`), shown through self.tr().
NEXT_PARCEL = str(
    QT_TRANSLATE_NOOP(
        "ReceivePage", "Next: scan the parcel label (RMA number, tracking number or order number)."
    )
)
NEXT_ITEM = str(
    QT_TRANSLATE_NOOP(
        "ReceivePage", "Next: scan each item. When the box is empty, scan DONE or press Finish parcel."
    )
)
NEXT_AFTER_RECEIPT = str(QT_TRANSLATE_NOOP("ReceivePage", "Receipt saved. Next: scan the next parcel label."))
NEXT_DONE = str(
    QT_TRANSLATE_NOOP("ReceivePage", "All expected items are here. Next: scan DONE or press Finish parcel.")
)
NEXT_CANDIDATE = str(
    QT_TRANSLATE_NOOP("ReceivePage", "Next: press the number of the RMA in this box, or scan its RMA label.")
)
NEXT_OFFER = str(
    QT_TRANSLATE_NOOP(
        "ReceivePage", "Next: press Enter to add {rma} to this box, or scan on to put the item on HOLD."
    )
)
NEXT_QUANTITY = str(
    QT_TRANSLATE_NOOP("ReceivePage", "Next: type how many identical units are in hand and press Enter.")
)
NEXT_BOX_PHOTO = str(
    QT_TRANSLATE_NOOP("ReceivePage", "Next: take a photo of the damaged box (F7 or CMD:PHOTO).")
)


def _candidate_text(c: Candidate) -> str:
    text = QCoreApplication.translate(
        "ReceivePage",
        "{key}   {rma}   {customer}   order {order}   authorised {date}   {received} of {expected}",
    ).format(
        key=c.key,
        rma=c.rma_number,
        customer=c.customer,
        order=c.order_number,
        date=c.authorized,
        received=c.received,
        expected=c.expected,
    )
    return text + ("   " + QCoreApplication.translate("ReceivePage", "(serial)") if c.serial_match else "")


def _line_status(line: LineView) -> str:
    if line.complete:
        return QCoreApplication.translate("ReceivePage", "✔ Complete")
    waiting = QCoreApplication.translate("ReceivePage", "Waiting for {count}")
    return waiting.format(count=line.expected - line.received)


class ReceivePage(StationPage):
    title = str(QT_TRANSLATE_NOOP("ReceivePage", "Receive"))  # the tab shows page.tr(page.title)

    def __init__(
        self,
        receiving: ReceivingService,
        damage: TransitDamageService,
        holds: HoldService,
        concerns: ConcernService,
        pool: QThreadPool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(pool, parent)
        self.receiving = receiving
        self.holds = holds
        self.desk = ReceivingDesk(receiving, damage)  # the open parcel and the prompts
        self._photo_busy = False
        self._looked_for_left_open = False
        self._resumed_note = ""
        self.shown: ParcelView | None = None  # what the table shows (the open one or the last receipt)
        self._just_scanned: set[tuple[str, int]] = set()
        self.hold_count = 0

        self.rma_label = QLabel(self.tr("No parcel open"))
        self.rma_label.setFont(font(26, bold=True))
        self.details_label = QLabel("")
        self.details_label.setProperty("role", "hint")
        self.details_label.setWordWrap(True)
        self.status_badge = QLabel("")
        self.status_badge.setFont(font(18, bold=True))
        self.status_badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status_badge.setMinimumWidth(220)
        self.hold_label = QLabel("")
        self.hold_label.setFont(font(14, bold=True))
        self.hold_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        header = QFrame()
        header.setObjectName("rmaHeader")
        header.setStyleSheet(PANEL_STYLE.format(name="rmaHeader"))
        grid = QGridLayout(header)
        grid.setContentsMargins(16, 10, 16, 10)
        grid.addWidget(self.rma_label, 0, 0)
        grid.addWidget(self.status_badge, 0, 1)
        grid.addWidget(self.details_label, 1, 0)
        grid.addWidget(self.hold_label, 1, 1)
        # Issue #13: the customer's returns and concerns when a parcel opens; Alt+C raises a concern.
        self.customer_history = CustomerHistoryLabel(concerns, pool)
        grid.addWidget(self.customer_history, 2, 0, 1, 2)
        self.concern_flag = ConcernFlag(
            self,
            concerns,
            pool,
            lambda: (None, self.shown.parcel_id) if self.shown else None,
            self.feedback.emit,
            self.refocus.emit,
        )
        grid.setColumnStretch(0, 1)

        self.next_label = QLabel(self.tr(NEXT_PARCEL))
        self.next_label.setProperty("role", "next")
        self.next_label.setWordWrap(True)
        # Item-first: the open RMAs that expect the scanned item, one per line, its number key first.
        self.candidates_label = QLabel("")
        self.candidates_label.setFont(font(16, bold=True))
        self.candidates_label.setObjectName("candidates")
        self.candidates_label.setStyleSheet(PANEL_STYLE.format(name="candidates"))
        self.candidates_label.setVisible(False)

        self.lines_model: RowsModel[LineView] = RowsModel(
            [
                Column("#", lambda ln: str(ln.line_no), CENTER),
                Column(self.tr("SKU"), lambda ln: ln.sku),
                Column(self.tr("Description"), lambda ln: ln.description),
                Column(self.tr("Expected"), lambda ln: str(ln.expected), RIGHT),
                Column(self.tr("Received"), lambda ln: str(ln.received), RIGHT),
                Column(self.tr("Status"), _line_status),
                Column(self.tr("RMA"), lambda ln: ln.rma_number),  # a box may carry several
            ],
            background=self._row_colour,
            bold=lambda ln: (ln.rma_number, ln.line_no) in self._just_scanned,
        )
        self.lines_view = QTableView()
        self.lines_view.setModel(self.lines_model)
        self.lines_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.lines_view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.lines_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.lines_view.verticalHeader().setVisible(False)
        self.lines_view.verticalHeader().setDefaultSectionSize(44)
        hh = self.lines_view.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)

        self.progress_label = QLabel("")
        self.progress_label.setFont(font(16, bold=True))
        self.finish_button = QPushButton(self.tr("Finish parcel  (scan DONE)"))
        self.finish_button.setProperty("primary", True)
        self.finish_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.finish_button.clicked.connect(self.finish)

        bottom = QHBoxLayout()
        bottom.addWidget(self.progress_label, 1)
        bottom.addWidget(self.finish_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(10)
        layout.addWidget(header)
        layout.addWidget(self.next_label)
        layout.addWidget(self.candidates_label)
        layout.addWidget(self.lines_view, 1)
        layout.addLayout(bottom)
        # F7: the photo of a damaged box (active only while this tab is shown, like the Inspect tab's).
        self.photo_shortcut = QShortcut(QKeySequence(PHOTO_KEY), self)
        self.photo_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.photo_shortcut.activated.connect(self.take_box_photo)
        self._render()

    @property
    def parcel(self) -> ParcelView | None:
        """The open parcel, if any (kept by the desk)."""
        return self.desk.parcel

    # -- scans --------------------------------------------------------------------------------
    def handle_scan(self, scan: Scan) -> None:
        before, desk = self.parcel, self.desk
        self.run(lambda: desk.scan(scan), lambda fb: self._answer(fb, before))

    def handle_hotkey(self, key: str) -> None:
        before, desk = self.parcel, self.desk
        self.run(lambda: desk.key(key), lambda fb: self._answer(fb, before) if fb is not None else None)

    def wants_digit_hotkeys(self) -> bool:
        return bool(self.desk.candidates)

    def _answer(self, fb: Feedback, before: ParcelView | None) -> None:
        """Show what the desk answered; the few commands the page words itself come translated."""
        if fb.command == "photo" and self.desk.asking == ASK_BOX_PHOTO:
            self.take_box_photo()
            return
        if fb.command not in (None, "done"):
            self._say_command(fb.command or "", before)
            return
        held = fb.parcel is not None and fb.parcel.status == ParcelStatus.HELD.value
        if fb.parcel is not None:  # a box sent to the hold shelf replaces the last receipt on the card
            self._show(fb.parcel)
        self._render()
        if held or fb.command == "done":
            self._refresh_hold_count()  # a held parcel went to the hold queue, not to the table
        self.feedback.emit(fb)
        if fb.command == "done":
            self.refocus.emit()

    def _say_command(self, command: str, before: ParcelView | None) -> None:
        if command == "cancel":
            self.shown = None
            self._render()
            if before is None:
                self.say(Level.INFO, self.tr("Nothing to cancel. Scan a parcel label."))
                return
            stays = self.tr("{rma} stays open: scan its label again to carry on with it.")
            self.say(Level.INFO, stays.format(rma=before.rma_number))
        elif command == "next":
            if self.parcel is not None:
                self.say(Level.INFO, self.tr("Finish this parcel first: scan DONE."))
            else:
                self.say(Level.INFO, self.tr("Scan the next parcel label."))
        else:
            self.say(Level.INFO, self.tr("That command is for the Inspect tab."))

    def finish(self) -> None:
        if self.refuse_if_busy():
            return
        if self.parcel is None:
            self.say(Level.INFO, self.tr("No parcel is open. Scan a parcel label first."))
            self.refocus.emit()
            return
        before, desk = self.parcel, self.desk
        self.run(lambda: desk.command("done"), lambda fb: self._answer(fb, before))

    def take_box_photo(self) -> None:
        """F7 / CMD:PHOTO after DAMAGED: a still from the camera panel, kept as the box's claim photo.
        Grabbing runs on a pool thread (a camera may take seconds); the desk stores it afterwards."""
        if self.desk.asking != ASK_BOX_PHOTO:
            self.say(Level.INFO, self.tr("Scan DAMAGED first: the photo is for a box damaged in transit."))
            return
        dock = getattr(self.window(), "camera_dock", None)
        if not isinstance(dock, CameraDock):
            self.say(Level.WARNING, self.tr("No photo: this window has no camera panel."))
            return
        if self._photo_busy:
            return
        if dock.isHidden():
            dock.show()
        view = dock.view
        camera_off = self.tr("the camera is off")

        def camera_status() -> CameraStatus:
            worker = view.worker
            return worker.status if worker is not None else CameraStatus(CameraState.STOPPED, camera_off)

        def take() -> bytes | str:
            try:
                return grab_still(view.capture_still, camera_status)
            except CameraUnavailable as exc:
                return ui_text(exc)

        self._photo_busy = True
        run_in_background(self.pool, self, take, self._box_photo_taken, self._box_photo_failed)

    def _box_photo_taken(self, result: object) -> None:
        self._photo_busy = False
        if isinstance(result, bytes):
            before, desk = self.parcel, self.desk
            self.run(lambda: desk.box_photo(result), lambda fb: self._answer(fb, before))
        else:
            self._box_photo_failed(str(result))

    def _box_photo_failed(self, message: str) -> None:
        self._photo_busy = False
        self.say(Level.WARNING, self.tr("No photo taken: {error}").format(error=message))

    def photos_idle(self) -> bool:
        return not self._photo_busy

    def on_shown(self) -> None:
        self._refresh_hold_count()
        if not self._looked_for_left_open:
            self._looked_for_left_open = True
            self._carry_on_with_left_open()

    def _carry_on_with_left_open(self) -> None:
        """After a restart (or a crash) the parcel this bench was receiving is on screen again."""
        if self.parcel is not None:
            return
        self.run(self.desk.left_open, self._left_open_found)

    def _left_open_found(self, found: tuple[ParcelView, str] | None) -> None:
        if found is None:
            return
        view, started = found
        self._show(view)
        self._resumed_note = self.tr(
            "{rma} was left open at this bench ({started}, {received} of {expected} received): "
            "carry on scanning its items, or scan CANCEL."
        ).format(
            rma=view.rma_number, started=started, received=view.received_units, expected=view.expected_units
        )
        self.hint_changed.emit()

    def idle_hint(self) -> str:
        if self._resumed_note and self.parcel is not None:
            return self._resumed_note
        return self._next_hint()

    def _next_hint(self) -> str:
        """What the bench waits for now: the open prompt first, else the next scan."""
        desk = self.desk
        if desk.candidates:
            return self.tr(NEXT_CANDIDATE)
        if desk.offer is not None:
            return self.tr(NEXT_OFFER).format(rma=desk.offer)
        if desk.asking == ASK_QUANTITY:
            return self.tr(NEXT_QUANTITY)
        if desk.asking == ASK_BOX_PHOTO:
            return self.tr(NEXT_BOX_PHOTO)
        if self.parcel is None:
            return self.tr(NEXT_AFTER_RECEIPT if self.shown is not None and not self._held() else NEXT_PARCEL)
        return self.tr(NEXT_DONE if self.parcel.all_received else NEXT_ITEM)

    # -- rendering ----------------------------------------------------------------------------
    def _show(self, view: ParcelView) -> None:
        before = {(ln.rma_number, ln.line_no): ln.received for ln in self.shown.lines} if self.shown else {}
        same = self.shown is not None and self.shown.parcel_id == view.parcel_id
        if not same:
            self.customer_history.show_for_customer(view.customer)
        self._just_scanned = (
            {
                (ln.rma_number, ln.line_no)
                for ln in view.lines
                if ln.received != before.get((ln.rma_number, ln.line_no))
            }
            if same
            else set()
        )
        self.shown = view
        self._render()

    def _row_colour(self, line: LineView) -> QColor | None:
        if (line.rma_number, line.line_no) in self._just_scanned and self.parcel is not None:
            return JUST_SCANNED_ROW if not line.complete else COMPLETE_ROW
        return COMPLETE_ROW if line.complete else None

    def _held(self) -> bool:
        return self.shown is not None and self.shown.status == ParcelStatus.HELD.value

    def _render(self) -> None:
        view = self.shown
        self.lines_model.set_rows(view.lines if view and not self._held() else ())
        self.finish_button.setEnabled(self.parcel is not None)
        candidates = self.desk.candidates
        self.candidates_label.setText("\n".join(_candidate_text(c) for c in candidates))
        self.candidates_label.setVisible(bool(candidates))
        self.next_label.setText(self._next_hint())
        if view is None:
            self.rma_label.setText(self.tr("No parcel open"))
            self.details_label.setText(self.tr("The expected items appear here after the parcel scan."))
            self._badge("", "transparent", "#000000")
            self.progress_label.setText("")
            return
        title = " + ".join(view.rma_numbers) or view.scanned_code
        if view.parcel_no > 1 and view.rma_number:
            title = self.tr("Parcel {n} of {rma}").format(n=view.parcel_no, rma=view.rma_number)
        self.rma_label.setText(title)
        if self._held():  # nothing is received from a held box: no lines, no progress, where it went
            self.details_label.setText(
                self.tr("On the hold shelf: a supervisor decides (Supervisor tab, Alt+H).")
            )
            self.progress_label.setText("")
            self._badge(self.tr("⏸ ON HOLD"), "#f5b800", "#000000")
            return
        parts = [
            self.tr("Order {number}").format(number=view.order_number) if view.order_number else "",
            self.tr("Customer {name}").format(name=view.customer) if view.customer else "",
            (
                self.tr("RMA valid until {date}").format(date=view.rma_expires)
                if view.rma_expires
                else self.tr("RMA does not expire")
            ),
        ]
        self.details_label.setText("     ".join(p for p in parts if p))
        expected, received = view.expected_units, view.received_units
        # %n: Qt's plural forms ("1 Artikel", "2 Artikel"); English keeps the "(s)".
        held = "   ·   " + self.tr("%n item(s) on HOLD", "", view.held_items) if view.held_items else ""
        progress = self.tr("{received} of %n item(s) received", "", expected).format(received=received)
        self.progress_label.setText(progress + held)
        if view.damaged:
            progress += "   ·   " + self.tr("DAMAGED IN TRANSIT")
            self.progress_label.setText(progress + held)
        if self.parcel is not None:
            self._badge(self.tr("OPEN"), "#1d5ba6", "#ffffff")
        else:
            self._badge(self.tr("✔ RECEIVED"), "#1b7a36", "#ffffff")

    def _badge(self, text: str, background: str, foreground: str) -> None:
        self.status_badge.setText(text)
        self.status_badge.setStyleSheet(
            f"background: {background}; color: {foreground}; border-radius: 6px; padding: 6px 14px;"
        )

    def _refresh_hold_count(self) -> None:
        self.read_latest("holds", self.holds.count, self._show_hold_count)

    def _show_hold_count(self, count: int) -> None:
        self.hold_count = count  # parcels and items, as every page counts them
        self.hold_label.setText(self.tr("Hold shelf: %n parcel(s)", "", self.hold_count))
