"""Inspect tab: pick or scan a waiting item, answer its checklist from the keyboard, confirm, route it.

The page keeps the answers being given (check id -> answer value), the values captured (lot, expiry,
serial: scanned or typed into the scan field) and which check is open; the grade, the disposition and
everything written come from the inspection service. Every answer is saved as a draft on a pool thread
(one save in flight at a time, the latest state always written last), so nothing typed is lost if the
PC goes down, and opening the item again, here or at another bench, carries on where it stopped.

Keys: 1-9 answer a choice check; on a capture check the scan field takes the value (Enter twice on an
empty field records "not on the item" where the checklist allows it); Backspace goes back; Enter
confirms; Esc pauses; Alt+O opens the override dialog; F7 (or the card CMD:PHOTO) takes a photo with the
window's camera. The routing label is printed on a pool thread because a network printer can take
seconds to answer or time out; the photo is grabbed and stored on one too, because a camera that is
still opening, or a photo folder on a network share, must never freeze the bench.

Every step that reads or writes the database (finding and opening an item, the waiting list, deciding,
the override's PIN check) runs on the pool through StationPage.run; the page is busy meanwhile and the
window holds the next scan and key until it is done. The live preview after each answer key needs no
database: it is worked out from the form read when the item was opened.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QModelIndex, Qt, QThreadPool
from PySide6.QtGui import QImage, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from returnstation.disposition.capture import CaptureError, CaptureKind
from returnstation.disposition.checklist import Check
from returnstation.domain.errors import DatabaseUnavailable
from returnstation.domain.messages import message_of
from returnstation.domain.roles import PermissionRefused
from returnstation.domain.scan import Scan
from returnstation.domain.text import is_ascii_digits
from returnstation.scan.camera import CameraState, CameraStatus, CameraUnavailable
from returnstation.scan.classify import Classified, CodeKind, classify_scan
from returnstation.services.concerns import ConcernService
from returnstation.services.inspection import (
    Decided,
    DecisionPreview,
    InspectionForm,
    InspectionService,
    ItemNotPending,
    OverrideNotAllowed,
    OverrideRequest,
    PendingItem,
    PinRefused,
    RulesReload,
    parse_item_code,
)
from returnstation.services.inspection_session import EmptyEnter, InspectionSession, KeyOutcome
from returnstation.services.lot_inspection import LotInspectionService
from returnstation.services.photos import PhotoRefused, PhotoService, PhotosMissing, PhotoView
from returnstation.services.printing import JobStatus, JobView, PrintService
from returnstation.services.results import Feedback, Level
from returnstation.ui.camera_dock import CameraDock
from returnstation.ui.checklist_view import PHOTO_KEY, ChecklistView, not_recorded, restyle
from returnstation.ui.concern_flag import ConcernFlag, CustomerHistoryLabel
from returnstation.ui.fit_label import FitLabel
from returnstation.ui.i18n import ui_text
from returnstation.ui.lot_flow import LOT_KEY, LotFlow
from returnstation.ui.override_dialog import OverrideDialog
from returnstation.ui.page import StationPage
from returnstation.ui.photo_strip import PhotoListModel, PhotoStrip, grab_still, thumbnail
from returnstation.ui.problems_dialog import ProblemsDialog
from returnstation.ui.result_panel import ResultPanel, grades_text, near_misses_text
from returnstation.ui.table_models import Column, RowsModel
from returnstation.ui.theme import DISPOSITION_COLOURS, PANEL_STYLE, font
from returnstation.ui.workers import run_in_background

log = logging.getLogger(__name__)

# English, as written; marked for lupdate (str(): the marker is typed `object`), shown through self.tr().
PROMPT = str(
    QT_TRANSLATE_NOOP(
        "InspectPage", "Scan an item (its RSI code, barcode or SKU), or pick it from the list on the left."
    )
)
PAGE_PROMPT, PAGE_FORM, PAGE_RESULT = 0, 1, 2
OVERRIDE_KEY = "Alt+O"
PHOTO_ACTION = str(QT_TRANSLATE_NOOP("InspectPage", "Take photo  {key}"))  # key: PHOTO_KEY
NO_CAMERA_ADVICE = str(
    QT_TRANSLATE_NOOP(
        "InspectPage",
        "Connect a camera and press F7 again; without one, ask a supervisor to turn off require_photos.",
    )
)


# Issue #14: how the width is shared. The queue takes at most QUEUE_SHARE of the tab (the camera panel
# narrows the tab to about 900 px at 1280), the photos and the live decision a column beside the checklist.
QUEUE_SHARE = 0.24
QUEUE_MIN_WIDTH = 200
QUEUE_HIDDEN_BELOW = 1100
SIDE_MIN_WIDTH = 240
SIDE_MAX_WIDTH = 360


@dataclass(frozen=True, slots=True)
class _PhotoTaken:
    photo: PhotoView
    thumb: QImage


@dataclass(frozen=True, slots=True)
class _NoPhoto:
    message: str  # what the bench is told: the camera's or the service's own words


@dataclass(frozen=True, slots=True)
class _Opened:
    """An item read on the pool, ready to be shown: its form, its photos, when the inspection began."""

    form: InspectionForm
    photos: list[PhotoView]
    started: datetime


def _opener(inspection: InspectionService, photos: PhotoService) -> Callable[[int], _Opened | ItemNotPending]:
    """What opening an item reads, as a function for a pool thread (never called on the GUI thread)."""

    def open_(item_id: int) -> _Opened | ItemNotPending:
        try:
            form = inspection.form(item_id)
        except ItemNotPending as exc:
            return exc
        return _Opened(form, photos.list_for(form.item.item_code), inspection.now())

    return open_


def _looks_like_product(code: Classified) -> bool:
    """A product or shipping barcode, not a lot or serial: GS1 data without lot/serial, an SSCC, or a
    full-length GTIN (a short 8-digit lot may pass an EAN-8 check digit by chance, so it is accepted)."""
    if code.kind is CodeKind.GTIN:
        return len(code.value) >= 12
    return code.kind in (CodeKind.GS1, CodeKind.SSCC)


class InspectPage(StationPage):
    title = str(QT_TRANSLATE_NOOP("InspectPage", "Inspect"))  # the tab shows page.tr(page.title)

    def __init__(
        self,
        inspection: InspectionService,
        photos: PhotoService,
        printing: PrintService,
        reasons: Mapping[str, str],
        reload_rules: Callable[[], RulesReload],
        concerns: ConcernService,
        pool: QThreadPool,
        parent: QWidget | None = None,
        *,
        lots: LotInspectionService | None = None,
    ) -> None:
        """``reasons``: return reason code -> words; ``reload_rules``: the station's (it keeps the rules the
        station reports in step with the ones the inspection service decides by)."""
        super().__init__(pool, parent)
        self.inspection = inspection
        self.concerns = concerns
        self.photos = photos
        self.printing = printing
        self.reasons = reasons
        self._reload_rules = reload_rules
        self.session: InspectionSession | None = None  # the open item's workflow
        self.preview: DecisionPreview | None = None
        self.decided: Decided | None = None
        self.last_job: JobView | None = None
        self.printing_label = False  # a label is on its way to the printer
        # the decision's other labels (return to customer, item label): sent once its routing label is
        self.outcome_labels_waiting: tuple[str, ...] = ()
        self.override_dialog: OverrideDialog | None = None
        self.problems_dialog: ProblemsDialog | None = None
        self.last_draft_error = ""
        self._draft_saving = False
        self._draft_dirty = False
        self._photo_busy = False  # one photo at a time: F7 held down must not queue a burst of them

        # -- left: the queue and the rules in use --------------------------------------------------
        self.queue_title = QLabel(self.tr("Waiting for inspection"))
        self.queue_title.setProperty("role", "title")
        self.queue_title.setWordWrap(True)
        self.pending_model: RowsModel[PendingItem] = RowsModel(
            [
                Column(self.tr("Item"), lambda p: p.item_code),
                Column(self.tr("SKU"), lambda p: p.sku),
                Column(self.tr("Description"), lambda p: p.description),
            ]
        )
        self.pending_view = QTableView()
        self.pending_view.setModel(self.pending_model)
        self.pending_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.pending_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.pending_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.pending_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.pending_view.verticalHeader().setVisible(False)
        self.pending_view.verticalHeader().setDefaultSectionSize(40)
        self.pending_view.setWordWrap(False)
        hh = self.pending_view.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.pending_view.clicked.connect(self._row_clicked)
        self.rules_label = QLabel()
        self.rules_label.setWordWrap(True)
        self.rules_label.setStyleSheet("color: #333333; font-size: 11pt;")
        self.reload_button = QPushButton(self.tr("Reload rules"))
        self.reload_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.reload_button.setToolTip(self.tr("Read the rules file again; a file with mistakes is refused"))
        self.reload_button.clicked.connect(self.reload_rules)
        rules_row = QHBoxLayout()
        rules_row.addWidget(self.rules_label, 1)
        rules_row.addWidget(self.reload_button)
        left = self.queue_pane = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.queue_title)
        left_layout.addWidget(self.pending_view, 1)
        left_layout.addLayout(rules_row)
        self._show_rules_in_use()

        # -- right: prompt / checklist / result ----------------------------------------------------
        self.stack = QStackedWidget()
        prompt = QLabel(self.tr(PROMPT))
        prompt.setWordWrap(True)
        prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        prompt.setFont(font(22, bold=True))
        prompt.setStyleSheet("color: #123d70; padding: 40px;")
        self.stack.addWidget(prompt)
        self.stack.addWidget(self._build_form())
        self.result_panel = ResultPanel(reasons)
        self.result_panel.print_again_button.clicked.connect(self.print_again)
        result_scroll = QScrollArea()  # on a small screen: a scroll bar rather than overlapping text
        result_scroll.setWidgetResizable(True)
        result_scroll.setFrameShape(QFrame.Shape.NoFrame)
        result_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        result_scroll.setWidget(self.result_panel)
        # the same background as the rest of the tab (a scroll area paints its own grey otherwise)
        result_scroll.viewport().setAutoFillBackground(False)
        self.result_panel.setAutoFillBackground(False)
        self.stack.addWidget(result_scroll)

        splitter = self.splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([400, 850])
        splitter.setChildrenCollapsible(False)
        self.stack.currentChanged.connect(self._fit_queue)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(splitter)

        # QLineEdit keeps plain letters for itself, so the override key is Alt+O (also a button).
        self.override_shortcut = QShortcut(QKeySequence(OVERRIDE_KEY), self)
        self.override_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.override_shortcut.activated.connect(self.open_override)
        # Active only while this tab is shown (a hidden widget's window shortcut does not fire).
        self.photo_shortcut = QShortcut(QKeySequence(PHOTO_KEY), self)
        self.photo_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.photo_shortcut.activated.connect(self.take_photo)
        # Issue #16: a lot of identical sealed units decided from a sample (supervisors; Alt+L, CMD:LOT).
        self.lot_flow = LotFlow(self, self, lots, self.lot_label)
        self.lot_shortcut = QShortcut(QKeySequence(LOT_KEY), self)
        self.lot_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.lot_shortcut.activated.connect(self.lot_flow.start)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """The queue gives way to the checklist on a narrow tab (camera panel open, small screen)."""
        queue = max(QUEUE_MIN_WIDTH, int(event.size().width() * QUEUE_SHARE))
        self.queue_pane.setMaximumWidth(queue)
        super().resizeEvent(event)
        self.splitter.setSizes([queue, max(0, event.size().width() - queue)])
        self._fit_queue()

    def _fit_queue(self, _page: int = 0) -> None:
        """While an item is open on a tab narrower than QUEUE_HIDDEN_BELOW, the queue is folded away and
        the checklist takes its width; Esc, Enter or scanning another item brings it back."""
        narrow = self.width() < QUEUE_HIDDEN_BELOW
        self.queue_pane.setVisible(not (narrow and self.stack.currentIndex() == PAGE_FORM))

    def _build_form(self) -> QWidget:
        self.item_title = QLabel()
        self.item_title.setFont(font(18, bold=True))
        self.item_title.setWordWrap(True)
        self.item_details = QLabel()
        # Issue #13: the customer's returns and concerns; Alt+C raises a concern on the open item.
        self.customer_history = CustomerHistoryLabel(self.concerns, self.pool)
        self.concern_flag = ConcernFlag(
            self,
            self.concerns,
            self.pool,
            lambda: (self.form.item.item_id, None) if self.form is not None else None,
            self.feedback.emit,
            self.refocus.emit,
        )
        self.item_details.setProperty("role", "hint")
        self.item_details.setWordWrap(True)
        self.resume_label = QLabel()
        self.resume_label.setObjectName("resumeNote")
        self.resume_label.setWordWrap(True)
        self.resume_label.setFont(font(13, bold=True))
        self.resume_label.setStyleSheet(
            "QLabel#resumeNote { background: #e4eefa; color: #123d70; border-left: 6px solid #1d5ba6;"
            " padding: 4px 10px; }"
        )
        self.resume_label.setVisible(False)
        self.lot_label = QLabel()  # the lot being inspected, shown by ui/lot_flow.py
        self.checklist_view = ChecklistView()
        self.checklist_view.answer_clicked.connect(self._answer_clicked)
        self.checklist_view.check_clicked.connect(self._check_clicked)
        photo_row = self._build_photo_row()

        self.grade_label = QLabel()
        self.grade_label.setFont(font(20, bold=True))
        self.grade_label.setWordWrap(True)
        self.because_label = QLabel()
        self.because_label.setWordWrap(True)
        self.because_label.setFont(font(11))
        self.because_label.setStyleSheet("color: #333333;")
        self.decision_label = FitLabel(17)  # shrinks to fit: a bin code must never break at its dash
        self.decision_reason = QLabel()
        self.decision_reason.setFont(font(12))
        self.decision_reason.setWordWrap(True)
        self.why_label = QLabel()  # which rule decided, and which almost did
        self.why_label.setFont(font(11))
        self.why_label.setWordWrap(True)
        self.decision_box = QFrame()
        self.decision_box.setObjectName("decisionBox")
        box = QVBoxLayout(self.decision_box)
        box.setContentsMargins(10, 6, 10, 6)
        box.setSpacing(2)
        box.addWidget(self.decision_label)
        box.addWidget(self.decision_reason)
        box.addWidget(self.why_label)
        self.confirm_button = QPushButton(self.tr("Confirm  (Enter)"))
        self.confirm_button.setProperty("primary", True)
        self.confirm_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.confirm_button.clicked.connect(self.confirm)
        self.override_button = QPushButton(self.tr("Override  {key}").format(key=OVERRIDE_KEY))
        self.override_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.override_button.setToolTip(
            self.tr("Send the item elsewhere, with a reason and a supervisor's PIN")
        )
        self.override_button.clicked.connect(self.open_override)
        self.cancel_button = QPushButton(self.tr("Pause  Esc"))
        self.cancel_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.cancel_button.setToolTip(self.tr("Put the item back in the queue; the answers so far are kept"))
        self.cancel_button.clicked.connect(self.cancel)

        # Issue #14: the checklist keeps the whole height under the item's header; the photos, the live
        # grade and where the item goes stand in a column beside it, the buttons beside the header.
        # Stacked under the checklist they left the open check 120 px at 1280x800 once a photo was taken
        # or the camera panel was open.
        preview = QFrame()
        preview.setObjectName("livePreview")
        preview.setStyleSheet(PANEL_STYLE.format(name="livePreview"))
        column = QVBoxLayout(preview)
        column.setContentsMargins(10, 8, 10, 8)
        column.setSpacing(6)
        column.addWidget(self.decision_box)  # first: where the item goes is what the inspector acts on
        column.addWidget(self.grade_label)
        column.addWidget(self.because_label)

        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.setSpacing(6)
        side_layout.addWidget(preview)
        side_layout.addWidget(photo_row)
        side_layout.addStretch(1)
        self.side_column = QScrollArea()  # on a short screen it scrolls rather than overlaps
        self.side_column.setWidgetResizable(True)
        self.side_column.setFrameShape(QFrame.Shape.NoFrame)
        self.side_column.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.side_column.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.side_column.setWidget(side)
        self.side_column.viewport().setAutoFillBackground(False)
        side.setAutoFillBackground(False)
        self.side_column.setMinimumWidth(SIDE_MIN_WIDTH)
        self.side_column.setMaximumWidth(SIDE_MAX_WIDTH)
        body = QHBoxLayout()
        body.setSpacing(10)
        body.addWidget(self.checklist_view, 3)
        body.addWidget(self.side_column, 2)

        buttons = QGridLayout()
        buttons.setSpacing(6)
        buttons.addWidget(self.confirm_button, 0, 0, 1, 2)
        buttons.addWidget(self.cancel_button, 1, 0)
        buttons.addWidget(self.override_button, 1, 1)
        about = QVBoxLayout()
        about.setSpacing(2)
        about.addWidget(self.item_title)
        about.addWidget(self.item_details)
        about.addWidget(self.customer_history)
        header = QHBoxLayout()
        header.setSpacing(10)
        header.addLayout(about, 1)
        header.addLayout(buttons)

        form = QWidget()
        layout = QVBoxLayout(form)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(header)
        layout.addWidget(self.resume_label)
        layout.addWidget(self.lot_label)
        layout.addLayout(body, 1)
        return form

    def _build_photo_row(self) -> QWidget:
        """The take-photo button, what is still needed, and the item's photos as thumbnails."""
        self.photo_button = QPushButton(self._photo_action())
        self.photo_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.photo_button.setToolTip(
            self.tr(
                "A still from the camera panel (switched on if needed), kept as evidence: of the open check "
                "when it asks for a photo, else of the first check still waiting for one, else of the item"
            )
        )
        self.photo_button.clicked.connect(self.take_photo)
        self.photo_status = QLabel()
        self.photo_status.setObjectName("photoStatus")
        self.photo_status.setWordWrap(True)
        self.photo_status.setFont(font(12, bold=True))
        self.photo_model = PhotoListModel(self._check_name)
        self.photo_strip = PhotoStrip(self.photo_model)
        self.photo_strip.setVisible(False)
        row = QWidget()
        layout = QVBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.photo_button)
        layout.addWidget(self.photo_status)
        layout.addWidget(self.photo_strip)
        return row

    # -- the open item, as the session holds it ---------------------------------------------------
    @property
    def form(self) -> InspectionForm | None:
        return self.session.form if self.session is not None else None

    @property
    def answers(self) -> Mapping[str, str]:
        return self.session.answers if self.session is not None else {}

    @property
    def captured(self) -> Mapping[str, str | None]:
        return self.session.captured if self.session is not None else {}

    @property
    def current(self) -> int:
        """Index of the open check; len(checks) when none is open."""
        return self.session.current if self.session is not None else 0

    # -- the page contract ------------------------------------------------------------------------
    def on_shown(self) -> None:
        self.refresh_pending()

    def idle_hint(self) -> str:
        if self.form is not None:
            return self.tr(
                "Answer with the number keys or scan the value. Backspace goes back, Enter confirms."
            )
        return self.tr(PROMPT)

    def wants_digit_hotkeys(self) -> bool:
        """Digits answer choice checks; on a capture check they are typed into the field (a lot, a date)."""
        return self.session is not None and self.session.digits_answer()

    def current_check(self) -> Check | None:
        return self.session.current_check() if self.session is not None else None

    def _on_capture(self) -> bool:
        return self.session is not None and self.session.on_capture()

    def handle_scan(self, scan: Scan) -> None:
        if self.override_dialog is not None and self.override_dialog.isVisible():
            self.override_dialog.take_scan(scan.text)  # a badge scanned for the approval
            return
        if self.session is not None:
            self.session.disarm()
        code = classify_scan(scan)
        if code.kind is CodeKind.COMMAND:
            if code.command is None:
                self.say(
                    Level.WARNING,
                    self.tr("Unknown command card: {problem}").format(problem=ui_text(code.message)),
                )
            else:
                self._command(code.command)
            return
        if self.form is not None and parse_item_code(scan.text) is None:
            if code.usable and self._capture_from_gs1(code.gs1):
                return
            check = self.current_check()
            if check is not None and check.is_capture:
                if code.kind is CodeKind.INVALID and code.gs1:  # a GS1 code misread: never store it as text
                    self.say(Level.WARNING, ui_text(code.message))
                elif check.capture is not CaptureKind.EXPIRY and _looks_like_product(code):
                    product = self.tr(
                        "That is the product barcode, not the {value}: scan the code with the {value}, "
                        "or type it."
                    )
                    self.say(Level.WARNING, product.format(value=check.name.lower()))
                else:
                    self.capture_value(scan.text)
                return
        if self.lot_flow.active:
            self.lot_flow.refuse_scan()
            return
        inspection, open_ = self.inspection, _opener(self.inspection, self.photos)

        def find() -> _Opened | ItemNotPending | None:
            item = inspection.find_pending(scan)
            return open_(item.item_id) if item is not None else None

        self.run(find, lambda found: self._found(found, code))

    def _found(self, found: _Opened | ItemNotPending | None, code: Classified) -> None:
        """The item a scan picked, opened; or why none was."""
        if found is not None:
            self._opened(found)
            form = self.form
            if (
                form is not None
                and code.usable
                and code.gs1
                and any(c.is_capture for c in form.checklist.checks)
            ):
                self._capture_from_gs1(code.gs1)  # the lot/expiry the scan that picked it carried: at once
        elif not code.usable:
            self.say(Level.ERROR, self.tr("Not recognised: {problem}").format(problem=ui_text(code.message)))
        else:
            no_match = self.tr(
                "No item waiting for inspection matches {code}. "
                "Was its parcel finished on the Receive tab (scan DONE)?"
            )
            self.say(Level.WARNING, no_match.format(code=code.value))

    def handle_hotkey(self, key: str) -> None:
        if is_ascii_digits(key):
            self.answer_key(key)
        elif key == "back":
            self.back()
        elif key == "confirm":
            if self.session is not None and self.session.waits_for_value():
                self._empty_enter_on_capture()
            else:
                self.confirm()
        elif key == "cancel":
            self.cancel()

    def _command(self, command: str) -> None:
        if command.startswith("answer:"):
            key = command.partition(":")[2]
            if key == "none" and self._on_capture():
                self._record_missing()
            else:
                self.answer_key(key)
        elif command in ("done", "next") and self.form is not None:
            self.confirm()
        elif command == "next":
            self.open_next()
        elif command == "done":
            self.say(Level.INFO, self.tr(PROMPT))
        elif command == "back":
            self.back()
        elif command == "cancel":
            self.cancel()
        elif command == "print_again":
            self.print_again()
        elif command == "photo":
            self.take_photo()
        elif command == "lot":
            self.lot_flow.start()

    # -- the queue and the rules ------------------------------------------------------------------
    def refresh_pending(self) -> None:
        """The waiting list, read on the pool (a read: the page does not turn busy for it)."""
        self.read_latest("pending", self.inspection.pending, self._show_pending)

    def _show_pending(self, items: list[PendingItem]) -> None:
        self.pending_model.set_rows(items)
        self.queue_title.setText(self.tr("Waiting for inspection: {count}").format(count=len(items)))
        self._select_row_of_open_item()

    def _row_clicked(self, index: QModelIndex) -> None:
        item = self.pending_model.row_at(index.row())
        if item is not None and not self.refuse_if_busy():
            self.open_item(item.item_id)
        self.refocus.emit()

    def _select_row_of_open_item(self) -> None:
        self.pending_view.clearSelection()
        if self.form is None:
            return
        for row, item in enumerate(self.pending_model.rows()):
            if item.item_id == self.form.item.item_id:
                self.pending_view.selectRow(row)

    def open_next(self) -> None:
        inspection, open_ = self.inspection, _opener(self.inspection, self.photos)

        def first() -> _Opened | ItemNotPending | None:
            items = inspection.pending(limit=1)
            return open_(items[0].item_id) if items else None

        def found(result: _Opened | ItemNotPending | None) -> None:
            if result is None:
                self.say(Level.INFO, self.tr("Nothing is waiting for inspection."))
            else:
                self._opened(result)

        self.run(first, found)

    def _show_rules_in_use(self) -> None:
        rules = self.inspection.rules
        name = rules.title or rules.source.name
        self.rules_label.setText(
            self.tr("Rules: {name}, version {version}").format(name=name, version=rules.version)
        )
        self.rules_label.setToolTip(str(rules.source))

    def reload_rules(self) -> RulesReload:
        """Read the rules file again; a broken file is refused, its problems listed, the old rules kept."""
        try:
            result = self._reload_rules()
        except PermissionRefused as exc:  # only an admin may change the rules in use
            self.say(Level.ERROR, ui_text(exc))
            return RulesReload(ok=False, rules=self.inspection.rules, problems=(ui_text(exc),))
        self._show_rules_in_use()
        if result.ok:
            if self.form is not None:
                self._update_preview()
                self._render_form()
            if result.changed:
                reloaded = self.tr("Rules reloaded (new version): version {version}.")
            else:
                reloaded = self.tr("Rules reloaded (unchanged): version {version}.")
            self.say(Level.SUCCESS, reloaded.format(version=result.rules.version))
        else:
            head = self.tr(
                "The rules file has %n problem(s) and was NOT taken. The station "
                "keeps the rules it had (version {version}).",
                "",
                len(result.problems),
            ).format(version=result.rules.version)
            self.say(Level.ERROR, head)
            refused = self.tr("Rules file refused")
            self.problems_dialog = ProblemsDialog(refused, head, result.problems, self)
            self.problems_dialog.open()
        self.refocus.emit()
        return result

    # -- answering --------------------------------------------------------------------------------
    def open_item(self, item_id: int) -> None:
        """Read the item on the pool; it is shown when it is there (the page is busy until then)."""
        open_ = _opener(self.inspection, self.photos)
        self.run(lambda: open_(item_id), self._opened)

    def _opened(self, opened: _Opened | ItemNotPending) -> None:
        if isinstance(opened, ItemNotPending):
            self.say(Level.WARNING, message_of(opened))
            self.refresh_pending()
            return
        form = opened.form
        self.session = InspectionSession(form, opened.started)
        self.preview = None
        draft = form.draft
        item = form.item
        self.customer_history.show_for_rma(item.rma_number)
        self.item_title.setText(f"{item.item_code}   {item.sku}   {item.description}")
        reason = ui_text(self.reasons.get(item.reason_code, item.reason_code))
        if item.purchased_at:
            details = self.tr("{rma}  ·  {reason}  ·  value {value}  ·  bought {date}")
        else:
            details = self.tr("{rma}  ·  {reason}  ·  value {value}")
        self.item_details.setText(
            details.format(
                rma=item.rma_number,
                reason=reason,
                value=item.unit_value,
                date=f"{item.purchased_at:%Y-%m-%d}" if item.purchased_at else "",
            )
        )
        self.item_details.setToolTip(
            self.tr("Checklist: {title}").format(title=ui_text(form.checklist.title))
        )
        self.checklist_view.set_checklist(form.checklist)
        self._show_photos(opened.photos)
        self._update_preview()
        self._render_form()
        self.stack.setCurrentIndex(PAGE_FORM)
        self._select_row_of_open_item()
        n = len(form.checklist.checks)
        if draft is not None:
            done = self.session.answered_count()
            resumed = self.tr("Resumed from {station} {time} UTC ({user})").format(
                station=draft.station, time=f"{draft.updated_at:%Y-%m-%d %H:%M}", user=draft.user
            )
            note = self.tr("{resumed}: {done} of %n checks were answered.", "", n)
            self.resume_label.setText(note.format(resumed=resumed, done=done))
            self.resume_label.setVisible(True)
            carry_on = self.tr("{resumed}. {item}: {done} of %n answered, carry on.", "", n)
            self.say(Level.INFO, carry_on.format(resumed=resumed, item=item.item_code, done=done))
        else:
            self.resume_label.setVisible(False)
            inspecting = self.tr("Inspecting {item} {sku}: %n checks. Answer with the number keys.", "", n)
            self.say(Level.INFO, inspecting.format(item=item.item_code, sku=item.sku))
        self.lot_flow.show()  # last: while a lot is open, its word on the next sample is the banner's

    def answer_key(self, key: str) -> None:
        session = self.session
        if session is None:
            self.say(Level.INFO, self.tr("Scan an item or pick it from the list first."))
            return
        check = session.current_check()
        outcome = session.answer_key(key)
        if outcome is KeyOutcome.ANSWERED:
            self._answered()
        elif check is None or outcome is KeyOutcome.ALL_ANSWERED:
            all_answered = self.tr(
                "All checks are answered: press Enter to confirm, Backspace to change one."
            )
            self.say(Level.INFO, all_answered)
        elif outcome is KeyOutcome.TAKES_VALUE:
            takes = self.tr("“{check}” takes a value: scan it or type it, then press Enter.")
            self.say(Level.INFO, takes.format(check=check.name))
        else:
            keys = ", ".join(a.key for a in check.answers)
            wrong_key = self.tr("{key} is not an answer to “{check}”. Use {keys}.")
            self.say(Level.WARNING, wrong_key.format(key=key, check=check.name, keys=keys))

    def _answer_clicked(self, index: int, key: str) -> None:
        if self.session is not None and not self.refuse_if_busy() and self.session.answer_at(index, key):
            self._answered()
        self.refocus.emit()

    def _check_clicked(self, index: int) -> None:
        if self.session is not None and not self.refuse_if_busy():
            self.session.open_check(index)
            self._render_form()
        self.refocus.emit()

    def _answered(self) -> None:
        """After any answer (the session has moved on): update the live decision, render, save the draft."""
        self._update_preview()
        self._render_form()
        self.save_draft()

    # -- captured values ----------------------------------------------------------------------------
    def capture_value(self, text: str) -> None:
        """A value typed or scanned for the open capture check."""
        session = self.session
        check = self.current_check()
        if session is None or check is None or not check.is_capture:
            return
        try:
            value = self.inspection.read_capture(check, text)
        except CaptureError as exc:
            self.say(Level.WARNING, f"{check.name}: {exc}")
            return
        session.capture(value)
        self._warn_if_unexpected_serial(check, value)
        self._answered()
        if (
            check.capture is CaptureKind.EXPIRY
            and self.preview is not None
            and self.preview.facts is not None
        ):
            left = self.preview.facts.expiry_days_left
            if left is not None and left < 0:
                expired = self.tr("{check}: {value}, expired %n day(s) ago.", "", -left)
                self.say(Level.WARNING, expired.format(check=check.name, value=value))
                return
        self.say(Level.SUCCESS, f"{check.name}: {value}")

    def _capture_from_gs1(self, elements: Any) -> bool:
        """Fill every capture check a GS1 scan has data for (lot, expiry, serial); False if none fits."""
        session = self.session
        if session is None or not elements:
            return False
        reading = self.inspection.read_gs1(elements)
        result = session.fill_from_gs1(reading)
        filled = [f"{check.name} {value}" for check, value in result.filled]
        for check, value in result.filled:
            self._warn_if_unexpected_serial(check, value)
        if not filled:
            if reading.problems:
                unusable = self.tr("This GS1 code could not be used: {problems}")
                self.say(Level.WARNING, unusable.format(problems="; ".join(reading.problems)))
                return True
            return False
        self._answered()
        if reading.problems:
            scanned = self.tr("Scanned: {values}. Not used: {problems}.")
        else:
            scanned = self.tr("Scanned: {values}.")
        self.say(
            Level.WARNING if reading.problems else Level.SUCCESS,
            scanned.format(values=", ".join(filled), problems="; ".join(reading.problems)),
        )
        return True

    def _warn_if_unexpected_serial(self, check: Check, value: str) -> None:
        if self.session is not None and self.session.unexpected_serial(check, value):
            expected = self.session.form.item.expected_serials
            unexpected = self.tr("Serial {value} is not one the RMA expects ({expected}).")
            self.say(Level.WARNING, unexpected.format(value=value, expected=", ".join(expected)))

    def _empty_enter_on_capture(self) -> None:
        session = self.session
        check = self.current_check()
        assert session is not None and check is not None
        outcome = session.empty_enter()
        if outcome is EmptyEnter.NEEDED:
            self.say(Level.WARNING, self._needed(check))
            return
        if outcome is EmptyEnter.RECORDED:
            self._answered()
            self.say(Level.INFO, f"{check.name}: {not_recorded()}.")
            return
        none = self.tr("No {value} to scan? Press Enter again to record “{none}”, or scan/type it.")
        self.say(Level.WARNING, none.format(value=check.name.lower(), none=not_recorded()))

    def _needed(self, check: Check) -> str:
        return self.tr("“{check}” is needed: scan it or type it, then press Enter.").format(check=check.name)

    def _record_missing(self) -> None:
        session = self.session
        check = self.current_check()
        if session is None or check is None or not check.is_capture:
            return
        if not check.optional:
            self.say(Level.WARNING, self._needed(check))
            return
        session.capture(None)
        self._answered()
        self.say(Level.INFO, f"{check.name}: {not_recorded()}.")

    # -- moving around ---------------------------------------------------------------------------
    def back(self) -> None:
        if self.session is None:
            return
        if not self.session.back():
            self.say(Level.INFO, self.tr("This is the first check."))
            return
        self._render_form()

    def cancel(self) -> None:
        if self.override_dialog is not None and self.override_dialog.isVisible():
            self.override_dialog.reject()
            return
        if self.refuse_if_busy():
            return
        if self.form is None:
            if self.stack.currentIndex() == PAGE_RESULT:
                self.stack.setCurrentIndex(PAGE_PROMPT)
            return
        lot = self.lot_flow.stop()
        code = self.form.item.item_code
        kept = self.session is not None and self.session.has_answers()
        self.session = None
        self.preview = None
        self._show_photos([])
        self.stack.setCurrentIndex(PAGE_PROMPT)
        self._select_row_of_open_item()
        if lot:
            paused = self.tr("Lot {lot} stopped: its units wait for single inspection ({item} paused).")
        elif kept:
            paused = self.tr("{item} paused: your answers are kept. Scan it again to carry on.")
        else:
            paused = self.tr("Inspection of {item} cancelled. It stays in the queue.")
        self.say(Level.INFO, paused.format(item=code, lot=lot))

    # -- the draft ----------------------------------------------------------------------------------
    def save_draft(self) -> None:
        """Save the answers so far on a pool thread; one save at a time, the newest state last."""
        session = self.session
        if session is None:
            return
        if self._draft_saving:
            self._draft_dirty = True
            return
        self._draft_saving = True
        self._draft_dirty = False
        inspection = self.inspection
        item_id, started = session.item_id, session.started_at
        answers, captured, step = session.draft_state()

        def save() -> bool:
            return inspection.save_draft(item_id, answers, captured, step, started)

        run_in_background(self.pool, self, save, self._draft_saved, self._draft_failed)

    def drafts_idle(self) -> bool:
        """No draft save running or waiting (tests and shutdown wait for this)."""
        return not self._draft_saving and not self._draft_dirty

    def _draft_saved(self, _result: object) -> None:
        self._draft_saving = False
        self.last_draft_error = ""
        if self._draft_dirty:
            self.save_draft()

    def _draft_failed(self, message: str) -> None:
        self._draft_saving = False
        if message != self.last_draft_error:  # say it once, not at every key
            unsaved = self.tr("Your answers could not be saved ({error}); they stay on screen.")
            self.say(Level.WARNING, unsaved.format(error=message))
        self.last_draft_error = message
        if self._draft_dirty:
            self.save_draft()

    # -- the live decision ----------------------------------------------------------------------------
    def _update_preview(self) -> None:
        session = self.session
        assert session is not None
        form = session.form
        if not session.complete():
            self.preview = None
            return
        try:
            self.preview = self.inspection.preview_form(form, session.answers, session.captured)
        except ValueError as exc:  # a checklist that changed under us: show why, do not guess
            self.preview = None
            self.say(Level.ERROR, self.tr("Cannot grade these answers: {error}").format(error=exc))

    def _render_form(self) -> None:
        session = self.session
        if session is None:
            return
        self.checklist_view.show_answers(
            session.answers, session.current, session.captured, session.photo_counts()
        )
        self._render_photo_status()
        checks = session.checks
        left = [c.name for c in session.unanswered()]
        preview = self.preview
        self.confirm_button.setEnabled(preview is not None)
        self.override_button.setEnabled(preview is not None)
        if preview is None:
            # The grade from the first answer on (README: it updates as you answer); where the item goes
            # waits for the last check, as a rule judged on half the answers would mislead.
            answered = self.tr("{answered} of {total} answered").format(
                answered=len(checks) - len(left), total=len(checks)
            )
            so_far = session.grade_so_far()
            if so_far is not None and session.has_answers():
                self.grade_label.setText(self.tr("Grade so far: {grade}").format(grade=so_far.grade))
                because = [answered, *map(ui_text, so_far.because[:-1])]  # what lowered it, not the end
            else:
                self.grade_label.setText(answered)
                because = []
            if left:
                because.append(
                    self.tr("Still to answer: {checks}").format(checks=", ".join(map(ui_text, left)))
                )
            self.because_label.setText("\n".join(because))
            self.decision_label.setText(self.tr("Where it goes"))
            self.decision_reason.setText(self.tr("Shown when every check is answered."))
            self.why_label.setText("")
            restyle(
                self.decision_box,
                "QFrame#decisionBox { background: #ffffff; border: 2px dashed #9aa6b4; border-radius: 6px; }"
                "QFrame#decisionBox QLabel { color: #4a4a4a; }",
            )
            return
        d = preview.decision
        self.grade_label.setText(grades_text(preview.grade))
        # the refund deduction before deciding: a wrong answer that costs the customer money shows here
        self.because_label.setText(
            "\n".join(map(ui_text, [*preview.grade.because, preview.deduction.summary()]))
        )
        background, foreground = DISPOSITION_COLOURS.get(d.disposition, ("#3b3b3b", "#ffffff"))
        self.decision_label.setText(f"{ui_text(d.disposition.label).upper()}  →  {d.destination}")
        channel = self.tr("Channel: {channel}").format(channel=preview.channel_label) if d.channel else ""
        self.decision_reason.setText("\n".join(t for t in (ui_text(d.reason), channel) if t))
        near = near_misses_text(d, session.form.checklist, self.reasons, limit=1, say_more=False)
        self.why_label.setText(
            self.tr("Rule {rule}").format(rule=d.rule_id) + (f"  ·  {near}" if near else "")
        )
        self.why_label.setToolTip(near_misses_text(d, session.form.checklist, self.reasons, limit=20))
        restyle(
            self.decision_box,
            f"QFrame#decisionBox {{ background: {background}; border-radius: 6px; }}"
            f"QFrame#decisionBox QLabel {{ color: {foreground}; background: transparent; }}",
        )

    # -- photos -------------------------------------------------------------------------------------
    def take_photo(self) -> None:
        """F7 / CMD:PHOTO: a still from the window's camera, stored as a photo of the open item.

        It documents the open check when that check asks for a photo, else the first check still
        waiting for one (the page has usually moved on once the check was answered), else the item.
        The camera panel is switched on when it is off; grabbing and storing run on a pool thread.
        """
        form = self.form
        if form is None:
            first = self.tr("Open an item first: a photo is kept as evidence for the item inspected.")
            self.say(Level.INFO, first)
            return
        if self._photo_busy:
            self.say(Level.INFO, self.tr("Still taking the last photo…"))
            return
        dock = self._camera_dock()
        advice = self.tr(NO_CAMERA_ADVICE)
        if dock is None:
            no_panel = self.tr("No photo: this window has no camera panel. {advice}")
            self.say(Level.WARNING, no_panel.format(advice=advice))
            return
        if dock.isHidden():
            dock.show()  # starts the camera; the worker waits for its first picture
        view = dock.view
        photos = self.photos
        code = form.item.item_code
        target = self._photo_target()
        check_id = target.id if target is not None else None
        # The words are looked up here, on the GUI thread; the worker only fills them in.
        camera_off = self.tr("the camera is off")
        not_taken = self.tr("No photo taken: {error}. {advice}")
        not_kept = self.tr("Photo not kept: {error}")

        def camera_status() -> CameraStatus:
            worker = view.worker
            return worker.status if worker is not None else CameraStatus(CameraState.STOPPED, camera_off)

        def take() -> _PhotoTaken | _NoPhoto:
            try:
                png = grab_still(view.capture_still, camera_status)
            except CameraUnavailable as exc:
                return _NoPhoto(not_taken.format(error=exc, advice=advice))
            try:
                photo = photos.take(code, check_id, png)
            except PhotoRefused as exc:
                return _NoPhoto(not_kept.format(error=exc))
            return _PhotoTaken(photo, thumbnail(png))

        self._photo_busy = True
        self.photo_button.setEnabled(False)
        self.photo_button.setText(self.tr("Taking photo…"))
        if target is not None:
            taking = self.tr("Taking a photo of {item} for “{check}”…").format(item=code, check=target.name)
        else:
            taking = self.tr("Taking a photo of {item}…").format(item=code)
        self.say(Level.INFO, taking)
        run_in_background(self.pool, self, take, self._photo_done, self._photo_failed)

    def photos_idle(self) -> bool:
        """No photo being taken (tests wait for this)."""
        return not self._photo_busy

    def _camera_dock(self) -> CameraDock | None:
        dock = getattr(self.window(), "camera_dock", None)
        return dock if isinstance(dock, CameraDock) else None

    def _photo_target(self) -> Check | None:
        return self.session.photo_target() if self.session is not None else None

    def _photo_action(self) -> str:
        return self.tr(PHOTO_ACTION).format(key=PHOTO_KEY)

    def _photo_done(self, result: object) -> None:
        self._photo_busy = False
        self.photo_button.setEnabled(True)
        self.photo_button.setText(self._photo_action())
        if isinstance(result, _NoPhoto):
            self.say(Level.WARNING, ui_text(result.message))
            return
        assert isinstance(result, _PhotoTaken)
        photo = result.photo
        form = self.form
        if form is None or form.item.item_id != photo.item_id:  # the inspector moved on meanwhile
            self.say(Level.SUCCESS, self.tr("Photo of {item} kept.").format(item=photo.item_code))
            return
        assert self.session is not None
        self.session.add_photo(photo.check_id)
        self.photo_model.add(photo, result.thumb)
        self.photo_strip.setVisible(True)
        self.photo_strip.scrollToBottom()
        self._render_form()
        check = form.checklist.check(photo.check_id) if photo.check_id else None
        n = len(self.photo_model.photos())
        if check is not None:
            kept = self.tr("Photo {n} of {item} kept for “{check}”.").format(
                n=n, item=photo.item_code, check=check.name
            )
        else:
            kept = self.tr("Photo {n} of {item} kept.").format(n=n, item=photo.item_code)
        self.say(Level.SUCCESS, kept)

    def _photo_failed(self, message: str) -> None:
        self._photo_busy = False
        self.photo_button.setEnabled(True)
        self.photo_button.setText(self._photo_action())
        failed = self.tr("The photo could not be kept ({error}). Press {key} to try again.")
        self.say(Level.ERROR, failed.format(error=message, key=PHOTO_KEY))

    def _show_photos(self, photos: list[PhotoView]) -> None:
        """The open item's photos in the strip; thumbnails follow from a pool thread."""
        self.photo_model.set_photos(photos)
        if self.session is not None:
            self.session.set_photos(p.check_id for p in photos)
        self.photo_strip.setVisible(bool(photos))
        if not photos or self.form is None:
            return
        item_id = self.form.item.item_id
        files = [(p.photo_id, p.path) for p in photos]

        def load() -> dict[int, QImage]:
            return {photo_id: thumbnail(path) for photo_id, path in files}

        def loaded(thumbs: object) -> None:
            if self.form is not None and self.form.item.item_id == item_id and isinstance(thumbs, dict):
                self.photo_model.set_thumbnails(thumbs)

        def failed(message: str) -> None:  # the photos are listed and kept; only their pictures are missing
            log.warning("thumbnails of item %s could not be made: %s", item_id, message)

        run_in_background(self.pool, self, load, loaded, failed)

    def _render_photo_status(self) -> None:
        session = self.session
        if session is None:
            return
        needed = [c.name for c in session.photos_needed()]
        taken = len(self.photo_model.photos())
        have = self.tr("%n photo(s) kept.", "", taken) if taken else self.tr("No photos yet.")
        if needed:
            still_needed = self.tr("Photo needed: {checks}.").format(checks=", ".join(needed))
            self.photo_status.setText(f"{have}  {still_needed}")
            restyle(self.photo_status, "color: #b00020;")
        else:
            self.photo_status.setText(have)
            restyle(self.photo_status, "color: #1b5e20;" if taken else "color: #4a4a4a;")

    def _check_name(self, check_id: str | None) -> str:
        check = self.form.checklist.check(check_id) if self.form is not None and check_id else None
        return check.name if check is not None else self.tr("Item")

    def _photos_missing_text(self, exc: PhotosMissing) -> str:
        if self.inspection.camera_configured:
            return self.tr("{problem} Press {key} or scan CMD:PHOTO.").format(problem=exc, key=PHOTO_KEY)
        return ui_text(exc)

    # -- deciding and printing --------------------------------------------------------------------
    def confirm(self) -> None:
        """Enter: decide the open item, or, while a lot is open, take it as the lot's sample."""
        if self.lot_flow.active and not self.refuse_if_busy():
            self.lot_flow.confirm()
        elif not self.lot_flow.active:
            self.confirm_single()

    def confirm_single(self) -> None:
        session = self.session
        if session is None:
            if self.stack.currentIndex() != PAGE_RESULT:
                self.say(Level.INFO, self.tr(PROMPT))
            return
        if self.preview is None:
            left = [c.name for c in session.unanswered()]
            first = self.tr("Answer every check first. Still open: {checks}.")
            self.say(Level.WARNING, first.format(checks=", ".join(map(ui_text, left))))
            return
        if self.refuse_if_busy():  # the Confirm button; Enter waits in the window's queue instead
            return
        inspection = self.inspection
        item_id, answers, started, captured = (
            session.item_id,
            dict(session.answers),
            session.started_at,
            dict(session.captured),
        )

        def decide() -> Decided | ItemNotPending | PhotosMissing:
            try:
                return inspection.decide(item_id, answers, started, captured=captured)
            except (ItemNotPending, PhotosMissing) as exc:
                return exc

        # A permission refusal (e.g. a clerk signed in) goes to the banner; the answers stay on screen.
        self.run(decide, self._decided)

    def _decided(self, result: Decided | ItemNotPending | PhotosMissing) -> None:
        if isinstance(result, ItemNotPending):
            self._not_pending(result)
        elif isinstance(result, PhotosMissing):
            self.say(Level.WARNING, self._photos_missing_text(result))
        else:
            self._show_decided(result)

    def _not_pending(self, exc: ItemNotPending) -> None:
        elsewhere = self.tr("{problem} Someone may have inspected it at another station.")
        self.say(Level.WARNING, elsewhere.format(problem=exc))
        self.session = None
        self.stack.setCurrentIndex(PAGE_PROMPT)
        self.refresh_pending()

    def open_override(self) -> None:
        """The override dialog, once every check is answered and the rules have decided."""
        if self.form is None or self.preview is None:
            first = self.tr("Answer every check first: then the rules decide, and you can override.")
            self.say(Level.INFO, first)
            return
        if self.override_dialog is not None and self.override_dialog.isVisible():
            return
        dialog = OverrideDialog(
            self.preview.decision, self.inspection.override_policy, self._approve_override, self
        )
        dialog.finished.connect(lambda _result: self.refocus.emit())
        self.override_dialog = dialog
        dialog.open()  # not exec(): scans and the label worker keep running behind it

    def _approve_override(self, request: OverrideRequest, answer: Callable[[str | None], None]) -> None:
        """Called by the dialog: the service checks the PIN (a deliberately slow hash) and records, on the
        pool; ``answer`` then gets None (done) or the refusal to show in the dialog."""
        session = self.session
        if session is None:
            answer(self.tr("No item is open any more."))
            return
        inspection = self.inspection
        item_id, answers, started, captured = (
            session.item_id,
            dict(session.answers),
            session.started_at,
            dict(session.captured),
        )
        refusals = (
            PinRefused,
            OverrideNotAllowed,
            PhotosMissing,
            ItemNotPending,
            PermissionRefused,
            DatabaseUnavailable,
        )

        def decide() -> object:
            try:
                return inspection.decide(item_id, answers, started, captured=captured, override=request)
            except refusals as exc:  # each answered in the dialog, not only on the banner
                return exc

        def done(result: object) -> None:
            if isinstance(result, Decided):
                self._show_decided(result)
                answer(None)
                return
            assert isinstance(result, Exception)
            if isinstance(result, OverrideNotAllowed):
                self.say(Level.WARNING, str(result))
            elif isinstance(result, PhotosMissing):
                self.say(Level.WARNING, self._photos_missing_text(result))
            elif isinstance(result, ItemNotPending):
                self._not_pending(result)
            else:
                self.say(Level.ERROR, ui_text(result))
            answer(ui_text(result))

        def failed(message: str) -> None:
            self.say(Level.ERROR, message)
            answer(message)

        self.run(decide, done, failed)

    def show_decided(self, decided: Decided) -> None:
        """A decision taken elsewhere (a lot's, ui/lot_flow.py) shown as the page shows its own."""
        self._show_decided(decided)

    def _show_decided(self, decided: Decided) -> None:
        checklist = self.form.checklist if self.form is not None else None
        self.session = None
        self.preview = None
        self._show_photos([])
        self.decided = decided
        self.result_panel.show_decided(decided, checklist)
        self.stack.setCurrentIndex(PAGE_RESULT)
        self.refresh_pending()
        d = decided.decision
        word = ui_text(d.disposition.label).upper()
        if decided.override:
            put = self.tr("{word}: put {item} in {destination}. Override approved by {approver}.")
        else:
            put = self.tr("{word}: put {item} in {destination}.")
        approver = decided.override.approver_name if decided.override else ""
        put = put.format(word=word, item=decided.item.item_code, destination=d.destination, approver=approver)
        self.feedback.emit(Feedback(Level.SUCCESS, put))
        self.outcome_labels_waiting = decided.outcome_label_jobs
        if decided.label_job_id:
            self._print(decided.label_job_id)
        else:
            self._print_outcome_labels()
        self.refocus.emit()

    def print_again(self) -> None:
        job_id = self.decided.label_job_id if self.decided else None
        if job_id is None:
            self.say(Level.INFO, self.tr("There is no label to print again yet."))
        else:
            self._print(job_id)
        self.refocus.emit()

    def _print(self, job_id: str) -> None:
        if self.printing_label:
            self.say(Level.INFO, self.tr("The label is still printing…"))
            return
        self.printing_label = True
        printing = self.printing
        if self.decided is not None and self.decided.label_job_id == job_id:
            self.result_panel.set_label_status(Level.INFO, self.tr("Printing the routing label…"))
        run_in_background(
            self.pool,
            self,
            lambda: printing.run(job_id),
            lambda job: self._printed(job_id, job),
            lambda message: self._print_crashed(job_id, message),
        )

    def _printed(self, job_id: str, job: object) -> None:
        assert isinstance(job, JobView)
        self.printing_label = False
        self.last_job = job
        showing = self.decided is not None and self.decided.label_job_id == job_id
        if job.status == JobStatus.PRINTED:
            printed = self.tr("Label printed: {output}").format(output=job.output)
            if showing:
                self.result_panel.set_label_status(Level.SUCCESS, printed)
            self.say(Level.SUCCESS, printed)
            self._print_outcome_labels()
        else:
            self._label_failed(job_id, job.message, showing)

    def _print_crashed(self, job_id: str, message: str) -> None:
        self.printing_label = False
        showing = self.decided is not None and self.decided.label_job_id == job_id
        self._label_failed(job_id, message, showing)

    def _print_outcome_labels(self) -> None:
        """The decision's labels besides the routing label (return to customer, item label), sent on the
        pool after it. A label the printer refuses stays queued: the print worker sends it later."""
        jobs, self.outcome_labels_waiting = self.outcome_labels_waiting, ()
        if not jobs:
            return
        printing = self.printing
        not_printed = self.tr("Label NOT printed: {error}")
        run_in_background(
            self.pool,
            self,
            lambda: printing.send_in_turn(jobs),
            self._outcome_labels_printed,
            lambda message: self.say(Level.ERROR, not_printed.format(error=message)),
        )

    def _outcome_labels_printed(self, sent: object) -> None:
        assert isinstance(sent, tuple)
        for job in sent:
            assert isinstance(job, JobView)
            if job.status == JobStatus.PRINTED:
                printed = self.tr("Label {template} printed: {output}")
                self.say(Level.SUCCESS, printed.format(template=job.template, output=job.output))
            else:
                failed = self.tr("Label {template} NOT printed: {error}. The print worker tries again.")
                self.say(Level.ERROR, failed.format(template=job.template, error=job.message))

    def _label_failed(self, job_id: str, message: str, showing: bool) -> None:
        text = self.tr("Label NOT printed: {error}").format(error=message)
        if showing:
            self.result_panel.set_label_status(Level.ERROR, text, can_retry=True)
        self.say(
            Level.ERROR, self.tr("{problem}. Press Print again or scan CMD:PRINT-AGAIN.").format(problem=text)
        )
