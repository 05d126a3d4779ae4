"""Today's figures at a glance for the supervisor, refreshed in the background.

The numbers come from ReportService.kpis_today (the same definitions as the printed report), read on a
pool thread so a busy database never freezes the bench.
"""

from __future__ import annotations

from PySide6.QtCore import QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from returnstation.domain.enums import Disposition
from returnstation.reports.kpis import KpiSnapshot
from returnstation.services.reporting import ReportService
from returnstation.ui.i18n import ui_text
from returnstation.ui.workers import run_in_background

REFRESH_MS = 30_000


def _disposition_label(value: str) -> str:
    try:
        return ui_text(Disposition(value).label)
    except ValueError:
        return value


class KpiTile(QWidget):
    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.value = QLabel("–")
        self.value.setStyleSheet("font-size: 24pt; font-weight: bold;")
        self.caption = QLabel(caption)
        self.caption.setStyleSheet("font-size: 12pt; color: #444;")
        self.caption.setWordWrap(True)
        box = QVBoxLayout(self)
        box.setContentsMargins(10, 6, 10, 6)
        box.addWidget(self.value)
        box.addWidget(self.caption)
        self.setStyleSheet("KpiTile { background: #eef2f7; border-top: 3px solid #2f6db5; }")

    def set_value(self, text: str, alert: bool = False) -> None:
        self.value.setText(text)
        self.value.setStyleSheet(
            "font-size: 24pt; font-weight: bold;" + (" color: #b00020;" if alert else "")
        )


class KpiPanel(QGroupBox):
    """Items today, what they became, cycle time, % recycled, and the work waiting (holds, failed labels)."""

    refreshed = Signal(object)  # KpiSnapshot, for tests and other listeners

    def __init__(self, reports: ReportService, pool: QThreadPool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Today"))
        self.reports = reports
        self.pool = pool
        self.snapshot: KpiSnapshot | None = None
        self._busy = False
        self.items = KpiTile(self.tr("items dispositioned"))
        self.cycle = KpiTile(self.tr("median hours, receipt to disposition"))
        self.recycled = KpiTile(self.tr("% recycled"))
        self.holds = KpiTile(self.tr("on the hold shelf"))
        self.labels = KpiTile(self.tr("labels waiting or failed"))
        self.mix = QLabel("")
        self.mix.setWordWrap(True)
        self.mix.setStyleSheet("font-size: 13pt;")
        self.status = QLabel("")
        self.status.setStyleSheet("font-size: 11pt; color: #555;")
        grid = QGridLayout(self)
        for col, tile in enumerate((self.items, self.cycle, self.recycled, self.holds, self.labels)):
            grid.addWidget(tile, 0, col)
        grid.addWidget(self.mix, 1, 0, 1, 4)
        grid.addWidget(self.status, 1, 4)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)

    def start(self) -> None:
        self.refresh()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def refresh(self) -> None:
        if self._busy:
            return
        self._busy = True
        run_in_background(self.pool, self, self.reports.kpis_today, self._show, self._failed)

    def _show(self, result: object) -> None:
        self._busy = False
        if not isinstance(result, KpiSnapshot):
            return
        k = result
        self.snapshot = k
        self.items.set_value(str(k.items))
        self.cycle.set_value(f"{k.median_cycle_hours:.1f}" if k.items else "–")
        self.recycled.set_value(f"{k.pct_recycled:.0f} %" if k.items else "–")
        self.holds.set_value(str(k.open_holds), alert=k.open_holds > 0)
        self.labels.set_value(f"{k.queued_labels} / {k.failed_labels}", alert=k.failed_labels > 0)
        mix = ", ".join(f"{_disposition_label(d)} {n}" for d, n in k.by_disposition)
        self.mix.setText(mix or self.tr("No dispositions yet today."))
        self.status.setText(self.tr("updated {time} UTC").format(time=f"{k.at:%H:%M:%S}"))
        self.refreshed.emit(k)

    def _failed(self, message: str) -> None:
        self._busy = False
        self.status.setText(self.tr("Could not refresh: {error}").format(error=message))
