"""The site figures behind the cost and productivity lines of the report, read from a YAML file.

Like the recovery rates these are planning data a supervisor edits, so they are validated strictly:
a labour rate of "24,00" or a negative gap would otherwise print a confident but wrong cost.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from pathlib import Path

from returnstation.reports.yaml_data import load_yaml_mapping, yaml_decimal

REPORT_SETTINGS_FILE = "report_settings.yaml"
_KEYS = ("labour_rate_per_hour", "idle_gap_minutes")


@dataclass(frozen=True, slots=True)
class ReportSettings:
    """``labour_rate_per_hour`` in the unit values' currency; ``idle_gap_minutes`` ends an active session."""

    labour_rate_per_hour: Decimal = Decimal("24.00")
    idle_gap_minutes: int = 30


def default_report_settings_path() -> Path:
    """The settings shipped with the application (``returnstation/data/report_settings.yaml``)."""
    return Path(str(resources.files("returnstation") / "data" / REPORT_SETTINGS_FILE))


def load_report_settings(path: Path | None = None) -> ReportSettings:
    """Read and check the settings; raises ``ValueError`` naming the file and the key at fault."""
    source = path if path is not None else default_report_settings_path()
    raw = load_yaml_mapping(source, f"with {', '.join(_KEYS)}")
    unknown = sorted(str(k) for k in raw if k not in _KEYS)
    if unknown:
        raise ValueError(f"{source}: unknown setting(s) {', '.join(unknown)} (known: {', '.join(_KEYS)})")
    missing = [k for k in _KEYS if k not in raw]
    if missing:
        raise ValueError(f"{source}: missing {', '.join(missing)}")
    rate = yaml_decimal(source, "labour_rate_per_hour", raw["labour_rate_per_hour"], " such as 24.50")
    if rate < 0:
        raise ValueError(f"{source}: labour_rate_per_hour must not be negative, got {rate}")
    gap = raw["idle_gap_minutes"]
    if isinstance(gap, bool) or not isinstance(gap, int) or not 1 <= gap <= 24 * 60:
        raise ValueError(f"{source}: idle_gap_minutes must be whole minutes from 1 to 1440, got {gap!r}")
    return ReportSettings(labour_rate_per_hour=rate, idle_gap_minutes=gap)
