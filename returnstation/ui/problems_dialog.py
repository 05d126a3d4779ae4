"""The list of problems behind a refused file (a rules file, an RMA import), selectable to copy.

One dialog for every "nothing was taken, here is why" case: the page that refused the file writes the
title and the headline in its own words (and translation context), the dialog only shows them with the
problems one per line in a monospace box, so they can be copied into a ticket or a fix.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from returnstation.ui.bench_dialog import BenchDialog


class ProblemsDialog(BenchDialog):
    def __init__(self, title: str, head: str, problems: Iterable[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(900, 460)
        label = QLabel(head)
        label.setWordWrap(True)
        label.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.text = QPlainTextEdit("\n".join(problems))
        self.text.setReadOnly(True)
        self.text.setStyleSheet("font-family: monospace; font-size: 12pt;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
