"""Label templates are data files, so a site can move a field or add a label without a code change.

The loader is strict on purpose: an unknown key, a misspelt symbology or an element that falls off the
label is reported with the file name and the element number, at load time, rather than printing a label
that is silently wrong at the bench.
"""

from __future__ import annotations

import math
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

import yaml

from returnstation.domain.messages import SOURCE_LANGUAGE, LocalText

TEMPLATE_SUFFIXES = (".yaml", ".yml")
_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_FIELD_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_EPS = 1e-6
E = TypeVar("E", bound=StrEnum)
LINE_HEIGHT = 1.15  # line pitch as a multiple of the font size, shared by fitting and both renderers
HRI_GAP_IN = 0.03  # space between bars and their human-readable line
MIN_BAR_HEIGHT_IN = 0.15


class LabelTemplateError(ValueError):
    """A template file is missing, unreadable or does not describe a printable label."""


class Symbology(StrEnum):
    CODE128 = "code128"
    GS1_128 = "gs1_128"
    QR = "qr"
    DATAMATRIX = "datamatrix"

    @property
    def is_linear(self) -> bool:
        return self in (Symbology.CODE128, Symbology.GS1_128)


class Align(StrEnum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


class VAlign(StrEnum):
    TOP = "top"
    MIDDLE = "middle"
    BOTTOM = "bottom"


class Orientation(StrEnum):
    HORIZONTAL = "horizontal"
    VERTICAL = "vertical"


@dataclass(frozen=True)
class TextElement:
    """Text from a pattern such as "RMA {rma_number}"; it shrinks, then wraps, then is cut to fit its box."""

    x: float
    y: float
    width: float
    height: float
    text: str
    font_size: float
    min_font_size: float
    max_lines: int = 1
    bold: bool = False
    align: Align = Align.LEFT
    valign: VAlign = VAlign.TOP
    uppercase: bool = False
    reverse: bool = False  # white text on a black box, for the word a person must see from afar
    optional: bool = False  # drop the element when a field it names is missing or blank

    @property
    def fields(self) -> tuple[str, ...]:
        return pattern_fields(self.text)


@dataclass(frozen=True)
class BarcodeElement:
    """A barcode centred (or aligned) in its box; the box includes the quiet zones and the HRI line."""

    x: float
    y: float
    width: float
    height: float
    symbology: Symbology
    text: str
    module_dots: tuple[tuple[int, int], ...]  # (dpi, dots) pairs, e.g. ((203, 3), (300, 4))
    hri: bool = True
    hri_font_size: float = 9.0
    align: Align = Align.CENTER
    optional: bool = False

    @property
    def fields(self) -> tuple[str, ...]:
        return pattern_fields(self.text)

    def module_for(self, dpi: int) -> int:
        """Whole printer dots per module at `dpi`: bars that are not whole dots print unevenly and misread."""
        table = dict(self.module_dots)
        if dpi in table:
            return table[dpi]
        ref_dpi, ref_dots = min(self.module_dots, key=lambda pair: abs(pair[0] - dpi))
        return max(1, round(ref_dots * dpi / ref_dpi))


@dataclass(frozen=True)
class BoxElement:
    x: float
    y: float
    width: float
    height: float
    thickness: float = 0.02
    filled: bool = False

    @property
    def fields(self) -> tuple[str, ...]:
        return ()


@dataclass(frozen=True)
class LineElement:
    x: float
    y: float
    length: float
    orientation: Orientation = Orientation.HORIZONTAL
    thickness: float = 0.02

    @property
    def fields(self) -> tuple[str, ...]:
        return ()


Element = TextElement | BarcodeElement | BoxElement | LineElement


@dataclass(frozen=True)
class LabelTemplate:
    name: str
    width_in: float
    height_in: float
    elements: tuple[Element, ...]
    description: str = ""

    @property
    def field_names(self) -> tuple[str, ...]:
        """Every field the template can show, in first-use order."""
        seen: dict[str, None] = {}
        for element in self.elements:
            for name in element.fields:
                seen.setdefault(name, None)
        return tuple(seen)

    @property
    def required_fields(self) -> tuple[str, ...]:
        """Fields a caller must supply; a field used only by optional elements may be left out."""
        seen: dict[str, None] = {}
        for element in self.elements:
            if isinstance(element, TextElement | BarcodeElement) and not element.optional:
                for name in element.fields:
                    seen.setdefault(name, None)
        return tuple(seen)


def pattern_fields(pattern: str) -> tuple[str, ...]:
    return tuple(name for _, name, _, _ in string.Formatter().parse(pattern) if name is not None)


def fill_pattern(pattern: str, fields: Mapping[str, str]) -> str:
    """Plain substitution: no format specs or attribute access, so a template cannot reach into objects."""
    parts: list[str] = []
    for literal, name, _, _ in string.Formatter().parse(pattern):
        parts.append(literal)
        if name is not None:
            parts.append(fields[name])
    return "".join(parts)


def default_labels_dir() -> Path:
    """The repository's top-level labels/ folder (found relative to this package: editable installs).

    A packaged build may ship the same files as package data under returnstation/data/labels; that
    location is used when the repository folder is absent.
    """
    package_dir = Path(__file__).resolve().parents[1]
    candidates = (package_dir.parent / "labels", package_dir / "data" / "labels")
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[0]


def list_label_templates(labels_dir: Path | None = None) -> list[str]:
    folder = labels_dir or default_labels_dir()
    if not folder.is_dir():
        return []
    names = {p.stem for p in folder.iterdir() if p.suffix in TEMPLATE_SUFFIXES and _NAME_RE.match(p.stem)}
    return sorted(names)


def load_label_template(name: str, labels_dir: Path | None = None) -> LabelTemplate:
    if not _NAME_RE.match(name):
        raise LabelTemplateError(
            f"Label template name {name!r} is not valid: use lowercase letters, digits, '_' or '-'"
        )
    folder = labels_dir or default_labels_dir()
    path = next(
        (
            folder / f"{name}{suffix}"
            for suffix in TEMPLATE_SUFFIXES
            if (folder / f"{name}{suffix}").is_file()
        ),
        None,
    )
    if path is None:
        known = ", ".join(list_label_templates(folder)) or "none"
        raise LabelTemplateError(f"No label template {name!r} in {folder} (templates there: {known})")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise LabelTemplateError(f"{path}: cannot read the file: {exc}") from exc
    except yaml.YAMLError as exc:
        raise LabelTemplateError(f"{path}: not valid YAML: {exc}") from exc
    return parse_label_template(raw, source=str(path), default_name=name)


def parse_label_template(raw: object, *, source: str, default_name: str) -> LabelTemplate:
    """Build a template from already-parsed YAML; `source` prefixes every error message."""
    if not isinstance(raw, dict):
        raise LabelTemplateError(f"{source}: the file must be a mapping with width_in, height_in, elements")
    _reject_unknown(raw, {"name", "description", "width_in", "height_in", "elements"}, source)
    name = str(raw.get("name", default_name))
    if name != default_name:
        raise LabelTemplateError(f"{source}: name {name!r} does not match the file name {default_name!r}")
    width = _number(raw, "width_in", source, minimum=0.25, maximum=12.0)
    height = _number(raw, "height_in", source, minimum=0.25, maximum=24.0)
    items = raw.get("elements")
    if not isinstance(items, list) or not items:
        raise LabelTemplateError(f"{source}: 'elements' must be a non-empty list")
    elements = tuple(
        _parse_element(item, f"{source}: element {index}", width, height)
        for index, item in enumerate(items, start=1)
    )
    return LabelTemplate(
        name=name,
        width_in=width,
        height_in=height,
        elements=elements,
        description=str(raw.get("description", "")),
    )


_COMMON_BOX_KEYS = {"type", "x", "y", "width", "height"}
_KEYS: dict[str, set[str]] = {
    "text": _COMMON_BOX_KEYS
    | {
        "field",
        "text",
        "font_size",
        "min_font_size",
        "max_lines",
        "bold",
        "align",
        "valign",
        "uppercase",
        "reverse",
        "optional",
    },
    "barcode": _COMMON_BOX_KEYS
    | {"field", "text", "symbology", "module_dots", "hri", "hri_font_size", "align", "optional"},
    "box": _COMMON_BOX_KEYS | {"thickness", "filled"},
    "line": {"type", "x", "y", "length", "orientation", "thickness"},
}


def _parse_element(item: object, where: str, label_w: float, label_h: float) -> Element:
    if not isinstance(item, dict):
        raise LabelTemplateError(f"{where}: must be a mapping with a 'type'")
    kind = item.get("type")
    if kind not in _KEYS:
        raise LabelTemplateError(f"{where}: 'type' must be one of {', '.join(_KEYS)}, got {kind!r}")
    where = f"{where} ({kind})"
    _reject_unknown(item, _KEYS[kind], where)
    if kind == "line":
        return _parse_line(item, where, label_w, label_h)
    x = _number(item, "x", where, minimum=0.0)
    y = _number(item, "y", where, minimum=0.0)
    w = _number(item, "width", where, minimum=0.01)
    h = _number(item, "height", where, minimum=0.01)
    if x + w > label_w + _EPS or y + h > label_h + _EPS:
        raise LabelTemplateError(
            f"{where}: box x={x}, y={y}, {w}x{h} in runs off the {label_w}x{label_h} in label"
        )
    if kind == "box":
        return BoxElement(
            x,
            y,
            w,
            h,
            thickness=_number(item, "thickness", where, 0.001, default=0.02),
            filled=_bool(item, "filled", where, False),
        )
    text = _pattern(item, where)
    optional = _bool(item, "optional", where, False)
    if kind == "text":
        size = _number(item, "font_size", where, minimum=2.0, maximum=400.0)
        min_size = _number(item, "min_font_size", where, minimum=2.0, maximum=size, default=min(6.0, size))
        if min_size / 72 * LINE_HEIGHT > h + _EPS:
            raise LabelTemplateError(f"{where}: height {h} in cannot hold one line at {min_size} pt")
        max_lines = int(_number(item, "max_lines", where, minimum=1, maximum=50, default=1))
        return TextElement(
            x,
            y,
            w,
            h,
            text=text,
            font_size=size,
            min_font_size=min_size,
            max_lines=max_lines,
            bold=_bool(item, "bold", where, False),
            align=_enum(item, "align", Align, where, Align.LEFT),
            valign=_enum(item, "valign", VAlign, where, VAlign.TOP),
            uppercase=_bool(item, "uppercase", where, False),
            reverse=_bool(item, "reverse", where, False),
            optional=optional,
        )
    symbology = _enum(item, "symbology", Symbology, where, None)
    hri_size = _number(item, "hri_font_size", where, minimum=4.0, maximum=36.0, default=9.0)
    hri = _bool(item, "hri", where, symbology.is_linear)
    needed = (hri_size * LINE_HEIGHT / 72 + HRI_GAP_IN if hri else 0.0) + MIN_BAR_HEIGHT_IN
    if h + _EPS < needed:
        raise LabelTemplateError(f"{where}: height {h} in is too short; bars and text need {needed:.2f} in")
    return BarcodeElement(
        x,
        y,
        w,
        h,
        symbology=symbology,
        text=text,
        module_dots=_module_dots(item, where),
        hri=hri,
        hri_font_size=hri_size,
        align=_enum(item, "align", Align, where, Align.CENTER),
        optional=optional,
    )


def _parse_line(item: dict[str, Any], where: str, label_w: float, label_h: float) -> LineElement:
    x = _number(item, "x", where, minimum=0.0)
    y = _number(item, "y", where, minimum=0.0)
    length = _number(item, "length", where, minimum=0.01)
    orientation = _enum(item, "orientation", Orientation, where, Orientation.HORIZONTAL)
    thickness = _number(item, "thickness", where, minimum=0.001, default=0.02)
    end_x = x + (length if orientation is Orientation.HORIZONTAL else thickness)
    end_y = y + (length if orientation is Orientation.VERTICAL else thickness)
    if end_x > label_w + _EPS or end_y > label_h + _EPS:
        raise LabelTemplateError(f"{where}: line from ({x}, {y}) runs off the {label_w}x{label_h} in label")
    return LineElement(x, y, length, orientation, thickness)


def _reject_unknown(raw: Mapping[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(map(str, raw)) - allowed)
    if unknown:
        raise LabelTemplateError(
            f"{where}: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(allowed))}"
        )


def _number(
    raw: Mapping[str, Any],
    key: str,
    where: str,
    minimum: float,
    maximum: float = math.inf,
    default: float | None = None,
) -> float:
    value = raw.get(key, default)
    if value is None:
        raise LabelTemplateError(f"{where}: '{key}' is required")
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise LabelTemplateError(f"{where}: '{key}' must be a number, got {value!r}")
    if not minimum - _EPS <= value <= maximum + _EPS:
        raise LabelTemplateError(f"{where}: '{key}' must be between {minimum} and {maximum}, got {value}")
    return float(value)


def _bool(raw: Mapping[str, Any], key: str, where: str, default: bool) -> bool:
    value = raw.get(key, default)
    if not isinstance(value, bool):
        raise LabelTemplateError(f"{where}: '{key}' must be true or false, got {value!r}")
    return value


def _enum(raw: Mapping[str, Any], key: str, enum: type[E], where: str, default: E | None) -> E:
    value = raw.get(key)
    if value is None:
        if default is None:
            raise LabelTemplateError(f"{where}: '{key}' is required ({', '.join(e.value for e in enum)})")
        return default
    try:
        return enum(str(value).lower())
    except ValueError:
        choices = ", ".join(e.value for e in enum)
        raise LabelTemplateError(f"{where}: '{key}' must be one of {choices}, got {value!r}") from None


def _pattern(item: Mapping[str, Any], where: str) -> str:
    if ("field" in item) == ("text" in item):
        raise LabelTemplateError(f"{where}: give exactly one of 'field' (a field name) or 'text' (a pattern)")
    if "field" in item:
        name = item["field"]
        if not isinstance(name, str) or not _FIELD_RE.match(name):
            raise LabelTemplateError(f"{where}: 'field' must be a field name, got {name!r}")
        return "{" + name + "}"
    text = item["text"]
    if isinstance(text, dict):  # {en: "GO TO", de: "ZIEL", ...}: a caption with its translations
        texts = {str(lang): _checked_pattern(value, where) for lang, value in text.items()}
        english = texts.pop(SOURCE_LANGUAGE, None)
        if english is None:
            raise LabelTemplateError(f"{where}: 'text' needs its English ('{SOURCE_LANGUAGE}: ...')")
        for lang, value in texts.items():
            if set(pattern_fields(value)) != set(pattern_fields(english)):
                raise LabelTemplateError(
                    f"{where}: 'text' ({lang}) {value!r} must use the same fields as the English {english!r}"
                )
        return LocalText(english, texts, where.replace(": ", ", "))
    pattern = _checked_pattern(text, where)
    literal = "".join(lit for lit, *_ in string.Formatter().parse(pattern))
    # A caption ("GO TO", "Station {station}") is read by people: listed by rules-check until translated.
    return LocalText(pattern, {}, where.replace(": ", ", ")) if any(c.isalpha() for c in literal) else pattern


def _checked_pattern(text: object, where: str) -> str:
    if not isinstance(text, str):
        raise LabelTemplateError(f"{where}: 'text' must be a string, got {text!r}")
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as exc:
        raise LabelTemplateError(
            f"{where}: 'text' pattern {text!r} is malformed ({exc}); write literal braces as {{{{ and }}}}"
        ) from exc
    for _, name, spec, conversion in parsed:
        if name is not None and (not _FIELD_RE.match(name) or spec or conversion):
            raise LabelTemplateError(
                f"{where}: placeholder {{{name}}} in {text!r} must be a plain field name"
            )
    return text


def _module_dots(item: Mapping[str, Any], where: str) -> tuple[tuple[int, int], ...]:
    raw = item.get("module_dots", {203: 3, 300: 4})
    table = {203: raw} if isinstance(raw, int) and not isinstance(raw, bool) else raw
    if not isinstance(table, dict) or not table:
        raise LabelTemplateError(f"{where}: 'module_dots' must be whole dots, e.g. {{203: 3, 300: 4}}")
    pairs: list[tuple[int, int]] = []
    for dpi, dots in table.items():
        if (
            not (isinstance(dpi, int) and isinstance(dots, int))
            or isinstance(dots, bool)
            or not 100 <= dpi <= 1200
            or not 1 <= dots <= 40
        ):
            raise LabelTemplateError(
                f"{where}: 'module_dots' entries must be <dpi>: <whole dots>, got {dpi!r}: {dots!r}"
            )
        pairs.append((dpi, dots))
    return tuple(sorted(pairs))
