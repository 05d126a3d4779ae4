"""Place every element of a template in whole printer dots, once, for both renderers.

Working in dots at the target resolution is what keeps barcodes scannable: module widths and bar edges
land on the printer's dot grid (the pitfall behind python-barcode #39 and DPI-scaling failures), and
the PDF and ZPL outputs show the same lines of text in the same places.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from returnstation.printing.barcode_data import BarcodeContent, prepare_barcode, value_preview
from returnstation.printing.templates import (
    HRI_GAP_IN,
    LINE_HEIGHT,
    MIN_BAR_HEIGHT_IN,
    Align,
    BarcodeElement,
    BoxElement,
    LabelTemplate,
    LineElement,
    Orientation,
    TextElement,
    VAlign,
    fill_pattern,
)
from returnstation.printing.text_fit import fit_text, font_name
from returnstation.translation import localize, translator

MIN_X_DIMENSION_IN = 0.0075  # 7.5 mil: the narrowest module general-purpose scanners are built for


class MissingLabelFieldsError(ValueError):
    def __init__(self, template: str, missing: list[str]) -> None:
        self.template = template
        self.missing = tuple(missing)
        super().__init__(f"Label {template!r} is missing field(s): {', '.join(missing)}")


@dataclass(frozen=True)
class PlacedText:
    x: int
    y: int
    width: int
    height: int
    lines: tuple[str, ...]
    line_tops: tuple[int, ...]
    font_size_pt: float
    bold: bool
    align: Align
    reverse: bool
    truncated: bool
    pad: int = 0  # inner margin on the left and right (reversed text keeps off the box edge)

    @property
    def font(self) -> str:
        return font_name(self.bold)

    @property
    def text_left(self) -> int:
        return self.x + self.pad

    @property
    def text_width(self) -> int:
        return self.width - 2 * self.pad


@dataclass(frozen=True)
class PlacedBarcode:
    content: BarcodeContent
    x: int  # top-left of the symbol itself; the quiet zone lies outside
    y: int
    module: int  # dots per module
    width: int
    height: int  # bar height for linear codes, symbol side for 2D codes
    hri: PlacedText | None


@dataclass(frozen=True)
class PlacedRect:
    x: int
    y: int
    width: int
    height: int
    thickness: int
    filled: bool


PlacedItem = PlacedText | PlacedBarcode | PlacedRect


@dataclass(frozen=True)
class LabelLayout:
    template: str
    dpi: int
    width: int
    height: int
    items: tuple[PlacedItem, ...]


def dots(inches: float, dpi: int) -> int:
    return round(inches * dpi)


def lay_out(template: LabelTemplate, fields: Mapping[str, str], dpi: int, language: str = "") -> LabelLayout:
    """Where everything goes; captions (``text:`` of the template) in ``language``, fields as given."""
    if not 100 <= dpi <= 1200:
        raise ValueError(f"dpi must be a printer resolution such as 203 or 300, got {dpi}")
    values = {k: str(v) for k, v in fields.items() if v is not None}
    missing = [name for name in template.required_fields if name not in values]
    if missing:
        raise MissingLabelFieldsError(template.name, missing)
    items: list[PlacedItem] = []
    for element in template.elements:
        if isinstance(element, BoxElement):
            items.append(
                PlacedRect(
                    dots(element.x, dpi),
                    dots(element.y, dpi),
                    dots(element.width, dpi),
                    dots(element.height, dpi),
                    max(1, dots(element.thickness, dpi)),
                    element.filled,
                )
            )
        elif isinstance(element, LineElement):
            items.append(_place_line(element, dpi))
        else:
            if element.optional and any(not values.get(name, "").strip() for name in element.fields):
                continue
            text = fill_pattern(localize(element.text, translator(language)), values)
            if isinstance(element, TextElement):
                items.append(_place_text(element, text, dpi))
            else:
                items.append(_place_barcode(template.name, element, text, dpi))
    return LabelLayout(
        template.name, dpi, dots(template.width_in, dpi), dots(template.height_in, dpi), tuple(items)
    )


def _place_line(element: LineElement, dpi: int) -> PlacedRect:
    thickness = max(1, dots(element.thickness, dpi))
    length = dots(element.length, dpi)
    horizontal = element.orientation is Orientation.HORIZONTAL
    return PlacedRect(
        dots(element.x, dpi),
        dots(element.y, dpi),
        length if horizontal else thickness,
        thickness if horizontal else length,
        thickness,
        True,
    )


def _place_text(element: TextElement, text: str, dpi: int) -> PlacedText:
    return place_text_box(
        dots(element.x, dpi),
        dots(element.y, dpi),
        dots(element.width, dpi),
        dots(element.height, dpi),
        text.upper() if element.uppercase else text,
        dpi=dpi,
        font_size=element.font_size,
        min_font_size=element.min_font_size,
        max_lines=element.max_lines,
        bold=element.bold,
        align=element.align,
        valign=element.valign,
        reverse=element.reverse,
    )


def place_text_box(
    x: int,
    y: int,
    width: int,
    height: int,
    text: str,
    *,
    dpi: int,
    font_size: float,
    min_font_size: float,
    max_lines: int,
    bold: bool,
    align: Align,
    valign: VAlign,
    reverse: bool,
) -> PlacedText:
    pt_per_dot = 72 / dpi
    # Reversed text sits on a black box: keep a small inner margin so letters do not touch its edge.
    pad = dots(0.04, dpi) if reverse else 0
    fitted = fit_text(
        text,
        width_pt=(width - 2 * pad) * pt_per_dot,
        height_pt=height * pt_per_dot,
        font=font_name(bold),
        font_size=font_size,
        min_font_size=min_font_size,
        max_lines=max_lines,
    )
    pitch = fitted.font_size * LINE_HEIGHT / pt_per_dot
    block = pitch * len(fitted.lines)
    if valign is VAlign.TOP:
        top = float(y)
    elif valign is VAlign.MIDDLE:
        top = y + (height - block) / 2
    else:
        top = y + height - block
    tops = tuple(round(top + i * pitch) for i in range(len(fitted.lines)))
    return PlacedText(
        x, y, width, height, fitted.lines, tops, fitted.font_size, bold, align, reverse, fitted.truncated, pad
    )


def _place_barcode(template: str, element: BarcodeElement, value: str, dpi: int) -> PlacedBarcode:
    single = len(element.fields) == 1 and element.text == "{" + element.fields[0] + "}"
    source = f"field {element.fields[0]!r}" if single else f"barcode pattern {element.text!r}"
    what = f"Label {template!r}: {source}"
    content = prepare_barcode(element.symbology, value, what)
    bx, by, bw, bh = (dots(v, dpi) for v in (element.x, element.y, element.width, element.height))
    hri_h = (
        math.ceil(element.hri_font_size * LINE_HEIGHT * dpi / 72) + dots(HRI_GAP_IN, dpi)
        if element.hri
        else 0
    )
    avail_h = bh - hri_h
    w_mod, h_mod = content.size_modules
    quiet = content.quiet_modules
    module = element.module_for(dpi)
    floor = min(module, math.ceil(MIN_X_DIMENSION_IN * dpi - 1e-9))

    def fits(m: int) -> bool:
        wide_enough = (w_mod + 2 * quiet) * m <= bw
        tall_enough = (h_mod + 2 * quiet) * m <= avail_h if h_mod else avail_h >= dots(MIN_BAR_HEIGHT_IN, dpi)
        return wide_enough and tall_enough

    while module > floor and not fits(module):
        module -= 1
    if not fits(module):
        need = (w_mod + 2 * quiet) * module / dpi
        raise ValueError(
            f"{what} value {value_preview(value)} is too long for a {element.symbology.value} barcode "
            f"{bw / dpi:.2f} in wide: it needs {need:.2f} in at {module} dots per module"
        )
    sym_w = w_mod * module
    sym_h = h_mod * module if h_mod else avail_h
    slack = bw - 2 * quiet * module - sym_w
    offset = {Align.LEFT: 0, Align.CENTER: slack // 2, Align.RIGHT: slack}[element.align]
    x = bx + quiet * module + offset
    y = by if not h_mod else by + (avail_h - sym_h) // 2
    hri = None
    if element.hri:
        hri = place_text_box(
            bx,
            by + avail_h + dots(HRI_GAP_IN, dpi),
            bw,
            hri_h - dots(HRI_GAP_IN, dpi),
            content.hri,
            dpi=dpi,
            font_size=element.hri_font_size,
            min_font_size=min(5.0, element.hri_font_size),
            max_lines=1,
            bold=False,
            align=Align.CENTER,
            valign=VAlign.TOP,
            reverse=False,
        )
    return PlacedBarcode(content, x, y, module, sym_w, sym_h, hri)
