"""Every mistake in a checklist, rules or reasons file is reported with the right file and line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from returnstation.disposition.checklist import load_checklist, load_checklists
from returnstation.disposition.errors import ConfigError
from returnstation.disposition.reasons import load_reasons
from returnstation.disposition.rules import load_rules

GOOD_CHECKLIST = """\
category: general
title: General
grade_scale: [A, B, C, D]
checks:
  - id: packaging
    question: Packaging?
    answers:
      - {key: 1, value: sealed, label: Sealed, grade: A}
      - {key: 2, value: opened, label: Opened, grade: B}
"""

CATCH_ALL = """\
  - id: no-rule-fits
    disposition: quarantine
    destination: QUARANTINE
    reason: No rule fits
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems_of(load: object, *args: object, **kwargs: object) -> tuple[str, ...]:
    assert callable(load)
    with pytest.raises(ConfigError) as info:
        load(*args, **kwargs)
    return info.value.problems


def assert_reported(problems: tuple[str, ...], path: Path, line: int, fragment: str) -> None:
    prefix = f"{path}:{line}: "
    matching = [p for p in problems if p.startswith(prefix) and fragment in p]
    assert matching, f"expected {prefix}...{fragment!r} in:\n" + "\n".join(problems)


# -- checklists -----------------------------------------------------------------------------------------


def checklist_with(tmp_path: Path, old: str, new: str, name: str = "general.yaml") -> Path:
    assert old in GOOD_CHECKLIST
    return write(tmp_path, name, GOOD_CHECKLIST.replace(old, new))


def test_good_checklist_loads(tmp_path: Path) -> None:
    checklist = load_checklist(write(tmp_path, "general.yaml", GOOD_CHECKLIST))
    assert [a.value for a in checklist.checks[0].answers] == ["sealed", "opened"]


@pytest.mark.parametrize(
    ("old", "new", "line", "fragment"),
    [
        (
            "    question: Packaging?\n",
            "    question: Packaging?\n    colour: red\n",
            7,
            "unknown key 'colour'",
        ),
        ("    question: Packaging?\n", "", 5, "'question' is missing"),
        ("{key: 2,", "{key: 0,", 9, "key '0' must be one digit from 1 to 9"),
        ("{key: 2,", "{key: 12,", 9, "key '12' must be one digit"),
        ("{key: 2,", "{key: 1,", 9, "key '1' is already used on line 8"),
        ("value: opened", "value: sealed", 9, "value 'sealed' is already used on line 8"),
        ("grade: B}", "grade: E}", 9, "grade 'E' is not on the scale"),
        ("value: opened", "value: Opened Box", 9, "must be lower-case letters"),
        ("category: general", "category: toys", 1, "must match the file name 'general.yaml'"),
        ("grade_scale: [A, B, C, D]", "grade_scale: [A, B, B]", 3, "'B' appears twice"),
        ("grade_scale: [A, B, C, D]", "grade_scale: A", 3, "expected a list"),
        ("title: General\n", "title: General\ntitle: Again\n", 3, "'title' appears twice (first on line 2)"),
        (
            "    question: Packaging?\n",
            "    question: Packaging?\n    photo_required: maybe\n",
            7,
            "true or false",
        ),
        ("    question: Packaging?\n", "    question: [a, b]\n", 6, "expected text, found a list"),
        (
            "    answers:\n      - {key: 1, value: sealed, label: Sealed, grade: A}\n"
            "      - {key: 2, value: opened, label: Opened, grade: B}\n",
            "    answers: []\n",
            7,
            "answers: the list is empty",
        ),
    ],
)
def test_checklist_mistake_is_reported_at_its_line(
    tmp_path: Path, old: str, new: str, line: int, fragment: str
) -> None:
    path = checklist_with(tmp_path, old, new)
    assert_reported(problems_of(load_checklist, path), path, line, fragment)


def test_duplicate_check_id_is_reported_at_the_second_check(tmp_path: Path) -> None:
    second = GOOD_CHECKLIST + GOOD_CHECKLIST.split("checks:\n", 1)[1]
    path = write(tmp_path, "general.yaml", second)
    assert_reported(problems_of(load_checklist, path), path, 10, "check 'packaging': the id is used twice")


def test_invalid_yaml_reports_the_line_of_the_syntax_error(tmp_path: Path) -> None:
    path = checklist_with(
        tmp_path, "      - {key: 2, value: opened, label: Opened, grade: B}", "      - {key: 2, value"
    )
    assert_reported(problems_of(load_checklist, path), path, 10, "not valid YAML")


def test_empty_file_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path, "general.yaml", "# nothing here\n")
    assert_reported(problems_of(load_checklist, path), path, 1, "the file is empty")


def test_folder_without_a_general_checklist_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "toys.yaml", GOOD_CHECKLIST.replace("category: general", "category: toys"))
    (problem,) = problems_of(load_checklists, tmp_path)
    assert problem.startswith(f"{tmp_path / 'general.yaml'}:1: missing")


def test_yml_files_are_not_silently_ignored(tmp_path: Path) -> None:
    write(tmp_path, "general.yaml", GOOD_CHECKLIST)
    stray = write(tmp_path, "toys.yml", GOOD_CHECKLIST.replace("category: general", "category: toys"))
    assert_reported(problems_of(load_checklists, tmp_path), stray, 1, "rename the file to toys.yaml")


def test_checklists_folder_that_does_not_exist_is_reported(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    assert problems_of(load_checklists, missing) == (f"{missing}:1: not a folder of checklists",)


def test_problems_in_several_checklist_files_are_reported_together(tmp_path: Path) -> None:
    good = write(tmp_path, "general.yaml", GOOD_CHECKLIST.replace("grade: B}", "grade: Z}"))
    bad = write(
        tmp_path,
        "toys.yaml",
        GOOD_CHECKLIST.replace("category: general", "category: toys").replace("{key: 2", "{key: x"),
    )
    problems = problems_of(load_checklists, tmp_path)
    assert_reported(problems, good, 9, "grade 'Z'")
    assert_reported(problems, bad, 9, "key 'x'")


# -- rules ----------------------------------------------------------------------------------------------


def rules_file(tmp_path: Path, body: str, *, catch_all: bool = True) -> Path:
    text = "rules:\n" + textwrap.indent(textwrap.dedent(body), "  ") + (CATCH_ALL if catch_all else "")
    return write(tmp_path, "rules.yaml", text)


ONE_RULE = """\
  - id: sealed
    when:
      grade: A
    disposition: restock
    destination: RESTOCK-A1
    reason: Sealed
"""


@pytest.mark.parametrize(
    ("old", "new", "line", "fragment"),
    [
        ("      grade: A\n", "      colour: red\n", 4, "unknown field 'colour'"),
        ("      grade: A\n", "      unit_value: {about: 5}\n", 4, "unknown operator 'about'"),
        ("      grade: A\n", "      grade: {lt: B}\n", 4, "'lt' compares numbers but grade is text"),
        ("      grade: A\n", "      grade: {}\n", 4, "operator map is empty"),
        ("      grade: A\n", "      grade: []\n", 4, "the list is empty"),
        ("      grade: A\n", "      grade: [A, [B]]\n", 4, "a list item must be a single value"),
        ("      grade: A\n", "      hazardous: maybe\n", 4, "expected true or false"),
        ("      grade: A\n", "      unit_value: cheap\n", 4, "expected a number"),
        (
            "      grade: A\n",
            '      unit_value: {lt: "50"}\n',
            4,
            "expected a number, found '50' (remove the quotes)",
        ),
        ("      grade: A\n", '      hazardous: "true"\n', 4, "found 'true' (remove the quotes)"),
        ("      grade: A\n", "      unit_value: {ge: .nan}\n", 4, "expected a finite number"),
        ("      grade: A\n", "      grade: null\n", 4, "null never matches"),
        ("      grade: A\n", "      reason: {in: recall}\n", 4, "'in' takes a list"),
        ("      grade: A\n", "      answer.Bad-Id: x\n", 4, "unknown field 'answer.Bad-Id'"),
        ("      grade: A\n", "      grade: A\n      grade: B\n", 5, "'grade' appears twice"),
        ("    disposition: restock\n", "    disposition: sell\n", 5, "unknown disposition 'sell'"),
        ("    disposition: restock\n", "", 2, "'disposition' is missing"),
        ("    destination: RESTOCK-A1\n", "    destination: shelf 4\n", 6, "destination 'shelf 4' must be"),
        ("    reason: Sealed\n", "    reason: Sealed\n    priority: 1\n", 8, "unknown key 'priority'"),
        ("  - id: sealed\n", "  - id: Sealed Rule\n", 2, "rule id 'Sealed Rule' must be"),
        ("    when:\n      grade: A\n", "    when: grade A\n", 3, "when: expected a mapping"),
    ],
)
def test_rule_mistake_is_reported_at_its_line(
    tmp_path: Path, old: str, new: str, line: int, fragment: str
) -> None:
    assert old in ONE_RULE
    path = rules_file(tmp_path, ONE_RULE.replace(old, new))
    assert_reported(problems_of(load_rules, path), path, line, fragment)


def test_unknown_top_level_key_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path, "rules.yaml", "title: Mine\nsite: Berlin\nrules:\n" + CATCH_ALL)
    assert_reported(problems_of(load_rules, path), path, 2, "unknown key 'site'")


def test_duplicate_rule_id_is_reported_at_the_second_rule(tmp_path: Path) -> None:
    path = rules_file(tmp_path, ONE_RULE + ONE_RULE)
    assert_reported(
        problems_of(load_rules, path), path, 8, "rule id 'sealed' is used twice (first on line 2)"
    )


def test_rule_after_the_catch_all_is_unreachable(tmp_path: Path) -> None:
    path = write(tmp_path, "rules.yaml", "rules:\n" + CATCH_ALL + ONE_RULE)
    problems = problems_of(load_rules, path)
    assert_reported(problems, path, 6, "comes after the catch-all on line 2: it can never match")
    assert len(problems) == 1  # not also "missing catch-all"


def test_empty_when_counts_as_a_catch_all(tmp_path: Path) -> None:
    body = (
        "  - id: everything\n    when: {}\n    disposition: scrap\n    destination: SCRAP\n    reason: All\n"
    )
    path = write(tmp_path, "rules.yaml", "rules:\n" + body + ONE_RULE)
    assert_reported(problems_of(load_rules, path), path, 7, "it can never match")


def test_file_without_a_final_catch_all_is_refused(tmp_path: Path) -> None:
    path = rules_file(tmp_path, ONE_RULE, catch_all=False)
    assert_reported(problems_of(load_rules, path), path, 2, "the last rule must be a catch-all")


def test_empty_rule_list_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "rules.yaml", "rules: []\n")
    assert_reported(problems_of(load_rules, path), path, 1, "rules: the list is empty")


def test_values_are_checked_against_checklists_and_reasons_when_given(tmp_path: Path) -> None:
    checklists = load_checklists(write_checklists(tmp_path))
    body = """\
      - id: sealed
        when:
          answer.packaging: seald
          answer.colour: red
          reason: changed_mind
          grade: E
        disposition: restock
        destination: RESTOCK-A1
        reason: Sealed
    """
    path = rules_file(tmp_path, body)
    problems = problems_of(load_rules, path, checklists=checklists, reasons=["defective"])
    assert_reported(problems, path, 4, "'seald' is not a known value (expected one of opened, sealed)")
    assert_reported(problems, path, 5, "no checklist has a check 'colour'")
    assert_reported(problems, path, 6, "'changed_mind' is not a known value")
    assert_reported(problems, path, 7, "'E' is not a known value")
    assert load_rules(path).rules[0].id == "sealed"  # on its own the file is fine


def write_checklists(tmp_path: Path) -> Path:
    folder = tmp_path / "checklists"
    folder.mkdir()
    write(folder, "general.yaml", GOOD_CHECKLIST)
    return folder


def test_every_problem_is_reported_at_once_and_listed_in_the_message(tmp_path: Path) -> None:
    body = ONE_RULE.replace("restock", "sell").replace("grade: A", "colour: red")
    path = rules_file(tmp_path, body)
    with pytest.raises(ConfigError) as info:
        load_rules(path)
    assert len(info.value.problems) == 2
    message = str(info.value)
    assert message.startswith("2 problems")
    assert all(p in message for p in info.value.problems)


def test_missing_rules_file_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    assert_reported(problems_of(load_rules, path), path, 1, "cannot read the file")


def test_file_that_is_not_utf8_is_reported_at_the_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_bytes(b"rules:\n  - id: caf\xe9\n")
    assert_reported(problems_of(load_rules, path), path, 2, "not UTF-8")


# -- reasons --------------------------------------------------------------------------------------------


def test_reason_mistakes_are_reported_at_their_lines(tmp_path: Path) -> None:
    path = write(tmp_path, "reasons.yaml", "reasons:\n  defective: Defective\n  Bad Code: Label\n  recall:\n")
    problems = problems_of(load_reasons, path)
    assert_reported(problems, path, 3, "reason code: 'Bad Code' must be lower-case")
    assert_reported(problems, path, 4, "reason 'recall': label: expected text")


def test_reasons_file_needs_the_reasons_key(tmp_path: Path) -> None:
    path = write(tmp_path, "reasons.yaml", "codes:\n  defective: Defective\n")
    problems = problems_of(load_reasons, path)
    assert_reported(problems, path, 1, "unknown key 'codes'")
    assert_reported(problems, path, 1, "'reasons' is missing")
