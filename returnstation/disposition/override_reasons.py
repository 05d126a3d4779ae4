"""Override reasons and the bin an overridden item goes to, read from ``data/override_reasons.yaml``.

Why data: what counts as a good reason to overrule the rules is policy, and the reports group overrides
by these codes, so a site must be able to add one ("regulation") without a release. Why destinations
here: an override names a disposition, and the routing label still needs a bin for it. Format::

    reasons:
      damage_not_in_checklist: Damage or fault the checklist does not ask about
    destinations:          # one bin per disposition, every disposition listed
      restock: RESTOCK-A1
      quarantine: QUARANTINE
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from returnstation.disposition.rules import is_destination
from returnstation.disposition.yaml_source import SourceFile
from returnstation.domain.enums import Disposition


@dataclass(frozen=True)
class OverridePolicy:
    reasons: Mapping[str, str]  # code -> label, in file order
    destinations: Mapping[Disposition, str]

    def label(self, code: str) -> str:
        return self.reasons.get(code, code)


def default_override_reasons_path() -> Path:
    return Path(__file__).resolve().parent.parent / "data" / "override_reasons.yaml"


def load_override_policy(path: Path | None = None) -> OverridePolicy:
    """Raises ``ConfigError`` listing every problem as "file:line: message"."""
    source = SourceFile(path if path is not None else default_override_reasons_path())
    reasons: dict[str, str] = {}
    destinations: dict[Disposition, str] = {}
    root = source.compose()
    entries = source.mapping(root, "override reasons file") if root is not None else None
    if root is not None and entries is not None:
        source.check_keys(root, entries, "override reasons file", required=("reasons", "destinations"))
        if "reasons" in entries:
            reasons = source.code_labels(entries["reasons"].value, "override reason", max_len=80)
        if "destinations" in entries:
            node = entries["destinations"].value
            bins = source.mapping(node, "destinations")
            if bins is not None:
                source.check_keys(node, bins, "destinations", required=[d.value for d in Disposition])
                for disposition in Disposition:
                    if disposition.value not in bins:
                        continue
                    value = bins[disposition.value].value
                    destination = source.text(value, f"destinations: {disposition.value}")
                    if destination is not None and not is_destination(destination):
                        source.problem(
                            value,
                            f"destinations: {disposition.value}: '{destination}' must be upper-case letters, "
                            "digits and - _ . / (at most 32), as printed on the label",
                        )
                    elif destination is not None:
                        destinations[disposition] = destination
    source.raise_if_problems()
    return OverridePolicy(reasons=reasons, destinations=destinations)
