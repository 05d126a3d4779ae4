"""The concern flag at the Receive and Inspect tabs: the customer's history when a parcel or an item is
opened, and Alt+C to raise a concern (reason from data/concern_reasons.yaml, a note) on what is open.

Both are given the concern service only; every call runs on the pool (ui/workers.py). A page supplies
what a concern is about now (``target``: an item id or a parcel id, or None when nothing is open).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QThreadPool
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QVBoxLayout, QWidget

from returnstation.domain.text import is_ascii_digits
from returnstation.services.concerns import ConcernService, ConcernView, CustomerHistory
from returnstation.services.results import Feedback, Level
from returnstation.ui.bench_dialog import BenchDialog
from returnstation.ui.i18n import ui_text
from returnstation.ui.workers import run_in_background

CONCERN_KEY = "Alt+C"
Target = Callable[[], tuple[int | None, int | None] | None]  # (item_id, parcel_id)


class CustomerHistoryLabel(QLabel):
    """One line: returns in 12 months and concerns raised/confirmed; marked when any was confirmed."""

    def __init__(self, concerns: ConcernService, pool: QThreadPool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.concerns = concerns
        self.pool = pool
        self.history: CustomerHistory | None = None
        self.setWordWrap(True)
        self.setProperty("role", "hint")

    def show_for_customer(self, customer: str | None) -> None:
        self.clear()
        if customer:
            run_in_background(
                self.pool, self, lambda: self.concerns.history(customer), self._show, self._failed
            )

    def show_for_rma(self, rma_number: str) -> None:
        self.clear()
        run_in_background(
            self.pool, self, lambda: self.concerns.history_of_rma(rma_number), self._show, self._failed
        )

    def _show(self, result: object) -> None:
        self.history = result if isinstance(result, CustomerHistory) else None
        if self.history is None:
            return
        self.setText(ui_text(self.history.text()))
        flagged = self.history.concerns_confirmed > 0
        self.setStyleSheet("color: #a3161a; font-weight: bold;" if flagged else "")

    def _failed(self, message: str) -> None:
        self.setText(self.tr("Customer history not available: {error}").format(error=message))


class ConcernDialog(BenchDialog):
    """Pick a reason (number keys or arrows), add a note, Enter raises it."""

    def __init__(self, reasons: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Raise a concern"))
        self.codes = list(reasons)
        self.list = QListWidget()
        for n, code in enumerate(self.codes, start=1):
            self.list.addItem(f"{n}  {ui_text(reasons[code])}")
        self.list.setCurrentRow(0)
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("What you saw (optional), then Enter"))
        self.note.returnPressed.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Why do you suspect fraud or abuse? A supervisor decides.")))
        layout.addWidget(self.list)
        layout.addWidget(self.note)
        self.note.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        if is_ascii_digits(text) and 1 <= int(text) <= len(self.codes) and not self.note.text():
            self.list.setCurrentRow(int(text) - 1)
            return
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            step = -1 if event.key() == Qt.Key.Key_Up else 1
            self.list.setCurrentRow(max(0, min(len(self.codes) - 1, self.list.currentRow() + step)))
            return
        super().keyPressEvent(event)

    @property
    def reason_code(self) -> str:
        return self.codes[max(self.list.currentRow(), 0)]


class ConcernFlag(QObject):
    """Alt+C on ``page`` opens the dialog for what ``target`` names; the outcome goes to ``say``, and
    ``refocus`` gives the scan field back when the dialog closes."""

    def __init__(
        self,
        page: QWidget,
        concerns: ConcernService,
        pool: QThreadPool,
        target: Target,
        say: Callable[[Feedback], None],
        refocus: Callable[[], None],
    ) -> None:
        super().__init__(page)
        self.page = page
        self.concerns = concerns
        self.pool = pool
        self.target = target
        self.say = say
        self.refocus = refocus
        self.dialog: ConcernDialog | None = None
        self.shortcut = QShortcut(QKeySequence(CONCERN_KEY), page)
        self.shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.shortcut.activated.connect(self.open)

    def open(self) -> None:
        about = self.target()
        if about is None:
            self.say(Feedback(Level.INFO, self.tr("Open a parcel or an item first, then press Alt+C.")))
            return
        self.dialog = ConcernDialog(self.concerns.reasons, self.page)
        self.dialog.accepted.connect(lambda: self._raise(about))
        self.dialog.finished.connect(lambda _result: self.refocus())  # the scan field takes over again
        self.dialog.open()

    def _raise(self, about: tuple[int | None, int | None]) -> None:
        assert self.dialog is not None
        item_id, parcel_id = about
        code, note = self.dialog.reason_code, self.dialog.note.text()
        concerns = self.concerns

        def task() -> ConcernView:
            if item_id is not None:
                return concerns.raise_concern(code, note, item_id=item_id)
            return concerns.raise_concern(code, note, parcel_id=parcel_id)

        run_in_background(self.pool, self, task, self._raised, self._failed)

    def _raised(self, result: object) -> None:
        assert isinstance(result, ConcernView)
        text = self.tr("Concern #{id} raised ({reason}): a supervisor decides; the credit waits.")
        self.say(Feedback(Level.WARNING, text.format(id=result.concern_id, reason=ui_text(result.reason))))

    def _failed(self, message: str) -> None:
        self.say(Feedback(Level.ERROR, message))
