"""Grade derivation: the worst cap among the answers wins, and the explanation names the answers."""

from __future__ import annotations

import itertools

import pytest

from returnstation.disposition.checklist import (
    Checklist,
    default_checklists_dir,
    derive_grade,
    load_checklists,
)

CHECKLISTS = load_checklists(default_checklists_dir())


def best_answers(checklist: Checklist) -> dict[str, str]:
    return {
        c.id: next(a.value for a in c.answers if a.grade == checklist.grade_scale[0])
        for c in checklist.checks
    }


def test_all_best_answers_give_the_best_grade_and_say_nothing_lowered_it() -> None:
    general = CHECKLISTS.for_category("general")
    result = derive_grade(general, best_answers(general))
    assert (result.grade, result.packaging) == ("A", "sealed")
    assert result.because == (
        "Packaging: sealed (graded apart from the product)",
        "Grade A (As new): no answer lowers it",
    )


def test_one_capping_answer_sets_the_grade_and_is_named() -> None:
    general = CHECKLISTS.for_category("general")
    result = derive_grade(general, best_answers(general) | {"accessories": "minor_missing"})
    assert result.grade == "B"
    assert result.because[0].startswith("Parts: Manual or small part missing")
    assert result.because[-1].startswith("Grade B")


def test_packaging_answers_set_the_packaging_grade_and_leave_the_product_grade_alone() -> None:
    general = CHECKLISTS.for_category("general")
    for answer, condition in (("opened", "opened_intact"), ("damaged", "damaged"), ("missing", "missing")):
        result = derive_grade(general, best_answers(general) | {"packaging": answer})
        assert (result.grade, result.packaging) == ("A", condition)
        assert result.because[-1].endswith("no answer lowers it")
    damaged_and_worn = {"packaging": "damaged", "cosmetic": "visible_damage"}
    worn = derive_grade(general, best_answers(general) | damaged_and_worn)
    assert (worn.grade, worn.packaging) == ("C", "damaged")


def test_an_opened_food_pack_caps_the_product_grade_and_states_its_packaging() -> None:
    food = CHECKLISTS.for_category("food")
    answers = {c.id: c.answers[0].value for c in food.checks if c.answers} | {"packaging": "opened"}
    dates = {c.id: "2030-01-01" for c in food.checks if c.is_capture}
    result = derive_grade(food, answers, dates, partial=True)
    assert (result.grade, result.packaging) == ("D", "opened_intact")


def test_apparel_asks_no_packaging_question_so_its_packaging_is_unknown() -> None:
    apparel = CHECKLISTS.for_category("apparel")
    assert derive_grade(apparel, best_answers(apparel)).packaging is None


def test_the_worst_cap_wins_over_milder_ones() -> None:
    electronics = CHECKLISTS.for_category("electronics")
    answers = best_answers(electronics) | {
        "accessories": "minor_missing",
        "cosmetic": "visible_damage",
        "powers_on": "works",
    }
    result = derive_grade(electronics, answers)
    assert result.grade == "C"
    assert len(result.because) == 4  # accessories, cosmetic, packaging, conclusion
    dead = derive_grade(electronics, answers | {"powers_on": "dead"})
    assert dead.grade == "D"


def test_grade_meaning_appears_in_the_conclusion() -> None:
    general = CHECKLISTS.for_category("general")
    result = derive_grade(general, best_answers(general) | {"cosmetic": "broken"})
    assert general.meaning("D") and general.meaning("D") in result.because[-1]


def test_missing_answer_is_refused() -> None:
    general = CHECKLISTS.for_category("general")
    answers = best_answers(general)
    del answers["function"]
    with pytest.raises(ValueError, match="no answer for: function"):
        derive_grade(general, answers)


def test_answer_not_offered_by_the_check_is_refused() -> None:
    general = CHECKLISTS.for_category("general")
    with pytest.raises(ValueError, match="packaging: 'shiny' is not an answer"):
        derive_grade(general, best_answers(general) | {"packaging": "shiny"})


def test_answer_for_a_check_the_checklist_does_not_have_is_refused() -> None:
    general = CHECKLISTS.for_category("general")
    with pytest.raises(ValueError, match="data_wiped"):
        derive_grade(general, best_answers(general) | {"data_wiped": "wiped"})


def test_keyboard_keys_pick_answers() -> None:
    packaging = CHECKLISTS.for_category("electronics").check("packaging")
    assert packaging is not None
    first = packaging.answer_for_key("1")
    assert first is not None and first.value == "sealed"
    assert packaging.answer_for_key("9") is None


@pytest.mark.parametrize("category", CHECKLISTS.categories)
def test_grade_over_every_answer_combination_is_one_of_the_caps_and_never_above_any(category: str) -> None:
    checklist = CHECKLISTS.for_category(category)
    rank = {g: i for i, g in enumerate(checklist.grade_scale)}
    for combo in itertools.product(*(c.answers for c in checklist.checks)):
        answers = {check.id: answer.value for check, answer in zip(checklist.checks, combo, strict=True)}
        grade = derive_grade(checklist, answers).grade
        caps = [rank[a.grade] for a in combo]
        assert all(rank[grade] >= cap for cap in caps)  # never better than any answer allows
        assert rank[grade] in caps  # and exactly the lowest cap, not an invented one
