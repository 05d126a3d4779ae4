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
    assert result.grade == "A"
    assert len(result.because) == 1
    assert "no answer lowers it" in result.because[0]


def test_one_capping_answer_sets_the_grade_and_is_named() -> None:
    general = CHECKLISTS.for_category("general")
    result = derive_grade(general, best_answers(general) | {"packaging": "opened"})
    assert result.grade == "B"
    assert result.because[0].startswith("Packaging: Opened")
    assert result.because[-1].startswith("Grade B")


def test_the_worst_cap_wins_over_milder_ones() -> None:
    electronics = CHECKLISTS.for_category("electronics")
    answers = best_answers(electronics) | {
        "packaging": "opened",
        "cosmetic": "visible_damage",
        "powers_on": "works",
    }
    result = derive_grade(electronics, answers)
    assert result.grade == "C"
    assert len(result.because) == 3  # packaging, cosmetic, conclusion
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
