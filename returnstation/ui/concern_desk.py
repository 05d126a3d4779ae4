"""Open concerns (Supervisor tab): a supervisor clears or confirms each with a finding, from the keyboard
or the scanner (ui/exception_desk.py). Deciding the last thing an RMA waited for lets its credit go.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QWidget

from returnstation.domain.enums import ConcernStatus
from returnstation.services.concerns import ConcernService, ConcernView
from returnstation.ui.exception_desk import Choice, ExceptionDesk
from returnstation.ui.i18n import ui_text
from returnstation.ui.table_models import RIGHT, Column


class ConcernDesk(ExceptionDesk):
    def __init__(self, concerns: ConcernService, pool: QThreadPool, parent: QWidget | None = None) -> None:
        self.concerns = concerns
        columns: list[Column[Any]] = [
            Column(self.tr("Concern"), lambda v: f"#{v.concern_id}", RIGHT),
            Column(self.tr("Raised"), lambda v: f"{v.raised_at:%Y-%m-%d %H:%M} · {v.raised_by}"),
            Column(self.tr("RMA"), lambda v: v.rma_number or ""),
            Column(self.tr("Item"), lambda v: v.item_code or f"#{v.parcel_id}"),
            Column(self.tr("Reason"), lambda v: ui_text(v.reason)),
            Column(self.tr("Note"), lambda v: v.note),
        ]
        choices = [
            Choice("1", self.tr("Clear (unfounded)"), "clear"),
            Choice("2", self.tr("Confirm"), "confirm"),
        ]
        super().__init__(pool, columns, choices, parent)

    def load(self) -> list[Any]:
        return list(self.concerns.open_concerns())

    def title_for(self, rows: int) -> str:
        return self.tr("Concerns: %n open", "", rows)

    def picks(self, row: Any, text: str) -> bool:
        assert isinstance(row, ConcernView)
        t = text.upper()
        return t in (f"#{row.concern_id}", row.item_code, row.rma_number)

    def describe(self, row: Any) -> str:
        assert isinstance(row, ConcernView)
        return self.tr("Concern #{id} on {what}: {reason}. {note}").format(
            id=row.concern_id,
            what=row.item_code or row.rma_number or f"#{row.parcel_id}",
            reason=row.reason,
            note=row.note,
        )

    def act(self, row: Any, choice: Choice, code: str | None, reason: str) -> str:
        assert isinstance(row, ConcernView)
        done = (self.concerns.clear if choice.value == "clear" else self.concerns.confirm)(
            row.concern_id, reason
        )
        if done.status == ConcernStatus.CLEARED.value:
            said = self.tr("Concern #{id} cleared: {finding}")
        elif done.status == ConcernStatus.CONFIRMED.value:
            said = self.tr("Concern #{id} confirmed: {finding}")
        else:
            said = self.tr("Concern #{id} {status}: {finding}")
        return said.format(id=done.concern_id, status=done.status, finding=done.finding)
