"""Recovery rates are data a supervisor edits, not constants in code.

The file is validated strictly: a missing disposition or a rate of 65 instead of 0.65 would
otherwise print a confident but wrong "% of cost recovered".
"""

from __future__ import annotations

from decimal import Decimal
from importlib import resources
from pathlib import Path

from returnstation.domain.enums import Disposition
from returnstation.reports.yaml_data import load_yaml_mapping, yaml_decimal

RECOVERY_RATES_FILE = "recovery_rates.yaml"


def default_recovery_rates_path() -> Path:
    """The rates shipped with the application (``returnstation/data/recovery_rates.yaml``)."""
    return Path(str(resources.files("returnstation") / "data" / RECOVERY_RATES_FILE))


def load_recovery_rates(path: Path | None = None) -> dict[str, Decimal]:
    """Read ``{disposition value: share of unit value recovered}`` from a YAML mapping.

    Every :class:`Disposition` must appear exactly once with a rate in [0, 1]; unknown keys,
    booleans and non-numbers raise ``ValueError`` naming the file and the key.
    """
    source = path if path is not None else default_recovery_rates_path()
    raw = load_yaml_mapping(source, "of disposition to rate")

    known = {d.value for d in Disposition}
    rates: dict[str, Decimal] = {}
    for key, value in raw.items():
        name = str(key)
        if name not in known:
            raise ValueError(f"{source}: unknown disposition {name!r} (known: {', '.join(sorted(known))})")
        rates[name] = _parse_rate(source, name, value)
    missing = known - rates.keys()
    if missing:
        raise ValueError(f"{source}: no recovery rate for {', '.join(sorted(missing))}")
    return {d.value: rates[d.value] for d in Disposition}


def _parse_rate(source: Path, name: str, value: object) -> Decimal:
    rate = yaml_decimal(source, f"rate for {name!r}", value, " from 0 to 1")
    if not Decimal(0) <= rate <= Decimal(1):
        raise ValueError(f"{source}: rate for {name!r} must be from 0 to 1 (0.65 means 65 %), got {value!r}")
    return rate
