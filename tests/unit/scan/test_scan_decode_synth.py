"""Locate + rectify reads turned and tilted labels that zxing-cpp alone misses, without wrong reads.

Frames come from the project's synthetic generator (../shared/tools/synth_frames.py, see its --help),
rendered into a temporary folder with a fixed seed, so the same frames are measured on every run.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest

from returnstation.scan.confirm import ReadConfirmer
from returnstation.scan.decode import DEFAULT_OPTIONS, DecoderName, decode_frame, decode_zxing, light_options

# A copy of ../shared/tools/synth_frames.py, so a clean clone runs these tests too (tests/data/tools).
SYNTH = Path(__file__).resolve().parents[2] / "data" / "tools" / "synth_frames.py"
RUN_SYNTH = SYNTH.with_name("run_synth.py")  # runs it without the `qrcode` package
# Rendering the frames takes seconds: under pytest-xdist the module's tests share one worker, and so
# the module's frames (--dist loadgroup, see scripts/test.sh).
pytestmark = pytest.mark.xdist_group("synth_frames")


def _synth_frames(out: Path, size: str, syms: str, degs: str, n: int, seed: int) -> list[dict[str, Any]]:
    if not SYNTH.is_file():
        pytest.fail(f"{SYNTH} is missing: copy ../shared/tools/synth_frames.py there")
    for module in ("barcode", "PIL"):
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"synth_frames.py needs the {module!r} package (python-barcode, Pillow)")
    args = ["--out", str(out), "--size", size, "--syms", syms, "--degs", degs, "--n", str(n)]
    subprocess.run(
        [sys.executable, str(RUN_SYNTH), str(SYNTH), *args, "--seed", str(seed)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    folder = out / size
    items: list[dict[str, Any]] = json.loads((folder / "manifest.json").read_text())["items"]
    for item in items:
        item["path"] = folder / item["file"]
    return items


@pytest.fixture(scope="module")
def turned_labels(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    out = tmp_path_factory.mktemp("synth")
    return _synth_frames(out, "1280x720", "code128,gs1_128,code39,itf,ean13", "rotate,perspective", 4, 11)


def _gray(path: Path) -> np.ndarray:
    frame = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE)
    assert frame is not None, path
    return frame


def _hits(items: list[dict[str, Any]], decode: Any) -> tuple[int, list[str]]:
    hits, wrong = 0, []
    for item in items:
        texts = [r.text for r in decode(_gray(item["path"]))]
        hits += item["expected"] in texts
        wrong += [f"{item['file']}: {t!r}" for t in texts if t != item["expected"]]
    return hits, wrong


@pytest.mark.slow
def test_rotated_labels_are_read_far_more_often_with_locate_and_rectify(
    turned_labels: list[dict[str, Any]],
) -> None:
    rotated = [item for item in turned_labels if item["deg"] == "rotate"]
    plain, _ = _hits(rotated, decode_zxing)
    station, wrong = _hits(rotated, decode_frame)
    assert wrong == []
    assert station >= plain + len(rotated) // 4, (plain, station, len(rotated))


@pytest.mark.slow
def test_tilted_labels_are_read_at_least_as_often_and_never_wrongly(
    turned_labels: list[dict[str, Any]],
) -> None:
    tilted = [item for item in turned_labels if item["deg"] == "perspective"]
    plain, _ = _hits(tilted, decode_zxing)
    station, wrong = _hits(tilted, decode_frame)
    assert wrong == []
    assert station >= plain


@pytest.mark.slow
def test_reads_found_by_the_locate_stage_say_so(turned_labels: list[dict[str, Any]]) -> None:
    stages = set()
    for item in turned_labels:
        reads = decode_frame(_gray(item["path"]))
        stages |= {r.decoder for r in reads if r.text == item["expected"]}
    assert DecoderName.ZXING_LOCATE in stages


@pytest.mark.slow
def test_an_empty_label_gives_nothing(tmp_path: Path) -> None:
    items = _synth_frames(tmp_path, "1280x720", "none", "clean,noise,combo", 2, 5)
    assert all(decode_frame(_gray(item["path"])) == [] for item in items)


def _held(image: np.ndarray, count: int, rng: np.random.Generator) -> list[np.ndarray]:
    """A label held under the camera as bench_decode holds it: the frame, then copies with a
    sub-pixel wobble and sensor noise."""
    height, width = image.shape[:2]
    frames = [image]
    for _ in range(count - 1):
        turn = cv2.getRotationMatrix2D((width / 2, height / 2), rng.uniform(-0.3, 0.3), 1.0)
        turn[0, 2] += float(rng.uniform(-0.6, 0.6))
        turn[1, 2] += float(rng.uniform(-0.6, 0.6))
        moved = cv2.warpAffine(image, turn, (width, height), borderMode=cv2.BORDER_REPLICATE)
        noisy = moved.astype(np.float32) + rng.normal(0, 2, moved.shape)
        frames.append(np.clip(noisy, 0, 255).astype(np.uint8))
    return frames


@pytest.mark.slow
def test_a_motion_blurred_ean13_is_never_accepted_as_another_number(tmp_path: Path) -> None:
    """Issue 15: bench frame ean13/motion_01 (1080p, seed 2; bars ghosted by a 9 px blur) made zxing-cpp
    read "0028181502212" for "6082781502878" on one band of rows, and its own crop re-read agreed.
    Held for 10 frames under 12 noise seeds, the code before the fix accepted that misread twice and
    read it in 16 frames; now the whole-symbol look and the confirmer's
    whole-symbol rivalry must keep it out, while the right number is still accepted."""
    items = _synth_frames(tmp_path, "1920x1080", "code128,gs1_128,ean13", "clean,gblur,motion", 2, 2)
    item = next(i for i in items if i["file"].replace("\\", "/") == "ean13/motion_01.png")
    expected = item["expected"]
    assert expected == "6082781502878"
    image = _gray(item["path"])
    light = light_options(DEFAULT_OPTIONS)
    wrong: list[str] = []
    hits = 0
    for seed in range(12):
        confirmer = ReadConfirmer()
        accepted: list[str] = []
        for i, frame in enumerate(_held(image, 10, np.random.default_rng(seed))):
            reads = decode_frame(frame, options=light if i % 2 else DEFAULT_OPTIONS)
            accepted += [r.text for r in confirmer.offer(reads, now=i * 0.125)]
        wrong += [f"seed {seed}: {text}" for text in accepted if text != expected]
        hits += expected in accepted
    assert wrong == []
    assert hits >= 10, hits
