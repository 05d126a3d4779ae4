"""One application-wide key filter that catches wedge-scanner bursts wherever the focus is.

Why app-wide: the clerk may be in a date edit, a dialog or a table when a parcel is scanned; without
this the code lands in that widget (a changed report date, a dialog's default button pressed by the
scanner's Enter) instead of reaching the bench. Why a filter and not the scan field: QLineEdit drops
the GS character (Ctrl+]) that separates GS1 fields, so GS must be caught before any widget sees it.

How (the rules are in ``returnstation.scan.wedge``): every key press is fed to a ``WedgeDetector``
with the window system's timestamp. Synthetic events (tests, in-process automation) carry 0: they get
a monotonic clock, except that keys sent back to back with no event-loop turn between them count as
simultaneous, so a starved CPU cannot split a programmatic burst that nothing could interrupt.
The first keys of a burst reach the widget at once, later ones are held back; when the burst turns out
to be a scan the widget is put back as it was before the burst, held keys are dropped and ``scanned``
fires; when it was typing, held keys are replayed in order. A key event that a widget ignores is
delivered again to its parents, and an application filter sees each delivery: only the delivery to
the focus widget counts, so each physical key is handled once.

Per-station settings (QSettings, group ``station/<station>/scanner``; see README "Scanners"):
``wedge`` (true), ``max_gap_ms`` (40, 20-150), ``min_length`` (4), ``idle_timeout_ms`` (150),
``terminators`` ("enter,lf,tab"; "none" for idle only), ``accept_without_terminator`` (true),
``prefix`` / ``suffix`` ("STX", "ETX", "\\x02", a character; empty), ``gs_substitute`` (an extra
stand-in for GS), ``hiccup_ms`` (empty: twice the gap), declared in returnstation/settings_schema.py
and read by ui/station_prefs.py. A bad value is logged and its default used: a typo must not stop the
bench.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import (
    QAbstractEventDispatcher,
    QCoreApplication,
    QEvent,
    QObject,
    QPersistentModelIndex,
    QSettings,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDateTimeEdit,
    QDoubleSpinBox,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTextEdit,
    QWidget,
)

from returnstation.scan.normalize import GS
from returnstation.scan.wedge import (
    ENTER,
    LINE_FEED,
    OTHER_KEY,
    TAB,
    TERMINATOR_KEYS,
    KeyAction,
    LayoutMismatch,
    Outcome,
    ReleaseHeld,
    ScanDetected,
    WedgeConfig,
    WedgeDetector,
)
from returnstation.settings_schema import UiValues
from returnstation.ui.station_prefs import read_scanner_prefs

log = logging.getLogger(__name__)

K = Qt.Key
_MODIFIER_KEYS = frozenset(
    {
        K.Key_Shift,
        K.Key_Control,
        K.Key_Alt,
        K.Key_AltGr,
        K.Key_Meta,
        K.Key_Super_L,
        K.Key_Super_R,
        K.Key_CapsLock,
        K.Key_NumLock,
        K.Key_ScrollLock,
        K.Key_Hyper_L,
        K.Key_Hyper_R,
    }
)
# Ctrl+<key> -> the control character a terminal would send; scanners use these for GS, RS, EOT, STX...
_CTRL_PUNCTUATION = {
    K.Key_BracketLeft: "\x1b",
    K.Key_Backslash: "\x1c",
    K.Key_BracketRight: GS,
    K.Key_AsciiCircum: "\x1e",
    K.Key_Underscore: "\x1f",
}
_DATA_CONTROLS = frozenset({GS, "\x1e", "\x04"})  # GS, RS, EOT: inside ISO/IEC 15434 and GS1 data
_TERMINATOR_NAMES = {
    "enter": (ENTER,),
    "cr": (ENTER,),
    "lf": (LINE_FEED,),
    "tab": (TAB,),
    "crlf": (ENTER, LINE_FEED),
}


# -- key events -> detector keys -----------------------------------------------------------------------


def detector_key(event: QKeyEvent, framing: str = "") -> str | None:
    """The detector's key for a key press; None for a modifier alone (the scanner's Shift for capitals
    must not break a burst). ``framing`` holds the configured prefix/suffix characters."""
    key = event.key()
    if key in _MODIFIER_KEYS:
        return None
    if event.isAutoRepeat():
        return OTHER_KEY  # a held-down key repeats at scanner speed: never data
    if key in (K.Key_Return, K.Key_Enter):
        return ENTER
    if key == K.Key_Tab:
        return TAB
    text = event.text()
    mods = event.modifiers()
    ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
    alt = bool(mods & Qt.KeyboardModifier.AltModifier)
    if alt and not text and mods & Qt.KeyboardModifier.KeypadModifier and K.Key_0 <= key <= K.Key_9:
        return None  # the digits of Alt+0029 (Windows): only the character they compose counts
    if ctrl and not alt:
        control = _control_character(key, text)
        if control in (LINE_FEED, ENTER, TAB):  # Ctrl+J, Ctrl+M, Ctrl+I
            return control
        if control is not None and (control in _DATA_CONTROLS or control in framing):
            return control
        return OTHER_KEY  # Ctrl+C and friends are commands, not data
    if len(text) != 1:
        return OTHER_KEY
    if text == LINE_FEED:
        return LINE_FEED
    if text in _DATA_CONTROLS or (text in framing and text):
        return text
    if not text.isprintable():
        return OTHER_KEY
    if alt and not ctrl:
        return OTHER_KEY  # Alt+letter is a menu accelerator (AltGr on Windows is Ctrl+Alt: data)
    return text


def _control_character(key: int, text: str) -> str | None:
    if len(text) == 1 and ord(text) < 32:
        return text
    if K.Key_A <= key <= K.Key_Z:
        return chr(key - K.Key_A + 1)
    return _CTRL_PUNCTUATION.get(K(key)) if key in _CTRL_PUNCTUATION else None


# -- taking back what a scan typed into a widget -------------------------------------------------------


def take_snapshot(widget: QObject) -> Callable[[], None] | None:
    """A function that puts ``widget`` back as it is now, for the widgets keys can change; else None.

    Why a snapshot rather than N Backspaces: date edits, spin boxes, validators and the scan field's
    digit hold do not turn N keys into N characters.
    """
    if isinstance(widget, QLineEdit):
        return _line_edit_snapshot(widget)
    if isinstance(widget, QAbstractSpinBox):
        return _spin_box_snapshot(widget)
    if isinstance(widget, QPlainTextEdit):
        plain, plain_pos = widget.toPlainText(), widget.textCursor().position()
        return lambda: _restore_plain(widget, plain, plain_pos)
    if isinstance(widget, QTextEdit):
        html, text_pos = widget.toHtml(), widget.textCursor().position()
        return lambda: _restore_rich(widget, html, text_pos)
    if isinstance(widget, QComboBox):
        index = widget.currentIndex()
        edit = widget.lineEdit()
        restore_edit = _line_edit_snapshot(edit) if edit is not None else None

        def restore_combo() -> None:
            widget.setCurrentIndex(index)
            if restore_edit is not None:
                restore_edit()

        return restore_combo
    if isinstance(widget, QAbstractItemView):
        model = widget.selectionModel()
        current = QPersistentModelIndex(widget.currentIndex())
        selection = model.selection() if model is not None else None

        def restore_view() -> None:
            if model is None:
                return
            if current.isValid():
                index = widget.model().index(current.row(), current.column(), current.parent())
                model.setCurrentIndex(index, model.SelectionFlag.NoUpdate)
            if selection is not None:
                model.select(selection, model.SelectionFlag.ClearAndSelect)

        return restore_view
    return None


def _line_edit_snapshot(edit: QLineEdit) -> Callable[[], None]:
    text, position = edit.text(), edit.cursorPosition()

    def restore() -> None:
        if edit.text() != text:
            edit.setText(text)
        edit.setCursorPosition(position)

    return restore


def _spin_box_snapshot(box: QAbstractSpinBox) -> Callable[[], None]:
    edit = box.findChild(QLineEdit)
    restore_edit = _line_edit_snapshot(edit) if edit is not None else None
    if isinstance(box, QDateTimeEdit):
        moment = box.dateTime()

        def restore_value() -> None:
            box.setDateTime(moment)
    elif isinstance(box, QSpinBox | QDoubleSpinBox):
        number = box.value()

        def restore_value() -> None:
            box.setValue(number)  # type: ignore[arg-type]
    else:

        def restore_value() -> None:
            pass

    def restore() -> None:
        restore_value()
        if restore_edit is not None:
            restore_edit()

    return restore


def _restore_plain(widget: QPlainTextEdit, text: str, position: int) -> None:
    if widget.toPlainText() != text:
        widget.setPlainText(text)
    cursor = widget.textCursor()
    cursor.setPosition(min(position, len(text)))
    widget.setTextCursor(cursor)


def _restore_rich(widget: QTextEdit, html: str, position: int) -> None:
    widget.setHtml(html)
    cursor = widget.textCursor()
    cursor.setPosition(min(position, len(widget.toPlainText())))
    widget.setTextCursor(cursor)


# -- the filter ----------------------------------------------------------------------------------------


def _monotonic_ms() -> float:
    return time.monotonic_ns() / 1_000_000


class WedgeFilter(QObject):
    """Install once on the QApplication; connect ``scanned`` to the bench's scan handler.

    ``owner`` (the station window) must be visible for the filter to act, so a closed window's filter
    that Qt has not yet deleted does nothing. ``clock`` (ms) is used for events without a timestamp.
    """

    scanned = Signal(object)  # Scan
    layout_mismatch = Signal(str)  # what to tell the clerk

    def __init__(
        self,
        config: WedgeConfig | None = None,
        owner: QWidget | None = None,
        clock: Callable[[], float] = _monotonic_ms,
    ) -> None:
        super().__init__(owner)
        self.detector = WedgeDetector(config)
        self._owner = owner
        self._clock = clock
        self._framing = self.detector.config.prefix + self.detector.config.suffix
        self._held: list[tuple[QObject, QKeyEvent]] = []
        self._restore: Callable[[], None] | None = None
        self._replaying = False
        self._installed = False
        self._last_event_t = 0.0  # detector time of the last key
        self._last_clock_t = 0.0  # our clock when it arrived, to tell the detector "now" later
        self._loop_turns = 0  # event-loop wake-ups so far
        self._synthetic: tuple[int, float] | None = None  # (loop turn, time) of the last synthetic key
        dispatcher = QAbstractEventDispatcher.instance()
        if dispatcher is not None:
            dispatcher.awake.connect(self._loop_turned)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._poll)

    @property
    def config(self) -> WedgeConfig:
        return self.detector.config

    def install(self) -> None:
        app = QCoreApplication.instance()
        if app is not None and not self._installed:
            app.installEventFilter(self)
            self._installed = True

    def remove(self) -> None:
        app = QCoreApplication.instance()
        if app is not None and self._installed:
            app.removeEventFilter(self)
            self._installed = False
        self._timer.stop()
        self._apply(self.detector.reset())

    # -- Qt -------------------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or self._replaying or not isinstance(event, QKeyEvent):
            return False
        if self._owner is not None and not self._owner.isVisible():
            return False
        if not _first_delivery(watched):
            return False
        key = detector_key(event, self._framing)
        if key is None:
            return False
        t = self._event_time(event)
        step = self.detector.feed(key, t)
        self._apply(step.outcomes)
        if step.starts_burst:
            self._restore = take_snapshot(watched)
        self._schedule()
        if step.action is KeyAction.PASS:
            return False
        if step.action is KeyAction.HOLD:
            self._held.append((watched, event.clone()))
        return True

    def _loop_turned(self) -> None:
        self._loop_turns += 1

    def _event_time(self, event: QKeyEvent) -> float:
        now = self._clock()
        stamp = event.timestamp()
        if stamp:
            t = float(stamp)
        elif self._synthetic is not None and self._synthetic[0] == self._loop_turns:
            t = self._synthetic[1]  # sent in the same breath as the previous synthetic key
        else:
            t = now
        if not stamp:
            self._synthetic = (self._loop_turns, t)
        self._last_event_t, self._last_clock_t = t, now
        return t

    def _schedule(self) -> None:
        deadline = self.detector.deadline()
        if deadline is None:
            self._timer.stop()
            return
        now = self._last_event_t + (self._clock() - self._last_clock_t)
        self._timer.start(max(0, int(deadline - now) + 1))

    def _poll(self) -> None:
        now = self._last_event_t + (self._clock() - self._last_clock_t)
        self._apply(self.detector.poll(now))
        self._schedule()

    # -- outcomes -------------------------------------------------------------------------------------
    def _apply(self, outcomes: tuple[Outcome, ...]) -> None:
        for outcome in outcomes:
            if isinstance(outcome, ReleaseHeld):
                self._replay(outcome.count)
            elif isinstance(outcome, ScanDetected):
                self._withdraw()
                self.scanned.emit(outcome.scan)
            elif isinstance(outcome, LayoutMismatch):
                self._withdraw()
                log.warning("scanner keyboard layout mismatch (%s): %r", outcome.layout, outcome.text[:80])
                mismatch = self.tr(
                    "The scanner's keyboard layout does not match this PC's: set the scanner to {layout} "
                    "or switch to serial mode"
                )
                self.layout_mismatch.emit(
                    mismatch.format(layout=outcome.layout)
                )  # = outcome.message in English

    def _withdraw(self) -> None:
        self._held.clear()
        restore, self._restore = self._restore, None
        if restore is None:
            return
        try:
            restore()
        except RuntimeError:  # the widget was deleted meanwhile: nothing left to clean
            log.debug("widget gone before its scan keys could be withdrawn")

    def _replay(self, count: int) -> None:
        batch, self._held = self._held[:count], self._held[count:]
        self._replaying = True
        try:
            for receiver, event in batch:
                if shiboken6.isValid(receiver):
                    QCoreApplication.sendEvent(receiver, event)
        finally:
            self._replaying = False


def _first_delivery(watched: QObject) -> bool:
    """True for the delivery of a key to the focus widget, False for the copies its parents get."""
    focus = QApplication.focusWidget()
    if focus is not None:
        return watched is focus
    return isinstance(watched, QWidget) and watched.isWindow()


# -- settings ------------------------------------------------------------------------------------------


def load_wedge_config(settings: QSettings, group: str) -> WedgeConfig | None:
    """The station's wedge settings from ``<group>/scanner``; None when the wedge filter is switched off.
    Bad values are logged and replaced by their defaults (ui/station_prefs.py)."""
    return wedge_config(read_scanner_prefs(settings, group))


def wedge_config(prefs: UiValues) -> WedgeConfig | None:
    """The detector's configuration from validated scanner values; None when ``wedge`` is off.

    Each value has passed its own check in the schema; a combination WedgeConfig refuses (an idle
    timeout shorter than the gap) is logged and the defaults are used."""
    if prefs["wedge"] is not True:
        return None
    defaults = WedgeConfig()
    extra_gs = prefs.text("gs_substitute")
    try:
        return WedgeConfig(
            max_gap_ms=prefs.number("max_gap_ms") or defaults.max_gap_ms,
            min_length=int(prefs.number("min_length") or defaults.min_length),
            idle_timeout_ms=prefs.number("idle_timeout_ms") or defaults.idle_timeout_ms,
            terminators=_terminator_keys(prefs["terminators"]),
            accept_without_terminator=prefs["accept_without_terminator"] is True,
            prefix=prefs.text("prefix"),
            suffix=prefs.text("suffix"),
            gs_substitutes=defaults.gs_substitutes + ((extra_gs,) if extra_gs else ()),
            hiccup_ms=prefs.number("hiccup_ms") or None,  # empty or 0: twice the gap
        )
    except ValueError as exc:
        log.warning("scanner settings ignored, using the defaults: %s", exc)
        return defaults


def _terminator_keys(names: object) -> tuple[str, ...]:
    """Terminator names (validated by the schema: enter, cr, lf, tab, crlf) as detector keys, in order."""
    chosen: set[str] = set()
    for name in names if isinstance(names, tuple) else ():
        chosen.update(_TERMINATOR_NAMES[str(name)])
    return tuple(t for t in TERMINATOR_KEYS if t in chosen)
