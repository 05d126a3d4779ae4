"""Product grade and packaging condition apart (issue #16): checklists, rules, channels, stored facts."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from test_disposition_validation_errors import CATCH_ALL, assert_reported, problems_of, write

from returnstation.disposition.channels import load_channels
from returnstation.disposition.checklist import (
    default_checklists_dir,
    derive_grade,
    load_checklist,
    load_checklists,
)
from returnstation.disposition.facts import facts_from_json, facts_to_json, regrade_packaging_apart
from returnstation.disposition.rules import load_rules
from returnstation.domain.enums import Disposition
from returnstation.domain.inspection import ItemFacts

CHECKLISTS = load_checklists(default_checklists_dir())
CHANNELS = load_channels(checklists=CHECKLISTS)

TWO_GRADES_CHECKLIST = """\
category: general
title: General
grade_scale: [A, B, C]
packaging_scale: [sealed, opened_intact, damaged, missing]
checks:
  - id: box
    question: Box?
    answers:
      - {key: 1, value: sealed, label: Sealed, packaging: sealed}
      - {key: 2, value: dented, label: Dented, packaging: damaged}
      - {key: 3, value: torn_open, label: Torn open, packaging: damaged, grade: B}
  - id: look
    question: Look?
    answers:
      - {key: 1, value: as_new, label: As new, grade: A}
      - {key: 2, value: worn, label: Worn, grade: C}
"""


def facts(grade: str, packaging: str | None, **other: object) -> ItemFacts:
    base = ItemFacts(
        category="general",
        sku="SKU-1",
        grade=grade,
        reason_code="no_longer_wanted",
        unit_value=Decimal("80.00"),
        answers={},
        packaging=packaging,
    )
    return replace(base, **other)  # type: ignore[arg-type]


def rules_file(tmp_path: Path, body: str) -> Path:
    return write(tmp_path, "rules.yaml", "rules:\n" + body + CATCH_ALL)


def test_a_packaging_answer_sets_the_packaging_and_may_also_cap_the_product(tmp_path: Path) -> None:
    checklist = load_checklist(write(tmp_path, "general.yaml", TWO_GRADES_CHECKLIST))
    dented = derive_grade(checklist, {"box": "dented", "look": "as_new"})
    assert (dented.grade, dented.packaging) == ("A", "damaged")
    torn = derive_grade(checklist, {"box": "torn_open", "look": "as_new"})
    assert (torn.grade, torn.packaging) == ("B", "damaged")
    worn = derive_grade(checklist, {"box": "sealed", "look": "worn"})
    assert (worn.grade, worn.packaging) == ("C", "sealed")
    assert derive_grade(checklist, {"look": "worn"}, partial=True).packaging is None  # box not asked yet


def test_rules_test_both_grades_and_packaging_alone(tmp_path: Path) -> None:
    path = rules_file(
        tmp_path,
        """\
  - id: as-new-bad-box
    when: {grade: A, packaging: [damaged, missing]}
    disposition: refurbish
    destination: REFURB-REBOX
    channel: open_box
    reason: Re-box
  - id: any-missing-box
    when: {packaging: missing}
    disposition: liquidate
    destination: OUTLET
    reason: No box at all
  - id: no-packaging-question
    when: {packaging: null}
    disposition: restock
    destination: RESTOCK-FASHION
    reason: Nothing to judge
""",
    )
    rules = load_rules(path, checklists=CHECKLISTS, channels=CHANNELS)
    assert rules.decide(facts("A", "damaged")).rule_id == "as-new-bad-box"
    assert rules.decide(facts("A", "damaged")).channel == "open_box"
    missing_c = rules.decide(facts("C", "missing"))  # packaging alone decides, whatever the grade
    assert (missing_c.rule_id, missing_c.channel) == ("any-missing-box", "outlet")  # the default channel
    assert rules.decide(facts("B", None)).rule_id == "no-packaging-question"
    near = rules.decide(facts("B", "damaged"))  # grade fails: a near miss named by its field
    assert near.rule_id == "no-rule-fits"
    assert [m.failed for m in near.near_misses] == [("grade is B, rule needs A",)]


def test_a_misspelt_packaging_or_channel_is_refused_with_its_line(tmp_path: Path) -> None:
    path = rules_file(
        tmp_path,
        """\
  - id: typo
    when: {packaging: damagd}
    disposition: refurbish
    destination: REFURB
    reason: x
  - id: unknown-channel
    when: {grade: B}
    disposition: refurbish
    destination: REFURB
    channel: open_bx
    reason: x
  - id: wrong-channel
    when: {grade: C}
    disposition: scrap
    destination: SCRAP
    channel: open_box
    reason: x
""",
    )
    problems = problems_of(load_rules, path, checklists=CHECKLISTS, channels=CHANNELS)
    assert_reported(problems, path, 3, "'damagd' is not a known value (expected one of damaged, missing")
    assert_reported(problems, path, 7, "rule 'unknown-channel': unknown channel 'open_bx' (known: a_stock")
    assert_reported(problems, path, 13, "channel 'open_box' takes refurbish, restock, not scrap")


def test_checklist_packaging_mistakes_are_reported(tmp_path: Path) -> None:
    text = TWO_GRADES_CHECKLIST.replace("packaging: damaged, grade: B", "packaging: broken, grade: B")
    path = write(tmp_path, "general.yaml", text)
    assert_reported(
        problems_of(load_checklist, path), path, 11, "packaging 'broken' is not on the packaging scale"
    )
    no_scale = write(tmp_path, "general.yaml", TWO_GRADES_CHECKLIST.replace("packaging_scale", "# no scale"))
    assert_reported(
        problems_of(load_checklist, no_scale), no_scale, 9, "needs a packaging_scale in the checklist"
    )
    no_grade = write(
        tmp_path, "general.yaml", TWO_GRADES_CHECKLIST.replace("label: As new, grade: A", "label: As new")
    )
    assert_reported(problems_of(load_checklist, no_grade), no_grade, 15, "'grade' is missing")


def test_channels_recover_by_grade_packaging_and_category() -> None:
    open_box = CHANNELS.get("open_box")
    assert open_box is not None
    assert open_box.rate("A", "damaged", "Electronics ") == Decimal("0.8")
    assert open_box.rate("A", "damaged", "garden") == Decimal("0.85")
    assert open_box.rate("C", None, "garden") == Decimal("0.55")
    a_stock = CHANNELS.default_for(Disposition.RESTOCK)
    assert (a_stock.id, a_stock.rate("A", "missing", "x"), a_stock.rate("A", "sealed", "x")) == (
        "a_stock",
        Decimal("0.9"),
        Decimal("1.0"),
    )
    # a decision recorded without a channel, or with one removed since, counts through its default
    assert CHANNELS.resolve(None, "liquidate").id == CHANNELS.resolve("gone", "liquidate").id == "outlet"


def test_a_channels_file_with_mistakes_lists_them_all(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "channels.yaml",
        """\
channels:
  - id: shop
    label: Shop
    dispositions: [restock, scarp]
    default_for: [restock]
    recovery:
      - {when: {packaging: dented}, rate: 0.5}
      - {rate: 85}
""",
    )
    problems = problems_of(load_channels, path, checklists=CHECKLISTS)
    assert_reported(problems, path, 4, "unknown disposition 'scarp'")
    assert_reported(problems, path, 7, "'dented' is not a known value")
    assert_reported(problems, path, 8, "rate must be from 0 to 1 (0.85 means 85 %)")
    assert_reported(problems, path, 2, "no channel has default_for: refurbish")


def test_facts_keep_the_packaging_and_old_facts_read_as_unknown() -> None:
    stored = facts_to_json(facts("A", "opened_intact"))
    assert facts_from_json(stored).packaging == "opened_intact"
    old = {k: v for k, v in stored.items() if k != "packaging"}  # recorded before issue #16
    assert facts_from_json(old).packaging is None


def test_old_worst_of_facts_are_graded_again_from_their_answers() -> None:
    general = CHECKLISTS.for_category("general")
    answers = {"packaging": "damaged", "accessories": "complete", "cosmetic": "as_new", "function": "works"}
    old = facts("C", None, answers=answers)  # the damaged box made it a C
    again = regrade_packaging_apart(old, general)
    assert again is not None and (again.grade, again.packaging) == ("A", "damaged")
    assert regrade_packaging_apart(again, general) is None  # already graded apart
    assert regrade_packaging_apart(replace(old, answers={"packaging": "gone"}), general) is None
    assert regrade_packaging_apart(old, CHECKLISTS.for_category("apparel")) is None  # no packaging there
