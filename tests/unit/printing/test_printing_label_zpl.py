"""ZPL II output: the label format's structure, sizes in dots, and barcode data a printer encodes exactly."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import zxingcpp
from label_scan_helpers import SAMPLE_FIELDS, code128_image, unescape_fh, zpl_code128_values, zpl_fields

from returnstation.printing.label_zpl import escape_hex, render_label_zpl, with_copies
from returnstation.printing.layout import MissingLabelFieldsError
from returnstation.printing.templates import list_label_templates, load_label_template


def _routing(dpi: int = 203, **overrides: str) -> str:
    return render_label_zpl(
        load_label_template("routing_4x6"), {**SAMPLE_FIELDS["routing_4x6"], **overrides}, dpi=dpi
    )


@pytest.mark.parametrize(("dpi", "width", "length", "module"), [(203, 812, 1218, 3), (300, 1200, 1800, 4)])
def test_routing_label_format_is_sized_in_dots_for_the_printer(
    dpi: int, width: int, length: int, module: int
) -> None:
    zpl = _routing(dpi)
    lines = zpl.splitlines()
    assert lines[0] == "^XA" and lines[-1] == "^XZ"
    assert zpl.count("^XA") == 1 and zpl.count("^XZ") == 1
    assert lines[1:6] == ["^CI28", f"^PW{width}", f"^LL{length}", "^LH0,0", "^PON"]
    assert all(line.startswith("^FO") and line.endswith("^FS") for line in lines[6:-1])
    barcodes = [f for f in zpl_fields(zpl) if "^BC" in f]
    assert len(barcodes) == 1
    assert re.search(rf"\^BY{module}\^BCN,\d+,N,N,N\^FD", barcodes[0])


@pytest.mark.parametrize("name", sorted(SAMPLE_FIELDS))
@pytest.mark.parametrize("dpi", [203, 300])
def test_every_field_stays_on_the_label(name: str, dpi: int) -> None:
    zpl = render_label_zpl(load_label_template(name), SAMPLE_FIELDS[name], dpi=dpi)
    width = int(re.search(r"\^PW(\d+)", zpl).group(1))  # type: ignore[union-attr]
    length = int(re.search(r"\^LL(\d+)", zpl).group(1))  # type: ignore[union-attr]
    for field in zpl_fields(zpl):
        x, y = map(int, re.match(r"\^FO(\d+),(\d+)", field).groups())  # type: ignore[union-attr]
        assert 0 <= x < width and 0 <= y < length
        box = re.search(r"\^GB(\d+),(\d+)", field)
        if box:
            assert x + int(box.group(1)) <= width and y + int(box.group(2)) <= length
        block = re.search(r"\^FB(\d+)", field)
        if block:
            assert x + int(block.group(1)) <= width


def _code128_fd(zpl: str) -> list[str]:
    return [re.search(r"\^FD(.*)\^FS", f).group(1) for f in zpl_fields(zpl) if "^BC" in f]  # type: ignore[union-attr]


@pytest.mark.parametrize("item_code", ["RSI-000123", "99000123", "RMA-000123", "a>b^c~d_e\\f", "9912345"])
def test_code128_field_data_is_what_a_printer_turns_back_into_the_item_code(item_code: str) -> None:
    (field_data,) = _code128_fd(_routing(item_code=item_code))
    assert "^" not in field_data and "~" not in field_data
    results = zxingcpp.read_barcodes(code128_image(zpl_code128_values(field_data)))
    assert [r.text for r in results] == [item_code]


GS1_TEMPLATE = """
width_in: 4
height_in: 2
elements:
  - {type: barcode, symbology: gs1_128, field: gs1, x: 0.1, y: 0.1, width: 3.8, height: 1.0,
     module_dots: {203: 2, 300: 3}}
  - {type: barcode, symbology: datamatrix, field: code, x: 0.1, y: 1.1, width: 1.0, height: 0.85}
  - {type: barcode, symbology: qr, field: code, x: 2.0, y: 1.1, width: 1.0, height: 0.85,
     module_dots: {203: 2, 300: 3}}
"""


def _gs1_label(tmp_path: Path, code: str = "RSI-000123") -> str:
    (tmp_path / "gs1_test.yaml").write_text(GS1_TEMPLATE, encoding="utf-8")
    fields = {"gs1": "(01)05012345678900(10)ABC123(21)SER42", "code": code}
    return render_label_zpl(load_label_template("gs1_test", tmp_path), fields)


def test_gs1_128_starts_with_fnc1_and_separates_variable_fields_with_fnc1(tmp_path: Path) -> None:
    (field_data,) = _code128_fd(_gs1_label(tmp_path))
    assert field_data.startswith((">;>8", ">:>8"))
    assert field_data.count(">8") == 2  # leading FNC1, and one after the variable-length (10) lot
    results = zxingcpp.read_barcodes(
        code128_image(zpl_code128_values(field_data)), text_mode=zxingcpp.TextMode.Plain
    )
    assert [r.text for r in results] == ["010501234567890010ABC123\x1d21SER42"]
    assert results[0].symbology_identifier == "]C1"
    hri = [f for f in zpl_fields(_gs1_label(tmp_path)) if "(01)" in f]
    assert hri and "^BC" not in hri[0]  # the HRI is printed as our own text line


def test_qr_and_data_matrix_carry_escaped_data(tmp_path: Path) -> None:
    code = "A^B~C_D"
    zpl = _gs1_label(tmp_path, code)
    qr = next(f for f in zpl_fields(zpl) if "^BQ" in f)
    dm = next(f for f in zpl_fields(zpl) if "^BX" in f)
    assert re.search(r"\^BQN,2,2\^FH\^FDMA,", qr)
    assert unescape_fh(re.search(r"\^FDMA,(.*)\^FS", qr).group(1)) == code  # type: ignore[union-attr]
    assert ",200,44,44,,_" in dm
    # After ^FH, the Data Matrix escape character '_' must appear doubled for a literal underscore.
    assert unescape_fh(re.search(r"\^FD(.*)\^FS", dm).group(1)) == "A^B~C__D"  # type: ignore[union-attr]
    assert zpl.count("^XA") == 1


def test_field_values_cannot_inject_zpl_commands() -> None:
    zpl = _routing(description="^XZ^XA^FO0,0^GB812,1218,812^FS ~JA", grade="~PS", sku="_5E")
    assert zpl.count("^XA") == 1 and zpl.count("^XZ") == 1
    assert "~" not in zpl
    texts = [unescape_fh(m) for m in re.findall(r"\^FH\^FD(.*?)\^FS", zpl)]
    assert "~PS" in texts and "_5E" in texts
    assert any(t.startswith("^XZ^XA^FO0,0") for t in texts)


def test_text_with_non_ascii_is_sent_as_utf8_hex() -> None:
    zpl = _routing(destination="Zone Ü")
    assert "^CI28" in zpl
    assert "Zone _C3_9C" in zpl


def test_copies_use_print_quantity() -> None:
    zpl = _routing()
    assert with_copies(zpl, 1) == zpl
    three = with_copies(zpl, 3)
    assert three.endswith("^PQ3\n^XZ\n") and three.count("^XA") == 1
    with pytest.raises(ValueError):
        with_copies(zpl, 0)


def test_missing_field_is_named_for_zpl_too() -> None:
    fields = {k: v for k, v in SAMPLE_FIELDS["routing_4x6"].items() if k != "destination"}
    with pytest.raises(MissingLabelFieldsError, match="destination"):
        render_label_zpl(load_label_template("routing_4x6"), fields)


def test_every_shipped_template_renders_zpl_at_both_resolutions() -> None:
    for name in list_label_templates():
        for dpi in (203, 300):
            zpl = render_label_zpl(load_label_template(name), SAMPLE_FIELDS[name], dpi=dpi)
            assert zpl.startswith("^XA\n") and zpl.endswith("^XZ\n")


def test_escape_hex_leaves_plain_text_alone() -> None:
    assert escape_hex("RMA-000123 B/2") == "RMA-000123 B/2"
    assert escape_hex("^~_") == "_5E_7E_5F"
