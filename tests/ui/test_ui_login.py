"""Signing in at the real window: badge and PIN at the sign-in panel, the idle lock, roles at work."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from returnstation.bootstrap import Station, open_station
from returnstation.domain.roles import PermissionRefused
from returnstation.domain.scan import Scan
from returnstation.services.results import Level
from returnstation.services.users import REFUSED
from returnstation.store.models import EventRow, InspectionRow
from returnstation.store.models_inspection import InspectionDraftRow
from returnstation.store.models_users import UserRow
from returnstation.ui.app import station_services
from returnstation.ui.main_window import MainWindow
from returnstation.ui.sounds import SoundBoard

from .conftest import Bench, StepClock, station_settings

INA = ("INS-0042", "135790")  # inspector
IVO = ("INS-0043", "246802")  # inspector
CLEO = ("CLK-0042", "112233")  # clerk
PERSON_MS = 70  # slower than any scanner burst: a person typing


@pytest.fixture
def login_station(
    tmp_path: Path, step_clock: StepClock, seed_sqlite: Callable[[str], str]
) -> Iterator[Station]:
    """Login on; people and one received parcel made beforehand, as the machine's admin (like the CLI)."""
    settings = station_settings(tmp_path, RETURNSTATION_LOGIN="1")
    seed_sqlite(settings.database_url)
    st = open_station(settings, clock=step_clock)
    st.users.create_user("Ina Berg", INA[0], "inspector", INA[1])
    st.users.create_user("Ivo Marsh", IVO[0], "inspector", IVO[1])
    st.users.create_user("Cleo Grant", CLEO[0], "clerk", CLEO[1])
    parcel = st.receiving.scan_parcel(Scan("RMA-100001")).parcel
    assert parcel is not None
    for code in ("HP-BT200", "CBL-USBC-1M", "CBL-USBC-1M"):
        st.receiving.scan_item(parcel.parcel_id, Scan(code))
    st.receiving.finish_parcel(parcel.parcel_id)
    yield st
    st.close()


@pytest.fixture
def make_window(
    qtbot: QtBot, login_station: Station, ui_settings: QSettings, bench_theme: None
) -> Iterator[Callable[[int], MainWindow]]:
    made: list[MainWindow] = []

    def make(idle_lock_ms: int = 600_000) -> MainWindow:
        sounds = SoundBoard(enabled=False)
        w = MainWindow(
            station_services(login_station), sounds=sounds, ui_settings=ui_settings, idle_lock_ms=idle_lock_ms
        )
        qtbot.addWidget(w)
        w.show()
        qtbot.waitExposed(w)
        w.activateWindow()
        made.append(w)
        return w

    yield make
    for w in made:
        w.close()  # waits for the workers before the database goes away


def sign_in(qtbot: QtBot, window: MainWindow, badge: str, pin: str, accepted: bool = True) -> None:
    """Like a person: the badge scanned (typed + Enter) into the focused field, then the PIN and Enter."""
    panel = window.login_panel
    assert window.locked
    qtbot.waitUntil(lambda: QApplication.focusWidget() is panel.badge_edit)
    qtbot.keyClicks(QApplication.focusWidget(), badge)  # type: ignore[no-untyped-call]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # type: ignore[no-untyped-call]
    assert QApplication.focusWidget() is panel.pin_edit
    type_pin(qtbot, window, pin)
    if accepted:
        qtbot.waitUntil(lambda: not window.locked, timeout=10_000)
    else:
        qtbot.waitUntil(lambda: not panel.busy and panel.pin_edit.text() == "", timeout=10_000)


def type_pin(qtbot: QtBot, window: MainWindow, pin: str) -> None:
    """A person types the PIN (a scanner's burst at the lock screen is a badge) and presses Enter."""
    panel = window.login_panel
    qtbot.keyClicks(panel.pin_edit, pin, delay=PERSON_MS)  # type: ignore[no-untyped-call]
    qtbot.keyClick(panel.pin_edit, Qt.Key.Key_Return, delay=PERSON_MS)  # type: ignore[no-untyped-call]


def scan_at_lock(qtbot: QtBot, code: str) -> None:
    """A wedge scanner's burst into whichever sign-in field has the focus."""
    qtbot.keyClicks(QApplication.focusWidget(), code)  # type: ignore[no-untyped-call]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # type: ignore[no-untyped-call]


def failures(station: Station, badge: str) -> int:
    """Wrong PINs counted against the badge, read straight from the database."""
    with station.session_factory() as s:
        return s.scalars(select(UserRow.failed_attempts).where(UserRow.badge == badge)).one()


def draft_answers(station: Station, item_id: int) -> tuple[dict[str, str], str] | None:
    """The saved draft, read straight from the database (not through a service that checks roles)."""
    with station.session_factory() as s:
        row = s.scalars(select(InspectionDraftRow).where(InspectionDraftRow.item_id == item_id)).first()
        return (dict(row.answers), row.user) if row is not None else None


def test_the_window_starts_locked_and_opens_for_a_typed_badge_and_pin(
    qtbot: QtBot, make_window: Callable[..., MainWindow], login_station: Station
) -> None:
    window = make_window()
    station = login_station
    assert window.locked and not window.scan_field.isVisible()
    assert station.ctx.signed_in is None and window.user_label.text() == "Nobody signed in"
    assert not window.sign_out_button.isVisible()

    sign_in(qtbot, window, INA[0].lower(), INA[1])

    assert window.scan_field.hasFocus() and window.scan_field.text() == ""  # it took none of those keys
    assert station.ctx.user == "Ina Berg"
    assert window.user_label.text() == "User: Ina Berg (inspector)"
    assert window.sign_out_button.isVisible()
    assert window.banner.level is Level.SUCCESS and "Ina Berg" in window.banner.message
    assert window.login_panel.badge_edit.text() == "" and window.login_panel.pin_edit.text() == ""

    qtbot.keyClick(window.scan_field, Qt.Key.Key_F12)  # type: ignore[no-untyped-call]
    assert window.locked and station.ctx.signed_in is None
    qtbot.waitUntil(lambda: not window.busy())  # the sign-out is written on the pool
    assert "Signed out" in window.login_panel.note_label.text()
    with station.session_factory() as s:
        kinds = [
            (e.type, e.user, e.payload)
            for e in s.scalars(
                select(EventRow).where(EventRow.type.in_(("signed_in", "signed_out"))).order_by(EventRow.id)
            )
        ]
    assert kinds == [
        ("signed_in", "Ina Berg", {"role": "inspector"}),
        ("signed_out", "Ina Berg", {"reason": "signed_out"}),
    ]


def test_a_wrong_pin_says_so_and_keeps_the_bench_locked(
    qtbot: QtBot, make_window: Callable[..., MainWindow]
) -> None:
    window = make_window()
    panel = window.login_panel
    sign_in(qtbot, window, INA[0], "999999", accepted=False)

    assert window.locked and window.services.ctx.signed_in is None
    assert REFUSED in panel.message_label.text() and "STOP" in panel.message_label.text()
    assert panel.badge_edit.text() == INA[0] and QApplication.focusWidget() is panel.pin_edit
    type_pin(qtbot, window, INA[1])
    qtbot.waitUntil(lambda: not window.locked, timeout=10_000)


def test_scanning_the_badge_again_after_a_wrong_pin_restarts_sign_in_without_a_second_failure(
    qtbot: QtBot, make_window: Callable[..., MainWindow], login_station: Station
) -> None:
    window = make_window()
    panel = window.login_panel
    sign_in(qtbot, window, IVO[0], "999999", accepted=False)
    assert failures(login_station, IVO[0]) == 1 and QApplication.focusWidget() is panel.pin_edit

    scan_at_lock(qtbot, IVO[0])  # the cursor is in the PIN field: the badge again, not a PIN
    qtbot.wait(300)
    assert not panel.busy and failures(login_station, IVO[0]) == 1
    assert panel.badge_edit.text() == IVO[0] and panel.pin_edit.text() == ""
    assert QApplication.focusWidget() is panel.pin_edit
    assert f"Badge {IVO[0]}: type your PIN" in panel.message_label.text()

    scan_at_lock(qtbot, INA[0])  # another badge restarts it for that person
    assert panel.badge_edit.text() == INA[0] and panel.pin_edit.text() == ""
    type_pin(qtbot, window, INA[1])
    qtbot.waitUntil(lambda: not window.locked, timeout=10_000)
    assert login_station.ctx.user == "Ina Berg"


def test_a_parcel_label_scanned_at_the_lock_screen_says_sign_in_first(
    qtbot: QtBot, make_window: Callable[..., MainWindow], login_station: Station
) -> None:
    window = make_window()
    panel = window.login_panel
    qtbot.waitUntil(lambda: QApplication.focusWidget() is panel.badge_edit)
    for code in ("RMA-100001", "1Z999AA10123456784", "CMD:DONE"):
        scan_at_lock(qtbot, code)
        assert panel.badge_edit.text() == "" and QApplication.focusWidget() is panel.badge_edit
        assert "Sign in first" in panel.message_label.text() and "CHECK" in panel.message_label.text()
    assert login_station.receiving.ctx.signed_in is None

    scan_at_lock(qtbot, INA[0])
    assert QApplication.focusWidget() is panel.pin_edit
    scan_at_lock(qtbot, "RMA-100001")  # a parcel label now leaves the badge where it is
    assert panel.badge_edit.text() == INA[0] and "Sign in first" in panel.message_label.text()
    type_pin(qtbot, window, INA[1])
    qtbot.waitUntil(lambda: not window.locked, timeout=10_000)
    assert window.receive_page.parcel is None  # the parcel label opened nothing


@pytest.mark.slow
def test_the_idle_lock_signs_out_and_the_half_done_inspection_comes_back(
    qtbot: QtBot, make_window: Callable[..., MainWindow], login_station: Station
) -> None:
    window = make_window(idle_lock_ms=1500)
    station, page = login_station, window.inspect_page
    bench = Bench(qtbot, window)
    sign_in(qtbot, window, *INA)
    bench.switch_to(1)
    bench.scan("HP-BT200")
    form = page.form
    assert form is not None
    item_id, checks = form.item.item_id, form.checklist.checks
    first = {checks[0].id: checks[0].answers[0].value}
    bench.answer(checks[0].answers[0].key)
    qtbot.waitUntil(page.drafts_idle)
    assert not window.locked

    qtbot.waitUntil(lambda: window.locked, timeout=10_000)  # no key for 1.5 s
    assert station.ctx.signed_in is None
    assert "Locked after 1.5 seconds" in window.login_panel.note_label.text()
    with pytest.raises(PermissionRefused):
        station.inspection.form(item_id)  # the services refuse too, not only the window
    assert draft_answers(station, item_id) == (first, "Ina Berg")

    sign_in(qtbot, window, *INA)  # the same person: carries on where she stopped
    assert page.form is not None and page.form.item.item_id == item_id and page.answers == first
    qtbot.waitUntil(lambda: window.locked, timeout=10_000)

    sign_in(qtbot, window, *IVO)  # another inspector gets it back too, and finishes it
    assert page.form is not None and page.answers == first
    resumed = station.inspection.form(item_id).draft
    assert resumed is not None and resumed.answers == first
    for check in checks[1:]:
        bench.answer(check.answers[0].key)
    bench.press(Qt.Key.Key_Return)
    decided = page.decided
    assert decided is not None and decided.item.item_id == item_id
    with station.session_factory() as s:
        row = s.scalars(select(InspectionRow).where(InspectionRow.item_id == item_id)).one()
    assert row.inspector == "Ivo Marsh" and dict(row.answers) == {c.id: c.answers[0].value for c in checks}
    assert draft_answers(station, item_id) is None


@pytest.mark.slow
def test_a_clerk_signed_in_cannot_decide_the_service_refuses_and_the_bench_says_why(
    qtbot: QtBot, make_window: Callable[..., MainWindow], login_station: Station
) -> None:
    window = make_window()
    station, page = login_station, window.inspect_page
    bench = Bench(qtbot, window)
    sign_in(qtbot, window, *INA)
    bench.switch_to(1)
    bench.scan("HP-BT200")
    form = page.form
    assert form is not None
    for check in form.checklist.checks:
        bench.answer(check.answers[0].key)
    assert page.preview is not None  # ready to confirm
    qtbot.waitUntil(page.drafts_idle)
    bench.click(window.sign_out_button)
    sign_in(qtbot, window, *CLEO)
    assert window.user_label.text() == "User: Cleo Grant (clerk)"

    bench.press(Qt.Key.Key_Return)  # confirm: the inspection service refuses

    assert bench.level() is Level.ERROR
    assert bench.message == "Inspecting items needs an inspector sign-in; Cleo Grant is signed in as a clerk."
    assert page.decided is None
    assert form.item.item_id in [p.item_id for p in station.inspection.pending()]
    with station.session_factory() as s:
        assert s.scalars(select(InspectionRow)).first() is None


def test_after_signing_in_the_function_keys_switch_tabs(
    qtbot: QtBot, make_window: Callable[..., MainWindow], login_station: Station
) -> None:
    """F1-F3 are held while the bench is locked and work again once someone signs in."""
    window = make_window()
    sign_in(qtbot, window, INA[0], INA[1])
    qtbot.waitUntil(lambda: window.scan_field.hasFocus())
    qtbot.keyClick(window.scan_field, Qt.Key.Key_F2)  # type: ignore[no-untyped-call]
    assert window.tabs.currentIndex() == 1
    qtbot.keyClick(window.scan_field, Qt.Key.Key_F1)  # type: ignore[no-untyped-call]
    assert window.tabs.currentIndex() == 0
