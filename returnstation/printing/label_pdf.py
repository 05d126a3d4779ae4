"""Draw a laid-out label as a one-page PDF of the label's exact size, with reportlab.

The PDF is laid out on the dot grid of a `dpi` printer (203 by default), so printed at 100 % scale on
such a printer every bar edge lands on a dot; on a finer printer the modules are simply finer multiples.
The output is byte-for-byte reproducible (no timestamps), which keeps archived labels comparable.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

from returnstation.printing.barcode_data import datamatrix_rows, qr_modules
from returnstation.printing.code128 import Code128Symbol
from returnstation.printing.layout import PlacedBarcode, PlacedRect, PlacedText, lay_out
from returnstation.printing.templates import Align, LabelTemplate, Symbology

BASELINE = 0.9  # baseline below the top of a line box, as a multiple of the font size
# Each bar is drawn 0.05 dot narrower on both sides. Without it, float error puts bar edges a hair past a
# dot boundary and rasterisers (pdfium, printer drivers) round the bar up by a whole dot: at 2 dots per
# module that turned 6-dot bars into 7 and the item label stopped scanning at 203 dpi.
BAR_INSET_DOTS = 0.05


def render_label_pdf(
    template: LabelTemplate, fields: Mapping[str, str], *, dpi: int = 203, language: str = ""
) -> bytes:
    """Render one label, captions in ``language`` (English by default); a missing field raises
    ValueError naming it (MissingLabelFieldsError)."""
    from reportlab.pdfgen.canvas import Canvas

    layout = lay_out(template, fields, dpi, language)
    page_w, page_h = template.width_in * 72, template.height_in * 72
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(page_w, page_h), invariant=1, pageCompression=1)
    canvas.setTitle(f"{template.name} label")
    canvas.setCreator("ReturnStation")
    pen = _Pen(canvas, dpi, page_h)
    for item in layout.items:
        if isinstance(item, PlacedRect):
            pen.rect(item)
        elif isinstance(item, PlacedText):
            pen.text(item)
        else:
            pen.barcode(item)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


class _Pen:
    """Converts dot coordinates (origin top-left) to PDF points (origin bottom-left) while drawing."""

    def __init__(self, canvas: Any, dpi: int, page_h: float) -> None:
        self.c = canvas
        self.pt = 72 / dpi
        self.page_h = page_h

    def fill(self, x: int, y: int, w: int, h: int) -> None:
        self.c.rect(x * self.pt, self.page_h - (y + h) * self.pt, w * self.pt, h * self.pt, stroke=0, fill=1)

    def rect(self, item: PlacedRect) -> None:
        if item.filled:
            self.fill(item.x, item.y, item.width, item.height)
            return
        t = min(item.thickness, item.width // 2, item.height // 2) or 1
        self.fill(item.x, item.y, item.width, t)
        self.fill(item.x, item.y + item.height - t, item.width, t)
        self.fill(item.x, item.y, t, item.height)
        self.fill(item.x + item.width - t, item.y, t, item.height)

    def text(self, item: PlacedText) -> None:
        if item.reverse:
            self.fill(item.x, item.y, item.width, item.height)
            self.c.setFillColorRGB(1, 1, 1)
        self.c.setFont(item.font, item.font_size_pt)
        for line, top in zip(item.lines, item.line_tops, strict=True):
            baseline = self.page_h - top * self.pt - BASELINE * item.font_size_pt
            if item.align is Align.LEFT:
                self.c.drawString(item.text_left * self.pt, baseline, line)
            elif item.align is Align.CENTER:
                self.c.drawCentredString((item.text_left + item.text_width / 2) * self.pt, baseline, line)
            else:
                self.c.drawRightString((item.text_left + item.text_width) * self.pt, baseline, line)
        if item.reverse:
            self.c.setFillColorRGB(0, 0, 0)

    def barcode(self, item: PlacedBarcode) -> None:
        content = item.content
        if content.code128 is not None:
            bars = _planned_code128(
                content.code128, item.module * self.pt, item.height * self.pt, BAR_INSET_DOTS * self.pt
            )
            bars.drawOn(self.c, item.x * self.pt, self.page_h - (item.y + item.height) * self.pt)
        else:
            rows = (
                qr_modules(content.text)
                if content.symbology is Symbology.QR
                else datamatrix_rows(content.text)
            )
            self.matrix(rows, item.x, item.y, item.module)
        if item.hri is not None:
            self.text(item.hri)

    def matrix(self, rows: Sequence[Sequence[bool]], x: int, y: int, module: int) -> None:
        for r, row in enumerate(rows):
            c = 0
            while c < len(row):  # one rectangle per run of dark modules keeps the PDF small
                if not row[c]:
                    c += 1
                    continue
                start = c
                while c < len(row) and row[c]:
                    c += 1
                self.fill(x + start * module, y + r * module, (c - start) * module, module)


def _planned_code128(symbol: Code128Symbol, bar_width: float, bar_height: float, inset: float) -> Any:
    """reportlab's own Code 128 drawing, fed the symbol values of our encoder (see code128.py)."""
    from reportlab.graphics.barcode.code128 import Code128

    class PlannedCode128(Code128):  # type: ignore[misc]
        def validate(self) -> str:
            self.valid = 1
            self.validated = ""
            return ""

        def encode(self) -> list[int]:
            self.encoded = list(symbol.values)
            return self.encoded

        def rect(self, x: float, y: float, w: float, h: float) -> None:
            super().rect(x + inset, y, w - 2 * inset, h)

    return PlannedCode128("", barWidth=bar_width, barHeight=bar_height, quiet=0, humanReadable=0)
