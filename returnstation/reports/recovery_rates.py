"""Recovery rates are data a supervisor edits, not constants in code.

The file is validated strictly: a missing disposition or a rate of 65 instead of 0.65 would
otherwise print a confident but wrong "% of cost recovered".
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path

from returnstation.domain.enums import Disposition

RECOVERY_RATES_FILE = "recovery_rates.yaml"


def default_recovery_rates_path() -> Path:
    """The rates shipped with the application (``returnstation/data/recovery_rates.yaml``)."""
    return Path(str(resources.files("returnstation") / "data" / RECOVERY_RATES_FILE))


def load_recovery_rates(path: Path | None = None) -> dict[str, Decimal]:
    """Read ``{disposition value: share of unit value recovered}`` from a YAML mapping.

    Every :class:`Disposition` must appear exactly once with a rate in [0, 1]; unknown keys,
    booleans and non-numbers raise ``ValueError`` naming the file and the key.
    """
    import yaml  # PyYAML: only needed when a report is built

    source = path if path is not None else default_recovery_rates_path()
    try:
        raw = yaml.safe_load(source.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ValueError(f"{source}: not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise ValueError(f"{source}: expected a mapping of disposition to rate")

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
    # bool is an int subclass and YAML reads "yes"/"no" as booleans: refuse it explicitly.
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"{source}: rate for {name!r} must be a number from 0 to 1, got {value!r}")
    try:
        # str() first so 0.65 becomes Decimal("0.65"), not the binary float 0.6500000000000000222...
        rate = Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise ValueError(f"{source}: rate for {name!r} must be a number from 0 to 1, got {value!r}") from exc
    if not rate.is_finite() or not Decimal(0) <= rate <= Decimal(1):
        raise ValueError(f"{source}: rate for {name!r} must be from 0 to 1 (0.65 means 65 %), got {value!r}")
    return rate
