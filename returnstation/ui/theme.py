"""Colours, words and type sizes for a bench read from a metre away in a noisy hall.

Every feedback level has a colour AND a word ("OK", "CHECK", "STOP"), so nobody has to tell red from
green to know what happened. Contrast is at least WCAG AA for the text on each background.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QApplication

from returnstation.domain.enums import Disposition
from returnstation.services.results import Level

BASE_POINT_SIZE = 13
SCAN_POINT_SIZE = 26
BANNER_POINT_SIZE = 20
BANNER_WORD_POINT_SIZE = 26
TITLE_POINT_SIZE = 20
TABLE_POINT_SIZE = 14
# The status bar: eight items on one line at 1280 px, a signed-in supervisor's long name included (#14).
STATUS_POINT_SIZE = 11
RESULT_WORD_POINT_SIZE = 54
RESULT_DESTINATION_POINT_SIZE = 32

COMPLETE_ROW = QColor("#c9efcf")
JUST_SCANNED_ROW = QColor("#fff2a8")
CURRENT_CHECK = "#fff2a8"
MUTED_TEXT = "#4a4a4a"
# Where Enter goes when a button or a date has the keyboard (reached with Tab): a frame nobody misses,
# 5:1 against the white page (WCAG 1.4.11 asks 3:1) and unlike any level colour.
FOCUS_FRAME = "#c2410c"
PANEL_STYLE = "QFrame#{name} {{ background: #f4f6f9; border: 1px solid #c9d1db; border-radius: 8px; }}"


@dataclass(frozen=True, slots=True)
class LevelStyle:
    background: str
    foreground: str
    word: str  # the non-colour cue, in English (logs, tests); shown as `shown_word`
    symbol: str

    @property
    def shown_word(self) -> str:
        """The word in the station's language (ui/i18n.py)."""
        return QCoreApplication.translate("LevelStyle", self.word)


# The words are marked for lupdate here (str(): the marker is typed `object`) and translated where they
# are shown, through LevelStyle.shown_word.
LEVEL_STYLES: dict[Level, LevelStyle] = {
    Level.SUCCESS: LevelStyle("#1b7a36", "#ffffff", str(QT_TRANSLATE_NOOP("LevelStyle", "OK")), "✔"),
    Level.INFO: LevelStyle("#1d5ba6", "#ffffff", str(QT_TRANSLATE_NOOP("LevelStyle", "NOTE")), "ℹ"),
    Level.WARNING: LevelStyle("#f5b800", "#000000", str(QT_TRANSLATE_NOOP("LevelStyle", "CHECK")), "⚠"),
    Level.ERROR: LevelStyle("#c0221f", "#ffffff", str(QT_TRANSLATE_NOOP("LevelStyle", "STOP")), "✖"),
}

IDLE_STYLE = LevelStyle("#e6e6e6", "#1a1a1a", str(QT_TRANSLATE_NOOP("LevelStyle", "READY")), "▶")

# Dispositions get fixed colours so the inspector learns them; all carry white or black text at AA contrast.
DISPOSITION_COLOURS: dict[Disposition, tuple[str, str]] = {
    Disposition.RESTOCK: ("#1b7a36", "#ffffff"),
    Disposition.REFURBISH: ("#1d5ba6", "#ffffff"),
    Disposition.RECYCLE: ("#0f6e6e", "#ffffff"),
    Disposition.SCRAP: ("#3b3b3b", "#ffffff"),
    Disposition.RETURN_TO_CUSTOMER: ("#6a3d9a", "#ffffff"),
    Disposition.RETURN_TO_VENDOR: ("#6a3d9a", "#ffffff"),
    Disposition.DONATE: ("#8a4b08", "#ffffff"),
    Disposition.LIQUIDATE: ("#8a4b08", "#ffffff"),
    Disposition.QUARANTINE: ("#f5b800", "#000000"),
}


def font(point_size: int, bold: bool = False) -> QFont:
    f = QFont()
    f.setPointSize(point_size)
    f.setBold(bold)
    return f


# No font-size on QWidget here: a style sheet font beats setFont(), and the big labels need setFont.
STYLESHEET = f"""
QTabBar::tab {{ font-size: 16pt; font-weight: bold; padding: 10px 28px; min-width: 160px; }}
QTabBar::tab:selected {{ background: #1d5ba6; color: white; }}
QPushButton {{ padding: 8px 18px; }}
QPushButton[primary="true"] {{
    font-size: 16pt; font-weight: bold; background: #1d5ba6; color: white;
    border: 2px solid #123d70; border-radius: 6px; padding: 12px 24px;
}}
QPushButton[primary="true"]:disabled {{ background: #b8c4d2; color: #5a5a5a; border-color: #9aa6b4; }}
QPushButton:focus {{ border: 4px solid {FOCUS_FRAME}; border-radius: 6px; }}
QPushButton[primary="true"]:focus {{ border: 5px solid {FOCUS_FRAME}; }}
QPushButton[answer="true"] {{
    font-size: 14pt; border: 2px solid #7a7a7a; border-radius: 6px; padding: 8px 14px;
    background: #ffffff; color: #111111; text-align: left;
}}
QPushButton[answer="true"]:checked {{ background: #1d5ba6; color: white; border-color: #123d70; }}
QHeaderView::section {{ font-size: {TABLE_POINT_SIZE}pt; font-weight: bold; padding: 6px; }}
QTableView {{ font-size: {TABLE_POINT_SIZE}pt; gridline-color: #c8c8c8; }}
QTableView::item:selected {{ background: #1d5ba6; color: white; }}
QLabel[role="title"] {{ font-size: {TITLE_POINT_SIZE}pt; font-weight: bold; }}
QLabel[role="hint"] {{ font-size: 15pt; color: {MUTED_TEXT}; }}
QLabel[role="next"] {{
    font-size: 16pt; font-weight: bold; color: #123d70; background: #e4eefa;
    border-left: 8px solid #1d5ba6; padding: 8px 12px;
}}
QGroupBox {{ font-size: 15pt; font-weight: bold; margin-top: 14px; padding-top: 10px; }}
QGroupBox::title {{ subcontrol-origin: margin; left: 8px; padding: 0 4px; }}
QGroupBox QLabel, QGroupBox QDateEdit {{ font-weight: normal; }}
QDateEdit {{ font-size: 14pt; padding: 4px; }}
QDateEdit:focus {{ border: 3px solid {FOCUS_FRAME}; }}
QStatusBar QLabel {{ padding: 0 4px; color: #222222; font-size: {STATUS_POINT_SIZE}pt; }}
QStatusBar QPushButton {{ padding: 2px 8px; font-size: {STATUS_POINT_SIZE}pt; }}
"""


def apply_theme(app: QApplication) -> None:
    """Fusion everywhere, so the bench looks the same on Windows, macOS and Linux."""
    app.setStyle("Fusion")
    base = app.font()
    base.setPointSize(BASE_POINT_SIZE)
    app.setFont(base)
    app.setStyleSheet(STYLESHEET)
