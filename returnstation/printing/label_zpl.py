"""Write a laid-out label as ZPL II for Zebra-compatible thermal printers.

Everything is positioned in dots from the shared layout, so the thermal label matches the PDF preview.
Barcodes are encoded by the printer from explicit data: Code 128 with invocation codes from our own
encoder (so GS1 FNC1 is `>8`), QR with ^BQ and Data Matrix with ^BX forced to the PDF's 44x44 size.
Text goes through ^FH hex escapes so '^', '~' and non-ASCII characters cannot break the format.
"""

from __future__ import annotations

from collections.abc import Mapping

from returnstation.printing.barcode_data import DATAMATRIX_SIZE, QR_ERROR_CORRECTION
from returnstation.printing.layout import PlacedBarcode, PlacedRect, PlacedText, lay_out
from returnstation.printing.templates import Align, LabelTemplate, Symbology

_JUSTIFY = {Align.LEFT: "L", Align.CENTER: "C", Align.RIGHT: "R"}


def render_label_zpl(
    template: LabelTemplate, fields: Mapping[str, str], dpi: int = 203, language: str = ""
) -> str:
    """One ^XA..^XZ label format for a printer of `dpi` (203 or 300 are the common ones), captions in
    ``language``."""
    layout = lay_out(template, fields, dpi, language)
    out = ["^XA", "^CI28", f"^PW{layout.width}", f"^LL{layout.height}", "^LH0,0", "^PON"]
    for item in layout.items:
        if isinstance(item, PlacedRect):
            out.append(_rect(item))
        elif isinstance(item, PlacedText):
            out.extend(_text(item, dpi))
        else:
            out.extend(_barcode(item, dpi))
    out.append("^XZ")
    return "\n".join(out) + "\n"


def with_copies(zpl: str, copies: int) -> str:
    """Ask the printer for `copies` labels with ^PQ, instead of sending the format several times."""
    if not 1 <= copies <= 999:
        raise ValueError(f"copies must be between 1 and 999, got {copies}")
    if copies == 1:
        return zpl
    head, sep, tail = zpl.rpartition("^XZ")
    if not sep:
        raise ValueError("not a ZPL label format: no ^XZ")
    return f"{head}^PQ{copies}\n^XZ{tail}"


def _rect(item: PlacedRect) -> str:
    thickness = min(item.width, item.height) if item.filled else item.thickness
    return f"^FO{item.x},{item.y}^GB{item.width},{item.height},{thickness},B,0^FS"


def _text(item: PlacedText, dpi: int) -> list[str]:
    out: list[str] = []
    if item.reverse:
        out.append(f"^FO{item.x},{item.y}^GB{item.width},{item.height},{min(item.width, item.height)},B,0^FS")
    height = max(1, round(item.font_size_pt * dpi / 72))
    invert = "^FR" if item.reverse else ""
    for line, top in zip(item.lines, item.line_tops, strict=True):
        out.append(
            f"^FO{item.text_left},{top}^A0N,{height},{height}"
            f"^FB{item.text_width},1,0,{_JUSTIFY[item.align]},0{invert}^FH^FD{escape_text(line)}^FS"
        )
    return out


def _barcode(item: PlacedBarcode, dpi: int) -> list[str]:
    content = item.content
    if content.code128 is not None:
        # Mode N with explicit start/switch codes: the printer encodes exactly our symbol values.
        out = [
            f"^FO{item.x},{item.y}^BY{item.module}^BCN,{item.height},N,N,N"
            f"^FD{content.code128.zpl_field_data}^FS"
        ]
    elif content.symbology is Symbology.QR:
        out = [
            f"^FO{item.x},{item.y}^BQN,2,{item.module}"
            f"^FH^FD{QR_ERROR_CORRECTION}A,{escape_hex(content.text)}^FS"
        ]
    else:
        # '_' is named as the escape character so old and new firmware agree; a literal '_' is doubled.
        data = escape_hex(content.text.replace("_", "__"))
        out = [
            f"^FO{item.x},{item.y}^BXN,{item.module},200,{DATAMATRIX_SIZE},{DATAMATRIX_SIZE},,_"
            f"^FH^FD{data}^FS"
        ]
    if item.hri is not None:
        out.extend(_text(item.hri, dpi))
    return out


def escape_hex(text: str) -> str:
    """^FH escapes (_XX) for the characters ZPL would take as commands, and for non-ASCII (UTF-8)."""
    parts: list[str] = []
    for ch in text:
        if ch in "^~_" or not " " <= ch <= "}":
            parts.extend(f"_{byte:02X}" for byte in ch.encode("utf-8"))
        else:
            parts.append(ch)
    return "".join(parts)


def escape_text(text: str) -> str:
    r"""Like escape_hex, plus '\' doubled: inside ^FB a backslash starts a line-break code."""
    return escape_hex(text).replace("\\", "\\\\")
