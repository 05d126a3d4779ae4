"""The inspection workflow without a window: keys, captured values, "Enter twice", GS1 scans, photos."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from returnstation.disposition.capture import CaptureKind, capture_from_gs1
from returnstation.disposition.checklist import Answer, Check, Checklist
from returnstation.services.inspection import Draft, InspectionForm, PendingItem
from returnstation.services.inspection_session import EmptyEnter, InspectionSession, KeyOutcome

NOW = datetime(2026, 12, 5, 9, 0)


def choice(check_id: str, photo: bool = False) -> Check:
    answers = (Answer("1", "good", "Good", "A"), Answer("2", "bad", "Bad", "D"))
    return Check(check_id, f"{check_id}?", "", answers, photo)


def capture(check_id: str, kind: CaptureKind, optional: bool = False) -> Check:
    return Check(check_id, f"{check_id}?", "", (), False, capture=kind, optional=optional)


CHECKS = (
    choice("packaging"),
    capture("lot", CaptureKind.LOT, optional=True),
    capture("expiry", CaptureKind.EXPIRY),
    choice("seal", photo=True),
)


def form(draft: Draft | None = None, serials: tuple[str, ...] = ()) -> InspectionForm:
    item = PendingItem(
        7,
        "RSI-000007",
        "MED-1",
        "Ointment",
        "pharma",
        "RMA-1",
        "SO-1",
        "damaged",
        Decimal("9.50"),
        NOW,
        expected_serials=serials,
    )
    return InspectionForm(item, Checklist("pharma", "Pharma", ("A", "D"), CHECKS), draft)


def test_keys_answer_the_open_choice_check_and_never_a_capture_check() -> None:
    s = InspectionSession(form(), NOW)
    assert s.digits_answer() and s.answer_key("7") is KeyOutcome.WRONG_KEY and not s.answers
    assert s.answer_key("2") is KeyOutcome.ANSWERED and s.answers == {"packaging": "bad"}
    assert s.current == 1 and s.on_capture() and not s.digits_answer()
    assert s.answer_key("1") is KeyOutcome.TAKES_VALUE and s.answers == {"packaging": "bad"}
    assert s.capture("L123") is CHECKS[1] and s.capture("2028-06-30") is CHECKS[2]
    assert s.answer_key("1") is KeyOutcome.ANSWERED and s.complete() and s.current == 4
    assert s.answer_key("1") is KeyOutcome.ALL_ANSWERED
    assert s.back() and s.current == 3 and s.answer_at(0, "1") and s.answers["packaging"] == "good"
    assert not s.answer_at(0, "9") and s.current == 4


def test_enter_twice_on_an_empty_optional_capture_check_records_none_and_anything_between_disarms() -> None:
    s = InspectionSession(form(), NOW)
    s.answer_key("1")
    assert s.waits_for_value() and s.empty_enter() is EmptyEnter.ARMED and "lot" not in s.captured
    s.disarm()  # a scan came in between
    assert s.empty_enter() is EmptyEnter.ARMED
    assert s.empty_enter() is EmptyEnter.RECORDED and s.captured == {"lot": None} and s.current == 2
    assert s.empty_enter() is EmptyEnter.NEEDED and s.empty_enter() is EmptyEnter.NEEDED  # expiry: needed
    assert "expiry" not in s.captured


def test_a_gs1_scan_fills_every_capture_check_it_has_data_for_and_moves_on_only_past_them() -> None:
    s = InspectionSession(form(), NOW)
    reading = capture_from_gs1({"01": "09506000134352", "10": "AB12", "17": "280630"}, date(2026, 12, 5))
    filled = s.fill_from_gs1(reading)
    assert [(c.id, v) for c, v in filled.filled] == [("lot", "AB12"), ("expiry", "2028-06-30")]
    assert s.current == 0  # packaging is still open: the scan did not answer it
    s.answer_key("1")
    assert s.current == 3
    assert s.fill_from_gs1(capture_from_gs1({"01": "09506000134352"}, date(2026, 12, 5))).filled == ()


def test_a_draft_carries_on_where_it_stopped() -> None:
    draft = Draft({"packaging": "good"}, {"lot": "X1"}, 2, "bench-2", "ana", datetime(2026, 12, 4), NOW)
    s = InspectionSession(form(draft), NOW)
    assert (s.current, s.started_at, s.answered_count(), s.has_answers()) == (
        2,
        datetime(2026, 12, 4),
        2,
        True,
    )
    answers, captured, step = s.draft_state()
    s.capture("2028-01-31")
    assert (dict(answers), dict(captured), step) == ({"packaging": "good"}, {"lot": "X1"}, 2)  # copies


def test_the_photo_goes_to_the_open_check_that_asks_for_it_else_the_first_still_waiting() -> None:
    s = InspectionSession(form(), NOW)
    assert s.photo_target() is CHECKS[3] and [c.id for c in s.photos_needed()] == ["seal"]
    s.set_photos([None])  # a photo of the item
    assert s.photo_counts() == {} and s.photo_target() is CHECKS[3]
    s.add_photo("seal")
    assert s.photo_counts() == {"seal": 1} and s.photos_needed() == [] and s.photo_target() is None
    s.open_check(3)
    assert s.photo_target() is CHECKS[3]  # open and asking: another photo documents it too


def test_a_serial_the_rma_does_not_expect_is_flagged() -> None:
    serial = capture("serial", CaptureKind.SERIAL)
    s = InspectionSession(form(serials=("SN-1",)), NOW)
    assert not s.unexpected_serial(serial, "sn-1") and s.unexpected_serial(serial, "SN-2")
    assert not InspectionSession(form(), NOW).unexpected_serial(serial, "SN-2")


def test_the_grade_shows_from_the_first_answer_and_only_goes_down() -> None:
    """Issue #14: the README says the grade updates as you answer; it used to wait for the last check."""
    packaging = Check(
        "packaging", "?", "", (Answer("1", "sealed", "Sealed", "A"), Answer("2", "open", "Open", "B")), False
    )
    lot = Check("lot", "?", "", (), False, capture=CaptureKind.LOT, optional=True, missing_grade="B")
    cosmetic = Check(
        "cosmetic", "?", "", (Answer("1", "new", "As new", "A"), Answer("2", "worn", "Worn", "C")), False
    )
    checklist = Checklist("pharma", "Pharma", ("A", "B", "C"), (packaging, lot, cosmetic))
    s = InspectionSession(InspectionForm(form().item, checklist), NOW)

    def grade() -> str:
        so_far = s.grade_so_far()
        assert so_far is not None
        return so_far.grade

    assert grade() == "A"  # nothing answered: nothing lowers it yet
    s.answer_key("1")
    assert grade() == "A"
    s.capture(None)  # "not on the item": this checklist caps that at B
    assert grade() == "B" and not s.complete()
    assert any("not recorded" in line for line in s.grade_so_far().because)  # type: ignore[union-attr]
    s.answer_key("2")
    assert s.complete() and grade() == "C"


def test_a_draft_with_answers_the_checklist_no_longer_has_gives_no_grade_rather_than_a_guess() -> None:
    draft = Draft({"packaging": "cracked"}, {}, 1, "bench-2", "ana", NOW, NOW)
    assert InspectionSession(form(draft), NOW).grade_so_far() is None
