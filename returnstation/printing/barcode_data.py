"""Turn a field value into barcode content per symbology, and say how big the symbol is in modules.

Validation happens here, before anything is drawn, so a value that cannot be printed correctly fails
with a message naming the field instead of producing a barcode that scans as something else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from returnstation.printing.code128 import FNC1, Code128Symbol, encode_code128, is_code128_text
from returnstation.printing.templates import Symbology

QR_ERROR_CORRECTION = "M"
QR_QUIET_MODULES = 4  # ISO/IEC 18004
DATAMATRIX_QUIET_MODULES = 1  # ISO/IEC 16022
LINEAR_QUIET_MODULES = 10  # ISO/IEC 15417: at least 10 X either side
DATAMATRIX_SIZE = 44  # reportlab's ECC200DataMatrix only makes 44x44 (C40); ZPL is told the same size

# GS1 General Specifications, "element strings with predefined length": these never take an FNC1
# separator. Keyed by the first two digits of the AI; the value is the length of AI + data.
GS1_PREDEFINED_LENGTH = {
    "00": 20,
    "01": 16,
    "02": 16,
    "03": 16,
    "04": 18,
    "11": 8,
    "12": 8,
    "13": 8,
    "14": 8,
    "15": 8,
    "16": 8,
    "17": 8,
    "18": 8,
    "19": 8,
    "20": 4,
    "31": 10,
    "32": 10,
    "33": 10,
    "34": 10,
    "35": 10,
    "36": 10,
    "41": 16,
}
_GS1_HRI_RE = re.compile(r"\((\d{2,4})\)([^()]+)")


@dataclass(frozen=True)
class BarcodeContent:
    symbology: Symbology
    text: str  # what a scanner reads back (GS1: the element string with GS between fields)
    hri: str  # the human-readable line printed under the bars
    code128: Code128Symbol | None = None  # set for code128 and gs1_128

    @property
    def size_modules(self) -> tuple[int, int]:
        """Symbol size (width, height) in modules, quiet zones excluded; height 0 for linear codes."""
        if self.code128 is not None:
            return self.code128.width_modules, 0
        if self.symbology is Symbology.QR:
            n = qr_module_count(self.text)
            return n, n
        return DATAMATRIX_SIZE, DATAMATRIX_SIZE

    @property
    def quiet_modules(self) -> int:
        if self.symbology.is_linear:
            return LINEAR_QUIET_MODULES
        return QR_QUIET_MODULES if self.symbology is Symbology.QR else DATAMATRIX_QUIET_MODULES


def prepare_barcode(symbology: Symbology, value: str, what: str) -> BarcodeContent:
    """`what` names the source (e.g. "field 'item_code'") in error messages."""
    if not value:
        raise ValueError(f"{what} is empty: a {symbology.value} barcode needs a value")
    if symbology is Symbology.GS1_128:
        element_string, hri = parse_gs1_hri(value, what)
        return BarcodeContent(symbology, element_string, hri, encode_code128(element_string, gs1=True))
    if not is_code128_text(value):
        bad = sorted({ch for ch in value if not " " <= ch <= "~"})
        raise ValueError(
            f"{what} value {value!r} has characters a {symbology.value} label barcode does not carry: "
            f"{', '.join(map(repr, bad))} (printable ASCII only)"
        )
    if symbology is Symbology.CODE128:
        return BarcodeContent(symbology, value, value, encode_code128(value))
    if symbology is Symbology.DATAMATRIX:
        _check_datamatrix_capacity(value, what)
    else:
        qr_module_count(value)
    return BarcodeContent(symbology, value, value)


def parse_gs1_hri(value: str, what: str) -> tuple[str, str]:
    """'(01)05012345678900(10)ABC123' -> element string with GS after variable-length fields, and HRI."""
    compact = value.replace(" ", "")
    pairs = _GS1_HRI_RE.findall(compact)
    if not pairs or "".join(f"({ai}){data}" for ai, data in pairs) != compact:
        raise ValueError(
            f"{what} value {value!r} is not GS1 human-readable form such as (01)05012345678900(10)ABC123"
        )
    parts: list[str] = []
    for index, (ai, data) in enumerate(pairs):
        if not is_code128_text(data):
            raise ValueError(f"{what}: GS1 AI ({ai}) data {data!r} must be printable ASCII")
        fixed = GS1_PREDEFINED_LENGTH.get(ai[:2])
        if fixed is not None and len(ai) + len(data) != fixed:
            raise ValueError(f"{what}: GS1 AI ({ai}) needs {fixed - len(ai)} characters, got {data!r}")
        if fixed is not None and not data.isdigit():
            raise ValueError(f"{what}: GS1 AI ({ai}) takes digits only, got {data!r}")
        last = index == len(pairs) - 1
        parts.append(ai + data + ("" if fixed is not None or last else FNC1))
    return "".join(parts), "".join(f"({ai}){data}" for ai, data in pairs)


def qr_module_count(text: str) -> int:
    return len(qr_modules(text))


@lru_cache(maxsize=64)
def qr_modules(text: str) -> tuple[tuple[bool, ...], ...]:
    """The QR matrix, top row first; cached because layout (size) and drawing both need it."""
    from reportlab.graphics.barcode.qr import QrCodeWidget

    widget = QrCodeWidget(text, barLevel=QR_ERROR_CORRECTION, barBorder=0)
    widget.qr.make()
    return tuple(tuple(bool(cell) for cell in row) for row in widget.qr.modules)


def datamatrix_rows(text: str) -> list[list[bool]]:
    """The 44x44 module matrix, top row first (reportlab stores it bottom-up for PDF coordinates).

    reportlab's ECC200DataMatrix is used for placement and Reed-Solomon, but its C40 data encoding is
    replaced by plain ASCII encodation: reportlab 5.1 appends a NUL when the C40 values do not fill the
    last triple (e.g. "ABCD" scans as "ABCD<NUL>") and maps ':;<=>?@' to the wrong characters.
    """
    from reportlab.graphics.barcode.ecc200datamatrix import ECC200DataMatrix

    class AsciiDataMatrix(ECC200DataMatrix):  # type: ignore[misc]
        def _encode_c40(self, value: str) -> list[int]:
            return datamatrix_ascii_codewords(value, int(self.cw_data))

    symbol = AsciiDataMatrix(text)
    symbol.validate()
    rows = symbol.encode()
    return [[bool(cell) for cell in row] for row in reversed(rows)]


def datamatrix_ascii_codewords(text: str, capacity: int) -> list[int]:
    """ISO/IEC 16022 ASCII encodation: digit pairs 130+nn, other characters code+1, then pad codewords."""
    codewords: list[int] = []
    i = 0
    while i < len(text):
        if text[i : i + 2].isdigit() and len(text[i : i + 2]) == 2 and text[i : i + 2].isascii():
            codewords.append(130 + int(text[i : i + 2]))
            i += 2
            continue
        code = ord(text[i])
        if code > 255:
            raise ValueError(f"Data Matrix cannot encode {text[i]!r}")
        codewords.extend([235, code - 127] if code > 127 else [code + 1])
        i += 1
    if len(codewords) > capacity:
        raise ValueError(f"{len(codewords)} codewords do not fit the {capacity} of this Data Matrix size")
    if len(codewords) < capacity:
        codewords.append(129)  # first pad
    while len(codewords) < capacity:
        position = len(codewords) + 1
        pad = 129 + (149 * position) % 253 + 1
        codewords.append(pad if pad <= 254 else pad - 254)
    return codewords


def _check_datamatrix_capacity(text: str, what: str) -> None:
    try:
        datamatrix_rows(text)
    except Exception as exc:  # reportlab raises a bare Exception when the data overflows the symbol
        raise ValueError(f"{what} value {value_preview(text)} does not fit a 44x44 Data Matrix") from exc


def value_preview(text: str, limit: int = 40) -> str:
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")
