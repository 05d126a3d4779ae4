"""Lot inspection without a window: the sampling table, the judge of a sample, and the workflow that
stops at the first failed sample."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from returnstation.disposition.checklist import Checklist, GradeResult
from returnstation.disposition.errors import ConfigError
from returnstation.disposition.lot_sampling import LotPolicy, SampleVerdict, load_lot_policy
from returnstation.domain.enums import Disposition
from returnstation.domain.inspection import Decision
from returnstation.services.inspection import DecisionPreview, PendingItem
from returnstation.services.lot_inspection import LotPlan, SampleResult
from returnstation.services.lot_session import LotSession, LotState

NOW = datetime(2026, 12, 5, 9, 0)
POLICY = load_lot_policy()
RESTOCK = Decision(Disposition.RESTOCK, "RESTOCK-A1", "grade-a", "Back to stock", "v1")
REFURB = Decision(Disposition.REFURBISH, "REFURB", "grade-b", "Refurbish", "v1")


@pytest.mark.parametrize(
    ("lot", "sample"),
    [(2, 2), (8, 2), (9, 3), (15, 3), (16, 5), (50, 8), (51, 13), (500, 50), (1200, 80), (3200, 125)],
)
def test_the_shipped_table_is_iso_2859_level_ii(lot: int, sample: int) -> None:
    assert POLICY.sample_size(lot) == sample


def test_a_lot_larger_than_the_table_gets_no_sample_size() -> None:
    assert POLICY.sample_size(3201) is None and POLICY.max_lot == 3200


def test_the_judge_wants_the_grade_the_answers_and_the_same_place_as_the_first_sample() -> None:
    sealed = {"packaging": "sealed"}
    assert POLICY.judge("A", sealed, RESTOCK, None).passed
    assert POLICY.judge("a", {}, RESTOCK, RESTOCK).passed  # a checklist without the check: not asked
    graded = POLICY.judge("B", sealed, RESTOCK, None)
    assert (graded.verdict, graded.detail) == (SampleVerdict.GRADE, "B")
    opened = POLICY.judge("A", {"packaging": "opened"}, RESTOCK, None)
    assert (opened.verdict, opened.detail) == (SampleVerdict.ANSWER, "packaging=opened")
    elsewhere = POLICY.judge("A", sealed, REFURB, RESTOCK)
    assert (elsewhere.verdict, elsewhere.detail) == (SampleVerdict.DIFFERS, "refurbish REFURB")


def unit(n: int) -> PendingItem:
    return PendingItem(
        n,
        f"RSI-{n:06d}",
        "KTL-01",
        "Kettle",
        "general",
        "RMA-1",
        "SO-1",
        "no_longer_wanted",
        Decimal("25"),
        NOW,
    )


def plan(units: int = 10, samples: int = 3) -> LotPlan:
    items = tuple(unit(n) for n in range(1, units + 1))
    return LotPlan(
        "LOT-000001",
        items,
        tuple(u.item_id for u in items[:samples]),
        Checklist("general", "General", ("A", "B"), ()),
    )


def preview(grade: str, decision: Decision = RESTOCK) -> DecisionPreview:
    return DecisionPreview(GradeResult(grade, ()), decision)


def taken(item_id: int, **answers: str) -> SampleResult:
    return SampleResult(item_id, {"packaging": "sealed", **answers}, {}, NOW)


def test_samples_are_taken_in_order_until_the_lot_is_ready() -> None:
    s = LotSession(plan(), POLICY)
    assert (s.state, s.current_item_id, s.position) == (LotState.SAMPLING, 1, (1, 3))
    first = s.take(taken(1), preview("A"))
    assert first.judgement.passed and first.next_item_id == 2 and s.position == (2, 3)
    with pytest.raises(ValueError, match="not the sample to inspect now"):
        s.take(taken(3), preview("A"))
    s.take(taken(2), preview("A"))
    last = s.take(taken(3), preview("A"))
    assert last.state is LotState.READY and last.next_item_id is None and s.current_item_id is None
    assert [x.item_id for x in s.samples] == [1, 2, 3] and s.first == RESTOCK
    assert s.is_unit(10) and not s.is_unit(11)


def test_the_first_failed_sample_ends_the_lot() -> None:
    s = LotSession(plan(), POLICY)
    s.take(taken(1), preview("A"))
    failed = s.take(taken(2), preview("A", REFURB))
    assert failed.state is LotState.FAILED and failed.next_item_id is None
    assert s.failure is not None and s.failure.verdict is SampleVerdict.DIFFERS
    assert s.current_item_id is None and len(s.samples) == 2


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "lot.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_broken_lot_file_names_every_problem_with_its_line(tmp_path: Path) -> None:
    text = (
        "enabled: yes\nmin_lot: 1\naccept_grades: [A]\nsampel: 3\n"
        "sampling:\n  - {up_to: 8, sample: 2}\n  - {up_to: 8, sample: 3}\n  - {up_to: 20, sample: 30}\n"
        "  - {up_to: 30, sample: 1}\n"
    )
    with pytest.raises(ConfigError) as exc:
        load_lot_policy(write(tmp_path, text))
    problems = "\n".join(exc.value.problems)
    assert "lot.yaml:4: lot inspection file: unknown key 'sampel'" in problems
    assert "lot.yaml:2: min_lot: expected a whole number >= 2, found 1" in problems
    assert "lot.yaml:7: sampling: up_to 8 must be larger than the row before (8)" in problems
    assert "lot.yaml:8: sampling: a sample of 30 is more than the lot of up to 20" in problems
    assert "lot.yaml:9: sampling: a larger lot must not get a smaller sample (1 < 2)" in problems


def test_a_site_can_switch_lot_inspection_off(tmp_path: Path) -> None:
    text = "enabled: false\nmin_lot: 5\naccept_grades: [A, B]\nsampling: [{up_to: 10, sample: 2}]\n"
    policy = load_lot_policy(write(tmp_path, text))
    assert policy == LotPolicy(False, 5, frozenset({"A", "B"}), {}, ((10, 2),))
