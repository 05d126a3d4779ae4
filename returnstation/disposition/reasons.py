"""Return reason codes and their labels, read from a small YAML file.

Reason codes arrive on RMA lines from the order system, drive the disposition rules and group the
reports, so they are configuration (sites add their own) rather than an enum in code. Format::

    reasons:
      no_longer_wanted: No longer wanted
      defective: Defective

Codes are lower-case words (the same ones rules use in ``reason:``); labels are what people read.
"""

from __future__ import annotations

from pathlib import Path

from returnstation.disposition.yaml_source import SourceFile


def default_reasons_path() -> Path:
    return Path(__file__).resolve().parent.parent / "data" / "reasons.yaml"


def load_reasons(path: Path | None = None) -> dict[str, str]:
    """Reason code -> label, in file order; raises ``ConfigError`` listing every problem."""
    source = SourceFile(path if path is not None else default_reasons_path())
    reasons: dict[str, str] = {}
    root = source.compose()
    if root is not None:
        entries = source.mapping(root, "reasons file")
        if entries is not None and source.check_keys(root, entries, "reasons file", required=("reasons",)):
            reasons = source.code_labels(entries["reasons"].value, "reason", max_len=60)
    source.raise_if_problems()
    return reasons
