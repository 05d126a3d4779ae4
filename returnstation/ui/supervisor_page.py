"""Supervisor tab: period reports (PDF summary, CSV records), RMA import, the hold queue ("Overview"),
and the label history with reprints ("Labels", ui/print_history.py).

Reports and imports run on the pool: a month of dispositions or a big order-system export must not
freeze the bench. Paths and problems are shown on the page, where they stay readable after the banner
has moved on.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, Qt, QThreadPool, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QFileDialog,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from returnstation.config import Settings
from returnstation.domain.item_code import item_code, parse_item_code
from returnstation.domain.roles import Permission
from returnstation.domain.scan import Scan
from returnstation.services.concerns import ConcernService
from returnstation.services.discrepancies import DiscrepancyService
from returnstation.services.holds import HoldService, HoldView
from returnstation.services.printing import PrintService
from returnstation.services.quarantine import QuarantineService
from returnstation.services.receiving import ReceivingService
from returnstation.services.reporting import ReportService
from returnstation.services.results import Level
from returnstation.services.rma_import import ImportReport, RmaImportService
from returnstation.services.rtv import RtvRefused, RtvService, RtvWritten
from returnstation.ui.concern_desk import ConcernDesk
from returnstation.ui.discrepancy_desk import DiscrepancyDesk
from returnstation.ui.exception_desk import ExceptionDesk
from returnstation.ui.hold_workbench import HoldWorkbench
from returnstation.ui.kpi_panel import KpiPanel
from returnstation.ui.page import StationPage, reachable_by_tab
from returnstation.ui.print_history import LabelHistoryPanel
from returnstation.ui.problems_dialog import ProblemsDialog
from returnstation.ui.quarantine_queue import QuarantineQueue
from returnstation.ui.table_models import RIGHT, Column, RowsModel
from returnstation.ui.workers import run_in_background

DEFAULT_DAYS = 7
PDF_KEY, CSV_KEY, IMPORT_KEY, RTV_KEY = "Alt+P", "Alt+E", "Alt+I", "Alt+V"
# Smaller than the window's page tabs, so the two rows of tabs are not mistaken for each other.
SECTION_TABS_STYLE = "QTabBar::tab { font-size: 13pt; padding: 6px 20px; min-width: 110px; }"


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


class SupervisorPage(StationPage):
    title = str(QT_TRANSLATE_NOOP("SupervisorPage", "Supervisor"))  # the tab shows page.tr(page.title)

    def __init__(
        self,
        receiving: ReceivingService,
        reports: ReportService,
        imports: RmaImportService,
        printing: PrintService,
        settings: Settings,
        holds: HoldService,
        quarantine: QuarantineService,
        concerns: ConcernService,
        discrepancies: DiscrepancyService,
        pool: QThreadPool,
        parent: QWidget | None = None,
        *,
        rtv: RtvService | None = None,
    ) -> None:
        """``settings``: where reports go (report_dir, report_path); ``printing``: the Labels section;
        ``rtv``: the return-to-vendor lists (no button without it)."""
        super().__init__(pool, parent)
        self.rtv = rtv
        self.receiving = receiving
        self.holds = holds
        self.reports = reports
        self.imports = imports
        self.settings = settings
        self.busy = 0  # background tasks still running
        self.last_output: Path | None = None
        self.last_import: ImportReport | None = None
        self.problems_dialog: ProblemsDialog | None = None

        today = date.today()
        self.from_edit = QDateEdit(_qdate(today - timedelta(days=DEFAULT_DAYS)))
        self.to_edit = QDateEdit(_qdate(today))
        for edit in (self.from_edit, self.to_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setMinimumWidth(170)
        self.pdf_button = QPushButton(self.tr("Disposition summary (PDF)   {key}").format(key=PDF_KEY))
        self.csv_button = QPushButton(self.tr("Export CSV   {key}").format(key=CSV_KEY))
        self.import_button = QPushButton(self.tr("Import RMAs (CSV)…   {key}").format(key=IMPORT_KEY))
        self.rtv_button = QPushButton(self.tr("Return-to-vendor lists (PDF)   {key}").format(key=RTV_KEY))
        self.rtv_button.setVisible(rtv is not None)
        self.rtv_button.clicked.connect(self.write_rtv_lists)
        for button in (self.pdf_button, self.csv_button, self.import_button):
            button.setProperty("primary", True)
        self.pdf_button.clicked.connect(self.write_summary_pdf)
        self.csv_button.clicked.connect(self.write_records_csv)
        self.import_button.clicked.connect(self._choose_import_file)
        self.output_label = QLabel(
            self.tr("Reports are saved in {folder}").format(folder=settings.report_dir)
        )
        self.output_label.setWordWrap(True)
        self.output_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.output_label.setStyleSheet("font-size: 14pt;")
        self.open_folder_button = QPushButton(self.tr("Open folder"))
        self.open_folder_button.setEnabled(False)
        self.open_folder_button.clicked.connect(self.open_output_folder)
        # Keyboard only: Tab from the scan field walks the dates and these buttons, Enter presses the
        # one framed; Alt+P, Alt+E, Alt+I press theirs from anywhere on the tab.
        reachable_by_tab(
            self.pdf_button, self.csv_button, self.rtv_button, self.open_folder_button, self.import_button
        )
        for first, second in zip(
            (self.from_edit, self.to_edit, self.pdf_button, self.csv_button, self.rtv_button,
             self.open_folder_button),
            (self.to_edit, self.pdf_button, self.csv_button, self.rtv_button, self.open_folder_button,
             self.import_button),
            strict=True,
        ):
            QWidget.setTabOrder(first, second)
        for key, button in (
            (PDF_KEY, self.pdf_button),
            (CSV_KEY, self.csv_button),
            (IMPORT_KEY, self.import_button),
            (RTV_KEY, self.rtv_button),
        ):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(button.animateClick)

        reports_box = QGroupBox(self.tr("Reports"))
        grid = QGridLayout(reports_box)
        grid.addWidget(QLabel(self.tr("From")), 0, 0)
        grid.addWidget(self.from_edit, 0, 1)
        grid.addWidget(QLabel(self.tr("To")), 0, 2)
        grid.addWidget(self.to_edit, 0, 3)
        grid.setColumnStretch(4, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.pdf_button)
        actions.addWidget(self.csv_button)
        actions.addWidget(self.rtv_button)
        actions.addStretch(1)
        grid.addLayout(actions, 1, 0, 1, 5)
        out_row = QHBoxLayout()
        out_row.addWidget(self.output_label, 1)
        out_row.addWidget(self.open_folder_button)
        grid.addLayout(out_row, 2, 0, 1, 5)

        self.import_label = QLabel(
            self.tr("RMAs come from the order system's CSV export (all or nothing per file).")
        )
        self.import_label.setWordWrap(True)
        self.import_label.setStyleSheet("font-size: 14pt;")
        imports_box = QGroupBox(self.tr("RMA import"))
        import_row = QHBoxLayout(imports_box)
        import_row.addWidget(self.import_button)
        import_row.addWidget(self.import_label, 1)

        self.hold_title = QLabel(self.tr("Hold shelf"))
        self.hold_title.setProperty("role", "title")
        no_rma = self.tr("no RMA")
        self.hold_model: RowsModel[HoldView] = RowsModel(
            [
                Column(self.tr("Hold #"), lambda p: p.ref, RIGHT),
                Column(self.tr("Code scanned"), lambda p: p.scanned_code),
                Column(self.tr("RMA"), lambda p: p.rma_number or no_rma),
                Column(self.tr("Customer"), lambda p: p.customer or ""),
            ]
        )
        self.hold_view = QTableView()
        self.hold_view.setModel(self.hold_model)
        self.hold_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.hold_view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.hold_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.hold_view.verticalHeader().setVisible(False)
        self.hold_view.verticalHeader().setDefaultSectionSize(38)
        hh = self.hold_view.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

        self.kpi_panel = KpiPanel(reports, pool)

        # The page scrolls rather than forcing a taller window on a 1024x768 bench screen.
        content = QWidget()
        scroll = QScrollArea()
        scroll.setWidget(content)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.label_history = LabelHistoryPanel(printing, pool)
        self.label_history.feedback.connect(self.feedback.emit)
        self.label_history.refocus.connect(self.refocus.emit)
        self.sections = QTabWidget()
        self.sections.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.sections.tabBar().setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.sections.setStyleSheet(SECTION_TABS_STYLE)
        self.sections.addTab(scroll, self.tr("Overview"))
        self.sections.addTab(self.label_history, self.tr("Labels"))
        # Exception work (issue #13): Alt+H, Q, N, D open the desks; they take the scan field's input.
        self.hold_desk = HoldWorkbench(holds, pool)
        self.quarantine_desk = QuarantineQueue(quarantine, pool)
        self.concern_desk = ConcernDesk(concerns, pool)
        self.discrepancy_desk = DiscrepancyDesk(discrepancies, pool)
        self.desks: tuple[ExceptionDesk, ...] = (
            self.hold_desk,
            self.quarantine_desk,
            self.concern_desk,
            self.discrepancy_desk,
        )
        for desk, name, key in (
            (self.hold_desk, self.tr("Hold shelf"), "Alt+H"),
            (self.quarantine_desk, self.tr("Quarantine"), "Alt+Q"),
            (self.concern_desk, self.tr("Concerns"), "Alt+N"),
            (self.discrepancy_desk, self.tr("Discrepancies"), "Alt+D"),
        ):
            desk.feedback.connect(self.feedback.emit)
            desk.refocus.connect(self.refocus.emit)
            self.sections.addTab(desk, f"{name}   {key}")
            shortcut = QShortcut(QKeySequence(key), self, context=Qt.ShortcutContext.ApplicationShortcut)
            shortcut.activated.connect(lambda d=desk: self.open_desk(d))
        outer.addWidget(self.sections)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(10)
        layout.addWidget(self.kpi_panel)
        layout.addWidget(reports_box)
        layout.addWidget(imports_box)
        layout.addWidget(self.hold_title)
        layout.addWidget(self.hold_view, 1)

    # -- the page contract ------------------------------------------------------------------------
    def current_desk(self) -> ExceptionDesk | None:
        current = self.sections.currentWidget()
        return current if isinstance(current, ExceptionDesk) else None

    def open_desk(self, desk: ExceptionDesk) -> None:
        if self.isVisible():
            self.sections.setCurrentWidget(desk)
            desk.refresh()
            desk.take_hotkey("cancel")
            self.refocus.emit()

    def handle_hotkey(self, key: str) -> None:
        desk = self.current_desk()
        if desk is not None:
            desk.take_hotkey(key)

    def wants_digit_hotkeys(self) -> bool:
        desk = self.current_desk()
        return desk is not None and desk.wants_digits()

    def handle_scan(self, scan: Scan) -> None:
        desk = self.current_desk()
        if desk is not None:
            desk.take_scan(scan.text)
            return
        item_id = parse_item_code(scan.text)
        if item_id is None:
            self.say(
                Level.INFO,
                self.tr(
                    "This scan is not used on this tab: switch to Receive (F1) or Inspect (F2). "
                    "An item code (RSI-…) shows that item's labels here."
                ),
            )
            return
        code = item_code(item_id)
        self.sections.setCurrentWidget(self.label_history)
        self.label_history.show_item(code)
        labels_of = self.tr("Labels of {item}: the newest is selected; press Print again to reprint it.")
        self.say(Level.INFO, labels_of.format(item=code))

    def on_shown(self) -> None:
        self.kpi_panel.start()
        if not self._works_the_desks():
            return  # a clerk or inspector may look at this tab; the shelf and the desks are not theirs
        self.refresh_hold_queue()
        for desk in self.desks:
            desk.refresh()

    def _works_the_desks(self) -> bool:
        return self.receiving.ctx.may(Permission.HOLD_QUEUE)

    def idle_hint(self) -> str:
        if not self._works_the_desks():
            return self.tr(
                "Reports and labels are here. The hold shelf, quarantine, concerns and discrepancies "
                "are for supervisors: sign in as one to work them."
            )
        return self.tr(
            "Reports, RMA import, every label under Labels (scan an item code); "
            "Alt+H: the hold shelf, Alt+Q: quarantine, Alt+N: concerns, Alt+D: discrepancies."
        )

    def refresh_hold_queue(self) -> None:
        """Reads the shelf on the pool: the GUI thread never waits on the database."""
        run_in_background(self.pool, self, self.holds.shelf, self._hold_queue_loaded, self._hold_queue_failed)

    def _hold_queue_loaded(self, held: object) -> None:
        assert isinstance(held, list)
        self.hold_model.set_rows(held)  # parcels and items: the count every page shows
        self.hold_title.setText(self.tr("Hold shelf: %n waiting for a decision (Alt+H)", "", len(held)))

    def _hold_queue_failed(self, message: str) -> None:
        self.say(Level.ERROR, message)

    # -- reports ----------------------------------------------------------------------------------
    def period(self) -> tuple[date, date] | None:
        start, end = _pydate(self.from_edit.date()), _pydate(self.to_edit.date())
        if start > end:
            backwards = self.tr("The period starts ({start}) after it ends ({end}). Fix the dates.")
            self.say(Level.WARNING, backwards.format(start=start, end=end))
            return None
        return start, end

    def write_summary_pdf(self) -> None:
        period = self.period()
        if period is None:
            return
        start, end = period
        path = self.settings.report_path(f"dispositions_{start}_{end}.pdf")
        reports = self.reports
        writing = self.tr("Writing the disposition summary…")
        self._start(writing, lambda: reports.write_summary_pdf(start, end, path))

    def write_records_csv(self) -> None:
        period = self.period()
        if period is None:
            return
        start, end = period
        path = self.settings.report_path(f"dispositions_{start}_{end}.csv")
        reports = self.reports
        self._start(self.tr("Exporting the records…"), lambda: reports.write_records_csv(start, end, path))

    def write_rtv_lists(self) -> None:
        """One return-to-vendor list per vendor with items waiting, each a PDF in the reports folder."""
        rtv = self.rtv
        if rtv is None:
            return
        folder = self.settings.report_dir

        def make() -> list[RtvWritten] | RtvRefused:
            try:
                return rtv.make_lists(out_dir=folder)
            except RtvRefused as exc:
                return exc

        self._start(self.tr("Making the return-to-vendor lists…"), make, self._rtv_written)

    def _rtv_written(self, result: object) -> None:
        self._task_ended()
        if isinstance(result, RtvRefused):
            self.output_label.setText(str(result))
            self.say(Level.INFO, str(result))
            return
        assert isinstance(result, list)
        self.last_output = result[-1].path
        self.open_folder_button.setEnabled(True)
        lists = ", ".join(f"{w.rtv.number} {w.rtv.vendor_code} ({len(w.rtv.lines)})" for w in result)
        saved = self.tr("Return-to-vendor lists saved in the reports folder: {lists}").format(lists=lists)
        self.output_label.setText(saved)
        self.say(Level.SUCCESS, saved)

    def _start(
        self, doing: str, task: Callable[[], object], done: Callable[[object], None] | None = None
    ) -> None:
        self.busy += 1
        self._set_buttons_enabled(False)
        self.output_label.setText(doing)
        run_in_background(self.pool, self, task, done or self._report_written, self._report_failed)
        self.refocus.emit()

    def _report_written(self, result: object) -> None:
        self._task_ended()
        path = Path(str(result))
        self.last_output = path
        self.output_label.setText(self.tr("Saved: {path}").format(path=path))
        self.open_folder_button.setEnabled(True)
        self.say(Level.SUCCESS, self.tr("Saved {name} in the reports folder.").format(name=path.name))

    def _report_failed(self, message: str) -> None:
        self._task_ended()
        self.output_label.setText(self.tr("Not saved: {error}").format(error=message))
        self.say(Level.ERROR, self.tr("The report could not be written: {error}").format(error=message))

    def open_output_folder(self) -> None:
        folder = self.last_output.parent if self.last_output else self.settings.report_dir
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
        self.refocus.emit()

    # -- import -----------------------------------------------------------------------------------
    def _choose_import_file(self) -> None:
        start_dir = str(Path.home())
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import RMAs"), start_dir, self.tr("CSV files (*.csv *.txt)")
        )
        self.refocus.emit()
        if name:
            self.import_file(Path(name))

    def import_file(self, path: Path) -> None:
        self.busy += 1
        self._set_buttons_enabled(False)
        self.import_label.setText(self.tr("Importing {name}…").format(name=path.name))
        imports = self.imports
        task = lambda: imports.import_file(path)  # noqa: E731
        run_in_background(self.pool, self, task, self._imported, self._import_failed)

    def _imported(self, result: object) -> None:
        assert isinstance(result, ImportReport)
        self._task_ended()
        self.last_import = result
        if result.ok:
            self.import_label.setText(result.summary())
            self.say(Level.SUCCESS, result.summary())
            return
        first = result.summary().splitlines()[0]
        self.import_label.setText(first)
        self.say(Level.ERROR, first)
        head = self.tr(
            "Nothing was imported from {source}: %n problem(s). Fix the file and import it again.",
            "",
            len(result.errors),
        ).format(source=result.source)
        problems = (str(e) for e in result.errors)
        self.problems_dialog = ProblemsDialog(self.tr("RMA import refused"), head, problems, self)
        self.problems_dialog.open()  # not exec(): the bench keeps running behind it

    def _import_failed(self, message: str) -> None:
        self._task_ended()
        self.import_label.setText(self.tr("Import failed: {error}").format(error=message))
        self.say(Level.ERROR, self.tr("The import failed: {error}").format(error=message))

    def _task_ended(self) -> None:
        self.busy -= 1
        if self.busy == 0:
            self._set_buttons_enabled(True)

    def _set_buttons_enabled(self, enabled: bool) -> None:
        for button in (self.pdf_button, self.csv_button, self.import_button, self.rtv_button):
            button.setEnabled(enabled)
