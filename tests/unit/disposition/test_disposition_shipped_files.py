"""The files the app ships with load, agree with each other and cover what the returns process needs."""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

import pytest

from returnstation.disposition.capture import CaptureKind
from returnstation.disposition.checklist import (
    ANSWER_KEYS,
    default_checklists_dir,
    derive_grade,
    load_checklists,
)
from returnstation.disposition.errors import ConfigError
from returnstation.disposition.reasons import default_reasons_path, load_reasons
from returnstation.disposition.rules import default_rules_path, load_rules
from returnstation.disposition.validate import main as validate_main
from returnstation.domain.enums import Disposition

REASON_CODES = {
    "no_longer_wanted",
    "fit_size",
    "not_as_described",
    "arrived_too_late",
    "duplicate_order",
    "defective",
    "damaged_in_use",
    "damaged_in_transit",
    "incorrect_shipment",
    "ordered_in_error",
    "warranty_claim",
    "recall",
    "overstock",
    "expired",
    "contractual",
}


def test_shipped_checklists_cover_the_categories_the_process_names() -> None:
    checklists = load_checklists(default_checklists_dir())
    assert {"general", "electronics", "apparel", "food", "pharma", "batteries"} <= set(checklists.categories)
    for checklist in checklists:
        assert checklist.grade_scale == ("A", "B", "C", "D")
        for check in checklist.checks:
            assert check.question.strip()
            keys = [a.key for a in check.answers]
            assert keys == list(ANSWER_KEYS[: len(keys)]), f"{checklist.category}.{check.id}: keys in order"


def test_every_shipped_checklist_can_reach_grade_a_and_grade_d() -> None:
    for checklist in load_checklists(default_checklists_dir()):
        choices = [c for c in checklist.checks if not c.is_capture]
        captures = [c for c in checklist.checks if c.is_capture]
        best = {c.id: next(a.value for a in c.answers if a.grade == "A") for c in choices}
        recorded: dict[str, str | None] = {c.id: "2030-01-31" for c in captures}
        assert derive_grade(checklist, best, recorded).grade == "A"
        worst = {
            c.id: max(c.answers, key=lambda a: checklist.grade_scale.index(a.grade)).value for c in choices
        }
        missing: dict[str, str | None] = {c.id: None for c in captures if c.optional}
        missing |= {c.id: "X1" for c in captures if not c.optional}
        assert derive_grade(checklist, worst, missing).grade == "D", checklist.category


def test_electronics_checklist_asks_about_serial_and_customer_data() -> None:
    electronics = load_checklists(default_checklists_dir()).for_category("electronics")
    ids = [c.id for c in electronics.checks]
    assert {"packaging", "accessories", "cosmetic", "powers_on", "serial_match", "data_wiped"} <= set(ids)


def test_regulated_checklists_capture_expiry_and_lot_and_batteries_are_hazardous() -> None:
    checklists = load_checklists(default_checklists_dir())
    pharma, food = checklists.for_category("pharma"), checklists.for_category("food")
    assert [c.id for c in pharma.captures(CaptureKind.LOT)] == ["lot"]
    assert [c.id for c in pharma.captures(CaptureKind.EXPIRY)] == ["expiry"]
    assert [c.id for c in food.captures(CaptureKind.EXPIRY)] == ["expiry"]
    # "not on the pack" must be recordable, and caps the grade: an untraceable medicine is never A
    assert all(c.optional and c.missing_grade == "D" for c in pharma.checks if c.is_capture)
    assert checklists.for_category("batteries").hazardous
    assert not any(c.hazardous for c in checklists if c.category != "batteries")


def test_unknown_category_falls_back_to_general_and_lookup_ignores_case() -> None:
    checklists = load_checklists(default_checklists_dir())
    assert checklists.for_category("garden furniture").category == "general"
    assert checklists.for_category("  Electronics ").category == "electronics"
    assert not checklists.has_category("garden furniture")


def test_shipped_reasons_have_the_standard_codes_and_labels() -> None:
    reasons = load_reasons()
    assert set(reasons) == REASON_CODES
    assert all(label.strip() for label in reasons.values())
    assert load_reasons(default_reasons_path()) == reasons


def test_shipped_rules_load_against_checklists_and_reasons() -> None:
    checklists = load_checklists(default_checklists_dir())
    rules = load_rules(default_rules_path(), checklists=checklists, reasons=load_reasons())
    assert rules.rules[-1].is_catch_all
    assert rules.rules[-1].disposition is Disposition.QUARANTINE
    assert sum(r.is_catch_all for r in rules.rules) == 1
    assert len({r.id for r in rules.rules}) == len(rules.rules)
    assert rules.source == default_rules_path()


def test_rules_version_is_a_short_hash_of_the_file_bytes() -> None:
    path = default_rules_path()
    rules = load_rules(path)
    assert rules.version == hashlib.sha256(path.read_bytes()).hexdigest()[: len(rules.version)]
    assert 8 <= len(rules.version) <= 16


def test_validate_command_accepts_the_shipped_files(capsys: pytest.CaptureFixture[str]) -> None:
    assert validate_main([]) == 0
    assert capsys.readouterr().out.startswith("OK:")


def test_validate_command_lists_the_problems_of_every_broken_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = tmp_path / "rules.yaml"
    good = default_rules_path().read_text(encoding="utf-8")
    rules.write_text(good.replace("disposition: restock", "disposition: restok", 1), encoding="utf-8")
    reasons = tmp_path / "reasons.yaml"
    reasons.write_text("[not, a, mapping\n", encoding="utf-8")
    assert validate_main(["--rules", str(rules), "--reasons", str(reasons)]) == 1
    err = capsys.readouterr().err
    assert f"{rules}:" in err and f"{reasons}:" in err  # one run names both files


def test_config_error_survives_pickling_with_all_problems() -> None:
    error = ConfigError(["a.yaml:1: one", "a.yaml:2: two"])
    copy = pickle.loads(pickle.dumps(error))
    assert copy.problems == error.problems
    assert "a.yaml:2: two" in str(copy)
