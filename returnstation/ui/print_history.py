"""The supervisor's "Labels" tab: every routing label the benches queued, printed or could not print,
and the two ways to act on it: "Print again" (a new job repeating the selected labels) and "Retry
failed" (this bench's failed jobs, sent at once).

A label that did not print is the one thing a supervisor must not miss, so failed rows are red and
say why in words. The list is read and labels are sent on the pool, never on the GUI thread: a
printer timeout or a slow shared database must not freeze the bench. It follows the print queue's
background worker (``PrintQueuePump``) and re-reads itself every few seconds while it is on screen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from returnstation.services.printing import JobStatus, JobView, PrintService, SendOutcome
from returnstation.services.results import Feedback, Level
from returnstation.ui.i18n import ui_text
from returnstation.ui.page import reachable_by_tab
from returnstation.ui.print_pump import PrintQueuePump
from returnstation.ui.table_models import RIGHT, Column, RowsModel
from returnstation.ui.workers import run_in_background

REFRESH_MS = 5_000  # while on screen; the pump's reports refresh it sooner
SEARCH_DELAY_MS = 400  # typing pauses this long before the list is read again
HISTORY_LIMIT = 200
FAILED_ROW = QColor("#fde2e2")
FAILED_TEXT = QColor("#9b0012")  # on FAILED_ROW: contrast above WCAG AA

# What each choice of the filter keeps; "Queued" includes a label being sent right now. The choices are
# English, as written; marked for lupdate (str(): the marker is typed `object`), shown through tr().
STATUS_FILTERS: dict[str, tuple[str, ...]] = {
    str(QT_TRANSLATE_NOOP("LabelHistoryPanel", "All")): (),
    str(QT_TRANSLATE_NOOP("LabelHistoryPanel", "Failed")): (JobStatus.FAILED,),
    str(QT_TRANSLATE_NOOP("LabelHistoryPanel", "Queued")): (JobStatus.QUEUED, JobStatus.SENDING),
    str(QT_TRANSLATE_NOOP("LabelHistoryPanel", "Printed")): (JobStatus.PRINTED,),
}

_Index = QModelIndex | QPersistentModelIndex


def short_id(job_id: str | None) -> str:
    """The first 8 characters of a job id: enough to tell labels apart on screen."""
    return job_id[:8] if job_id else ""


def status_text(job: JobView) -> str:
    """The status in one word (the table is wide; what happens next is in ``problem_text``)."""
    if job.status == JobStatus.PRINTED:
        return QCoreApplication.translate("LabelHistoryModel", "Printed")
    if job.status == JobStatus.SENDING:
        return QCoreApplication.translate("LabelHistoryModel", "Printing…")
    if job.status == JobStatus.QUEUED:
        return QCoreApplication.translate("LabelHistoryModel", "Waiting")
    if job.status == JobStatus.FAILED:
        return QCoreApplication.translate("LabelHistoryModel", "FAILED")
    return job.status


def problem_text(job: JobView) -> str:
    """Why the label did not print, in the printer's words, and what happens to it next."""
    if not job.last_error:
        return ""
    if job.status == JobStatus.FAILED:
        if job.next_attempt_at is None:
            return QCoreApplication.translate(
                "LabelHistoryModel", "{error} (no more automatic tries: press Retry failed)"
            ).format(error=job.last_error)
        return QCoreApplication.translate("LabelHistoryModel", "{error} (tried again at {time})").format(
            error=job.last_error, time=f"{job.next_attempt_at:%H:%M:%S}"
        )
    return QCoreApplication.translate("LabelHistoryModel", "Last try: {error}").format(error=job.last_error)


def _when(moment: datetime | None) -> str:
    return f"{moment:%m-%d %H:%M}" if moment is not None else ""


def _printed_when(job: JobView) -> str:
    """The time only when printed the day it was queued (the usual case), so the column stays narrow."""
    printed = job.printed_at
    if printed is None:
        return ""
    when = f"{printed:%H:%M}" if printed.date() == job.created_at.date() else _when(printed)
    if job.copy_mark:  # printed again after a crash: the bench may hold two labels of this job
        return QCoreApplication.translate("LabelHistoryModel", "{time} (COPY)").format(time=when)
    return when


# The headers in English, marked for lupdate; LabelHistoryModel shows them translated.
COLUMNS: tuple[Column[JobView], ...] = (
    Column(str(QT_TRANSLATE_NOOP("LabelHistoryModel", "Created (UTC)")), lambda j: _when(j.created_at)),
    Column(str(QT_TRANSLATE_NOOP("LabelHistoryModel", "Item")), lambda j: j.item_code),
    Column(str(QT_TRANSLATE_NOOP("LabelHistoryModel", "RMA")), lambda j: j.rma_number),
    Column(str(QT_TRANSLATE_NOOP("LabelHistoryModel", "Template")), lambda j: j.template),
    Column(str(QT_TRANSLATE_NOOP("LabelHistoryModel", "Status")), status_text),
    Column(str(QT_TRANSLATE_NOOP("LabelHistoryModel", "Tries")), lambda j: str(j.attempts), RIGHT),
    Column(str(QT_TRANSLATE_NOOP("LabelHistoryModel", "Printed")), _printed_when),
    Column(str(QT_TRANSLATE_NOOP("LabelHistoryModel", "Reprint of")), lambda j: short_id(j.reprint_of)),
    Column(str(QT_TRANSLATE_NOOP("LabelHistoryModel", "Problem")), problem_text),
)
PROBLEM_COLUMN = len(COLUMNS) - 1


def _tooltip(job: JobView) -> str:
    translate = QCoreApplication.translate  # lupdate reads translate("Context", "text") calls
    item = job.item_code or translate("LabelHistoryModel", "no item")
    label = translate("LabelHistoryModel", "Label {job} ({template}) for {item}")
    lines = [label.format(job=job.job_id, template=job.template, item=item)]
    if job.reprint_of:
        lines.append(translate("LabelHistoryModel", "Reprint of label {job}").format(job=job.reprint_of))
    if job.copy_mark:
        lines.append(
            translate("LabelHistoryModel", "Marked {mark}: an earlier send may have printed it too").format(
                mark=job.copy_mark
            )
        )
    if job.printer:
        lines.append(translate("LabelHistoryModel", "Printer: {printer}").format(printer=job.printer))
    if job.station:
        lines.append(translate("LabelHistoryModel", "Sent by bench {station}").format(station=job.station))
    if job.last_error:
        lines.append(translate("LabelHistoryModel", "Last problem: {error}").format(error=job.last_error))
    elif job.status == JobStatus.PRINTED and job.message:
        lines.append(ui_text(job.message))
    return "\n".join(lines)


class LabelHistoryModel(RowsModel[JobView]):
    """The history rows; failed ones red (background and text), every row with its full story as tooltip."""

    def __init__(self) -> None:
        columns = [
            replace(c, header=QCoreApplication.translate("LabelHistoryModel", c.header)) for c in COLUMNS
        ]
        super().__init__(columns, background=lambda j: FAILED_ROW if j.status == JobStatus.FAILED else None)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        job = self.row_at(index.row()) if index.isValid() else None
        if job is not None:
            if role == Qt.ItemDataRole.ForegroundRole and job.status == JobStatus.FAILED:
                return FAILED_TEXT
            if role == Qt.ItemDataRole.ToolTipRole:
                return _tooltip(job)
        return super().data(index, role)


@dataclass(frozen=True, slots=True)
class _Query:
    statuses: tuple[str, ...]
    search: str


class LabelHistoryPanel(QWidget):
    feedback = Signal(object)  # Feedback for the banner and speaker
    refocus = Signal()
    loaded = Signal(list)  # list[JobView] now on screen, after each read
    sent = Signal(object)  # SendOutcome of "Print again" / "Retry failed"

    def __init__(self, printing: PrintService, pool: QThreadPool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.printing = printing
        self.pool = pool
        self.pump: PrintQueuePump | None = None
        self.loading = False
        self.sending = False
        self._reload = False
        self._select_item: str | None = None  # an item code scanned: select its newest label once read

        self.filter_combo = QComboBox()
        for choice in STATUS_FILTERS:
            self.filter_combo.addItem(self.tr(choice), choice)
        self.filter_combo.setMinimumWidth(140)
        self.filter_combo.currentIndexChanged.connect(self.refresh)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("Item code, RMA or template"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setStyleSheet("font-size: 14pt; padding: 4px;")
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.refresh)
        self.search_edit.textEdited.connect(lambda _t: self._search_timer.start())
        self.search_edit.returnPressed.connect(self.refresh)
        self.print_again_button = QPushButton(self.tr("Print again"))
        self.print_again_button.setProperty("primary", True)
        self.print_again_button.setEnabled(False)
        self.print_again_button.clicked.connect(self.print_again)
        self.retry_button = QPushButton(self.tr("Retry failed"))
        self.retry_button.clicked.connect(self.retry_failed)
        reachable_by_tab(self.print_again_button, self.retry_button)
        self.status_label = QLabel("")
        self.status_label.setWordWrap(True)
        self.status_label.setStyleSheet("font-size: 13pt;")
        self.detail_label = QLabel("")  # the selected label's problem in full (the column may cut it)
        self.detail_label.setWordWrap(True)
        self.detail_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail_label.setStyleSheet(f"font-size: 13pt; color: {FAILED_TEXT.name()};")
        self.detail_label.setVisible(False)

        self.model = LabelHistoryModel()
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(36)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(PROBLEM_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)

        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)

        tools = QHBoxLayout()
        tools.addWidget(QLabel(self.tr("Show")))
        tools.addWidget(self.filter_combo)
        tools.addWidget(self.search_edit, 1)
        tools.addWidget(self.print_again_button)
        tools.addWidget(self.retry_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addLayout(tools)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.detail_label)
        layout.addWidget(self.status_label)

    # -- following the print queue --------------------------------------------------------------
    def follow(self, pump: PrintQueuePump) -> None:
        """Re-read the list whenever the background print worker sent labels or the failures changed."""
        if self.pump is pump:
            return
        self.pump = pump
        pump.jobs_sent.connect(self._pump_reported)
        pump.failed_count_changed.connect(self._pump_reported)

    def _pump_reported(self, _what: object) -> None:
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.pump is None:  # the window owns the pump; found here so nobody has to wire it
            pump = self.window().findChild(PrintQueuePump)
            if isinstance(pump, PrintQueuePump):
                self.follow(pump)
        self.refresh()
        self.timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        self.timer.stop()
        super().hideEvent(event)

    # -- reading --------------------------------------------------------------------------------
    def query(self) -> _Query:
        choice = str(self.filter_combo.currentData())
        return _Query(STATUS_FILTERS.get(choice, ()), self.search_edit.text().strip())

    def refresh(self) -> None:
        """Read the list again on the pool (once more afterwards if asked while a read is running)."""
        self._search_timer.stop()
        if self.loading:
            self._reload = True
            return
        self.loading = True
        query = self.query()
        printing = self.printing

        def read() -> list[JobView]:
            return printing.history(HISTORY_LIMIT, status=query.statuses, search=query.search)

        run_in_background(self.pool, self, read, lambda rows: self._loaded(query, rows), self._load_failed)

    def _loaded(self, query: _Query, result: object) -> None:
        self.loading = False
        if self._reload or query != self.query():  # the filter changed while reading: read again
            self._reload = False
            self.refresh()
            return
        assert isinstance(result, list)
        self._show(result)
        self.loaded.emit(list(result))

    def _load_failed(self, message: str) -> None:
        self.loading = False
        self._reload = False
        self.status_label.setText(self.tr("Could not read the label history: {error}").format(error=message))

    def _show(self, jobs: Sequence[JobView]) -> None:
        selected = set(self.selected_job_ids())
        scroll = self.view.verticalScrollBar().value()
        self.model.set_rows(jobs)
        if self._select_item is not None:
            code, self._select_item = self._select_item, None
            selected = {next((j.job_id for j in jobs if j.item_code == code), "")}
        self._select(selected)
        self.view.verticalScrollBar().setValue(scroll)
        if self.view.selectionModel().hasSelection() and len(selected) == 1:
            self.view.scrollTo(self.view.selectionModel().selectedRows()[0])
        failed = sum(1 for j in jobs if j.status == JobStatus.FAILED)
        more = " " + self.tr("(the newest; search to find older ones)") if len(jobs) >= HISTORY_LIMIT else ""
        problem = ", " + self.tr("%n FAILED", "", failed) if failed else ""
        self.status_label.setText(self.tr("%n label(s)", "", len(jobs)) + f"{more}{problem}.")
        alert = " color: #b00020; font-weight: bold;" if failed else ""
        self.status_label.setStyleSheet(f"font-size: 13pt;{alert}")

    def _select(self, job_ids: set[str]) -> None:
        selection = QItemSelection()
        last = self.model.columnCount() - 1
        for row, job in enumerate(self.model.rows()):
            if job.job_id in job_ids:
                selection.select(self.model.index(row, 0), self.model.index(row, last))
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.view.selectionModel().select(selection, flags)
        self._selection_changed()

    def selected_jobs(self) -> list[JobView]:
        rows = sorted(i.row() for i in self.view.selectionModel().selectedRows())
        return [job for job in (self.model.row_at(r) for r in rows) if job is not None]

    def selected_job_ids(self) -> list[str]:
        return [j.job_id for j in self.selected_jobs()]

    def _selection_changed(self, *_args: object) -> None:
        self.print_again_button.setEnabled(not self.sending and self.view.selectionModel().hasSelection())
        troubled = next((j for j in self.selected_jobs() if j.last_error), None)
        self.detail_label.setText(f"{troubled.item_code}: {problem_text(troubled)}" if troubled else "")
        self.detail_label.setVisible(troubled is not None)

    def show_item(self, code: str) -> None:
        """Show every label of one item (a scanned item code) and select its newest one."""
        self.filter_combo.blockSignals(True)
        self.filter_combo.setCurrentIndex(0)
        self.filter_combo.blockSignals(False)
        self.search_edit.setText(code)
        self._select_item = code
        self.refresh()

    # -- acting ---------------------------------------------------------------------------------
    def print_again(self) -> None:
        """Queue a new job for each selected label and send them now (in the list's order, oldest first)."""
        jobs = list(reversed(self.selected_jobs()))
        if not jobs:
            self.feedback.emit(Feedback(Level.INFO, self.tr("Select the labels to print again first.")))
            self.refocus.emit()
            return
        printing = self.printing
        ids = [j.job_id for j in jobs]

        doing = self.tr("Printing %n label(s) again…", "", len(ids))
        self._start(doing, lambda: printing.print_again(ids), self._reprinted)

    def retry_failed(self) -> None:
        """Send this bench's failed labels again now (other benches retry their own)."""
        printing = self.printing

        self._start(self.tr("Sending the failed labels again…"), printing.send_failed_now, self._retried)

    def _start(
        self, doing: str, task: Callable[[], SendOutcome], done: Callable[[SendOutcome], None]
    ) -> None:
        if self.sending:
            self.feedback.emit(Feedback(Level.INFO, self.tr("Still sending the last labels…")))
            return
        self.sending = True
        self._set_buttons_enabled(False)
        self.status_label.setText(doing)

        def finished(result: object) -> None:
            self._sent()
            assert isinstance(result, SendOutcome)
            done(result)
            self.sent.emit(result)

        run_in_background(self.pool, self, task, finished, self._send_failed)
        self.refocus.emit()

    def _reprinted(self, outcome: SendOutcome) -> None:
        refused = outcome.refused
        if refused is None:
            codes = ", ".join(j.item_code or short_id(j.job_id) for j in outcome.printed)
            self.feedback.emit(
                Feedback(Level.SUCCESS, self.tr("Printed again: {items}.").format(items=codes))
            )
            return
        self.feedback.emit(Feedback(Level.ERROR, _not_printed(refused, outcome)))

    def _retried(self, outcome: SendOutcome) -> None:
        refused = outcome.refused
        if not outcome.queued:
            self.feedback.emit(Feedback(Level.INFO, self.tr("No failed labels at this bench to send again.")))
        elif refused is None:
            printed = len(outcome.printed)
            self.feedback.emit(
                Feedback(Level.SUCCESS, self.tr("%n failed label(s) printed now.", "", printed))
            )
        else:
            self.feedback.emit(Feedback(Level.ERROR, _not_printed(refused, outcome)))

    def _send_failed(self, message: str) -> None:
        self._sent()
        self.feedback.emit(
            Feedback(Level.ERROR, self.tr("Labels could not be sent: {error}").format(error=message))
        )

    def _sent(self) -> None:
        self.sending = False
        self._set_buttons_enabled(True)
        self.refresh()

    def _set_buttons_enabled(self, enabled: bool) -> None:
        self.retry_button.setEnabled(enabled)
        self.print_again_button.setEnabled(enabled and self.view.selectionModel().hasSelection())


def _not_printed(refused: JobView, outcome: SendOutcome) -> str:
    waiting = len(outcome.queued) - len(outcome.printed) - 1
    not_printed = QCoreApplication.translate(
        "LabelHistoryPanel",
        "Label for {item} NOT printed: {error}. It is retried automatically, or press Retry failed.",
    ).format(item=refused.item_code or short_id(refused.job_id), error=refused.last_error)
    if waiting <= 0:
        return not_printed
    more = QCoreApplication.translate("LabelHistoryPanel", "%n more wait for the printer.", "", waiting)
    return f"{not_printed} {more}"
