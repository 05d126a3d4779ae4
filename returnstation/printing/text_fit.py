"""Make text fit its box: shrink first, then wrap between words, and cut with "..." only as the last resort.

A word is never broken across lines (issue #14: "REFURB-OPENBO" / "X" on the label, the bin code the
picker reads). The text shrinks until every word fits whole; a word still too wide at the smallest size
is cut at its end with "...", on its own line, so what is printed is never a wrong code that looks right.

Widths come from the PDF's font metrics (returnstation/pdf_fonts.py: DejaVu Sans where installed, else
Helvetica). The ZPL renderer reuses the same lines and sizes; the printer's font 0 is a condensed face,
narrower than either, so a line that fits here fits there too.
"""

from __future__ import annotations

from dataclasses import dataclass

from returnstation.printing.templates import LINE_HEIGHT

ELLIPSIS = "..."  # three dots: every printer font has them, unlike U+2026
_SIZE_STEP = 0.5


@dataclass(frozen=True)
class FittedText:
    lines: tuple[str, ...]
    font_size: float  # points
    truncated: bool


def font_name(bold: bool) -> str:
    """The label's font: the same Unicode font as the reports (Polish, Czech, German all print)."""
    from returnstation.pdf_fonts import report_fonts

    fonts = report_fonts()
    return fonts.bold if bold else fonts.regular


def printable_text(text: str) -> str:
    """What the label font can show: control characters become spaces; with only the built-in Helvetica
    (no Unicode font found), anything outside WinAnsi becomes '?' rather than a blank box."""
    from returnstation.pdf_fonts import report_fonts

    cleaned = "".join(ch if ch.isprintable() else " " for ch in text)
    if report_fonts().source is not None:
        return cleaned
    return cleaned.encode("cp1252", errors="replace").decode("cp1252")


def text_width(text: str, font: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return float(stringWidth(text, font, size))


def fit_text(
    text: str,
    *,
    width_pt: float,
    height_pt: float,
    font: str,
    font_size: float,
    min_font_size: float,
    max_lines: int,
) -> FittedText:
    words = printable_text(text).split()
    if not words:
        return FittedText((), font_size, False)

    def attempt(size: float) -> tuple[str, ...] | None:
        allowed = min(max_lines, int(height_pt / (size * LINE_HEIGHT) + 1e-6))
        if allowed < 1:
            return None
        if any(text_width(word, font, size) > width_pt for word in words):
            return None  # a word would have to be split: smaller type instead
        lines = _wrap(words, width_pt, font, size)
        return lines if len(lines) <= allowed else None

    # Sizes on a half-point grid, largest first; fitting is monotonic in size, so bisect.
    steps = round((font_size - min_font_size) / _SIZE_STEP)
    sizes = [font_size - i * _SIZE_STEP for i in range(steps + 1)]
    lo, hi, best = 0, len(sizes) - 1, None
    while lo <= hi:
        mid = (lo + hi) // 2
        lines = attempt(sizes[mid])
        if lines is not None:
            best, hi = (sizes[mid], lines), mid - 1
        else:
            lo = mid + 1
    if best is not None:
        return FittedText(best[1], best[0], False)
    return _truncate(words, width_pt, height_pt, font, min_font_size, max_lines)


def _wrap(words: list[str], width: float, font: str, size: float) -> tuple[str, ...]:
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, font, size) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        if text_width(word, font, size) > width:  # wider than the box even alone: cut at its end
            lines.append(word[: _longest_prefix(word, width, font, size, suffix=ELLIPSIS)] + ELLIPSIS)
            current = ""
    if current:
        lines.append(current)
    return tuple(lines)


def _longest_prefix(word: str, width: float, font: str, size: float, suffix: str = "") -> int:
    lo, hi = 1, len(word)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if text_width(word[:mid] + suffix, font, size) <= width:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _truncate(
    words: list[str], width: float, height: float, font: str, size: float, max_lines: int
) -> FittedText:
    allowed = max(1, min(max_lines, int(height / (size * LINE_HEIGHT) + 1e-6)))
    lines = list(_wrap(words, width, font, size))
    kept = lines[:allowed]
    last = kept[-1]
    if last.endswith(ELLIPSIS):  # a word cut at its end already says so
        return FittedText(tuple(kept), size, True)
    if text_width(last + ELLIPSIS, font, size) > width:
        last = last[: _longest_prefix(last, width, font, size, suffix=ELLIPSIS)].rstrip()
    kept[-1] = last + ELLIPSIS
    return FittedText(tuple(kept), size, True)
