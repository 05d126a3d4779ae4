"""The rules that almost applied, in the words of the rules' and checklists' own files.

Why: the rules engine says "electronics-wipe-first (answer.data_wiped is wiped, rule needs not_wiped)",
which is the rules file talking. The inspector needs the rule's own reason and the question and answers
as the checklist words them: "Customer data still on the device: wipe it ... if Customer data were
'Customer data still on it', not 'Reset to factory settings here'". Everything specific comes from the
data (rule reasons, check titles, answer labels, grade meanings, return reason titles), so a new rule or
checklist explains itself; only the few words around them are the UI's (and translated there).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from returnstation.disposition.checklist import Checklist
from returnstation.disposition.conditions import ANSWER_PREFIX, FIELDS, Kind
from returnstation.domain.inspection import Decision, NearMiss

# A value as the screen shows it: words from the data files, or a yes/no/unknown the UI words itself.
PlainValue = str | bool | None
_TRUE = {"true", "yes", "on"}
_FALSE = {"false", "no", "off"}


@dataclass(frozen=True, slots=True)
class PlainMiss:
    """One near miss: the rule's reason, what it looked at, what that is now and what it needed.

    ``subject`` is the check's title when ``about_answer``, else the rules field (``grade``,
    ``expiry_days_left``, ...) for the UI to name in the station's language."""

    rule_id: str
    reason: str
    subject: str
    about_answer: bool
    now: PlainValue
    needs: tuple[tuple[str, tuple[PlainValue, ...]], ...]  # (operator, values): eq in not lt le gt ge


def plain_near_misses(
    decision: Decision, checklist: Checklist | None, reasons: Mapping[str, str]
) -> list[PlainMiss]:
    """The near misses worth showing, nearest first, in plain words.

    Rules for another category are left out (a medicine is never "almost" a battery); the rest are
    shown counting up from the deciding rule: its neighbours in the same part of the file."""
    relevant = [m for m in decision.near_misses if m.field != "category"]
    return [plain_near_miss(m, checklist, reasons) for m in reversed(relevant)]


def plain_near_miss(miss: NearMiss, checklist: Checklist | None, reasons: Mapping[str, str]) -> PlainMiss:
    words = _Words(miss.field, checklist, reasons)
    return PlainMiss(
        rule_id=miss.rule_id,
        reason=miss.reason or miss.rule_id,
        subject=words.subject(),
        about_answer=miss.field.startswith(ANSWER_PREFIX),
        now=words.value(miss.actual),
        needs=tuple((op, tuple(words.value(v) for v in values)) for op, values in miss.needs),
    )


class _Words:
    """How the values of one field read: answer labels, grade meanings, reason titles, yes/no."""

    def __init__(self, field: str, checklist: Checklist | None, reasons: Mapping[str, str]) -> None:
        self.field = field
        self.checklist = checklist
        self.reasons = reasons
        check_id = field[len(ANSWER_PREFIX) :] if field.startswith(ANSWER_PREFIX) else None
        self.check = checklist.check(check_id) if checklist is not None and check_id else None

    def subject(self) -> str:
        if self.field.startswith(ANSWER_PREFIX):
            return self.check.name if self.check is not None else self.field[len(ANSWER_PREFIX) :]
        return self.field

    def value(self, raw: str | None) -> PlainValue:
        if raw is None or raw.strip().casefold() in ("null", "unknown"):
            return None
        text = raw.strip()
        folded = text.casefold()
        spec = FIELDS.get(self.field)
        if spec is not None and spec.kind is Kind.BOOL:
            if folded in _TRUE:
                return True
            if folded in _FALSE:
                return False
        if self.check is not None:
            answer = next((a for a in self.check.answers if a.value.casefold() == folded), None)
            return answer.label if answer is not None else text
        if self.field == "reason":
            return next((title for code, title in self.reasons.items() if code.casefold() == folded), text)
        if self.field == "grade" and self.checklist is not None:
            grade = next((g for g in self.checklist.grade_scale if g.casefold() == folded), text.upper())
            meaning = self.checklist.meaning(grade)
            return f"{grade} ({meaning})" if meaning else grade
        return text
