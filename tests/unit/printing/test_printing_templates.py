"""Templates are data: the shipped ones load, and a broken file is reported clearly, before printing."""

from __future__ import annotations

from pathlib import Path

import pytest

from returnstation.printing.templates import (
    BarcodeElement,
    LabelTemplateError,
    Symbology,
    TextElement,
    default_labels_dir,
    list_label_templates,
    load_label_template,
    parse_label_template,
)

REPO_LABELS = Path(__file__).resolve().parents[3] / "labels"
ROUTING_FIELDS = (
    "item_code",
    "rma_number",
    "sku",
    "description",
    "grade",
    "disposition",
    "destination",
    "reason",
    "station",
    "printed_at",
)


def test_default_labels_dir_is_the_repository_labels_folder() -> None:
    assert default_labels_dir() == REPO_LABELS
    assert {"routing_4x6", "item_2x1", "tote_bin"} <= set(list_label_templates())


def test_routing_label_needs_exactly_the_routing_fields() -> None:
    template = load_label_template("routing_4x6")
    assert (template.width_in, template.height_in) == (4.0, 6.0)
    assert set(template.required_fields) == set(ROUTING_FIELDS)
    barcodes = [e for e in template.elements if isinstance(e, BarcodeElement)]
    assert [(b.symbology, b.text, b.module_for(203), b.module_for(300), b.optional) for b in barcodes] == [
        (Symbology.CODE128, "{item_code}", 3, 4, False),
        (Symbology.DATAMATRIX, "{gs1_data}", 3, 4, True),  # lot and expiry of medicines and food
    ]
    banner = next(e for e in template.elements if isinstance(e, TextElement) and e.text == "{disposition}")
    assert banner.reverse and banner.uppercase and banner.font_size >= 48


def test_optional_fields_are_not_required() -> None:
    item = load_label_template("item_2x1")
    assert "serial" in item.field_names and "serial" not in item.required_fields


def test_module_width_for_an_unlisted_dpi_is_scaled_to_whole_dots() -> None:
    element = next(e for e in load_label_template("routing_4x6").elements if isinstance(e, BarcodeElement))
    assert element.module_for(600) == 8  # 4 dots at 300 dpi, doubled
    assert element.module_for(152) == 2  # 3 dots at 203 dpi, scaled down and rounded


def _write(tmp_path: Path, body: str, name: str = "custom") -> Path:
    (tmp_path / f"{name}.yaml").write_text(body, encoding="utf-8")
    return tmp_path


GOOD_ELEMENT = "  - {type: text, field: sku, x: 0.1, y: 0.1, width: 1.5, height: 0.3, font_size: 12}\n"


def test_a_custom_template_in_another_folder_loads(tmp_path: Path) -> None:
    folder = _write(tmp_path, f"width_in: 2\nheight_in: 1\nelements:\n{GOOD_ELEMENT}")
    template = load_label_template("custom", folder)
    assert template.name == "custom" and template.required_fields == ("sku",)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("width_in: 2\nheight_in: 1\nelements: [\n", "not valid YAML"),
        ("- just a list\n", "must be a mapping"),
        ("width_in: 2\nheight_in: 1\nelements: []\n", "non-empty list"),
        (f"width_in: 2\nheigth_in: 1\nelements:\n{GOOD_ELEMENT}", "unknown key.*heigth_in"),
        (f"width_in: two\nheight_in: 1\nelements:\n{GOOD_ELEMENT}", "'width_in' must be a number"),
        ("width_in: 2\nheight_in: 1\nelements:\n  - {type: circle, x: 0, y: 0}\n", "element 1.*'type'"),
        (
            "width_in: 2\nheight_in: 1\nelements:\n"
            "  - {type: barcode, symbology: ean13, field: sku, x: 0, y: 0, width: 1, height: 0.5}\n",
            r"element 1 \(barcode\).*symbology.*code128, gs1_128, qr, datamatrix",
        ),
        (
            "width_in: 2\nheight_in: 1\nelements:\n  - {type: text, field: sku, x: 1.0, y: 0.1, width: 1.5,"
            " height: 0.3, font_size: 12}\n",
            "runs off the 2.0x1.0 in label",
        ),
        (
            "width_in: 2\nheight_in: 1\nelements:\n"
            "  - {type: text, field: sku, text: x, x: 0, y: 0, width: 1, height: 0.3, font_size: 12}\n",
            "exactly one of 'field'",
        ),
        (
            "width_in: 2\nheight_in: 1\nelements:\n  - {type: text, text: '{sku.__class__}', x: 0, y: 0,"
            " width: 1, height: 0.3, font_size: 12}\n",
            "plain field name",
        ),
        (
            "width_in: 2\nheight_in: 1\nelements:\n  - {type: barcode, symbology: code128, field: sku, x: 0,"
            " y: 0, width: 1, height: 0.5, module_dots: {203: 2.5}}\n",
            "whole dots",
        ),
        (
            "width_in: 2\nheight_in: 1\nelements:\n  - {type: text, field: sku, x: 0, y: 0, width: 1,"
            " height: 0.05, font_size: 12, min_font_size: 10}\n",
            "cannot hold one line",
        ),
        (
            "width_in: 2\nheight_in: 1\nelements:\n  - {type: barcode, symbology: code128, field: sku, x: 0,"
            " y: 0, width: 1, height: 0.2}\n",
            "too short",
        ),
        (f"name: other\nwidth_in: 2\nheight_in: 1\nelements:\n{GOOD_ELEMENT}", "does not match the file"),
    ],
)
def test_broken_templates_name_the_file_and_the_problem(tmp_path: Path, body: str, message: str) -> None:
    folder = _write(tmp_path, body)
    with pytest.raises(LabelTemplateError, match=message) as info:
        load_label_template("custom", folder)
    assert "custom.yaml" in str(info.value)


def test_unknown_template_lists_the_ones_available(tmp_path: Path) -> None:
    _write(tmp_path, f"width_in: 2\nheight_in: 1\nelements:\n{GOOD_ELEMENT}", name="present")
    with pytest.raises(LabelTemplateError, match=r"No label template 'absent'.*present"):
        load_label_template("absent", tmp_path)


@pytest.mark.parametrize("name", ["../routing_4x6", "Routing", "", "a/b"])
def test_template_names_cannot_reach_outside_the_folder(name: str) -> None:
    with pytest.raises(LabelTemplateError, match="not valid"):
        load_label_template(name)


def test_a_caption_prints_in_the_stations_language() -> None:
    from returnstation.printing.layout import PlacedText, lay_out

    raw = {
        "width_in": 2, "height_in": 1,
        "elements": [
            {"type": "text", "text": {"en": "GO TO {bin}", "de": "ZIEL {bin}"}, "x": 0.1, "y": 0.1,
             "width": 1.8, "height": 0.3, "font_size": 10},
        ],
    }  # fmt: skip
    template = parse_label_template(raw, source="t.yaml", default_name="t")

    def texts(language: str) -> list[str]:
        placed = lay_out(template, {"bin": "A1"}, 203, language).items
        return [" ".join(item.lines) for item in placed if isinstance(item, PlacedText)]

    assert texts("") == ["GO TO A1"]
    assert texts("de") == ["ZIEL A1"]
    assert texts("pl") == ["GO TO A1"]  # no Polish caption: English
