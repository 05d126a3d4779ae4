"""Open discrepancies (Supervisor tab), oldest first: resolved or written off with a reason, from the
keyboard or the scanner (ui/exception_desk.py). Holds settle their own on the hold shelf.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QWidget

from returnstation.services.discrepancies import DiscrepancyService, DiscrepancyView
from returnstation.ui.exception_desk import Choice, ExceptionDesk
from returnstation.ui.i18n import ui_text
from returnstation.ui.table_models import RIGHT, Column


class DiscrepancyDesk(ExceptionDesk):
    def __init__(
        self, discrepancies: DiscrepancyService, pool: QThreadPool, parent: QWidget | None = None
    ) -> None:
        self.discrepancies = discrepancies
        columns: list[Column[Any]] = [
            Column(self.tr("#"), lambda v: str(v.discrepancy_id), RIGHT),
            Column(self.tr("Open for"), lambda v: ui_text(v.age), RIGHT),
            Column(self.tr("Kind"), lambda v: ui_text(v.label)),
            Column(self.tr("Code"), lambda v: v.scanned_code),
            Column(self.tr("Where"), lambda v: f"{v.station} · {v.user}"),
            Column(self.tr("Detail"), lambda v: ui_text(v.detail)),
        ]
        choices = [
            Choice("1", self.tr("Resolved"), "resolve"),
            Choice("2", self.tr("Write off"), "write_off"),
        ]
        super().__init__(pool, columns, choices, parent)

    def load(self) -> list[Any]:
        return list(self.discrepancies.open_by_age())

    def title_for(self, rows: int) -> str:
        return self.tr("Discrepancies: %n open, oldest first", "", rows)

    def picks(self, row: Any, text: str) -> bool:
        assert isinstance(row, DiscrepancyView)
        return text.lstrip("#") == str(row.discrepancy_id) or text.upper() == row.scanned_code.upper()

    def describe(self, row: Any) -> str:
        assert isinstance(row, DiscrepancyView)
        return self.tr("Discrepancy #{id}, open for {age}: {detail}").format(
            id=row.discrepancy_id, age=ui_text(row.age), detail=ui_text(row.detail)
        )

    def act(self, row: Any, choice: Choice, code: str | None, reason: str) -> str:
        assert isinstance(row, DiscrepancyView)
        if choice.value == "resolve":
            self.discrepancies.resolve(row.discrepancy_id, reason)
            return self.tr("Discrepancy #{id} resolved.").format(id=row.discrepancy_id)
        self.discrepancies.write_off(row.discrepancy_id, reason)
        return self.tr("Discrepancy #{id} written off.").format(id=row.discrepancy_id)
