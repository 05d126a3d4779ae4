"""The camera decoding pipeline on real photos from the zxing-cpp test corpus.

The images in tests/data/zxing are copies (Apache-2.0, LICENSE beside them); the whole corpus in
../shared/corpus is used too when it is there.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from returnstation.scan.confirm import ReadConfirmer
from returnstation.scan.decode import (
    CodeFormat,
    Decoded,
    DecodeOptions,
    DecoderFormats,
    DecoderName,
    decode_frame,
    decode_zxing,
    decoder_status,
    to_gray,
)

DATA = Path(__file__).resolve().parents[2] / "data" / "zxing"
SHARED_CORPUS = Path(__file__).resolve().parents[4] / "shared" / "corpus" / "zxing-samples"

READABLE = [
    "code128-1/1.png",
    "code128-1/2.webp",
    "code39-1/1.png",
    "datamatrix-1/0123456789.png",
    "ean13-1/10.webp",
    "ean13-1/14.webp",
    "ean8-1/1.png",
    "itf-1/1.webp",
    "itf-1/3.webp",
    "qrcode-1/1.webp",
    "qrcode-2/qr-inv-1.webp",
    "upca-1/2.webp",
    "upce-1/1.png",
]


def _expected(image: Path) -> tuple[str, str | None]:
    """The corpus's expected text (its .txt; line ends as zxing-cpp reads them) and AIM identifier."""
    text = image.with_suffix(".txt").read_text(encoding="utf-8")
    aim = None
    result = image.with_name(image.stem + ".result.txt")
    if result.exists():
        for line in result.read_text(encoding="utf-8").splitlines():
            if line.startswith("symbologyIdentifier="):
                aim = line.split("=", 1)[1]
    return text, aim


def _load(image: Path) -> np.ndarray:
    frame = cv2.imread(str(image), cv2.IMREAD_COLOR)
    assert frame is not None, image
    return frame


@pytest.mark.parametrize("name", READABLE)
def test_corpus_image_reads_exactly_its_expected_text(name: str) -> None:
    image = DATA / name
    text, aim = _expected(image)
    reads = decode_frame(_load(image))
    assert [r.text for r in reads] == [text]
    if aim is not None:
        assert reads[0].symbology == aim
    xs = [x for x, _ in reads[0].position]
    assert min(xs) >= -2 and max(xs) <= _load(image).shape[1] + 2


def test_a_gs1_128_keeps_its_aim_id_and_plain_text() -> None:
    reads = decode_frame(_load(DATA / "code128-1/1.png"))
    assert reads[0].symbology == "]C1"
    assert reads[0].text == "168901"  # Plain text mode: HRI mode would have made it "(16)8901"
    assert reads[0].is_1d and reads[0].format == "Code 128"


def test_code39_is_read_as_standard_code39_never_as_extended() -> None:
    # The label encodes "12+A+B"; Code 39 Extended would turn it into "12ab" (and "RMA+A12" into "RMAa12").
    reads = decode_frame(_load(DATA / "code39-2/2.png"))
    assert [r.text for r in reads] == ["12+A+B"]


def test_grayscale_bgr_and_bgra_frames_read_the_same() -> None:
    bgr = _load(DATA / "ean8-1/1.png")
    gray = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
    bgra = cv2.cvtColor(bgr, cv2.COLOR_BGR2BGRA)
    texts = {tuple(r.text for r in decode_frame(frame)) for frame in (bgr, gray, bgra, gray[:, :, None])}
    assert texts == {("48512343",)}


def test_a_very_large_frame_is_shrunk_and_still_read() -> None:
    code = cv2.resize(_load(DATA / "qrcode-1/1.webp"), None, fx=4, fy=4, interpolation=cv2.INTER_NEAREST)
    canvas = np.full((4000, 6000, 3), 255, np.uint8)
    canvas[1000 : 1000 + code.shape[0], 2000 : 2000 + code.shape[1]] = code
    assert max(to_gray(canvas).shape) == DecodeOptions().max_side
    text, _ = _expected(DATA / "qrcode-1/1.webp")
    reads = decode_frame(canvas)
    assert [r.text for r in reads] == [text]
    xs, ys = [x for x, _ in reads[0].position], [y for _, y in reads[0].position]
    assert min(xs) > 1900 and max(xs) < 2100 + code.shape[1]  # in the caller's pixels, not the shrunk
    assert min(ys) > 900 and max(ys) < 1100 + code.shape[0]


@pytest.mark.parametrize(
    "frame",
    [np.zeros((0, 0), np.uint8), np.zeros((50, 50), np.float32), np.zeros((5, 5, 2), np.uint8), "text"],
)
def test_a_frame_that_is_not_an_image_gives_no_reads_and_no_exception(frame: object) -> None:
    assert decode_frame(frame) == []  # type: ignore[arg-type]


def test_only_the_configured_formats_are_read() -> None:
    only_qr = DecoderFormats.from_names(["QRCode"])
    assert decode_frame(_load(DATA / "ean8-1/1.png"), only_qr) == []
    assert decode_frame(_load(DATA / "qrcode-1/1.webp"), only_qr) != []


def test_unknown_format_names_are_refused_at_start_up() -> None:
    with pytest.raises(ValueError, match="Code93"):
        DecoderFormats.from_names(["Code128", "Code93"])
    with pytest.raises(ValueError):
        DecoderFormats(frozenset())
    assert DecoderFormats.from_names([" code128 ", "qrcode"]).formats == {CodeFormat.CODE128, CodeFormat.QR}


def test_known_misread_of_a_blurry_upc_never_leaves_the_pipeline() -> None:
    """zxing-cpp alone reads this UPC-A photo as another valid number (1077778003259); the pipeline's
    second look at an enlarged crop catches it, here and on noisy copies of the frame."""
    image = DATA / "upca-2/48.webp"
    expected, _ = _expected(image)
    frame = _load(image)
    raw = {r.text for r in decode_zxing(frame)}
    unverified = {r.text for r in decode_frame(frame, options=DecodeOptions(verify_1d=False))}
    assert raw - {expected} or unverified - {expected}, "the hazard this test guards against is gone"
    rng = np.random.default_rng(7)
    for _ in range(12):
        noisy = np.clip(frame.astype(np.float32) + rng.normal(0, 2, frame.shape), 0, 255).astype(np.uint8)
        assert {r.text for r in decode_frame(noisy)} <= {expected}


@pytest.mark.parametrize("name", ["upca-2/25.webp", "upca-2/38.webp"])
def test_photos_that_pyzbar_misreads_give_no_wrong_text(name: str) -> None:
    expected, _ = _expected(DATA / name)
    assert {r.text for r in decode_frame(_load(DATA / name))} <= {expected}


def test_the_locate_stage_reads_a_label_turned_45_degrees() -> None:
    """Turn a code zxing reads upright by 45 degrees on a big canvas; whichever stage reads it,
    the answer is the right one, and the stage is named."""
    code = _load(DATA / "ean13-1/14.webp")
    expected, _ = _expected(DATA / "ean13-1/14.webp")
    canvas = np.full((1000, 1000, 3), 200, np.uint8)
    y, x = (1000 - code.shape[0]) // 2, (1000 - code.shape[1]) // 2
    canvas[y : y + code.shape[0], x : x + code.shape[1]] = code
    turn = cv2.getRotationMatrix2D((500, 500), 45, 1.0)
    turned = cv2.warpAffine(canvas, turn, (1000, 1000), borderValue=(200, 200, 200))
    reads = decode_frame(turned)
    assert [r.text for r in reads] == [expected]
    assert reads[0].decoder in (DecoderName.ZXING, DecoderName.ZXING_LOCATE)


def _false_positive_images() -> list[Path]:
    folders = [DATA / "falsepositives-1", DATA / "falsepositives-2"]
    if SHARED_CORPUS.is_dir():
        folders += [SHARED_CORPUS / "falsepositives-1", SHARED_CORPUS / "falsepositives-2"]
    return sorted(p for folder in folders if folder.is_dir() for p in folder.iterdir() if p.is_file())


@pytest.mark.slow
def test_false_positive_photos_never_give_an_accepted_read() -> None:
    """Each photo is shown as a camera would: three frames with a little sensor noise."""
    images = _false_positive_images()
    assert len(images) >= 6
    rng = np.random.default_rng(3)
    for image in images:
        frame = cv2.imread(str(image), cv2.IMREAD_COLOR)
        if frame is None:  # 1x1 pixel files that OpenCV refuses
            continue
        confirmer = ReadConfirmer()
        accepted: list[Decoded] = []
        for i in range(3):
            noisy = np.clip(frame.astype(np.float32) + rng.normal(0, 2, frame.shape), 0, 255)
            accepted += confirmer.offer(decode_frame(noisy.astype(np.uint8)), now=i * 0.125)
        assert accepted == [], image.name


def test_decoder_status_names_what_is_available() -> None:
    status = decoder_status()
    assert status.usable and status.zxing is not None and "zxing-cpp" in status.zxing
    assert status.locate is not None and "OpenCV" in status.locate
    assert (status.pyzbar is None) == any("pyzbar" in note for note in status.notes)
