"""The report settings file refuses YAML mistakes with the file named (reports/yaml_data.py)."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from returnstation.reports.report_settings import load_report_settings
from returnstation.reports.yaml_data import yaml_decimal


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("labour_rate_per_hour: [1\n", "not valid YAML"),
        ("- 24.00\n- 30\n", "expected a mapping with labour_rate_per_hour, idle_gap_minutes"),
        ("labour_rate_per_hour: yes\nidle_gap_minutes: 30\n", "labour_rate_per_hour must be a number"),
        ("labour_rate_per_hour: 24,00\nidle_gap_minutes: 30\n", r"such as 24\.50, got '24,00'"),
        ("labour_rate_per_hour: .inf\nidle_gap_minutes: 30\n", "must be a finite number"),
    ],
)
def test_report_settings_mistakes_name_the_file(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "settings.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=message) as info:
        load_report_settings(path)
    assert str(info.value).startswith(f"{path}: ")


def test_a_list_and_broken_yaml_are_refused(tmp_path: Path) -> None:
    listed = tmp_path / "list.yaml"
    listed.write_text("- 1\n", encoding="utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text("a: [1\n", encoding="utf-8")
    with pytest.raises(ValueError, match=f"^{re.escape(str(listed))}: expected a mapping "):
        load_report_settings(listed)
    with pytest.raises(ValueError, match=f"^{re.escape(str(broken))}: not valid YAML"):
        load_report_settings(broken)


def test_a_number_is_read_exactly_and_a_boolean_is_not_a_number() -> None:
    source = Path("f.yaml")
    assert yaml_decimal(source, "x", 0.65).as_tuple() == Decimal("0.65").as_tuple()
    assert yaml_decimal(source, "x", " 12 ") == Decimal(12)
    with pytest.raises(ValueError, match=r"^f\.yaml: x must be a number from 0 to 1, got True$"):
        yaml_decimal(source, "x", True, " from 0 to 1")
