"""Receive tab: scan the parcel, see what the RMA expects, scan each item, scan DONE.

Without an open parcel a scan is a parcel code; with one, it is an item of that parcel. The page keeps
only the id of the open parcel and the last view the service returned; counting and matching stay in
the receiving service.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QThreadPool
from PySide6.QtGui import QColor
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

from returnstation.bootstrap import Station
from returnstation.domain.enums import ParcelStatus
from returnstation.domain.scan import Scan
from returnstation.services.results import Level, LineView, ParcelView
from returnstation.ui.concern_flag import ConcernFlag, CustomerHistoryLabel
from returnstation.ui.page import StationPage
from returnstation.ui.table_models import CENTER, RIGHT, Column, RowsModel
from returnstation.ui.theme import COMPLETE_ROW, JUST_SCANNED_ROW, PANEL_STYLE, font

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


def _line_status(line: LineView) -> str:
    if line.complete:
        return QCoreApplication.translate("ReceivePage", "✔ Complete")
    waiting = QCoreApplication.translate("ReceivePage", "Waiting for {count}")
    return waiting.format(count=line.expected - line.received)


class ReceivePage(StationPage):
    title = str(QT_TRANSLATE_NOOP("ReceivePage", "Receive"))  # the tab shows page.tr(page.title)

    def __init__(self, station: Station, pool: QThreadPool, parent: QWidget | None = None) -> None:
        super().__init__(station, pool, parent)
        self.parcel: ParcelView | None = None  # the open parcel, if any
        self._looked_for_left_open = False
        self._resumed_note = ""
        self.shown: ParcelView | None = None  # what the table shows (the open one or the last receipt)
        self._just_scanned: set[int] = set()
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
        self.customer_history = CustomerHistoryLabel(station.concerns, pool)
        grid.addWidget(self.customer_history, 2, 0, 1, 2)
        self.concern_flag = ConcernFlag(
            self, station.concerns, pool, lambda: (None, self.shown.parcel_id) if self.shown else None,
            self.feedback.emit,
            self.refocus.emit,
        )
        grid.setColumnStretch(0, 1)

        self.next_label = QLabel(self.tr(NEXT_PARCEL))
        self.next_label.setProperty("role", "next")
        self.next_label.setWordWrap(True)

        self.lines_model: RowsModel[LineView] = RowsModel(
            [
                Column("#", lambda ln: str(ln.line_no), CENTER),
                Column(self.tr("SKU"), lambda ln: ln.sku),
                Column(self.tr("Description"), lambda ln: ln.description),
                Column(self.tr("Expected"), lambda ln: str(ln.expected), RIGHT),
                Column(self.tr("Received"), lambda ln: str(ln.received), RIGHT),
                Column(self.tr("Status"), _line_status),
            ],
            background=self._row_colour,
            bold=lambda ln: ln.line_no in self._just_scanned,
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
        layout.addWidget(self.lines_view, 1)
        layout.addLayout(bottom)
        self._render()

    # -- scans --------------------------------------------------------------------------------
    def handle_scan(self, scan: Scan) -> None:
        receiving = self.station.receiving
        if self.parcel is None:
            fb = receiving.scan_parcel(scan)
        else:
            fb = receiving.scan_item(self.parcel.parcel_id, scan)
        if fb.command:
            self._command(fb.command)
            return
        if fb.parcel is not None:
            if fb.parcel.status == ParcelStatus.OPEN.value:
                self._show(fb.parcel, open_=True)
            elif self.parcel is None:
                self._refresh_hold_count()  # a held parcel: it went to the hold queue, not to the table
        self.feedback.emit(fb)

    def handle_hotkey(self, key: str) -> None:
        if key == "confirm" and self.parcel is not None and self.parcel.all_received:
            self.finish()

    def _command(self, command: str) -> None:
        if command == "done":
            self.finish()
        elif command == "cancel":
            if self.parcel is None:
                self.say(Level.INFO, self.tr("Nothing to cancel. Scan a parcel label."))
                return
            number = self.parcel.rma_number
            self.parcel = None
            self.shown = None
            self._render()
            stays = self.tr("{rma} stays open: scan its label again to carry on with it.")
            self.say(Level.INFO, stays.format(rma=number))
        elif command == "next":
            if self.parcel is not None:
                self.say(Level.INFO, self.tr("Finish this parcel first: scan DONE."))
            else:
                self.say(Level.INFO, self.tr("Scan the next parcel label."))
        else:
            self.say(Level.INFO, self.tr("That command is for the Inspect tab."))

    def finish(self) -> None:
        if self.parcel is None:
            self.say(Level.INFO, self.tr("No parcel is open. Scan a parcel label first."))
            self.refocus.emit()
            return
        fb = self.station.receiving.finish_parcel(self.parcel.parcel_id)
        self.parcel = None
        if fb.parcel is not None:
            self._show(fb.parcel, open_=False)
        self._refresh_hold_count()
        self.feedback.emit(fb)
        self.refocus.emit()

    def on_shown(self) -> None:
        self._refresh_hold_count()
        if not self._looked_for_left_open:
            self._looked_for_left_open = True
            self._carry_on_with_left_open()

    def _carry_on_with_left_open(self) -> None:
        """After a restart (or a crash) the parcel this bench was receiving is on screen again."""
        found = self.station.receiving.left_open()
        if found is None or self.parcel is not None:
            return
        view, started = found
        self._show(view, open_=True)
        self._resumed_note = self.tr(
            "{rma} was left open at this bench ({started}, {received} of {expected} received): "
            "carry on scanning its items, or scan CANCEL."
        ).format(
            rma=view.rma_number, started=started, received=view.received_units, expected=view.expected_units
        )

    def idle_hint(self) -> str:
        if self._resumed_note and self.parcel is not None:
            return self._resumed_note
        return self.tr(NEXT_PARCEL if self.parcel is None else NEXT_ITEM)

    # -- rendering ----------------------------------------------------------------------------
    def _show(self, view: ParcelView, open_: bool) -> None:
        before = {ln.line_no: ln.received for ln in self.shown.lines} if self.shown else {}
        same = self.shown is not None and self.shown.parcel_id == view.parcel_id
        if not same:
            self.customer_history.show_for_customer(view.customer)
        self._just_scanned = (
            {ln.line_no for ln in view.lines if ln.received != before.get(ln.line_no)} if same else set()
        )
        self.shown = view
        self.parcel = view if open_ else None
        self._render()

    def _row_colour(self, line: LineView) -> QColor | None:
        if line.line_no in self._just_scanned and self.parcel is not None:
            return JUST_SCANNED_ROW if not line.complete else COMPLETE_ROW
        return COMPLETE_ROW if line.complete else None

    def _render(self) -> None:
        view = self.shown
        self.lines_model.set_rows(view.lines if view else ())
        self.finish_button.setEnabled(self.parcel is not None)
        if view is None:
            self.rma_label.setText(self.tr("No parcel open"))
            self.details_label.setText(self.tr("The expected items appear here after the parcel scan."))
            self._badge("", "transparent", "#000000")
            self.progress_label.setText("")
            self.next_label.setText(self.tr(NEXT_PARCEL))
            return
        self.rma_label.setText(view.rma_number or view.scanned_code)
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
        if self.parcel is not None:
            self._badge(self.tr("OPEN"), "#1d5ba6", "#ffffff")
            self.next_label.setText(self.tr(NEXT_DONE if view.all_received else NEXT_ITEM))
        else:
            self._badge(self.tr("✔ RECEIVED"), "#1b7a36", "#ffffff")
            self.next_label.setText(self.tr(NEXT_AFTER_RECEIPT))

    def _badge(self, text: str, background: str, foreground: str) -> None:
        self.status_badge.setText(text)
        self.status_badge.setStyleSheet(
            f"background: {background}; color: {foreground}; border-radius: 6px; padding: 6px 14px;"
        )

    def _refresh_hold_count(self) -> None:
        self.hold_count = self.station.holds.count()  # parcels and items, as every page counts them
        self.hold_label.setText(self.tr("Hold shelf: %n parcel(s)", "", self.hold_count))
