"""Oversized rules and checklist files are refused up front, with a clear message (issue 19, defect 8).

A 12 MB rules file once ran past 120 s and 700 MB before failing; a station must not hang on a file
that no supervisor wrote by hand.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from returnstation.disposition.checklist import default_checklists_dir, load_checklists
from returnstation.disposition.errors import ConfigError
from returnstation.disposition.rules import MAX_RULES, default_rules_path, load_rules
from returnstation.disposition.validate import load_disposition
from returnstation.disposition.yaml_source import MAX_FILE_BYTES


def _many_rules(count: int) -> str:
    body = "".join(
        f"  - id: r{i}\n    when: {{sku: SKU-{i}}}\n    disposition: restock\n    destination: A-{i % 90}\n"
        f"    reason: rule {i}\n"
        for i in range(count)
    )
    return "rules:\n" + body + "  - id: last\n    disposition: scrap\n    destination: S\n    reason: rest\n"


def test_a_rules_file_above_the_size_limit_is_refused_without_being_parsed(tmp_path: Path) -> None:
    big = tmp_path / "rules.yaml"
    big.write_text(_many_rules(1) + "# " + "x" * MAX_FILE_BYTES + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_rules(big)
    (problem,) = exc.value.problems
    assert problem.startswith(f"{big}:1: ") and "too large" in problem and "MB" in problem


def test_a_rules_file_with_more_rules_than_the_limit_is_refused(tmp_path: Path) -> None:
    many = tmp_path / "rules.yaml"
    many.write_text(_many_rules(MAX_RULES + 1), encoding="utf-8")
    assert many.stat().st_size < MAX_FILE_BYTES  # the count limit, not the size limit, refuses it
    with pytest.raises(ConfigError) as exc:
        load_rules(many)
    assert any(f"more than {MAX_RULES} rules" in p for p in exc.value.problems)


def test_an_oversized_checklist_is_refused_and_the_station_config_says_so(tmp_path: Path) -> None:
    site = tmp_path / "checklists"
    shutil.copytree(default_checklists_dir(), site)
    with (site / "apparel.yaml").open("a", encoding="utf-8") as fh:
        fh.write("#" * (MAX_FILE_BYTES + 10) + "\n")
    with pytest.raises(ConfigError) as exc:
        load_checklists(site)
    assert any("apparel.yaml:1: " in p and "too large" in p for p in exc.value.problems)
    with pytest.raises(ConfigError):
        load_disposition(default_rules_path(), site)


def test_the_shipped_files_are_far_below_the_limits() -> None:
    assert default_rules_path().stat().st_size * 20 < MAX_FILE_BYTES
    assert len(load_rules(default_rules_path()).rules) * 20 < MAX_RULES
