"""Regenerate returnstation/data/demo_camera/: what the demo camera shows when a bench has no webcam.

Pictures of "items" on a bench mat, without any barcode, so that the demo camera can be left on while
inspecting (it never reads a code by itself) and photo-required checks can be tried with F7.

    .venv/bin/python installer/tools/make_demo_camera.py
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

OUT = Path(__file__).resolve().parents[2] / "returnstation" / "data" / "demo_camera"
ITEMS = (
    ("headphones box", (60, 60, 200)),
    ("cable pouch", (40, 140, 60)),
    ("t-shirt", (170, 90, 30)),
)


def picture(label: str, colour: tuple[int, int, int], n: int) -> np.ndarray:
    img = np.full((540, 960, 3), (70, 75, 80), np.uint8)  # a grey bench mat (no noise: small files)
    for x in range(0, 960, 60):  # cutting-mat grid
        cv2.line(img, (x, 0), (x, 540), (90, 95, 100), 1)
    for y in range(0, 540, 60):
        cv2.line(img, (0, y), (960, y), (90, 95, 100), 1)
    box = np.array([[300 + 20 * n, 150], [690, 130 + 10 * n], [660, 420], [280, 400 - 8 * n]], np.int32)
    cv2.fillPoly(img, [box], colour)
    cv2.polylines(img, [box], True, (20, 20, 20), 2)
    cv2.putText(img, label, (330, 290), cv2.FONT_HERSHEY_SIMPLEX, 1.1, (245, 245, 245), 2, cv2.LINE_AA)
    cv2.putText(
        img,
        "ReturnStation demo camera",
        (20, 520),
        cv2.FONT_HERSHEY_SIMPLEX,
        0.6,
        (200, 200, 200),
        1,
        cv2.LINE_AA,
    )
    return img


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for n, (label, colour) in enumerate(ITEMS, start=1):
        cv2.imwrite(str(OUT / f"item-{n}.png"), picture(label, colour, n), [cv2.IMWRITE_PNG_COMPRESSION, 9])
    print(f"wrote {len(ITEMS)} pictures to {OUT}")


if __name__ == "__main__":
    main()
