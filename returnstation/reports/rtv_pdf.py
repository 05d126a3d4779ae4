"""The return-to-vendor list (A4 landscape): what leaves for one vendor in one shipment.

The vendor signs for it, so it says everything a vendor checks against its credit note: every item with
its SKU, serial or lot, quantity, the return reason and the RMA it came back on, then the quantities by
SKU, then two signature lines. Every page carries the list's number and "page N of M", so a loose page
still says which shipment it belongs to. reportlab is imported when a PDF is written, never on import.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from returnstation.reports.atomic_file import atomic_target
from returnstation.translation import say

_MM = 72 / 25.4
_HEADER_BG = "#334155"
_ZEBRA = "#F6F8FA"
_RULE = "#CBD5E1"


@dataclass(frozen=True, slots=True)
class RtvLine:
    item_code: str
    rma_number: str
    sku: str
    description: str
    serial: str  # "" when the unit has none
    lot: str  # "" when none was captured
    quantity: int
    reason: str  # the return reason, in words
    note: str  # the rule's reason (or the override's): why it goes to the vendor


@dataclass(frozen=True, slots=True)
class RtvList:
    number: str  # RTV-000001
    vendor_code: str
    vendor_name: str
    vendor_address: tuple[str, ...]
    created_at: datetime
    station: str
    user: str
    lines: tuple[RtvLine, ...]

    @property
    def quantity(self) -> int:
        return sum(line.quantity for line in self.lines)

    def by_sku(self) -> list[tuple[str, str, int]]:
        """(SKU, description, quantity), in SKU order: the vendor's count check."""
        counts: Counter[str] = Counter()
        names: dict[str, str] = {}
        for line in self.lines:
            counts[line.sku] += line.quantity
            names.setdefault(line.sku, line.description)
        return [(sku, names[sku], counts[sku]) for sku in sorted(counts)]


def write_rtv_pdf(rtv: RtvList, path: Path, *, generated_at: datetime) -> Path:
    """Render the list to ``path`` (written atomically) and return ``path``."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import SimpleDocTemplate

    from returnstation.pdf_fonts import report_fonts
    from returnstation.reports.pdf_canvas import footer_canvas_class

    fonts = report_fonts()
    styles = _styles(fonts.regular, fonts.bold)
    page = landscape(A4)
    width = page[0] - 30 * _MM - 12
    story = [
        *_heading(rtv, styles),
        *_items(rtv, width, styles, fonts.bold),
        *_totals(rtv, width, styles, fonts.bold),
        *_signatures(width, styles),
    ]
    canvas = footer_canvas_class(
        say("Return-to-vendor list {number}, {vendor}", number=rtv.number, vendor=rtv.vendor_code),
        say("Printed {at} UTC", at=f"{generated_at:%Y-%m-%d %H:%M}"),
        fonts.regular,
    )
    with atomic_target(path) as tmp:
        doc = SimpleDocTemplate(
            str(tmp),
            pagesize=page,
            leftMargin=15 * _MM,
            rightMargin=15 * _MM,
            topMargin=15 * _MM,
            bottomMargin=20 * _MM,
            title=say("Return-to-vendor list {number}", number=rtv.number),
            author=rtv.station,
        )
        doc.build(story, canvasmaker=canvas)
    return path


def _styles(regular: str, bold: str) -> dict[str, Any]:
    from reportlab.lib.styles import ParagraphStyle

    return {
        "title": ParagraphStyle("title", fontName=bold, fontSize=18, leading=22, spaceAfter=4),
        "meta": ParagraphStyle("meta", fontName=regular, fontSize=10, leading=13),
        "vendor": ParagraphStyle("vendor", fontName=regular, fontSize=11, leading=14),
        "cell": ParagraphStyle("cell", fontName=regular, fontSize=8, leading=10),
        "head": ParagraphStyle("head", fontName=bold, fontSize=12, leading=15, spaceBefore=10, spaceAfter=4),
    }


def _p(text: str, style: Any) -> Any:
    from reportlab.platypus import Paragraph

    return Paragraph(escape(text), style)


def _heading(rtv: RtvList, styles: dict[str, Any]) -> list[Any]:
    from reportlab.platypus import Paragraph, Spacer

    vendor = "<br/>".join(escape(x) for x in (f"{rtv.vendor_name} ({rtv.vendor_code})", *rtv.vendor_address))
    made = say(
        "{at} UTC at {station} by {user}",
        at=f"{rtv.created_at:%Y-%m-%d %H:%M}",
        station=rtv.station,
        user=rtv.user,
    )
    return [
        _p(say("Return to vendor: list {number}", number=rtv.number), styles["title"]),
        Paragraph(vendor, styles["vendor"]),
        Spacer(1, 3 * _MM),
        _p(
            say(
                "Made {made}. {items} item(s), quantity {quantity}.",
                made=made,
                items=len(rtv.lines),
                quantity=rtv.quantity,
            ),
            styles["meta"],
        ),
    ]


def _table(rows: list[list[Any]], widths: list[float], bold: str, numbers: tuple[int, ...]) -> Any:
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    table = Table(rows, colWidths=widths, repeatRows=1)
    style = [
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(_HEADER_BG)),
        ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
        ("FONTNAME", (0, 0), (-1, 0), bold),
        ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor(_RULE)),
        *(("ALIGN", (c, 0), (c, -1), "RIGHT") for c in numbers),
    ]
    style += [("BACKGROUND", (0, r), (-1, r), colors.HexColor(_ZEBRA)) for r in range(2, len(rows), 2)]
    table.setStyle(TableStyle(style))
    return table


def _items(rtv: RtvList, width: float, styles: dict[str, Any], bold: str) -> list[Any]:
    cell = styles["cell"]
    head = [
        "#",
        say("Item"),
        "RMA",
        "SKU",
        say("Description"),
        say("Serial / lot"),
        say("Qty"),
        say("Reason"),
        say("Why to the vendor"),
    ]
    rows: list[list[Any]] = [head]
    for n, line in enumerate(rtv.lines, start=1):
        ident = " / ".join(x for x in (line.serial, say("lot {lot}", lot=line.lot) if line.lot else "") if x)
        rows.append(
            [
                str(n),
                line.item_code,
                line.rma_number,
                _p(line.sku, cell),
                _p(line.description, cell),
                _p(ident or "-", cell),
                str(line.quantity),
                _p(line.reason, cell),
                _p(line.note, cell),
            ]
        )
    shares = [0.04, 0.09, 0.1, 0.11, 0.2, 0.12, 0.04, 0.1, 0.2]
    return [_p(say("Items"), styles["head"]), _table(rows, [width * s for s in shares], bold, (0, 6))]


def _totals(rtv: RtvList, width: float, styles: dict[str, Any], bold: str) -> list[Any]:
    rows: list[list[Any]] = [["SKU", say("Description"), say("Quantity")]]
    rows += [[sku, _p(desc, styles["cell"]), str(qty)] for sku, desc, qty in rtv.by_sku()]
    rows.append([say("Total"), "", str(rtv.quantity)])
    return [
        _p(say("Quantities by SKU"), styles["head"]),
        _table(rows, [width * s for s in (0.2, 0.5, 0.1)], bold, (2,)),
    ]


def _signatures(width: float, styles: dict[str, Any]) -> list[Any]:
    from reportlab.platypus import Spacer, Table

    line = "_" * 40
    rows = [
        [say("Handed over by: {line}", line=line), say("Received for the vendor by: {line}", line=line)],
        [say("Date:"), say("Date:")],
    ]
    return [Spacer(1, 10 * _MM), Table(rows, colWidths=[width / 2, width / 2])]
