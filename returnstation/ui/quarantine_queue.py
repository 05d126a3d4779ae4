"""The quarantine queue (Supervisor tab): items the rules sent to quarantine, with the rule, the answers
and the photo count, and the final disposition from the keyboard or the scanner (ui/exception_desk.py).

It is given the quarantine service only: the decision and all that follows it are services/quarantine.py's.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QWidget

from returnstation.domain.enums import Disposition
from returnstation.services.quarantine import QuarantineService, QuarantineView
from returnstation.ui.exception_desk import Choice, ExceptionDesk
from returnstation.ui.i18n import ui_text
from returnstation.ui.table_models import RIGHT, Column

FINAL = [d for d in Disposition if d is not Disposition.QUARANTINE]


class QuarantineQueue(ExceptionDesk):
    def __init__(
        self, quarantine: QuarantineService, pool: QThreadPool, parent: QWidget | None = None
    ) -> None:
        self.quarantine = quarantine
        columns: list[Column[Any]] = [
            Column(self.tr("Item"), lambda v: v.item_code),
            Column(self.tr("Waiting"), lambda v: ui_text(v.age), RIGHT),
            Column(self.tr("SKU"), lambda v: v.sku),
            Column(self.tr("RMA"), lambda v: v.rma_number),
            Column(self.tr("Grade"), lambda v: v.grade),
            Column(self.tr("Photos"), lambda v: str(v.photos), RIGHT),
            Column(self.tr("Rule"), lambda v: f"{v.rule_id}: {v.rule_reason}"),
        ]
        choices = [Choice(str(n), ui_text(d.label), d) for n, d in enumerate(FINAL, start=1)]
        super().__init__(pool, columns, choices, parent)

    def load(self) -> list[Any]:
        return list(self.quarantine.queue())

    def title_for(self, rows: int) -> str:
        return self.tr("Quarantine: %n item(s) waiting for a final disposition", "", rows)

    def picks(self, row: Any, text: str) -> bool:
        assert isinstance(row, QuarantineView)
        return text.upper() == row.item_code

    def describe(self, row: Any) -> str:
        assert isinstance(row, QuarantineView)
        answers = ", ".join(f"{k}: {v}" for k, v in row.answers)
        return self.tr(
            "{item} {sku} ({rma}), grade {grade}, {photos} photo(s). Rule {rule}: {why} [{answers}]"
        ).format(
            item=row.item_code,
            sku=row.sku,
            rma=row.rma_number,
            grade=row.grade,
            photos=row.photos,
            rule=row.rule_id,
            why=row.rule_reason,
            answers=answers,
        )

    def act(self, row: Any, choice: Choice, code: str | None, reason: str) -> str:
        assert isinstance(row, QuarantineView)
        return self.quarantine.release(row.item_id, choice.value, reason).message
