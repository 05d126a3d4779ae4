"""A reportlab canvas that knows the page count, for a "page N of M" footer on every page.

Pages are kept in memory until ``save()`` and then finished with the footer, so the document is built
once (``multiBuild`` would lay it out twice). Reports are a few pages, so the memory cost is small.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from returnstation.translation import say

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

FOOTER_SIZE = 8
MM = 72 / 25.4  # reportlab.lib.units.mm, without importing reportlab here
FOOTER_MARGIN = 15 * MM + 6  # page margin + platypus frame padding: aligned with the body


def footer_canvas_class(filter_text: str, printed_text: str, font: str = "Helvetica") -> type[Canvas]:
    """A Canvas subclass that draws ``filter ... printed time   page N of M`` at the foot of each page."""
    from reportlab.lib import colors
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen.canvas import Canvas

    class FooterCanvas(Canvas):  # type: ignore[misc]  # reportlab ships no type hints
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pending_pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pending_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pending_pages)
            for number, state in enumerate(self._pending_pages, start=1):
                self.__dict__.update(state)
                self._draw_footer(number, total)
                super().showPage()
            super().save()

        def _draw_footer(self, number: int, total: int) -> None:
            width, _height = self._pagesize
            left, right, baseline = FOOTER_MARGIN, width - FOOTER_MARGIN, 10 * MM
            right_text = f"{printed_text}   " + say("page {number} of {total}", number=number, total=total)
            self.saveState()
            self.setStrokeColor(colors.HexColor("#B0B7C3"))
            self.setLineWidth(0.5)
            self.line(left, baseline + 4 * MM, right, baseline + 4 * MM)
            self.setFont(font, FOOTER_SIZE)
            self.setFillColor(colors.HexColor("#4A5568"))
            self.drawRightString(right, baseline, right_text)
            room = right - left - stringWidth(right_text, font, FOOTER_SIZE) - 6 * MM
            self.drawString(left, baseline, fit_text(filter_text, room, font))
            self.restoreState()

    return FooterCanvas


def fit_text(text: str, width: float, font: str = "Helvetica", size: float = FOOTER_SIZE) -> str:
    """Cut ``text`` with an ellipsis to fit ``width`` points (a long filter must not hit the page number)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(text, font, size) <= width:
        return text
    ellipsis = "\u2026"  # in Windows-1252 too, so Helvetica has it
    while text and stringWidth(text + ellipsis, font, size) > width:
        text = text[:-1]
    return text + ellipsis if text else ""
