"""Read labels back the way a scanner would: rasterise the PDF, decode with zxing-cpp, interpret ZPL ^BC data.

A plain module with a unique name (not conftest.py) so `from label_scan_helpers import ...` cannot pick up
another folder's helpers.
"""

from __future__ import annotations

import re

import numpy as np
import pypdfium2 as pdfium
import zxingcpp
from PIL import Image

# Sample field values for each shipped template; tricky ones are layered on in the tests.
ROUTING_FIELDS = {
    "item_code": "RSI-000123",
    "rma_number": "RMA-000123",
    "sku": "HDX-4410-BLK",
    "description": "Cordless drill 18V with two batteries and charger, carry case",
    "grade": "B - Good",
    "disposition": "Refurbish",
    "destination": "Refurb cell B, tote R-12",
    "reason": "Defective",
    "station": "bench-7",
    "printed_at": "2026-11-23 09:14",
}
ITEM_FIELDS = {"sku": "HDX-4410-BLK", "description": "Cordless drill 18V", "serial": "SN12345678"}
TOTE_FIELDS = {
    "location_code": "TOTE-R-012",
    "location_name": "Refurb tote 12",
    "disposition": "Refurbish",
    "note": "Batteries go to the battery recycling stream",
}
# Issue 16: the item label at restock/refurbish and the return-to-customer label of a warranty trip.
RESALE_FIELDS = {
    "item_code": "RSI-000123",
    "sku": "HDX-4410-BLK",
    "description": "Cordless drill 18V",
    "grade": "B",
    "channel": "Open box",
    "station": "bench-7",
}
RETURN_CUSTOMER_FIELDS = {
    "item_code": "RSI-000123",
    "rma_number": "RMA-000123",
    "order_number": "SO-000123",
    "ship_to": "Ada Lovelace",
    "address_line1": "12 Analytical Row",
    "address_line2": "Flat 3",
    "city_line": "LS1 1AA Leeds",
    "region": "West Yorkshire",
    "country": "United Kingdom",
    "sku": "HDX-4410-BLK",
    "description": "Cordless drill 18V",
    "destination": "REPAIR-OUT",
    "reason": "Valid warranty: send for repair, then back to the customer",
    "station": "bench-7",
    "printed_at": "2026-11-23 09:14",
}
SAMPLE_FIELDS = {
    "routing_4x6": ROUTING_FIELDS,
    "item_2x1": ITEM_FIELDS,
    "tote_bin": TOTE_FIELDS,
    "item_resale_2x1": RESALE_FIELDS,
    "return_customer_4x6": RETURN_CUSTOMER_FIELDS,
}


def rasterise(pdf: bytes, dpi: int) -> Image.Image:
    document = pdfium.PdfDocument(pdf)
    try:
        image: Image.Image = document[0].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        return image
    finally:
        document.close()


def decode(image: Image.Image) -> list[zxingcpp.Barcode]:
    """Plain text mode: GS1 separators come back as GS (0x1D), exactly what the station's parser gets."""
    return list(zxingcpp.read_barcodes(image, text_mode=zxingcpp.TextMode.Plain))


def decoded_texts(pdf: bytes, dpi: int) -> list[str]:
    return sorted(result.text for result in decode(rasterise(pdf, dpi)))


# ZPL II Programming Guide, ^BC, "Code 128 Invocation Characters" (mode N): written out independently of
# the encoder so a wrong escape in either place makes the round trip fail.
_INVOCATION = {
    "0": 30,
    "<": 62,
    "=": 94,
    "1": 95,
    "2": 96,
    "3": 97,
    "4": 98,
    "5": 99,
    "6": 100,
    "7": 101,
    "8": 102,
    "9": 103,
    ":": 104,
    ";": 105,
}


def zpl_code128_values(field_data: str) -> list[int]:
    """Symbol values (start .. check, stop) a printer builds from ^BC mode-N field data."""
    values: list[int] = []
    subset = "B"
    i = 0
    while i < len(field_data):
        ch = field_data[i]
        if ch == ">":
            value = _INVOCATION[field_data[i + 1]]
            i += 2
            if value in (103, 104, 105):
                subset = {103: "A", 104: "B", 105: "C"}[value]
            elif value == 99 and subset != "C":
                subset = "C"
            elif value == 100 and subset != "B":
                subset = "B"
            values.append(value)
            continue
        if subset == "C":
            values.append(int(field_data[i : i + 2]))
            i += 2
        else:
            values.append(ord(ch) - 32)
            i += 1
    if not values or values[0] not in (103, 104, 105):
        values.insert(0, 104)  # ZPL defaults to subset B without a start code
    check = (values[0] + sum(k * v for k, v in enumerate(values[1:], start=1))) % 103
    return [*values, check, 106]


def code128_image(values: list[int], module: int = 3, height: int = 60) -> Image.Image:
    """Draw symbol values with reportlab's Code 128 pattern table, independent of the label renderers."""
    from reportlab.graphics.barcode.code128 import _patterns

    row: list[int] = [255] * (12 * module)
    for value in values:
        for element in _patterns[value]:
            width = (ord(element.lower()) - ord("a") + 1) * module
            row.extend([0 if element.isupper() else 255] * width)
    row.extend([255] * (12 * module))
    line = np.array(row, dtype=np.uint8)
    return Image.fromarray(np.tile(line, (height, 1)))


def zpl_fields(zpl: str) -> list[str]:
    """Each ^FO...^FS field of a label format, in order."""
    return re.findall(r"\^FO.*?\^FS", zpl, flags=re.S)


def unescape_fh(data: str) -> str:
    """Undo ^FH hex escapes (_XX, UTF-8 bytes)."""
    raw = re.sub(rb"_([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), data.encode("utf-8"))
    return raw.decode("utf-8")
