"""The inspection of one open item as a workflow, without Qt: what is answered, which check is open, what a
key, a scan or a photo does next.

Why here and not in the Inspect tab: the rules of the bench (a digit answers the open choice check, Enter
twice on an empty optional capture check records "not on the item", a GS1 scan fills every lot/expiry/
serial check it has data for, the photo goes to the open check when it asks for one, else to the first
check still waiting for one) are the part worth testing, and they are testable in plain unit tests only
when no widget holds them. The page renders a session and forwards keys and scans; the service grades,
decides and stores. Every method here returns what happened (an outcome the page turns into words in
the station's language), never text, so the words stay translatable in the UI layer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from returnstation.disposition.capture import CaptureKind, Gs1Capture
from returnstation.disposition.checklist import Check, derive_grade
from returnstation.domain.inspection import GradeResult
from returnstation.services.inspection import InspectionForm


class KeyOutcome(Enum):
    """What an answer key did."""

    ANSWERED = "answered"
    ALL_ANSWERED = "all_answered"  # no check is open: Enter confirms, Backspace changes one
    TAKES_VALUE = "takes_value"  # the open check is a capture check: keys do not answer it
    WRONG_KEY = "wrong_key"  # not one of the open check's keys


class EmptyEnter(Enum):
    """What Enter on an empty scan field did on an open capture check that has no value yet."""

    NEEDED = "needed"  # the check is not optional: a value is needed
    ARMED = "armed"  # optional: the next empty Enter records "not on the item"
    RECORDED = "recorded"  # the second empty Enter: "not on the item" recorded


@dataclass(frozen=True, slots=True)
class Gs1Filled:
    """The capture checks one GS1 scan filled, in checklist order, and what it carried that was unusable."""

    filled: tuple[tuple[Check, str], ...]
    problems: tuple[str, ...]


class InspectionSession:
    """Answers, captured values, the open check, the "Enter again" state and the photos of one open item.

    ``answers``: choice check id -> answer value; ``captured``: capture check id -> value (None: "not on
    the item"); ``current``: index of the open check, ``len(checks)`` when none is open. A draft saved
    earlier (here or at another bench) is carried on where it stopped.
    """

    def __init__(self, form: InspectionForm, now: datetime) -> None:
        self.form = form
        self.answers: dict[str, str] = {}
        self.captured: dict[str, str | None] = {}
        self.current = 0
        self.started_at = now
        self._armed: str | None = None  # capture check id waiting for a second empty Enter
        self._photos: list[str | None] = []  # the check each photo of the item documents (None: the item)
        draft = form.draft
        if draft is not None:
            self.answers = dict(draft.answers)
            self.captured = dict(draft.captured)
            self.current = min(max(draft.current_step, 0), len(form.checklist.checks))
            self.started_at = draft.started_at

    # -- reading the state ------------------------------------------------------------------------
    @property
    def checks(self) -> tuple[Check, ...]:
        return self.form.checklist.checks

    @property
    def item_id(self) -> int:
        return self.form.item.item_id

    def current_check(self) -> Check | None:
        return self.checks[self.current] if 0 <= self.current < len(self.checks) else None

    def on_capture(self) -> bool:
        check = self.current_check()
        return check is not None and check.is_capture

    def digits_answer(self) -> bool:
        """Digits answer the open check (on a capture check they are typed into the scan field)."""
        return not self.on_capture()

    def is_answered(self, check: Check) -> bool:
        return check.id in (self.captured if check.is_capture else self.answers)

    def unanswered(self) -> list[Check]:
        return [c for c in self.checks if not self.is_answered(c)]

    def complete(self) -> bool:
        return not self.unanswered()

    def answered_count(self) -> int:
        return len(self.checks) - len(self.unanswered())

    def grade_so_far(self) -> GradeResult | None:
        """The best grade the answers given so far still allow, updated at every answer (each answer
        caps the grade; a later one can only lower it). None when a draft holds answers this checklist
        no longer has (the page then says so rather than guessing)."""
        try:
            return derive_grade(self.form.checklist, self.answers, self.captured, partial=True)
        except ValueError:
            return None

    def has_answers(self) -> bool:
        """Anything given so far (a pause then keeps it, rather than cancelling)."""
        return bool(self.answers or self.captured)

    # -- answering ----------------------------------------------------------------------------------
    def answer_key(self, key: str) -> KeyOutcome:
        """A number key (or CMD:ANSWER card) for the open check; moves on to the next open check."""
        self._armed = None
        check = self.current_check()
        if check is None:
            return KeyOutcome.ALL_ANSWERED
        if check.is_capture:
            return KeyOutcome.TAKES_VALUE
        answer = check.answer_for_key(key) or check.answer(key)
        if answer is None:
            return KeyOutcome.WRONG_KEY
        self._set(self.current, answer.value)
        return KeyOutcome.ANSWERED

    def answer_at(self, index: int, key: str) -> bool:
        """An answer button clicked on any check (open or folded); False if the key is not one of its own."""
        self._armed = None
        answer = self.checks[index].answer_for_key(key)
        if answer is None:
            return False
        self._set(index, answer.value)
        return True

    def open_check(self, index: int) -> None:
        """A check clicked: make it the open one, to answer it again."""
        self._armed = None
        self.current = min(max(index, 0), len(self.checks))

    def back(self) -> bool:
        """Backspace: the check before the open one; False at the first check."""
        self._armed = None
        if self.current == 0:
            return False
        self.current -= 1
        return True

    def capture(self, value: str | None) -> Check | None:
        """A read value (or None: "not on the item") for the open capture check; the check, or None when
        the open check takes no value."""
        self._armed = None
        check = self.current_check()
        if check is None or not check.is_capture:
            return None
        self.captured[check.id] = value
        self._move_on(self.current)
        return check

    def fill_from_gs1(self, reading: Gs1Capture) -> Gs1Filled:
        """Every capture check a GS1 scan has data for (lot, expiry, serial), whichever check is open.

        The open check stays open unless the scan answered it: then the next open one is."""
        self._armed = None
        filled: list[tuple[Check, str]] = []
        for check in self.checks:
            if check.capture is not None and check.capture in reading.values:
                value = reading.values[check.capture]
                self.captured[check.id] = value
                filled.append((check, value))
        if filled:
            self._move_on(self.current - 1)
        return Gs1Filled(tuple(filled), reading.problems)

    def empty_enter(self) -> EmptyEnter:
        """Enter with the scan field empty on an open capture check without a value."""
        check = self.current_check()
        assert check is not None and check.is_capture
        if not check.optional:
            self._armed = None
            return EmptyEnter.NEEDED
        if self._armed == check.id:
            self.capture(None)
            return EmptyEnter.RECORDED
        self._armed = check.id
        return EmptyEnter.ARMED

    def waits_for_value(self) -> bool:
        """The open check is a capture check still without a value (Enter then does not confirm)."""
        check = self.current_check()
        return check is not None and check.is_capture and not self.is_answered(check)

    def disarm(self) -> None:
        """Anything but a second empty Enter (a scan, another key) cancels "Enter again to record none"."""
        self._armed = None

    def unexpected_serial(self, check: Check, value: str) -> bool:
        """A serial the RMA does not expect (when it expects any)."""
        expected = self.form.item.expected_serials
        return (
            check.capture is CaptureKind.SERIAL
            and bool(expected)
            and value.upper() not in {s.upper() for s in expected}
        )

    def _set(self, index: int, value: str) -> None:
        self.answers[self.checks[index].id] = value
        self._move_on(index)

    def _move_on(self, after: int) -> None:
        """Open the next check still without an answer after ``after``, wrapping round; none when all are."""
        n = len(self.checks)
        order = [*range(after + 1, n), *range(0, after + 1)]
        self.current = next((i for i in order if not self.is_answered(self.checks[i])), n)

    # -- photos ------------------------------------------------------------------------------------
    def set_photos(self, check_ids: Iterable[str | None]) -> None:
        """The item's photos already kept (each one's check, None for the item)."""
        self._photos = list(check_ids)

    def add_photo(self, check_id: str | None) -> None:
        self._photos.append(check_id)

    def photo_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for check_id in self._photos:
            if check_id is not None:
                counts[check_id] = counts.get(check_id, 0) + 1
        return counts

    def photos_needed(self) -> list[Check]:
        """Checks that ask for a photo and have none yet (the station will not decide without them)."""
        counts = self.photo_counts()
        return [c for c in self.checks if c.photo_required and not counts.get(c.id)]

    def photo_target(self) -> Check | None:
        """What the next photo documents: the open check when it asks for one, else the first check still
        waiting for one (the page has usually moved on once the check was answered), else the item."""
        check = self.current_check()
        if check is not None and check.photo_required:
            return check
        needed = self.photos_needed()
        return needed[0] if needed else None

    # -- the draft ----------------------------------------------------------------------------------
    def draft_state(self) -> tuple[Mapping[str, str], Mapping[str, str | None], int]:
        """Copies of the answers, the captured values and the open step, for a draft save on another
        thread (the session keeps changing meanwhile)."""
        return dict(self.answers), dict(self.captured), self.current
