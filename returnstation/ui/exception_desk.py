"""The keyboard- and scanner-driven desk the hold shelf and the quarantine queue share.

A supervisor works an exception in four steps, each with the keys a bench already has (the scan field
takes everything; no mouse is needed):

1. **Pick** a row: scan its label (hold number, item code) or press Enter for the oldest.
2. **Choose** what happens with a number key (the choices are listed on the desk).
3. Some choices need a code first (a match needs the RMA): scan or type it and press Enter.
4. **Say why**: type the reason and press Enter; Enter again does it, Esc starts over.

The service call runs on the pool (ui/workers.py); the list is reloaded there too, never on the GUI
thread. A refusal (someone else was faster, no such RMA) is shown as the service words it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QThreadPool, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from returnstation.services.results import Feedback, Level
from returnstation.ui.i18n import ui_text
from returnstation.ui.table_models import Column, RowsModel
from returnstation.ui.workers import run_in_background

HOTKEY_CONFIRM, HOTKEY_CANCEL, HOTKEY_BACK = "confirm", "cancel", "back"


@dataclass(frozen=True, slots=True)
class Choice:
    key: str  # the number key
    label: str
    value: Any
    asks_code: str = ""  # a prompt for a code to scan before the reason ("" = none)


class ExceptionDesk(QWidget):
    feedback = Signal(object)  # Feedback for the banner
    refocus = Signal()

    def __init__(
        self,
        pool: QThreadPool,
        columns: Sequence[Column[Any]],
        choices: Sequence[Choice],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.pool = pool
        self.choices = {c.key: c for c in choices}
        self.busy = 0
        self.selected: Any = None
        self.choice: Choice | None = None
        self.code: str | None = None
        self.reason: str | None = None
        self.title_label = QLabel()
        self.title_label.setProperty("role", "title")
        self.prompt_label = QLabel()
        self.prompt_label.setWordWrap(True)
        self.prompt_label.setStyleSheet("font-size: 15pt;")
        self.model: RowsModel[Any] = RowsModel(columns)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(38)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(self.title_label)
        layout.addWidget(self.prompt_label)
        layout.addWidget(self.view, 1)
        self._prompt_pick()

    # -- what a desk defines ---------------------------------------------------------------------
    def load(self) -> list[Any]:
        """The rows (runs on the pool)."""
        raise NotImplementedError

    def title_for(self, rows: int) -> str:
        raise NotImplementedError

    def picks(self, row: Any, text: str) -> bool:
        """Whether a scanned or typed ``text`` names this row."""
        raise NotImplementedError

    def describe(self, row: Any) -> str:
        raise NotImplementedError

    def act(self, row: Any, choice: Choice, code: str | None, reason: str) -> str:
        """Do it (runs on the pool); the message for the banner."""
        raise NotImplementedError

    # -- input -----------------------------------------------------------------------------------
    def wants_digits(self) -> bool:
        return self.selected is not None and self.choice is None

    def refresh(self) -> None:
        self.busy += 1
        run_in_background(self.pool, self, self.load, self._loaded, self._load_failed)

    def take_scan(self, text: str) -> None:
        text = text.strip()
        row = next((r for r in self.model.rows() if self.picks(r, text)), None)
        if row is not None and (self.choice is None or self.reason is not None):
            self._pick(row)
        elif self.selected is None:
            self._say(
                Level.WARNING,
                self.tr("Nothing here is {code}. Scan a label from the list.").format(code=text),
            )
        elif self.choice is None:
            self._prompt_choose()
        elif self.choice.asks_code and self.code is None:
            self.code = text
            self._prompt_reason()
        elif text:
            self.reason = text
            self._prompt_confirm()

    def take_hotkey(self, key: str) -> None:
        if key in (HOTKEY_CANCEL, HOTKEY_BACK):
            self._reset()
            self._prompt_pick()
        elif key == HOTKEY_CONFIRM:
            if self.selected is None:
                rows = self.model.rows()
                if rows:
                    self._pick(rows[0])
                else:
                    self._say(Level.INFO, self.tr("Nothing is waiting here."))
            elif self.choice is not None and self.reason is not None:
                self._run()
            else:
                self._say(Level.INFO, self.prompt_label.text())
        elif self.selected is not None and key in self.choices:
            self.choice = self.choices[key]
            if self.choice.asks_code:
                self._say(Level.INFO, self.choice.asks_code)
                self.prompt_label.setText(self.choice.asks_code)
            else:
                self._prompt_reason()

    # -- steps -----------------------------------------------------------------------------------
    def _pick(self, row: Any) -> None:
        self._reset()
        self.selected = row
        index = self.model.rows().index(row)
        self.view.selectRow(index)
        self._prompt_choose()

    def _reset(self) -> None:
        self.selected, self.choice, self.code, self.reason = None, None, None, None
        self.view.clearSelection()

    def _prompt_pick(self) -> None:
        self.prompt_label.setText(self.tr("Scan a label from the list, or press Enter for the oldest."))

    def _prompt_choose(self) -> None:
        keys = "   ".join(f"{c.key} {c.label}" for c in self.choices.values())
        text = f"{self.describe(self.selected)}\n{keys}"
        self.prompt_label.setText(text)
        self._say(Level.INFO, text)

    def _prompt_reason(self) -> None:
        assert self.choice is not None
        text = self.tr("{choice}: type the reason and press Enter (Esc starts over).").format(
            choice=self.choice.label
        )
        self.prompt_label.setText(text)
        self._say(Level.INFO, text)

    def _prompt_confirm(self) -> None:
        assert self.choice is not None
        text = self.tr("{choice}: “{reason}”. Press Enter to do it, Esc to start over.").format(
            choice=self.choice.label, reason=self.reason
        )
        self.prompt_label.setText(text)
        self._say(Level.INFO, text)

    def _run(self) -> None:
        row, choice, code, reason = self.selected, self.choice, self.code, self.reason
        assert choice is not None and reason is not None
        self._reset()
        self.busy += 1
        self.prompt_label.setText(self.tr("Working…"))
        run_in_background(
            self.pool, self, lambda: self.act(row, choice, code, reason), self._done, self._failed
        )

    def _done(self, result: object) -> None:
        self.busy -= 1
        self._say(Level.SUCCESS, ui_text(result))
        self._prompt_pick()
        self.refresh()

    def _loaded(self, rows: object) -> None:
        self.busy -= 1
        assert isinstance(rows, list)
        self.model.set_rows(rows)
        self.title_label.setText(self.title_for(len(rows)))

    def _load_failed(self, message: str) -> None:
        self.busy -= 1
        self._say(Level.ERROR, message)

    def _failed(self, message: str) -> None:
        self.busy -= 1
        self._say(Level.ERROR, message)
        self._prompt_pick()
        self.refresh()

    def _say(self, level: Level, message: str) -> None:
        self.feedback.emit(Feedback(level, message))
