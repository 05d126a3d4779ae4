"""Understanding scanned codes: normalise raw scanner text, verify check digits, classify.

Input devices (keyboard wedge, serial, camera) live in their own modules and only produce `Scan`s;
everything here is pure Python with no Qt and no device access, so it can be tested and fuzzed alone.
"""

from __future__ import annotations

from returnstation.scan.classify import (
    Alternative,
    Classified,
    ClassifierConfig,
    CodeKind,
    classify,
    classify_scan,
)
from returnstation.scan.normalize import DEFAULT_GS_SUBSTITUTES, NormalizedScan, normalize

__all__ = [
    "DEFAULT_GS_SUBSTITUTES",
    "Alternative",
    "Classified",
    "ClassifierConfig",
    "CodeKind",
    "NormalizedScan",
    "classify",
    "classify_scan",
    "normalize",
]
