"""The labels a decision prints besides the routing label (issue 16): the item label at restock or
refurbishment and the return-to-customer label of a warranty trip. Every barcode is read back, from the
PDF by rasterising it and from the ZPL by rebuilding the symbol a printer makes of its field data."""

from __future__ import annotations

import re

import pypdfium2 as pdfium
import pytest
import zxingcpp
from label_scan_helpers import (
    RESALE_FIELDS,
    RETURN_CUSTOMER_FIELDS,
    code128_image,
    decoded_texts,
    zpl_code128_values,
    zpl_fields,
)

from returnstation.printing.label_pdf import render_label_pdf
from returnstation.printing.label_zpl import render_label_zpl
from returnstation.printing.templates import load_label_template

LABELS = [
    ("item_resale_2x1", RESALE_FIELDS, "HDX-4410-BLK"),
    ("return_customer_4x6", RETURN_CUSTOMER_FIELDS, "RSI-000123"),
]


def _text(pdf: bytes) -> str:
    document = pdfium.PdfDocument(pdf)
    try:
        return re.sub(r"\s+", " ", str(document[0].get_textpage().get_text_range()))
    finally:
        document.close()


def _zpl_barcodes(zpl: str) -> list[str]:
    texts = []
    for field in zpl_fields(zpl):
        if "^BC" in field:
            data = re.search(r"\^FD(.*)\^FS", field).group(1)  # type: ignore[union-attr]
            [read] = zxingcpp.read_barcodes(code128_image(zpl_code128_values(data)))
            texts.append(read.text)
    return texts


@pytest.mark.parametrize(("name", "fields", "code"), LABELS)
@pytest.mark.parametrize("dpi", [203, 300])
def test_pdf_and_zpl_barcodes_read_back_as_the_value_printed(
    name: str, fields: dict[str, str], code: str, dpi: int
) -> None:
    template = load_label_template(name)
    assert decoded_texts(render_label_pdf(template, fields, dpi=dpi), dpi) == [code]
    assert _zpl_barcodes(render_label_zpl(template, fields, dpi=dpi)) == [code]


def test_item_label_says_sku_grade_and_channel() -> None:
    text = _text(render_label_pdf(load_label_template("item_resale_2x1"), RESALE_FIELDS))
    assert "GRADE B" in text and "OPEN BOX" in text and "HDX-4410-BLK" in text and "RSI-000123" in text
    zpl = render_label_zpl(load_label_template("item_resale_2x1"), RESALE_FIELDS)
    assert "GRADE B" in zpl and "OPEN BOX" in zpl


def test_return_label_carries_the_address_and_leaves_out_empty_lines() -> None:
    template = load_label_template("return_customer_4x6")
    text = _text(render_label_pdf(template, RETURN_CUSTOMER_FIELDS))
    for part in (
        "RETURN TO CUSTOMER",
        "Ada Lovelace",
        "12 Analytical Row",
        "Flat 3",
        "LS1 1AA Leeds",
        "UNITED KINGDOM",
    ):
        assert part in text
    short = {k: v for k, v in RETURN_CUSTOMER_FIELDS.items() if k not in ("address_line2", "region")}
    text = _text(render_label_pdf(template, short))
    assert "Flat 3" not in text and "West Yorkshire" not in text and "LS1 1AA Leeds" in text
