"""Find and read the barcodes in one camera frame, preferring no answer to a wrong one.

Why a pipeline and not one library call: measured on the zxing-cpp sample photos and on synthetic
bench frames (bench/bench_decode.py), zxing-cpp alone reads far more than pyzbar, but loses 1D labels
turned 30-60 degrees and small, blurred codes. OpenCV's barcode detector finds such labels even when
it cannot read them, so it is used only to LOCATE candidates: each crop is warped upright, enlarged and
handed back to zxing-cpp (OpenCV's own text is never trusted). pyzbar (libzbar) is a last resort where
the library is installed. Each stage runs only when the earlier ones found nothing, so a frame with a
readable code costs one zxing-cpp call.

Why the extra care with 1D codes: zxing-cpp sometimes misreads a low-resolution EAN/UPC into another
number with a valid check digit (corpus upca-2/48.webp reads 1077778003259 for 0075720003259), and it
does so on every near-identical frame, so "two identical reads" alone would accept it. Every 1D read,
whichever stage produced it (zxing-cpp on the frame, zxing-cpp on a located crop, pyzbar on a crop or
on the whole frame), is re-read by zxing-cpp on an enlarged, upright crop of its own position; a
different answer, or a longer code of which the read is only a piece, drops it. pyzbar's own second
look (the same library at another scale) is not independent: it agreed with its own misreads (issue 15).
Together with `ReadConfirmer` (two agreeing frames + check digits) this keeps wrong reads out of the
bench.

Text is read with zxing-cpp's TextMode.Plain: its default HRI text turns GS1 data into "(01)..." and
would hide the group separators GS1 parsing needs; the AIM symbology identifier is kept for the
classifier. Code 39 is read as standard Code 39: the "extended" variant turns "RMA+A12" into "RMAa12".

cv2, numpy, zxingcpp and pyzbar are imported inside the functions that use them so that importing the
scan package stays fast.
"""

from __future__ import annotations

import functools
import logging
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy.typing as npt

    Image = npt.NDArray[Any]

_log = logging.getLogger(__name__)

Point = tuple[float, float]
Quad = tuple[Point, Point, Point, Point]


class CodeFormat(StrEnum):
    """Symbologies the station can be configured to read. Values are the names used in settings."""

    CODE128 = "Code128"
    CODE39 = "Code39"
    EAN13 = "EAN13"
    EAN8 = "EAN8"
    UPCA = "UPCA"
    UPCE = "UPCE"
    ITF = "ITF"
    QR = "QRCode"
    DATAMATRIX = "DataMatrix"
    DATABAR = "DataBar"

    @property
    def is_1d(self) -> bool:
        return self not in (CodeFormat.QR, CodeFormat.DATAMATRIX)


# zxing-cpp BarcodeFormat member per station format. Code 39 is the standard variant on purpose.
_ZXING_FORMATS: dict[CodeFormat, str] = {
    CodeFormat.CODE128: "Code128",
    CodeFormat.CODE39: "Code39Std",
    CodeFormat.EAN13: "EAN13",
    CodeFormat.EAN8: "EAN8",
    CodeFormat.UPCA: "UPCA",
    CodeFormat.UPCE: "UPCE",
    CodeFormat.ITF: "ITF",
    CodeFormat.QR: "QRCode",
    CodeFormat.DATAMATRIX: "DataMatrix",
    CodeFormat.DATABAR: "DataBar",
}

# pyzbar ZBarSymbol names per station format (zbar reads no DataMatrix). UPC-A/E go through zbar's
# EAN-13 reader, which returns them as 13 digits ("0" + UPC-A, UPC-E expanded) exactly as zxing-cpp
# does; zbar's own UPCA/UPCE symbols would return 12 and 8 digits and make frames disagree.
_ZBAR_SYMBOLS: dict[CodeFormat, tuple[str, ...]] = {
    CodeFormat.CODE128: ("CODE128",),
    CodeFormat.CODE39: ("CODE39",),
    CodeFormat.EAN13: ("EAN13",),
    CodeFormat.EAN8: ("EAN8",),
    CodeFormat.UPCA: ("EAN13",),
    CodeFormat.UPCE: ("EAN13",),
    CodeFormat.ITF: ("I25",),
    CodeFormat.QR: ("QRCODE",),
    CodeFormat.DATABAR: ("DATABAR", "DATABAR_EXP"),
}

# zbar symbol type -> (format name as zxing-cpp prints it, AIM identifier or None when zbar cannot
# tell: its Code 128 result does not say whether the symbol started with FNC1, i.e. was GS1-128).
_ZBAR_TYPES: dict[str, tuple[str, str | None, bool]] = {
    "CODE128": ("Code 128", None, True),
    "CODE39": ("Code 39", "]A0", True),
    "EAN13": ("EAN-13", "]E0", True),
    "EAN8": ("EAN-8", "]E4", True),
    "I25": ("ITF", "]I0", True),
    "QRCODE": ("QR Code", "]Q1", False),
    "DATABAR": ("DataBar", "]e0", True),
    "DATABAR_EXP": ("DataBar Expanded", "]e0", True),
}


@dataclass(frozen=True)
class DecoderFormats:
    """The symbologies to look for. Fewer formats means fewer false positives and faster frames."""

    formats: frozenset[CodeFormat] = field(default_factory=lambda: frozenset(CodeFormat))

    def __post_init__(self) -> None:
        if not self.formats:
            raise ValueError("at least one barcode format must be enabled")

    @classmethod
    def from_names(cls, names: Iterable[str]) -> DecoderFormats:
        """Formats from settings text such as ["Code128", "QRCode"]; an unknown name is refused here."""
        by_name = {fmt.value.lower(): fmt for fmt in CodeFormat}
        chosen: set[CodeFormat] = set()
        for name in names:
            fmt = by_name.get(name.strip().lower())
            if fmt is None:
                known = ", ".join(f.value for f in CodeFormat)
                raise ValueError(f"unknown barcode format {name!r}; known formats: {known}")
            chosen.add(fmt)
        return cls(frozenset(chosen))

    @property
    def linear(self) -> frozenset[CodeFormat]:
        return frozenset(f for f in self.formats if f.is_1d)


DEFAULT_FORMATS = DecoderFormats()


class DecoderName(StrEnum):
    """Which stage produced a read; shown in the preview and counted by the benchmark."""

    ZXING = "zxing"
    ZXING_LOCATE = "zxing+locate"
    PYZBAR = "pyzbar"


@dataclass(frozen=True, slots=True)
class Decoded:
    """One barcode read in one frame.

    `symbology` is the AIM identifier ("]C1", "]E0", ...) the classifier uses to tell GS1 data from
    plain text, or None when the decoder cannot tell (pyzbar's Code 128). `position` holds four
    corners in frame pixels, clockwise from the top-left of the symbol as read; for a 1D code it may be
    a thin band along the lines that were scanned. `confirmed` is False for a read that no second,
    independent decoder could read (pyzbar alone: zxing-cpp sees nothing there); ReadConfirmer asks
    more agreeing frames of such a read.
    """

    text: str
    symbology: str | None
    format: str
    position: Quad
    decoder: DecoderName
    is_1d: bool
    confirmed: bool = True

    @property
    def center(self) -> Point:
        xs = [p[0] for p in self.position]
        ys = [p[1] for p in self.position]
        return (sum(xs) / 4.0, sum(ys) / 4.0)

    @property
    def extent(self) -> float:
        """The longest side of the position, in pixels: how big the code looks."""
        return max(_distance(self.position[i], self.position[(i + 1) % 4]) for i in range(4))


@dataclass(frozen=True)
class DecodeOptions:
    """Pipeline switches; the defaults are what the station runs and what the benchmark measures.

    `try_invert` also reads light-on-dark codes (costs about a fifth more time per frame);
    `locate_max_side` is the longest side the frame is shrunk to before OpenCV looks for candidates;
    `max_candidates` bounds the work on a cluttered frame; pyzbar reads the whole frame shrunk to at
    most `pyzbar_max_pixels` (a full 1080p frame costs it 70-130 ms; 0 turns the whole-frame pass off).
    `try_downscale` lets zxing-cpp also look at shrunk copies of the whole frame (large, blurry codes;
    about 40% of its time on a 1080p frame).
    """

    locate: bool = True
    use_pyzbar: bool = True
    verify_1d: bool = True
    try_invert: bool = True
    locate_max_side: int = 1280
    max_candidates: int = 4
    max_side: int = 4096
    pyzbar_max_pixels: int = 1_000_000
    try_downscale: bool = True


DEFAULT_OPTIONS = DecodeOptions()


def light_options(options: DecodeOptions = DEFAULT_OPTIONS) -> DecodeOptions:
    """The cheap variant a camera uses between thorough frames: no light-on-dark pass, no shrunk
    copies in zxing-cpp's whole-frame pass and no pyzbar over the whole frame (a label held up is
    seen by the thorough frames around it; measured on 1080p frames: 13 -> 8 ms median for zxing-cpp)."""
    return replace(options, try_invert=False, pyzbar_max_pixels=0, try_downscale=False)


@dataclass(frozen=True, slots=True)
class DecoderStatus:
    """What the decoding pipeline can use on this machine, in words for the settings screen."""

    zxing: str | None
    locate: str | None
    pyzbar: str | None
    notes: tuple[str, ...] = ()

    @property
    def usable(self) -> bool:
        return self.zxing is not None


# --- public entry points ------------------------------------------------------------------------


def decode_frame(
    frame: Image, formats: DecoderFormats = DEFAULT_FORMATS, options: DecodeOptions = DEFAULT_OPTIONS
) -> list[Decoded]:
    """Every barcode found in `frame` (grayscale, BGR or BGRA, uint8). An empty list means nothing
    trustworthy was read; never raises for a bad frame (the camera loop must keep going)."""
    try:
        gray = to_gray(frame, options.max_side)
    except ValueError as exc:
        _log.warning("frame skipped: %s", exc)
        return []
    whole = _zxing_reads(
        gray, formats, options.try_invert, DecoderName.ZXING, try_downscale=options.try_downscale
    )
    found = _rechecked(gray, whole, formats, options)
    if not found and options.locate and formats.linear:
        found = _rechecked(gray, _locate_and_read(gray, formats, options), formats, options)
    whole_pyzbar = options.use_pyzbar and options.pyzbar_max_pixels > 0
    if not found and whole_pyzbar and pyzbar_unavailable_reason() is None:
        found = _rechecked(
            gray, _pyzbar_whole_frame(gray, formats, options.pyzbar_max_pixels), formats, options
        )
    found = _drop_fragments(found)
    shrink = gray.shape[1] / frame.shape[1]
    return found if shrink == 1.0 else [_scaled(read, 1.0 / shrink) for read in found]


def _rechecked(
    gray: Image, reads: list[Decoded], formats: DecoderFormats, options: DecodeOptions
) -> list[Decoded]:
    """The reads that survive the independent second look (zxing-cpp on the read's own place), for
    every stage alike; 2D codes carry Reed-Solomon correction and pass as read."""
    if not options.verify_1d:
        return reads
    kept = []
    for read in reads:
        if not read.is_1d:
            kept.append(read)
            continue
        verdict = _independent_look(gray, read, formats)
        if verdict is not None:
            kept.append(read if verdict else replace(read, confirmed=False))
    return kept


def _independent_look(gray: Image, read: Decoded, formats: DecoderFormats) -> bool | None:
    """The second look each stage needs: None drops the read, True keeps it, False keeps it as
    unconfirmed. zxing-cpp on the whole frame: an enlarged crop of its place must not read otherwise,
    and a read seen on a line or two must be read again. zxing-cpp on a located crop already read an
    enlarged, upright copy, often on a single line: the second look must not contradict it. pyzbar:
    zxing-cpp looks at its place (plain and sharpened); another text there drops it, the same text
    confirms it, nothing at all leaves it unconfirmed, because zbar repeats its own misreads at
    every scale (upca-2/38.webp: "0022121000066", issue 15) yet alone reads some worn EAN/UPC labels
    (corpus ean13-2/22, upce-2/35) that zxing-cpp cannot."""
    if read.decoder is DecoderName.PYZBAR:
        if not _confirmed_by_crop(gray, read, formats, weak_support=False):
            return None
        return _confirmed_by_crop(gray, read, formats, must_read=True)
    if read.decoder is DecoderName.ZXING_LOCATE:
        if not _confirmed_by_crop(gray, read, formats, weak_support=False):
            return None
    elif not _confirmed_by_crop(gray, read, formats):
        return None
    return None if _whole_symbol_disagrees(gray, read, formats) else True


def _whole_symbol_disagrees(gray: Image, read: Decoded, formats: DecoderFormats) -> bool:
    """True when zxing-cpp, shown the WHOLE symbol around an EAN/UPC read, spells another number.

    Why: the crop re-read looks along the read's own scan line, where a smear that misread once
    misreads again. A motion-blurred EAN-13 with ghosted bars (bench frame ean13/motion_01) read
    "0028181502212" for "6082781502878" on one band of rows, and its own crop agreed in every frame
    (issue 15); an upright crop of the whole symbol (bars of full height, squared up to the bars when
    they stand at an angle) reads the right number there. Any other EAN/UPC text drops the read, even
    next to its own: a symbol that spells two numbers is not trusted in either. Silence proves nothing
    (one look reads fewer codes than the pipeline). EAN/UPC only, the one family whose misreads pass a
    check digit. pyzbar was tried as this look and left out: on the sample photos it contradicted
    right UPC-A reads (upca-2/23) and never a wrong one, at twice the cost."""
    if read.decoder is DecoderName.PYZBAR:
        return False
    if not read.format.replace("-", "").replace(" ", "").lower().startswith(("ean", "upc", "isbn")):
        return False
    box = _box_from_quad(read.position)
    normal = _bar_normal(gray, box.cx, box.cy, box.length * 0.6)
    if normal is not None and abs(normal[0] * box.ux + normal[1] * box.uy) < math.cos(math.radians(8)):
        box = _Box(box.cx, box.cy, normal[0], normal[1], box.length, box.thickness)
    length = box.length * 1.3 + 16
    height = box.length * 0.8 + 8  # an EAN symbol is about 0.7 of its length high; the line is anywhere
    scale = _crop_scale(length, target=900.0, most=2.0)
    crop = _warp_upright(gray, box.corners(length, height), round(length * scale), round(height * scale))
    only = _formats_of(read, formats)
    reads = _zxing_reads(crop, formats, False, DecoderName.ZXING, try_rotate=False, only=only)
    others = {r.text for r in reads} - {read.text}
    if others:
        _log.info("dropped a 1D read %r: the whole symbol also reads %r", read.text[:40], sorted(others)[0])
    return bool(others)


def _pyzbar_whole_frame(gray: Image, formats: DecoderFormats, max_pixels: int) -> list[Decoded]:
    """pyzbar over the whole frame, shrunk to at most `max_pixels` (zbar's cost grows with the pixel
    count; a 1080p frame shrunk to 1 MP keeps 1D codes of about 1.4 px per module and up readable).
    Reads are kept only after pyzbar's own second look at 3/4 size, and come back in `gray`'s pixels."""
    import cv2

    pixels = gray.shape[0] * gray.shape[1]
    factor = 1.0 if pixels <= max_pixels else math.sqrt(max_pixels / pixels)
    small = (
        gray if factor == 1.0 else cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    )
    reads = [read for read in decode_pyzbar(small, formats) if _pyzbar_read_is_safe(small, read, formats)]
    return reads if factor == 1.0 else [_scaled(read, 1.0 / factor) for read in reads]


def _scaled(read: Decoded, factor: float) -> Decoded:
    """The read with its position in the caller's frame pixels (the frame was shrunk to decode)."""
    p = [(x * factor, y * factor) for x, y in read.position]
    return replace(read, position=(p[0], p[1], p[2], p[3]))


def decode_zxing(
    frame: Image, formats: DecoderFormats = DEFAULT_FORMATS, *, try_invert: bool = True
) -> list[Decoded]:
    """zxing-cpp alone on the whole frame, as the library reads it (for comparisons and tests)."""
    return _zxing_reads(to_gray(frame, DEFAULT_OPTIONS.max_side), formats, try_invert, DecoderName.ZXING)


def decode_pyzbar(frame: Image, formats: DecoderFormats = DEFAULT_FORMATS) -> list[Decoded]:
    """pyzbar alone on the whole frame; [] when libzbar is not installed.

    zbar reports how many scan lines agreed (`quality`); a 1D read seen on a single line is dropped,
    because that is where zbar's partial ITF reads ("085598" out of "32051763085598") come from.
    """
    if pyzbar_unavailable_reason() is not None:
        return []
    from pyzbar import pyzbar

    gray = to_gray(frame, DEFAULT_OPTIONS.max_side)
    names = sorted({name for fmt in formats.formats for name in _ZBAR_SYMBOLS.get(fmt, ())})
    if not names:
        return []
    reads: list[Decoded] = []
    for result in pyzbar.decode(gray, symbols=[getattr(pyzbar.ZBarSymbol, name) for name in names]):
        kind = _ZBAR_TYPES.get(result.type)
        if kind is None:
            continue
        name, aim, is_1d = kind
        if is_1d and getattr(result, "quality", 2) < 2:
            continue
        try:
            text = result.data.decode("utf-8")
        except UnicodeDecodeError:
            text = result.data.decode("latin-1")
        if result.type == "EAN13" and CodeFormat.EAN13 not in formats.formats and not text.startswith("0"):
            continue  # only UPC was asked for; zbar's EAN-13 reader also returns real EAN-13s
        if text:
            reads.append(Decoded(text, aim, name, _zbar_quad(result), DecoderName.PYZBAR, is_1d))
    return reads


@functools.cache
def pyzbar_unavailable_reason() -> str | None:
    """None when pyzbar and libzbar load; otherwise why not, in words. Checked once per process."""
    try:
        from pyzbar import pyzbar  # noqa: F401  (loads libzbar through ctypes)
    except ImportError as exc:
        return f"pyzbar is not installed ({exc})"
    except OSError as exc:  # the Python package is there but the shared library is not
        return f"libzbar could not be loaded ({exc}); on Debian/Ubuntu: apt-get install libzbar0"
    return None


def decoder_status() -> DecoderStatus:
    """Which stages of the pipeline work here: zxing-cpp is required, the other two only add reads."""
    notes: list[str] = []
    try:
        import zxingcpp  # noqa: F401

        zxing: str | None = f"zxing-cpp {_package_version('zxing-cpp')}".strip()
    except ImportError as exc:
        zxing = None
        notes.append(f"zxing-cpp is missing ({exc}): the camera cannot read codes")
    try:
        import cv2

        locate: str | None = f"OpenCV {cv2.__version__} barcode detector"
        if not hasattr(cv2, "barcode"):
            locate = None
            notes.append("this OpenCV has no barcode detector: turned labels are read less often")
    except ImportError as exc:
        locate = None
        notes.append(f"OpenCV is missing ({exc})")
    reason = pyzbar_unavailable_reason()
    if reason is not None:
        notes.append(f"pyzbar fallback off: {reason}")
    return DecoderStatus(zxing, locate, "pyzbar (libzbar)" if reason is None else None, tuple(notes))


def _package_version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return ""


def to_gray(frame: Image, max_side: int = DEFAULT_OPTIONS.max_side) -> Image:
    """A contiguous 8-bit grayscale view of a camera frame; frames beyond `max_side` are shrunk."""
    import cv2
    import numpy as np

    if not isinstance(frame, np.ndarray) or frame.size == 0:
        raise ValueError("not an image")
    if frame.dtype != np.uint8:
        raise ValueError(f"expected 8-bit pixels, got {frame.dtype}")
    if frame.ndim == 3 and frame.shape[2] == 1:
        frame = frame[:, :, 0]
    if frame.ndim == 2:
        gray = frame
    elif frame.ndim == 3 and frame.shape[2] == 3:
        gray = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    elif frame.ndim == 3 and frame.shape[2] == 4:
        gray = cv2.cvtColor(frame, cv2.COLOR_BGRA2GRAY)
    else:
        raise ValueError(f"unsupported frame shape {frame.shape}")
    longest = max(gray.shape[:2])
    if longest > max_side:
        scale = max_side / longest
        gray = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return np.ascontiguousarray(gray)


# --- zxing-cpp ----------------------------------------------------------------------------------


@functools.cache
def _zxing_formats(formats: frozenset[CodeFormat]) -> Any:
    import zxingcpp

    return zxingcpp.barcode_formats_from_str(",".join(_ZXING_FORMATS[f] for f in sorted(formats)))


def _zxing_reads(
    gray: Image,
    formats: DecoderFormats,
    try_invert: bool,
    decoder: DecoderName,
    *,
    try_rotate: bool = True,
    try_downscale: bool = True,
    only: frozenset[CodeFormat] | None = None,
) -> list[Decoded]:
    import zxingcpp

    wanted = only if only is not None else formats.formats
    if not wanted:
        return []
    results = zxingcpp.read_barcodes(
        gray,
        formats=_zxing_formats(frozenset(wanted)),
        try_rotate=try_rotate,
        try_invert=try_invert,
        try_downscale=try_downscale,
        text_mode=zxingcpp.TextMode.Plain,
    )
    reads = []
    for result in results:
        if not result.valid:
            continue
        name = str(result.format)
        is_1d = name not in ("QR Code", "Data Matrix") and not name.startswith(("QR", "Micro QR", "rMQR"))
        reads.append(
            Decoded(
                result.text,
                result.symbology_identifier or None,
                name,
                _zxing_quad(result.position),
                decoder,
                is_1d,
            )
        )
    return reads


def _zxing_quad(position: Any) -> Quad:
    corners = (position.top_left, position.top_right, position.bottom_right, position.bottom_left)
    tl, tr, br, bl = ((float(p.x), float(p.y)) for p in corners)
    return (tl, tr, br, bl)


def _zbar_quad(result: Any) -> Quad:
    """zbar gives a polygon of scan-line hits (often more than four points): its rotated bounding box."""
    import cv2
    import numpy as np

    points = [(float(p.x), float(p.y)) for p in getattr(result, "polygon", ())]
    if len(points) < 3:
        left, top, width, height = result.rect
        points = [(left, top), (left + width, top), (left + width, top + height), (left, top + height)]
    corners = cv2.boxPoints(cv2.minAreaRect(np.array(points, dtype=np.float32)))
    p = [(float(x), float(y)) for x, y in corners]
    return (p[0], p[1], p[2], p[3])


def _pyzbar_read_is_safe(gray: Image, read: Decoded, formats: DecoderFormats) -> bool:
    """A whole-frame pyzbar read must survive the checks a crop read gets: QR text only when it is
    ASCII (zbar guesses Shift-JIS and garbles Japanese text), 1D only when a second look at 3/4 size
    reads the same text."""
    import cv2

    if not read.is_1d:
        return read.text.isascii()
    box = _box_from_quad(read.position)
    side = max(box.length, box.thickness) * 1.5 + 16
    crop = _warp_upright(gray, box.corners(side, side), round(side), round(side))
    smaller = cv2.resize(crop, None, fx=0.75, fy=0.75, interpolation=cv2.INTER_AREA)
    again = {other.text for other in decode_pyzbar(smaller, formats)}
    return again == {read.text}


def _formats_of(read: Decoded, formats: DecoderFormats) -> frozenset[CodeFormat]:
    """The enabled formats a re-read of `read` may use: its own family only."""
    name = read.format.replace("-", "").replace(" ", "").lower()
    if name.startswith(("ean", "upc", "isbn")):
        family = {CodeFormat.EAN13, CodeFormat.EAN8, CodeFormat.UPCA, CodeFormat.UPCE}
    elif name.startswith("code128"):
        family = {CodeFormat.CODE128}
    elif name.startswith("code39"):
        family = {CodeFormat.CODE39}
    elif name.startswith("itf"):
        family = {CodeFormat.ITF}
    elif name.startswith("databar"):
        family = {CodeFormat.DATABAR}
    else:
        family = set(formats.formats)
    return frozenset(family & formats.formats) or formats.formats


# --- geometry: crops warped upright -------------------------------------------------------------


def _distance(a: Point, b: Point) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])


@dataclass(frozen=True, slots=True)
class _Box:
    """A rotated rectangle: centre, unit vector along the code (pointing right), length, thickness."""

    cx: float
    cy: float
    ux: float
    uy: float
    length: float
    thickness: float

    def corners(self, length: float, thickness: float) -> Quad:
        vx, vy = -self.uy, self.ux  # perpendicular, pointing down when the code points right
        hl, ht = length / 2.0, thickness / 2.0
        cx, cy = self.cx, self.cy
        return (
            (cx - self.ux * hl - vx * ht, cy - self.uy * hl - vy * ht),
            (cx + self.ux * hl - vx * ht, cy + self.uy * hl - vy * ht),
            (cx + self.ux * hl + vx * ht, cy + self.uy * hl + vy * ht),
            (cx - self.ux * hl + vx * ht, cy - self.uy * hl + vy * ht),
        )


def _box_from_quad(quad: Sequence[Point]) -> _Box:
    """The rotated rectangle of four corners in any order, its long side taken as the code axis."""
    cx = sum(p[0] for p in quad) / 4.0
    cy = sum(p[1] for p in quad) / 4.0
    sides = [(quad[i], quad[(i + 1) % 4]) for i in range(4)]
    a, b = max(sides, key=lambda s: _distance(*s))
    length = (_distance(*sides[0]) + _distance(*sides[2])) / 2.0
    thickness = (_distance(*sides[1]) + _distance(*sides[3])) / 2.0
    if thickness > length:
        length, thickness = thickness, length
    dx, dy = b[0] - a[0], b[1] - a[1]
    norm = math.hypot(dx, dy) or 1.0
    ux, uy = dx / norm, dy / norm
    if ux < 0 or (ux == 0 and uy < 0):
        ux, uy = -ux, -uy
    return _Box(cx, cy, ux, uy, length, thickness)


def _warp_upright(gray: Image, corners: Quad, width: int, height: int) -> Image:
    import cv2
    import numpy as np

    src = np.array(corners, dtype=np.float32)
    dst = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(src, dst)
    warped = cv2.warpPerspective(
        gray, matrix, (width, height), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE
    )
    return np.ascontiguousarray(warped)


def _crop_scale(length: float, target: float = 900.0, most: float = 3.0) -> float:
    """Enlarge small crops: zxing-cpp misreads and misses codes whose bars are one or two pixels wide."""
    return max(1.0, min(most, target / max(length, 1.0)))


def _map_back(quad: Quad, corners: Quad, width: int, height: int) -> Quad:
    """Crop coordinates -> frame coordinates, through the same warp the crop was made with."""
    import cv2
    import numpy as np

    dst = np.array(corners, dtype=np.float32)
    src = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(src, dst)
    pts = cv2.perspectiveTransform(np.array([quad], dtype=np.float32), matrix)[0]
    p = [(float(x), float(y)) for x, y in pts]
    return (p[0], p[1], p[2], p[3])


# --- stage 1b: a 1D read must survive a second look ---------------------------------------------


WEAK_SUPPORT_PX = 4.0


def _confirmed_by_crop(
    gray: Image, read: Decoded, formats: DecoderFormats, *, weak_support: bool = True, must_read: bool = False
) -> bool:
    """False when a second look at the read's place reads something else and not the read's text.

    Two looks: an enlarged crop along the read's own scan line (a blurry code misread at one or two
    pixels per module reads right when enlarged), and, when the bars stand at an angle to that scan
    line, a wider crop squared up to the bars. zxing-cpp scans rows and columns, and a column that
    cuts a turned EAN-13 obliquely can spell another valid number (measured on synthetic frames at
    68 degrees). Such misreads are found on only a line or two (`WEAK_SUPPORT_PX`: 3 of the 4 wrong
    zxing-cpp reads measured, against 6% of right ones), so a read that thin must be read again by
    the last look, not merely not contradicted (`weak_support`). With `must_read` the read counts only
    when some look (plain or sharpened) reads its text."""
    only = _formats_of(read, formats)
    box = _box_from_quad(read.position)
    looks = [box.corners(box.length * 1.3 + 8, max(box.thickness * 1.5, box.length * 0.35) + 8)]
    normal = _bar_normal(gray, box.cx, box.cy, box.length * 0.6)
    if normal is not None and abs(normal[0] * box.ux + normal[1] * box.uy) < math.cos(math.radians(8)):
        across = _Box(box.cx, box.cy, normal[0], normal[1], box.length, box.thickness)
        looks.append(across.corners(box.length * 2.2 + 16, box.length * 0.7 + 8))
    again: set[str] = set()
    seen: set[str] = set()
    for corners in looks:
        length = _distance(corners[0], corners[1])
        thickness = _distance(corners[1], corners[2])
        scale = _crop_scale(length, target=1000.0, most=3.0)
        width, height = round(length * scale), round(thickness * scale)
        crop = _warp_upright(gray, corners, width, height)
        reads = _zxing_reads(crop, formats, True, DecoderName.ZXING, try_rotate=False, only=only)
        if must_read and not reads:
            reads = _zxing_reads(
                _sharpened(crop), formats, True, DecoderName.ZXING, try_rotate=False, only=only
            )
        again = {other.text for other in reads}
        seen |= again
        # A piece of the read's own text is a partial read of the same code (ITF on a tilted crop
        # read "461527" of "46152710126111"), not another code: it neither refutes nor confirms.
        others = {text for text in again if text not in read.text}
        if others and read.text not in again:
            _log.info("dropped a 1D read %r: a second look reads %r", read.text[:40], sorted(others)[0][:40])
            return False
        # The other way round, the read is the piece: "342779" where the second look reads the
        # 14-digit ITF it came from (issue 15).
        if any(read.text in text and read.text != text for text in again):
            _log.info("dropped a 1D read %r: it is part of a longer code at the same place", read.text[:40])
            return False
    if weak_support and box.thickness < WEAK_SUPPORT_PX and read.text not in again:
        _log.info("dropped a 1D read %r seen on %.1f px only", read.text[:40], box.thickness)
        return False
    if must_read and read.text not in seen:
        _log.info("dropped a %s read %r: zxing-cpp does not read it there", read.decoder, read.text[:40])
        return False
    return True


def _bar_normal(gray: Image, cx: float, cy: float, radius: float) -> tuple[float, float] | None:
    """The unit direction across the bars around (cx, cy), from the image's structure tensor, or None
    where the texture has no clear direction (not a barcode)."""
    import cv2
    import numpy as np

    r = max(int(radius), 8)
    x0, y0 = max(int(cx) - r, 0), max(int(cy) - r, 0)
    patch = gray[y0 : int(cy) + r, x0 : int(cx) + r]
    if patch.size < 64:
        return None
    patch = patch.astype(np.float32)
    gx = cv2.Sobel(patch, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(patch, cv2.CV_32F, 0, 1, ksize=3)
    jxx, jyy, jxy = float((gx * gx).sum()), float((gy * gy).sum()), float((gx * gy).sum())
    energy = jxx + jyy
    if energy <= 0:
        return None
    coherence = math.hypot(jxx - jyy, 2 * jxy) / energy
    if coherence < 0.5:
        return None
    angle = 0.5 * math.atan2(2 * jxy, jxx - jyy)
    ux, uy = math.cos(angle), math.sin(angle)
    return (ux, uy) if ux > 0 or (ux == 0 and uy > 0) else (-ux, -uy)


# --- stage 2: OpenCV locates, zxing-cpp reads ---------------------------------------------------


def locate_candidates(gray: Image, max_side: int = DEFAULT_OPTIONS.locate_max_side) -> list[Quad]:
    """Corners of 1D barcode-like regions found by OpenCV, in `gray`'s pixels, largest first.
    OpenCV's decoded text is ignored: it is only asked where to look."""
    import cv2

    if not hasattr(cv2, "barcode"):
        return []
    longest = max(gray.shape[:2])
    scale = min(1.0, max_side / longest)
    small = gray if scale == 1.0 else cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    try:
        ok, points = _barcode_detector().detectMulti(small)
    except cv2.error as exc:  # a detector failure must not stop the frame
        _log.debug("OpenCV barcode detection failed: %s", exc)
        return []
    if not ok or points is None:
        return []
    quads: list[Quad] = []
    for corners in points.reshape(-1, 4, 2):
        p = [(float(x) / scale, float(y) / scale) for x, y in corners]
        quads.append((p[0], p[1], p[2], p[3]))
    quads.sort(key=lambda q: -_box_from_quad(q).length * max(_box_from_quad(q).thickness, 1.0))
    return quads


@functools.cache
def _barcode_detector() -> Any:
    import cv2

    return cv2.barcode.BarcodeDetector()


def _locate_and_read(gray: Image, formats: DecoderFormats, options: DecodeOptions) -> list[Decoded]:
    """Read each located candidate: zxing-cpp on the upright crop, then on a sharpened copy (blurred
    labels), then pyzbar, which must read the same text at a second scale to count."""
    reads: list[Decoded] = []
    use_pyzbar = options.use_pyzbar and pyzbar_unavailable_reason() is None
    for quad in locate_candidates(gray, options.locate_max_side)[: options.max_candidates]:
        box = _box_from_quad(quad)
        if box.length < 16:
            continue
        # OpenCV's box hugs the bars: add the quiet zones along the code and some height across it.
        length = box.length * 1.25 + 16
        thickness = max(box.thickness * 1.3, box.length * 0.2) + 8
        scale = _crop_scale(length)
        width, height = round(length * scale), round(thickness * scale)
        corners = box.corners(length, thickness)
        crop = _warp_upright(gray, corners, width, height)
        squarish = box.length < 2.0 * box.thickness
        found = _read_crop(crop, formats, options.try_invert, also_turned=squarish)
        if not found:
            found = _read_crop(_sharpened(crop), formats, options.try_invert, also_turned=False)
        if not found and use_pyzbar:
            found = _pyzbar_crop(crop, formats)
        for read in found:
            position = _map_back(read.position, corners, width, height)
            decoder = DecoderName.PYZBAR if read.decoder is DecoderName.PYZBAR else DecoderName.ZXING_LOCATE
            reads.append(Decoded(read.text, read.symbology, read.format, position, decoder, read.is_1d))
    return _unique(reads)


def _sharpened(crop: Image) -> Image:
    """Unsharp mask: gives back edges a slightly defocused camera smeared (measured: +13% of the
    located crops zxing-cpp could not read)."""
    import cv2

    blurred = cv2.GaussianBlur(crop, (0, 0), 3)
    return cv2.addWeighted(crop, 2.0, blurred, -1.0, 0)


def _pyzbar_crop(crop: Image, formats: DecoderFormats) -> list[Decoded]:
    """pyzbar on a located crop, kept only when a second look at 3/4 size reads the same text.
    zbar misreads blurred EAN/UPC into other valid numbers more often than zxing-cpp does."""
    import cv2

    linear = DecoderFormats(formats.linear) if formats.linear else None
    if linear is None:
        return []
    first = decode_pyzbar(crop, linear)
    if not first:
        return []
    smaller = cv2.resize(crop, None, fx=0.75, fy=0.75, interpolation=cv2.INTER_AREA)
    second = {read.text for read in decode_pyzbar(smaller, linear)}
    return [read for read in first if read.text in second and len(second) == 1]


def _read_crop(crop: Image, formats: DecoderFormats, try_invert: bool, *, also_turned: bool) -> list[Decoded]:
    """Read an upright crop; 180 and 270 degrees come free because zxing-cpp's 1D readers read a row
    in both directions. The crop is also tried turned by 90 degrees when OpenCV's box was nearly
    square, so its long side may not be the code's axis. Only 1D formats: OpenCV finds nothing else."""
    import cv2

    for turned in (False, True) if also_turned else (False,):
        image = cv2.rotate(crop, cv2.ROTATE_90_CLOCKWISE) if turned else crop
        reads = _zxing_reads(
            image, formats, try_invert, DecoderName.ZXING_LOCATE, try_rotate=False, only=formats.linear
        )
        if reads:
            if turned:  # back into the crop's own coordinates
                rows = crop.shape[0]
                reads = [
                    Decoded(r.text, r.symbology, r.format, _unturn(r.position, rows), r.decoder, r.is_1d)
                    for r in reads
                ]
            return reads
    return []


def _unturn(quad: Quad, rows: int) -> Quad:
    """Undo cv2.ROTATE_90_CLOCKWISE: a point (x', y') of the turned image is (y', rows - 1 - x')."""
    p = [(y, rows - 1 - x) for x, y in quad]
    return (p[0], p[1], p[2], p[3])


# --- clean-up -----------------------------------------------------------------------------------


def _unique(reads: list[Decoded]) -> list[Decoded]:
    seen: set[tuple[str, str]] = set()
    out = []
    for read in reads:
        key = (read.format, read.text)
        if key not in seen:
            seen.add(key)
            out.append(read)
    return out


def _drop_fragments(reads: list[Decoded]) -> list[Decoded]:
    """Clean one frame's reads. A 1D read that is part of a longer read of the same format is dropped
    (partial ITF/Code 128 reads are whole-looking numbers that are not on the label). Two different
    1D texts of the same format at the same place are both dropped: one of them is a misread, and
    the frame cannot tell which (measured: a Code 128 at 1.2 px per module read once right and once
    as another valid Code 128 from a band of rows near its edge)."""
    reads = [read for read in _unique(reads) if read.text]
    kept = []
    for read in reads:
        swallowed = read.is_1d and any(
            other is not read
            and other.format == read.format
            and len(other.text) > len(read.text)
            and read.text in other.text
            for other in reads
        )
        if not swallowed:
            kept.append(read)
    clashing = {
        id(read)
        for read in kept
        for other in kept
        if read is not other
        and read.is_1d
        and other.is_1d
        and read.format == other.format
        and read.text != other.text
        and positions_overlap(read.position, other.position)
    }
    if clashing:
        _log.info("dropped %d 1D reads that disagree at the same place", len(clashing))
    return [read for read in kept if id(read) not in clashing]


def positions_overlap(a: Quad, b: Quad, margin: float = 3.0, across: float = 0.0) -> bool:
    """True when two read positions cover a common area. A 1D position can be a one-row band, so each
    is first widened by `margin` pixels on every side, and by `across` times its length on each side
    across the code: the band is one line of a symbol whose bars reach further (EAN: about 0.35 of
    the length on either side of a middle line)."""
    import cv2
    import numpy as np

    def widened(quad: Quad) -> Any:
        box = _box_from_quad(quad)
        thickness = box.thickness + 2 * margin + 2 * across * box.length
        corners = box.corners(box.length + 2 * margin, thickness)
        return np.array(corners, dtype=np.float32)

    area, _ = cv2.intersectConvexConvex(widened(a), widened(b))
    return bool(area > 0.0)
