"""Inspection checklists (grading templates): one YAML file per product category, checked on load.

Why data and not code: each site grades its own product mix, and a supervisor must be able to add a
check (say "hygiene seal intact" for swimwear) without a release. Why each answer caps the grade:
the inspector never picks a grade by feel; the grade is the worst cap among the answers given, so two
inspectors who answer the same way always get the same grade, and ``derive_grade`` can say why.

File format (``<category>.yaml`` in the checklists folder; the file name must match ``category``)::

    category: electronics            # lower-case word; the fallback checklist is called "general"
    title: Electronics and devices   # shown at the top of the inspection screen
    grade_scale: [A, B, C, D]        # best grade first
    grade_meanings:                  # optional: a plain sentence per grade (any grade may be left out)
      A: Like new, sealed
      D: Not resaleable
    checks:                          # asked in this order
      - id: packaging                # lower-case word; rules refer to it as answer.packaging
        title: Packaging             # optional short name (defaults to the id)
        question: What state is the packaging in?
        help: Sealed means the factory seal is unbroken.   # optional
        photo_required: false        # optional, default false
        answers:                     # 1 to 9 answers
          - {key: "1", value: sealed, label: Sealed, grade: A}
          - {key: "2", value: opened, label: "Opened, undamaged", grade: B}

Packaging is graded apart from the product (issue #16): an as-new product in a damaged box is still
grade A, sold as open box after a re-box. A checklist that asks about packaging names its packaging
conditions, best first, and the packaging answers say which condition they mean instead of capping
the product grade::

    packaging_scale: [sealed, opened_intact, damaged, missing]
    checks:
      - id: packaging
        question: What state is the packaging in?
        answers:
          - {key: "1", value: sealed, label: Sealed, packaging: sealed}
          - {key: "3", value: damaged, label: Box damaged, packaging: damaged}
          - {key: "2", value: opened, label: Opened, packaging: opened_intact, grade: D}  # food: both

An answer with ``packaging`` may leave out ``grade`` (it does not lower the product grade); with both,
it sets the packaging condition and caps the product grade (an opened food pack is not sellable). The
packaging condition is the worst among the packaging answers; rules test it as ``packaging``.

``key`` is the keyboard key that picks the answer ('1'..'9', unique within a check), ``value`` is what
is stored and what rules compare with (a lower-case word, unique within a check), ``label`` is shown on
screen, and ``grade`` is the best grade that answer still allows. Text is taken exactly as written, so
``no`` or ``007`` need no quotes. Unknown keys, missing keys, duplicate keys or ids, grades that are not
on the scale and keys outside 1-9 are all reported together with their file and line.

A check may ask for a value instead of a choice (a *capture* check, answered by a scan or by typing)::

      - id: lot
        question: Scan the 2D code on the pack, or type the lot number
        capture: lot                 # serial | lot | expiry | text; no 'answers' then
        optional: true               # the inspector may record "not on the pack" (default false)
        missing_grade: D             # optional: the best grade when no value was recorded

Lot and expiry feed the rules as ``lot_present`` and ``expiry_days_left``; one GS1 scan fills every
lot, expiry and serial check of the checklist at once. A checklist may also say ``hazardous: true``
(batteries): every item inspected with it counts as dangerous goods for the rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from yaml.nodes import Node

from returnstation.disposition.capture import CaptureKind
from returnstation.disposition.errors import ConfigError
from returnstation.disposition.yaml_source import Entry, SourceFile
from returnstation.domain.inspection import GradeResult
from returnstation.domain.messages import msg

FALLBACK_CATEGORY = "general"
_CAPTURE_KINDS = {k.value: k for k in CaptureKind}
ANSWER_KEYS = tuple("123456789")
_GRADE = re.compile(r"^[A-Z][A-Z0-9+-]{0,3}$")


@dataclass(frozen=True)
class Answer:
    key: str  # the keyboard key, '1'..'9'
    value: str  # stored and compared by rules
    label: str  # shown on screen
    grade: str  # the best grade this answer still allows
    packaging: str | None = None  # the packaging condition this answer states (packaging_scale)


@dataclass(frozen=True)
class Check:
    id: str
    question: str
    help: str
    answers: tuple[Answer, ...]  # empty for a capture check
    photo_required: bool
    title: str = ""
    capture: CaptureKind | None = None  # set: the check asks for a value (scan or typing), not a choice
    optional: bool = False  # capture checks only: "no value" (not on the pack) is an answer
    missing_grade: str | None = None  # capture checks only: the best grade when no value was recorded

    @property
    def is_capture(self) -> bool:
        return self.capture is not None

    @property
    def name(self) -> str:
        """Short name for summaries: the title, or the id made readable."""
        return self.title or self.id.replace("_", " ").capitalize()

    def answer_for_key(self, key: str) -> Answer | None:
        return next((a for a in self.answers if a.key == key), None)

    def answer(self, value: str) -> Answer | None:
        return next((a for a in self.answers if a.value == value), None)


@dataclass(frozen=True)
class Checklist:
    category: str
    title: str
    grade_scale: tuple[str, ...]  # best first
    checks: tuple[Check, ...]
    grade_meanings: tuple[tuple[str, str], ...] = ()
    hazardous: bool = False  # every item of this category is dangerous goods (batteries)
    packaging_scale: tuple[str, ...] = ()  # packaging conditions, best first; () = no packaging grade

    def captures(self, kind: CaptureKind) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if c.capture is kind)

    def check(self, check_id: str) -> Check | None:
        return next((c for c in self.checks if c.id == check_id), None)

    def meaning(self, grade: str) -> str:
        return dict(self.grade_meanings).get(grade, "")


class ChecklistSet:
    """All checklists of a site, by category, with "general" for categories nobody wrote one for."""

    def __init__(self, checklists: Mapping[str, Checklist]) -> None:
        if FALLBACK_CATEGORY not in checklists:
            raise ValueError(f"a checklist set needs a '{FALLBACK_CATEGORY}' checklist")
        self._by_category = dict(checklists)

    @property
    def categories(self) -> tuple[str, ...]:
        return tuple(sorted(self._by_category))

    def __iter__(self) -> Iterator[Checklist]:
        return iter(self._by_category[c] for c in self.categories)

    def __len__(self) -> int:
        return len(self._by_category)

    def has_category(self, category: str) -> bool:
        return _normalise(category) in self._by_category

    def for_category(self, category: str) -> Checklist:
        """The category's checklist (case and spaces ignored), else the general one."""
        return self._by_category.get(_normalise(category), self._by_category[FALLBACK_CATEGORY])


def _normalise(category: str) -> str:
    return category.strip().lower()


def default_checklists_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "data" / "checklists"


def derive_grade(
    checklist: Checklist,
    answers: Mapping[str, str],
    captured: Mapping[str, str | None] | None = None,
    *,
    partial: bool = False,
) -> GradeResult:
    """The worst cap among the answers, with the answers that lowered it as the explanation.

    ``answers`` holds the choice checks (check id -> answer value), ``captured`` the capture checks
    (check id -> value, or None when the inspector recorded that there is none). Raises ``ValueError``
    when a check is unanswered, an answer is not one the check offers, a required value is missing, or
    an answer names a check the checklist does not have: a grade from partial answers would be a guess.

    ``partial``: the best grade the answers given so far still allow (checks not answered yet are left
    out; more answers can only lower it). What the inspector watches while answering, never recorded.
    """
    captured = captured or {}
    by_id = {c.id: c for c in checklist.checks}
    problems: list[str] = []
    missing = [c.id for c in checklist.checks if c.id not in (captured if c.is_capture else answers)]
    if missing and not partial:
        problems.append(f"no answer for: {', '.join(missing)}")
    unknown = sorted(k for k in (*answers, *captured) if k not in by_id)
    if unknown:
        problems.append(f"not checks of the {checklist.category} checklist: {', '.join(unknown)}")
    problems += [f"{k}: a capture check takes a value, not an answer" for k in answers if _capture(by_id, k)]
    problems += [f"{k}: a choice check takes an answer, not a value" for k in captured if _choice(by_id, k)]

    rank = {g: i for i, g in enumerate(checklist.grade_scale)}
    packaging_rank = {p: i for i, p in enumerate(checklist.packaging_scale)}
    packaging: int | None = None
    worst = 0
    because: list[str] = []
    for check in checklist.checks:
        if check.is_capture:
            if check.id not in captured or captured[check.id]:
                continue
            if not check.optional:
                problems.append(f"{check.id}: a value is needed (scan or type it)")
            elif check.missing_grade is not None and rank[check.missing_grade] > 0:
                because.append(f"{check.name}: not recorded → {check.missing_grade} at best")
                worst = max(worst, rank[check.missing_grade])
            continue
        if check.id not in answers:
            continue
        chosen = check.answer(answers[check.id])
        if chosen is None:
            offered = ", ".join(a.value for a in check.answers)
            problems.append(f"{check.id}: '{answers[check.id]}' is not an answer (expected one of {offered})")
            continue
        if chosen.packaging is not None:
            packaging = max(packaging or 0, packaging_rank[chosen.packaging])
        cap = rank[chosen.grade]
        if cap > 0:
            because.append(
                msg(
                    "{check}: {answer} → {grade} at best",
                    check=check.name,
                    answer=chosen.label,
                    grade=chosen.grade,
                )
            )
        worst = max(worst, cap)
    if problems:
        raise ValueError("; ".join(problems))
    condition = checklist.packaging_scale[packaging] if packaging is not None else None

    if condition is not None:
        because.append(
            msg(
                "Packaging: {condition} (graded apart from the product)", condition=packaging_words(condition)
            )
        )
    grade = checklist.grade_scale[worst]
    meaning = checklist.meaning(grade)
    suffix = msg(" ({meaning})", meaning=meaning) if meaning else ""
    if len(because) > (condition is not None):
        because.append(
            msg("Grade {grade}{suffix}: the lowest grade any answer allows", grade=grade, suffix=suffix)
        )
    else:
        because.append(msg("Grade {grade}{suffix}: no answer lowers it", grade=grade, suffix=suffix))
    return GradeResult(grade=grade, because=tuple(because), packaging=condition)


# The shipped packaging conditions in words people read (translated); another condition a checklist
# names is shown as its code with spaces.
_PACKAGING_WORDS = {
    "sealed": msg("sealed"),
    "opened_intact": msg("opened intact"),
    "damaged": msg("damaged"),
    "missing": msg("missing"),
}


def packaging_words(condition: str) -> str:
    """A packaging condition as people read it: "opened_intact" -> "opened intact"."""
    return _PACKAGING_WORDS.get(condition) or condition.replace("_", " ")


def _capture(by_id: Mapping[str, Check], check_id: str) -> bool:
    return check_id in by_id and by_id[check_id].is_capture


def _choice(by_id: Mapping[str, Check], check_id: str) -> bool:
    return check_id in by_id and not by_id[check_id].is_capture


# -- loading ------------------------------------------------------------------------------------------


def load_checklists(directory: Path) -> ChecklistSet:
    """Every ``*.yaml`` checklist in ``directory``; raises ``ConfigError`` listing all problems found."""
    if not directory.is_dir():
        raise ConfigError([f"{directory}:1: not a folder of checklists"])
    problems: list[str] = []
    checklists: dict[str, Checklist] = {}
    for path in sorted(directory.glob("*.yml")):
        problems.append(f"{path}:1: rename the file to {path.stem}.yaml; only .yaml files are read")
    for path in sorted(directory.glob("*.yaml")):
        source = SourceFile(path)
        checklist = _read_checklist(source)
        problems.extend(source.problems)
        if checklist is not None and not source.problems:
            checklists[checklist.category] = checklist
    fallback = directory / f"{FALLBACK_CATEGORY}.yaml"
    if not fallback.is_file():
        problems.append(
            f"{fallback}:1: missing: the '{FALLBACK_CATEGORY}' checklist is needed for categories "
            "without a checklist of their own"
        )
    if problems:
        raise ConfigError(problems)
    return ChecklistSet(checklists)


def load_checklist(path: Path) -> Checklist:
    """One checklist file on its own (for editors and tests)."""
    source = SourceFile(path)
    checklist = _read_checklist(source)
    source.raise_if_problems()
    assert checklist is not None  # no problems means a checklist was built
    return checklist


def _read_checklist(source: SourceFile) -> Checklist | None:
    root = source.compose()
    if root is None:
        return None
    entries = source.mapping(root, "checklist")
    if entries is None:
        return None
    source.check_keys(
        root,
        entries,
        "checklist",
        required=("category", "title", "grade_scale", "checks"),
        optional=("grade_meanings", "hazardous", "packaging_scale"),
    )

    category = source.identifier(entries["category"].value, "category") if "category" in entries else None
    if category is not None and category != source.path.stem:
        source.problem(
            entries["category"].value,
            f"category: '{category}' must match the file name '{source.path.stem}.yaml'",
        )
    title = source.local_text(entries["title"].value, "title", max_len=80) if "title" in entries else None
    scale = _read_scale(source, entries["grade_scale"].value) if "grade_scale" in entries else None
    meanings: tuple[tuple[str, str], ...] = ()
    if "grade_meanings" in entries and scale is not None:
        meanings = _read_meanings(source, entries["grade_meanings"].value, scale)
    packaging_scale: tuple[str, ...] | None = ()
    if "packaging_scale" in entries:
        packaging_scale = _read_packaging_scale(source, entries["packaging_scale"].value)
    checks = (
        _read_checks(source, entries["checks"].value, scale, packaging_scale or ())
        if "checks" in entries
        else None
    )
    hazardous = source.boolean(entries["hazardous"].value, "hazardous") if "hazardous" in entries else False

    if category is None or title is None or scale is None or checks is None or source.problems:
        return None
    return Checklist(
        category=category,
        title=title,
        grade_scale=scale,
        checks=checks,
        grade_meanings=meanings,
        hazardous=bool(hazardous),
        packaging_scale=packaging_scale or (),
    )


def _read_packaging_scale(source: SourceFile, node: Node) -> tuple[str, ...] | None:
    items = source.sequence(node, "packaging_scale")
    if items is None:
        return None
    scale: list[str] = []
    for item in items:
        word = source.identifier(item, "packaging_scale")
        if word is not None and word in scale:
            source.problem(item, f"packaging_scale: '{word}' appears twice")
        elif word is not None:
            scale.append(word)
    return tuple(scale) if len(scale) == len(items) and scale else None


def _read_scale(source: SourceFile, node: Node) -> tuple[str, ...] | None:
    items = source.sequence(node, "grade_scale")
    if items is None:
        return None
    scale: list[str] = []
    for item in items:
        grade = source.text(item, "grade_scale")
        if grade is None:
            continue
        if not _GRADE.match(grade):
            source.problem(item, f"grade_scale: '{grade}' should be a short upper-case grade such as A or B")
        elif grade in scale:
            source.problem(item, f"grade_scale: '{grade}' appears twice")
        else:
            scale.append(grade)
    if len(scale) != len(items):
        return None
    return tuple(scale)


def _read_meanings(source: SourceFile, node: Node, scale: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    entries = source.mapping(node, "grade_meanings")
    if entries is None:
        return ()
    source.check_keys(node, entries, "grade_meanings", required=(), optional=scale)
    meanings = []
    for grade in scale:
        if grade in entries:
            text = source.local_text(entries[grade].value, f"grade_meanings: {grade}", max_len=80)
            if text is not None:
                meanings.append((grade, text))
    return tuple(meanings)


def _read_checks(
    source: SourceFile, node: Node, scale: tuple[str, ...] | None, packaging_scale: tuple[str, ...]
) -> tuple[Check, ...] | None:
    items = source.sequence(node, "checks")
    if items is None:
        return None
    checks: list[Check] = []
    first_line: dict[str, int] = {}
    for item in items:
        check = _read_check(source, item, scale, packaging_scale)
        if check is None:
            continue
        if check.id in first_line:
            source.problem(
                item, f"check '{check.id}': the id is used twice (first on line {first_line[check.id]})"
            )
            continue
        first_line[check.id] = int(item.start_mark.line) + 1
        checks.append(check)
    return tuple(checks)


def _read_check(
    source: SourceFile, node: Node, scale: tuple[str, ...] | None, packaging_scale: tuple[str, ...] = ()
) -> Check | None:
    entries = source.mapping(node, "check")
    if entries is None:
        return None
    check_id = source.identifier(entries["id"].value, "check id") if "id" in entries else None
    what = f"check '{check_id}'" if check_id else "check"
    if "capture" in entries:
        return _read_capture_check(source, node, entries, check_id, what, scale)
    source.check_keys(
        node,
        entries,
        what,
        required=("id", "question", "answers"),
        optional=("title", "help", "photo_required", "optional", "missing_grade"),  # the last two: below
    )
    for key in ("optional", "missing_grade"):
        if key in entries:
            source.problem(entries[key].key_node, f"{what}: '{key}' only applies to a check with 'capture'")
    title = (
        source.local_text(entries["title"].value, f"{what}: title", max_len=40) if "title" in entries else ""
    )
    question = (
        source.local_text(entries["question"].value, f"{what}: question") if "question" in entries else None
    )
    help_text = source.local_text(entries["help"].value, f"{what}: help") if "help" in entries else ""
    photo = (
        source.boolean(entries["photo_required"].value, f"{what}: photo_required")
        if ("photo_required" in entries)
        else False
    )
    answers = (
        _read_answers(source, entries["answers"].value, scale, what, packaging_scale)
        if "answers" in entries
        else None
    )
    if check_id is None or question is None or title is None or help_text is None or photo is None:
        return None
    if answers is None:
        return None
    return Check(
        id=check_id, question=question, help=help_text, answers=answers, photo_required=photo, title=title
    )


def _read_capture_check(
    source: SourceFile,
    node: Node,
    entries: Mapping[str, Entry],
    check_id: str | None,
    what: str,
    scale: tuple[str, ...] | None,
) -> Check | None:
    """A check answered with a value (scan or typing): no answers, a kind, maybe "no value" allowed."""
    if "answers" in entries:
        source.problem(
            entries["answers"].key_node,
            f"{what}: a check with 'capture' takes a scanned or typed value, so it has no 'answers'",
        )
    source.check_keys(
        node,
        {k: v for k, v in entries.items() if k != "answers"},
        what,
        required=("id", "question", "capture"),
        optional=("title", "help", "photo_required", "optional", "missing_grade"),
    )
    kind: CaptureKind | None = None
    word = source.text(entries["capture"].value, f"{what}: capture")
    if word is not None:
        kind = _CAPTURE_KINDS.get(word.lower())
        if kind is None:
            source.problem(
                entries["capture"].value,
                f"{what}: capture '{word}' is not a kind of value (use {', '.join(_CAPTURE_KINDS)})",
            )
    title = (
        source.local_text(entries["title"].value, f"{what}: title", max_len=40) if "title" in entries else ""
    )
    question = (
        source.local_text(entries["question"].value, f"{what}: question") if "question" in entries else None
    )
    help_text = source.local_text(entries["help"].value, f"{what}: help") if "help" in entries else ""
    photo = (
        source.boolean(entries["photo_required"].value, f"{what}: photo_required")
        if "photo_required" in entries
        else False
    )
    optional = (
        source.boolean(entries["optional"].value, f"{what}: optional") if "optional" in entries else False
    )
    missing_grade: str | None = None
    if "missing_grade" in entries:
        missing_grade = source.text(entries["missing_grade"].value, f"{what}: missing_grade")
        if missing_grade is not None and scale is not None and missing_grade not in scale:
            source.problem(
                entries["missing_grade"].value,
                f"{what}: missing_grade '{missing_grade}' is not on the scale ({', '.join(scale)})",
            )
            missing_grade = None
        elif missing_grade is not None and optional is False:
            source.problem(
                entries["missing_grade"].key_node,
                f"{what}: missing_grade needs 'optional: true' (a required value is never missing)",
            )
    if None in (check_id, question, title, help_text, photo, optional, kind) or "answers" in entries:
        return None
    assert check_id is not None and question is not None and title is not None and help_text is not None
    return Check(
        id=check_id,
        question=question,
        help=help_text,
        answers=(),
        photo_required=bool(photo),
        title=title,
        capture=kind,
        optional=bool(optional),
        missing_grade=missing_grade,
    )


def _read_answers(
    source: SourceFile,
    node: Node,
    scale: tuple[str, ...] | None,
    what: str,
    packaging_scale: tuple[str, ...] = (),
) -> tuple[Answer, ...] | None:
    items = source.sequence(node, f"{what}: answers")
    if items is None:
        return None
    if len(items) > len(ANSWER_KEYS):
        source.problem(node, f"{what}: {len(items)} answers, at most {len(ANSWER_KEYS)} fit on the keys 1-9")
    answers: list[Answer] = []
    seen_keys: dict[str, int] = {}
    seen_values: dict[str, int] = {}
    ok = True
    for item in items:
        entries = source.mapping(item, f"{what}: answer")
        if entries is None:
            ok = False
            continue
        required = ("key", "value", "label") if "packaging" in entries else ("key", "value", "label", "grade")
        if not source.check_keys(
            item, entries, f"{what}: answer", required=required, optional=("grade", "packaging")
        ):
            ok = False
            continue
        key = source.text(entries["key"].value, f"{what}: key")
        value = source.identifier(entries["value"].value, f"{what}: value")
        label = source.local_text(entries["label"].value, f"{what}: label", max_len=60)
        packaging = _answer_packaging(source, entries, what, packaging_scale)
        if "grade" in entries:
            grade = source.text(entries["grade"].value, f"{what}: grade")
        else:  # a packaging answer that leaves the product grade alone
            grade = scale[0] if scale else None
        line = int(item.start_mark.line) + 1
        if key is not None and key not in ANSWER_KEYS:
            source.problem(entries["key"].value, f"{what}: key '{key}' must be one digit from 1 to 9")
            key = None
        elif key is not None and key in seen_keys:
            source.problem(
                entries["key"].value, f"{what}: key '{key}' is already used on line {seen_keys[key]}"
            )
            key = None
        if value is not None and value in seen_values:
            source.problem(
                entries["value"].value,
                f"{what}: value '{value}' is already used on line {seen_values[value]}",
            )
            value = None
        if grade is not None and scale is not None and grade not in scale:
            source.problem(
                entries["grade"].value, f"{what}: grade '{grade}' is not on the scale ({', '.join(scale)})"
            )
            grade = None
        if key is None or value is None or label is None or grade is None or isinstance(packaging, bool):
            ok = False
            continue
        seen_keys[key] = line
        seen_values[value] = line
        answers.append(
            Answer(key=key, value=value, label=label, grade=grade, packaging=packaging)
        )
    return tuple(answers) if ok else None


def _answer_packaging(
    source: SourceFile, entries: Mapping[str, Entry], what: str, packaging_scale: tuple[str, ...]
) -> str | bool | None:
    """The answer's packaging condition; None when it states none, False (with a problem) when wrong."""
    if "packaging" not in entries:
        return None
    node = entries["packaging"].value
    word = source.identifier(node, f"{what}: packaging")
    if word is None:
        return False
    if not packaging_scale:
        source.problem(
            node,
            f"{what}: packaging '{word}' needs a packaging_scale in the checklist "
            "(e.g. packaging_scale: [sealed, opened_intact, damaged, missing])",
        )
        return False
    if word not in packaging_scale:
        source.problem(
            node, f"{what}: packaging '{word}' is not on the packaging scale ({', '.join(packaging_scale)})"
        )
        return False
    return word
