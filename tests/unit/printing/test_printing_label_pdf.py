"""PDF labels, checked the way the bench uses them: rasterised like a printer would, then scanned."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from label_scan_helpers import SAMPLE_FIELDS, decode, decoded_texts, rasterise

from returnstation.printing.label_pdf import render_label_pdf
from returnstation.printing.layout import MissingLabelFieldsError, PlacedBarcode, PlacedText, lay_out
from returnstation.printing.templates import LINE_HEIGHT, list_label_templates, load_label_template
from returnstation.printing.text_fit import text_width

EXPECTED_BARCODES = {
    "routing_4x6": ["RSI-000123"],
    "item_2x1": ["HDX-4410-BLK"],
    "tote_bin": ["TOTE-R-012", "TOTE-R-012"],
    "item_resale_2x1": ["HDX-4410-BLK"],
    "return_customer_4x6": ["RSI-000123"],
}


def test_every_shipped_template_has_sample_fields_here() -> None:
    assert set(list_label_templates()) == set(SAMPLE_FIELDS) == set(EXPECTED_BARCODES)


@pytest.mark.parametrize("name", sorted(EXPECTED_BARCODES))
@pytest.mark.parametrize(("layout_dpi", "raster_dpi"), [(203, 203), (203, 300), (300, 300)])
def test_every_barcode_of_every_template_scans_exactly(name: str, layout_dpi: int, raster_dpi: int) -> None:
    """The default PDF (203 dpi grid) reads at 203 and 300 dpi; a 300 dpi PDF is for 300 dpi printers.

    A PDF laid out for 300 dpi and printed at 203 is the documented DPI-mismatch failure (a 3-dot module
    becomes 2.03 dots), so that pairing is not a promise.
    """
    pdf = render_label_pdf(load_label_template(name), SAMPLE_FIELDS[name], dpi=layout_dpi)
    assert decoded_texts(pdf, raster_dpi) == EXPECTED_BARCODES[name]


TRICKY_ITEM_CODES = [
    "99000123",  # python-barcode 0.16.1 drops a leading "99"
    "9912345",
    "RMA-000123",
    "RSI-000123",
    "a>b^c~d_e\\f",
    "RSI-2026-11-23-BENCH07-000123",
    "0",
]


@pytest.mark.parametrize("item_code", TRICKY_ITEM_CODES)
@pytest.mark.parametrize("raster_dpi", [203, 300])
def test_routing_item_code_scans_exactly_for_tricky_values(item_code: str, raster_dpi: int) -> None:
    fields = {**SAMPLE_FIELDS["routing_4x6"], "item_code": item_code}
    pdf = render_label_pdf(load_label_template("routing_4x6"), fields)
    assert decoded_texts(pdf, raster_dpi) == [item_code]


@pytest.mark.parametrize("sku", ["HDX-4410-BLK", "SKU-LONG-0001", "00012345678901234567", "AB12CD34EF56"])
@pytest.mark.parametrize("raster_dpi", [203, 300])
def test_item_label_sku_scans_exactly_up_to_its_capacity(sku: str, raster_dpi: int) -> None:
    fields = {**SAMPLE_FIELDS["item_2x1"], "sku": sku}
    pdf = render_label_pdf(load_label_template("item_2x1"), fields)
    assert decoded_texts(pdf, raster_dpi) == [sku]


def test_a_sku_too_long_for_the_item_label_is_refused_with_the_field_named() -> None:
    fields = {**SAMPLE_FIELDS["item_2x1"], "sku": "HDXP-4410-BLK-XL-EXTRA"}
    with pytest.raises(ValueError, match=r"field 'sku'.*too long for a code128 barcode 1\.92 in wide"):
        render_label_pdf(load_label_template("item_2x1"), fields)


@pytest.mark.parametrize(("dpi", "module"), [(203, 3), (300, 4)])
def test_bars_are_whole_printer_dots(dpi: int, module: int) -> None:
    """At the printer's resolution every bar and space is a whole multiple of the module width."""
    template = load_label_template("routing_4x6")
    fields = SAMPLE_FIELDS["routing_4x6"]
    barcode = next(i for i in lay_out(template, fields, dpi).items if isinstance(i, PlacedBarcode))
    assert barcode.module == module
    image = np.array(rasterise(render_label_pdf(template, fields, dpi=dpi), dpi))
    row = image[barcode.y + barcode.height // 2, barcode.x : barcode.x + barcode.width] < 128
    edges = np.flatnonzero(np.diff(row.astype(int))) + 1
    runs = np.diff(np.concatenate(([0], edges, [row.size])))
    assert row[0] and row[-1]  # the symbol starts and ends with a bar exactly at its edges
    assert runs.min() == module
    assert all(run % module == 0 for run in runs)
    assert runs.sum() == barcode.width


def test_page_is_the_label_size_and_output_is_reproducible() -> None:
    template = load_label_template("routing_4x6")
    first = render_label_pdf(template, SAMPLE_FIELDS["routing_4x6"])
    assert first == render_label_pdf(template, SAMPLE_FIELDS["routing_4x6"])
    document = pdfium.PdfDocument(first)
    try:
        assert len(document) == 1
        assert document[0].get_size() == pytest.approx((288.0, 432.0))
    finally:
        document.close()


def test_missing_fields_are_named() -> None:
    fields = dict(SAMPLE_FIELDS["routing_4x6"])
    del fields["grade"], fields["rma_number"]
    with pytest.raises(MissingLabelFieldsError, match=r"'routing_4x6'.*rma_number, grade") as info:
        render_label_pdf(load_label_template("routing_4x6"), fields)
    assert isinstance(info.value, ValueError)
    assert info.value.missing == ("rma_number", "grade")


def _page_text(pdf: bytes) -> str:
    document = pdfium.PdfDocument(pdf)
    try:
        return str(document[0].get_textpage().get_text_range())
    finally:
        document.close()


def test_optional_element_is_left_out_when_its_field_is_missing() -> None:
    template = load_label_template("item_2x1")
    with_serial = _page_text(render_label_pdf(template, SAMPLE_FIELDS["item_2x1"]))
    fields = {k: v for k, v in SAMPLE_FIELDS["item_2x1"].items() if k != "serial"}
    without = _page_text(render_label_pdf(template, fields))
    assert "S/N SN12345678" in with_serial
    assert "S/N" not in without


def _char_boxes(pdf: bytes) -> Iterator[tuple[float, float, float, float]]:
    document = pdfium.PdfDocument(pdf)
    try:
        textpage = document[0].get_textpage()
        for index in range(textpage.count_chars()):
            yield textpage.get_charbox(index)
    finally:
        document.close()


def test_text_that_cannot_fit_is_shrunk_then_cut_never_off_the_label() -> None:
    template = load_label_template("routing_4x6")
    fields = {
        **SAMPLE_FIELDS["routing_4x6"],
        "destination": "Quarantine cage 4 " * 12,
        "description": "Extremely long description " * 20,
        "disposition": "Return to vendor",
    }
    pdf = render_label_pdf(template, fields)
    for left, bottom, right, top in _char_boxes(pdf):
        assert 0 <= left <= right <= 288 and 0 <= bottom <= top <= 432
    text = _page_text(pdf)
    assert "RETURN TO VENDOR" in text.replace("\r\n", " ")
    assert "..." in text
    assert decoded_texts(pdf, 203) == ["RSI-000123"]


def _check_text_fits(item: PlacedText, dpi: int) -> None:
    pt = 72 / dpi
    for line in item.lines:
        assert text_width(line, item.font, item.font_size_pt) <= item.text_width * pt + 1e-6
    if item.lines:
        pitch = item.font_size_pt * LINE_HEIGHT / pt
        assert item.line_tops[0] >= item.y - 1
        assert item.line_tops[-1] + pitch <= item.y + item.height + 1
    if item.truncated:
        assert item.lines[-1].endswith("...")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    destination=st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x17F), max_size=200),
    description=st.text(alphabet="abcdefghij KLMNOP-/ WWW", max_size=400),
    dpi=st.sampled_from([203, 300]),
)
def test_every_placed_text_stays_inside_its_box(destination: str, description: str, dpi: int) -> None:
    template = load_label_template("routing_4x6")
    fields = {**SAMPLE_FIELDS["routing_4x6"], "destination": destination, "description": description}
    layout = lay_out(template, fields, dpi)
    for item in layout.items:
        if isinstance(item, PlacedText):
            _check_text_fits(item, dpi)
            assert item.x >= 0 and item.x + item.width <= layout.width
            assert item.y + item.height <= layout.height


# Every printable ASCII character: reportlab's own C40 Data Matrix turned ':' into '^' and added a NUL
# after "ABCD"; the label encoder must not.
ASCII = "".join(map(chr, range(32, 127)))
GS1_TEMPLATE = """
width_in: 4
height_in: 3
elements:
  - {type: barcode, symbology: gs1_128, field: gs1, x: 0.1, y: 0.1, width: 3.8, height: 1.0,
     module_dots: {203: 2, 300: 3}}
  - {type: barcode, symbology: datamatrix, field: code, x: 0.1, y: 1.2, width: 1.6, height: 1.6,
     module_dots: {203: 3, 300: 4}}
  - {type: barcode, symbology: qr, field: code, x: 2.0, y: 1.2, width: 1.6, height: 1.6,
     module_dots: {203: 4, 300: 6}}
"""


@pytest.mark.parametrize("dpi", [203, 300])
@pytest.mark.parametrize("code", ["RSI-000123", "A", "ABCD", "https://example.com/r?id=7;x<y>", ASCII])
def test_gs1_128_data_matrix_and_qr_scan_exactly(tmp_path: Path, dpi: int, code: str) -> None:
    (tmp_path / "gs1_test.yaml").write_text(GS1_TEMPLATE, encoding="utf-8")
    template = load_label_template("gs1_test", tmp_path)
    fields = {"gs1": "(01)05012345678900(10)ABC123(21)SER42", "code": code}
    results = decode(rasterise(render_label_pdf(template, fields, dpi=dpi), dpi))
    by_format = {r.format.name: r for r in results}
    assert len(results) == 3
    assert by_format["Code128"].text == "010501234567890010ABC123\x1d21SER42"
    assert by_format["Code128"].symbology_identifier == "]C1"
    assert by_format["DataMatrix"].text == code
    assert by_format["QRCode"].text == code
