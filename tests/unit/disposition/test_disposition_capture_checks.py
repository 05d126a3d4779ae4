"""Capture checks in checklist files: validated on load with file:line, graded, and kept out of answers."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from returnstation.disposition.capture import CaptureKind
from returnstation.disposition.checklist import derive_grade, load_checklist, load_checklists
from returnstation.disposition.errors import ConfigError
from returnstation.disposition.rules import load_rules

CHECKLIST = """\
category: general
title: General
grade_scale: [A, B, C, D]
hazardous: false
checks:
  - id: packaging
    question: Packaging?
    answers:
      - {key: 1, value: sealed, label: Sealed, grade: A}
      - {key: 2, value: opened, label: Opened, grade: B}
  - id: lot
    title: Lot
    question: Scan or type the lot
    capture: lot
    optional: true
    missing_grade: C
  - id: serial
    question: Scan the serial
    capture: serial
"""


def write(tmp_path: Path, text: str, name: str = "general.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems(tmp_path: Path, text: str) -> tuple[str, ...]:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_checklist(path)
    return info.value.problems


def test_capture_checks_load_with_their_kind_and_options(tmp_path: Path) -> None:
    checklist = load_checklist(write(tmp_path, CHECKLIST))
    lot, serial = checklist.check("lot"), checklist.check("serial")
    assert lot is not None and serial is not None
    assert (lot.capture, lot.optional, lot.missing_grade, lot.answers) == (CaptureKind.LOT, True, "C", ())
    assert (serial.capture, serial.optional, serial.missing_grade) == (CaptureKind.SERIAL, False, None)
    assert checklist.captures(CaptureKind.LOT) == (lot,)
    assert not checklist.hazardous


@pytest.mark.parametrize(
    ("old", "new", "line", "fragment"),
    [
        ("    capture: serial\n", "    capture: barcode\n", 19, "capture 'barcode' is not a kind of value"),
        (
            "    capture: serial\n",
            "    capture: serial\n    answers:\n      - {key: 1, value: x, label: X, grade: A}\n",
            20,
            "has no 'answers'",
        ),
        ("    missing_grade: C\n", "    missing_grade: E\n", 16, "missing_grade 'E' is not on the scale"),
        ("    optional: true\n", "", 15, "missing_grade needs 'optional: true'"),
        ("    optional: true\n", "    optional: maybe\n", 15, "optional: expected true or false"),
        ("    question: Packaging?\n", "    question: Packaging?\n    optional: true\n", 8, "only applies"),
        ("hazardous: false\n", "hazardous: sometimes\n", 4, "hazardous: expected true or false"),
        ("    capture: lot\n", "    capture: lot\n    colour: red\n", 15, "unknown key 'colour'"),
    ],
)
def test_capture_mistakes_are_reported_with_their_line(
    tmp_path: Path, old: str, new: str, line: int, fragment: str
) -> None:
    assert old in CHECKLIST
    found = problems(tmp_path, CHECKLIST.replace(old, new, 1))
    path = tmp_path / "general.yaml"
    assert any(p.startswith(f"{path}:{line}: ") and fragment in p for p in found), found


def test_grade_with_captured_values(tmp_path: Path) -> None:
    checklist = load_checklist(write(tmp_path, CHECKLIST))
    assert derive_grade(checklist, {"packaging": "sealed"}, {"lot": "L1", "serial": "S1"}).grade == "A"
    missing = derive_grade(checklist, {"packaging": "sealed"}, {"lot": None, "serial": "S1"})
    assert missing.grade == "C"
    assert missing.because[0] == "Lot: not recorded → C at best"


@pytest.mark.parametrize(
    ("answers", "captured", "fragment"),
    [
        ({"packaging": "sealed"}, {"lot": "L1"}, "no answer for: serial"),
        ({"packaging": "sealed"}, {"lot": "L1", "serial": None}, "serial: a value is needed"),
        ({"packaging": "sealed", "lot": "L1"}, {"serial": "S"}, "lot: a capture check takes a value"),
        (
            {},
            {"packaging": "sealed", "lot": "L1", "serial": "S"},
            "packaging: a choice check takes an answer",
        ),
        ({"packaging": "sealed"}, {"lot": "L1", "serial": "S", "colour": "red"}, "not checks of the general"),
    ],
)
def test_incomplete_or_misplaced_values_are_refused(
    tmp_path: Path, answers: dict[str, str], captured: dict[str, str | None], fragment: str
) -> None:
    checklist = load_checklist(write(tmp_path, CHECKLIST))
    with pytest.raises(ValueError, match=fragment):
        derive_grade(checklist, answers, captured)


def test_a_rule_testing_a_capture_check_as_an_answer_is_explained(tmp_path: Path) -> None:
    folder = tmp_path / "checklists"
    folder.mkdir()
    write(folder, CHECKLIST)
    rules = write(
        tmp_path,
        """\
        rules:
          - {id: lot-x, when: {answer.lot: x}, disposition: scrap, destination: X, reason: r}
          - {id: rest, disposition: quarantine, destination: Q, reason: r}
        """,
        "rules.yaml",
    )
    with pytest.raises(ConfigError) as info:
        load_rules(rules, checklists=load_checklists(folder))
    [problem] = info.value.problems
    assert problem.startswith(f"{rules}:2: ") and "lot_present" in problem
