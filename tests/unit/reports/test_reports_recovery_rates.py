"""The recovery-rate file is data a supervisor edits: the shipped values, and mistakes it refuses."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from reports_fixtures import SPEC_RATES

from returnstation.domain.enums import Disposition
from returnstation.reports.recovery_rates import default_recovery_rates_path
from returnstation.reports.summary import load_recovery_rates


def _rates_file(tmp_path: Path, overrides: dict[str, str], drop: str | None = None) -> Path:
    lines = [f"{key}: {overrides.get(key, str(value))}" for key, value in SPEC_RATES.items() if key != drop]
    lines += [f"{key}: {value}" for key, value in overrides.items() if key not in SPEC_RATES]
    path = tmp_path / "recovery_rates.yaml"
    path.write_text("# edited by a supervisor\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_shipped_file_holds_the_agreed_rates_as_exact_decimals() -> None:
    rates = load_recovery_rates()
    assert rates == SPEC_RATES
    assert rates["refurbish"].as_tuple() == Decimal("0.65").as_tuple()  # not the float 0.65000000000000002
    assert list(rates) == [d.value for d in Disposition]
    assert default_recovery_rates_path().name == "recovery_rates.yaml"


def test_an_edited_file_is_read(tmp_path: Path) -> None:
    rates = load_recovery_rates(_rates_file(tmp_path, {"refurbish": "0.5", "donate": "'0.1'"}))
    assert rates["refurbish"] == Decimal("0.5")
    assert rates["donate"] == Decimal("0.1")


@pytest.mark.parametrize(
    ("overrides", "drop", "message"),
    [
        ({}, "scrap", "no recovery rate for scrap"),
        ({"resell": "0.5"}, None, "unknown disposition 'resell'"),
        ({"refurbish": "65"}, None, "from 0 to 1"),
        ({"refurbish": "-0.1"}, None, "from 0 to 1"),
        ({"refurbish": "yes"}, None, "must be a number"),
        ({"refurbish": "lots"}, None, "must be a number"),
        ({"refurbish": ".nan"}, None, "from 0 to 1"),
        ({"refurbish": "[0.5]"}, None, "must be a number"),
    ],
)
def test_mistakes_are_refused_naming_the_file_and_key(
    tmp_path: Path, overrides: dict[str, str], drop: str | None, message: str
) -> None:
    path = _rates_file(tmp_path, overrides, drop)
    with pytest.raises(ValueError, match=message) as info:
        load_recovery_rates(path)
    assert str(path) in str(info.value)


def test_a_file_that_is_not_a_mapping_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "rates.yaml"
    path.write_text("- restock\n- 1.0\n", encoding="utf-8")
    with pytest.raises(ValueError, match="mapping"):
        load_recovery_rates(path)


def test_broken_yaml_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "rates.yaml"
    path.write_text("restock: [1.0\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not valid YAML"):
        load_recovery_rates(path)
