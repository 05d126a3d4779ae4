"""Concern reasons (suspected fraud or abuse), read from ``data/concern_reasons.yaml`` and validated.

Why data: what a site watches for changes with its products and its customers (wardrobing matters for
fashion, swapped serials for electronics), and the reports count concerns by these codes, so a site
adds one without a release. A broken file is refused with every problem as "file:line: message".
Format::

    reasons:
      empty_box: Box arrived empty
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from returnstation.disposition.yaml_source import SourceFile


def default_concern_reasons_path() -> Path:
    return Path(__file__).resolve().parent.parent / "data" / "concern_reasons.yaml"


def load_concern_reasons(path: Path | None = None) -> Mapping[str, str]:
    """Code -> label, in file order. Raises ``ConfigError`` listing every problem."""
    source = SourceFile(path if path is not None else default_concern_reasons_path())
    reasons: dict[str, str] = {}
    root = source.compose()
    entries = source.mapping(root, "concern reasons file") if root is not None else None
    if root is not None and entries is not None:
        source.check_keys(root, entries, "concern reasons file", required=("reasons",))
        if "reasons" in entries:
            reasons = source.code_labels(entries["reasons"].value, "concern reason", max_len=80)
    source.raise_if_problems()
    return reasons
