"""The sign-in panel the window shows while nobody is signed in: scan the badge, type the PIN, Enter.

Why two fields and no button: a badge scanner types the code and Enter like a keyboard, so the first
field takes the scan and hands over to the PIN; the hands never leave the bench. The check (scrypt,
about 50 ms, longer once the database is remote) runs on the worker pool, so the window never freezes.
Every refusal shows the service's one sentence, whatever was wrong (see services/users.py).

A scan is always a badge, whichever field the cursor is in (the window's wedge filter hands every scan
to ``take_scan``): scanning the badge again after a wrong PIN starts over instead of counting a second
wrong PIN, and a parcel or product label says "sign in first" instead of becoming the badge
(services/users.py ``badge_in_scan``). The PIN is typed by a person.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QThreadPool, Signal
from PySide6.QtWidgets import QFrame, QLabel, QLineEdit, QVBoxLayout, QWidget

from returnstation.domain.roles import Role
from returnstation.domain.text import is_ascii_digits
from returnstation.services.results import Feedback, Level
from returnstation.services.users import PinRefused, UserService, UserView, badge_in_scan
from returnstation.ui.theme import LEVEL_STYLES, SCAN_POINT_SIZE, TITLE_POINT_SIZE, font
from returnstation.ui.workers import run_in_background

FIELD_STYLE = (
    "QLineEdit { border: 4px solid #1d5ba6; border-radius: 8px; padding: 4px 12px;"
    " background: #ffffff; color: #000000; }"
)
# English, as written; marked for lupdate (str(): the marker is typed `object`) and shown through tr().
NO_USERS = str(
    QT_TRANSLATE_NOOP(
        "LoginPanel",
        "Nobody can sign in yet: add a person on this PC with\n"
        "returnstation users add NAME --badge B --role inspector",
    )
)
PROMPT = str(
    QT_TRANSLATE_NOOP(
        "LoginPanel",
        "Scan your badge (or type its code and press Enter), then type your PIN and press Enter.",
    )
)
# The roles as the bench shows them; the stored values (and the CLI's --role) stay English.
ROLE_WORDS: dict[Role, str] = {
    Role.CLERK: str(QT_TRANSLATE_NOOP("LoginPanel", "clerk")),
    Role.INSPECTOR: str(QT_TRANSLATE_NOOP("LoginPanel", "inspector")),
    Role.SUPERVISOR: str(QT_TRANSLATE_NOOP("LoginPanel", "supervisor")),
    Role.ADMIN: str(QT_TRANSLATE_NOOP("LoginPanel", "admin")),
}


def role_word(role: Role) -> str:
    """The role in the station's language ("inspector" in English, its stored value)."""
    return QCoreApplication.translate("LoginPanel", ROLE_WORDS.get(role, role.value))


class LoginPanel(QFrame):
    """Emits ``signed_in(UserView)`` once the service accepted badge and PIN and the station acts for them."""

    signed_in = Signal(object)  # UserView
    feedback = Signal(object)  # Feedback: the window plays the matching sound

    def __init__(self, users: UserService, pool: QThreadPool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("loginPanel")
        self.users = users
        self.pool = pool
        self.busy = False
        self.title = QLabel(self.tr("Sign in"))
        self.title.setFont(font(TITLE_POINT_SIZE + 8, bold=True))
        self.badge_edit = QLineEdit()
        self.badge_edit.setPlaceholderText(self.tr("Badge"))
        self.badge_edit.setMaxLength(64)
        self.pin_edit = QLineEdit()
        self.pin_edit.setPlaceholderText(self.tr("PIN"))
        self.pin_edit.setMaxLength(12)
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        for edit in (self.badge_edit, self.pin_edit):
            edit.setFont(font(SCAN_POINT_SIZE, bold=True))
            edit.setMinimumHeight(58)
            edit.setMaximumWidth(560)
            edit.setStyleSheet(FIELD_STYLE)
        self.badge_edit.returnPressed.connect(self._badge_entered)
        self.pin_edit.returnPressed.connect(self.submit)
        self.message_label = QLabel(self.tr(PROMPT))
        self.message_label.setWordWrap(True)
        self.message_label.setFont(font(16, bold=True))
        self.message_label.setMinimumHeight(90)
        self.note_label = QLabel("")  # why the bench is locked (idle, signed out)
        self.note_label.setWordWrap(True)
        self.note_label.setProperty("role", "hint")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(60, 40, 60, 40)
        layout.setSpacing(16)
        layout.addStretch(1)
        for widget in (self.title, self.note_label, self.badge_edit, self.pin_edit, self.message_label):
            layout.addWidget(widget)
        layout.addStretch(2)
        self._say(None, self.tr(PROMPT))

    # -- what the window calls --------------------------------------------------------------------
    def reset(self, note: str = "") -> None:
        """Empty fields, the prompt (or a hint when nobody can sign in yet) and ``note`` above the fields."""
        self.badge_edit.clear()
        self.pin_edit.clear()
        self.note_label.setText(note)
        self.note_label.setVisible(bool(note))
        self._say(None, self.tr(PROMPT))
        self.focus_field()
        # Whether anyone can sign in is read on the pool; the hint follows when it is known. A failed
        # read keeps the prompt: a database outage is reported when someone tries to sign in.
        run_in_background(self.pool, self, self.users.anyone_can_sign_in, self._anyone_known, lambda _m: None)

    def _anyone_known(self, anyone: object) -> None:
        if not anyone and not self.badge_edit.text() and not self.pin_edit.text():
            self._say(Level.WARNING, self.tr(NO_USERS))

    def focus_field(self) -> None:
        """The badge field until a badge is in, then the PIN field."""
        (self.pin_edit if self.badge_edit.text().strip() else self.badge_edit).setFocus()

    def take_scan(self, text: str) -> None:
        """Any scan at the lock screen (wedge, serial, camera): a badge starts sign-in over with it,
        whatever field has the cursor; a work label is refused and the fields stay as they were."""
        if self.busy or not text.strip():
            return
        badge = badge_in_scan(text)
        if badge is None:
            self._sign_in_first(text)
            return
        self.badge_edit.setText(badge)
        self.pin_edit.clear()
        self._badge_entered()

    def submit(self) -> None:
        """Check badge and PIN on the worker pool; Enter in the PIN field."""
        if self.busy:
            return
        badge, pin = self.badge_edit.text().strip(), self.pin_edit.text().strip()
        if not badge:
            self._say(Level.WARNING, self.tr("Scan your badge first."))
            self.badge_edit.setFocus()
            return
        if not pin:
            self._say(Level.INFO, self.tr("Type your PIN, then press Enter."))
            self.pin_edit.setFocus()
            return
        if not is_ascii_digits(pin) and badge_in_scan(pin) is not None:
            self.take_scan(pin)  # a badge scanned into the PIN field with the wedge filter switched off
            return
        self.busy = True
        self._say(None, self.tr("Checking…"))
        users = self.users

        def check() -> object:
            try:
                return users.sign_in(badge, pin)
            except PinRefused as exc:
                return exc

        run_in_background(self.pool, self, check, self._checked, self._failed)

    # -- internals --------------------------------------------------------------------------------
    def _badge_entered(self) -> None:
        badge = "".join(ch for ch in self.badge_edit.text() if ch.isprintable()).strip()
        if badge and badge_in_scan(badge) is None:  # typed by hand, a parcel label is no badge either
            self.badge_edit.clear()
            self._sign_in_first(badge)
            return
        self.badge_edit.setText(badge)
        if badge:
            self._say(None, self.tr("Badge {badge}: type your PIN and press Enter.").format(badge=badge))
            self.pin_edit.setFocus()

    def _sign_in_first(self, code: str) -> None:
        shown = "".join(ch for ch in code if ch.isprintable()).strip()[:40]
        first = self.tr("Sign in first: {code} is not a badge. Scan your badge, then type your PIN.")
        self._say(Level.WARNING, first.format(code=shown))
        self.focus_field()

    def _checked(self, result: object) -> None:
        self.busy = False
        self.pin_edit.clear()
        if isinstance(result, UserView):
            self.badge_edit.clear()
            welcome = self.tr("Signed in: {name} ({role}).")
            self._say(Level.SUCCESS, welcome.format(name=result.name, role=role_word(result.role)))
            self.signed_in.emit(result)
            return
        self._say(Level.ERROR, str(result))
        self.pin_edit.setFocus()

    def _failed(self, message: str) -> None:
        self.busy = False
        self.pin_edit.clear()
        failed = self.tr("Sign-in failed: {error}. Try again, or tell a supervisor.")
        self._say(Level.ERROR, failed.format(error=message))
        self.pin_edit.setFocus()

    def _say(self, level: Level | None, text: str) -> None:
        """The message in colour and, like the banner, with its word (OK / CHECK / STOP)."""
        if level is None:
            self.message_label.setText(text)
            self.message_label.setStyleSheet("QLabel { color: #1a1a1a; padding: 8px; }")
            return
        style = LEVEL_STYLES[level]
        self.message_label.setText(f"{style.symbol} {style.shown_word}  {text}")
        self.message_label.setStyleSheet(
            f"QLabel {{ background: {style.background}; color: {style.foreground};"
            " border-radius: 6px; padding: 8px; }"
        )
        self.feedback.emit(Feedback(level, text))
