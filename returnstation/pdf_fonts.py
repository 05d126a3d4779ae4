"""Pick a Unicode TrueType font for the PDFs (reports and labels), falling back to the built-in Helvetica.

Shared by reports/ and printing/ (which may not import each other): a Polish rule reason on a label
("Zużyty lub wadliwy") needs the same font as the report, or it prints as "Zu?yty".

Helvetica only covers Windows-1252: an inspector called "Łukasz" or a Czech category would print as
black boxes. So the first font found from a short list is embedded (subset) instead: DejaVu Sans
shipped with the app under ``returnstation/data/fonts/`` if present, else the system's DejaVu Sans
(Linux) or Arial (Windows, macOS). Helvetica remains the fallback, so a report always prints.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

REGULAR_NAME = "ReportSans"
BOLD_NAME = "ReportSans-Bold"


@dataclass(frozen=True, slots=True)
class ReportFonts:
    regular: str
    bold: str
    source: Path | None  # the TrueType file used; None for the built-in Helvetica


def font_candidates() -> list[tuple[Path, Path]]:
    """(regular, bold) TrueType pairs, most preferred first."""
    shipped = Path(str(resources.files("returnstation") / "data" / "fonts"))
    windows_fonts = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
    mac_fonts = Path("/System/Library/Fonts/Supplemental")
    return [
        (shipped / "DejaVuSans.ttf", shipped / "DejaVuSans-Bold.ttf"),
        (
            Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
            Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
        ),
        (
            Path("/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf"),
            Path("/usr/share/fonts/dejavu-sans-fonts/DejaVuSans-Bold.ttf"),
        ),
        (Path("/usr/share/fonts/TTF/DejaVuSans.ttf"), Path("/usr/share/fonts/TTF/DejaVuSans-Bold.ttf")),
        (windows_fonts / "arial.ttf", windows_fonts / "arialbd.ttf"),
        (mac_fonts / "Arial.ttf", mac_fonts / "Arial Bold.ttf"),
    ]


@functools.cache
def report_fonts() -> ReportFonts:
    """Register the first usable pair with reportlab (once per process) and return its names."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    for regular, bold in font_candidates():
        if not (regular.is_file() and bold.is_file()):
            continue
        try:
            pdfmetrics.registerFont(TTFont(REGULAR_NAME, str(regular)))
            pdfmetrics.registerFont(TTFont(BOLD_NAME, str(bold)))
        except (TTFError, OSError):
            continue  # a damaged or unsupported font file: try the next one
        # So that <b> inside a Paragraph switches to the bold file.
        for bold_flag, italic_flag, name in (
            (0, 0, REGULAR_NAME),
            (1, 0, BOLD_NAME),
            (0, 1, REGULAR_NAME),
            (1, 1, BOLD_NAME),
        ):
            addMapping(REGULAR_NAME, bold_flag, italic_flag, name)
        return ReportFonts(regular=REGULAR_NAME, bold=BOLD_NAME, source=regular)
    return ReportFonts(regular="Helvetica", bold="Helvetica-Bold", source=None)
