"""The hold shelf workbench (Supervisor tab): every parcel and item on hold, oldest first, and the four
ways off the shelf, from the keyboard or the scanner (ui/exception_desk.py says how).

It is given the hold service only: what it shows and does is services/holds.py's.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QWidget

from returnstation.domain.enums import HoldAction
from returnstation.domain.holds import parse_hold_ref
from returnstation.services.holds import HoldService, HoldView
from returnstation.ui.exception_desk import Choice, ExceptionDesk
from returnstation.ui.i18n import ui_text
from returnstation.ui.table_models import RIGHT, Column


class HoldWorkbench(ExceptionDesk):
    def __init__(self, holds: HoldService, pool: QThreadPool, parent: QWidget | None = None) -> None:
        self.holds = holds
        no_rma = self.tr("no RMA")
        columns: list[Column[Any]] = [
            Column(self.tr("Hold"), lambda v: v.ref, RIGHT),
            Column(self.tr("Waiting"), lambda v: ui_text(v.age), RIGHT),
            Column(self.tr("Scanned"), lambda v: v.scanned_code),
            Column(self.tr("RMA"), lambda v: v.rma_number or no_rma),
            Column(self.tr("Customer"), lambda v: v.customer or ""),
            Column(self.tr("Held at"), lambda v: f"{v.station} · {v.user}"),
            Column(self.tr("Why"), lambda v: v.why),
        ]
        choices = [
            Choice(
                "1",
                self.tr("Match to an RMA"),
                HoldAction.MATCH,
                self.tr("Match: scan the RMA, order or tracking number, then press Enter."),
            ),
            Choice("2", self.tr("Accept without RMA"), HoldAction.ACCEPT),
            Choice("3", self.tr("Return to sender"), HoldAction.REFUSE),
            Choice("4", self.tr("Scrap"), HoldAction.SCRAP),
            Choice("5", self.tr("Recycle"), HoldAction.RECYCLE),
        ]
        super().__init__(pool, columns, choices, parent)

    def load(self) -> list[Any]:
        return list(self.holds.shelf())

    def title_for(self, rows: int) -> str:
        return self.tr("Hold shelf: %n waiting for a decision", "", rows)

    def picks(self, row: Any, text: str) -> bool:
        assert isinstance(row, HoldView)
        ref = parse_hold_ref(text)
        if ref is None:  # the box's own label
            return not row.is_item and text.upper() == row.scanned_code.upper()
        if ref.item_id is not None:
            return ref.item_id == row.item_id
        return not row.is_item and ref.parcel_id == row.parcel_id

    def describe(self, row: Any) -> str:
        assert isinstance(row, HoldView)
        return self.tr("Hold {ref}: {code}, waiting {age}. {why}").format(
            ref=row.ref, code=row.scanned_code, age=ui_text(row.age), why=ui_text(row.why)
        )

    def act(self, row: Any, choice: Choice, code: str | None, reason: str) -> str:
        assert isinstance(row, HoldView)
        return self.holds.resolve(row.ref, choice.value, reason, code).message
