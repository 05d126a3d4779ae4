"""Regenerate the sample image the frozen self-test decodes (returnstation/data/selftest/).

Why a shipped picture rather than one drawn at run time: the bundle need not carry a PDF rasteriser
(pypdfium2 is a test dependency), yet the decoders must be shown to work on a real label. So the
station's own tote/bin label, which carries the same code as Code 128 and as QR, is rendered once
with the real template and renderer, rasterised at 203 dpi like a thermal printer, and stored as a
small grayscale PNG with a JSON file naming what a reader must find in it.

Run from the repository root with the test extras installed:
    .venv/bin/python installer/tools/make_selftest_image.py
"""

from __future__ import annotations

import json
from pathlib import Path

import pypdfium2 as pdfium
import zxingcpp

from returnstation.printing.label_pdf import render_label_pdf
from returnstation.printing.templates import load_label_template

ROOT = Path(__file__).resolve().parents[2]
OUT_DIR = ROOT / "returnstation" / "data" / "selftest"
DPI = 203
LOCATION_CODE = "RS-SELFTEST-01"
FIELDS = {
    "location_code": LOCATION_CODE,
    "location_name": "Self-test tote",
    "disposition": "Restock",
}


def main() -> None:
    pdf = render_label_pdf(load_label_template("tote_bin"), FIELDS, dpi=DPI)
    document = pdfium.PdfDocument(pdf)
    try:
        image = document[0].render(scale=DPI / 72, grayscale=True).to_pil().convert("L")
    finally:
        document.close()
    image = image.point(lambda v: 0 if v < 128 else 255).convert("1")  # 1-bit, like a thermal print
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    png = OUT_DIR / "tote_bin_203dpi.png"
    image.save(png, optimize=True)
    found = sorted((r.format.name, r.text) for r in zxingcpp.read_barcodes(image.convert("L")))
    expected = sorted([("Code128", LOCATION_CODE), ("QRCode", LOCATION_CODE)])
    if found != expected:
        raise SystemExit(f"the rendered sample does not decode as expected: {found}")
    manifest = {
        "image": png.name,
        "source": f"labels/tote_bin.yaml rendered at {DPI} dpi by installer/tools/make_selftest_image.py",
        "expect": [{"format": fmt, "text": text} for fmt, text in expected],
    }
    (OUT_DIR / "sample.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {png} ({png.stat().st_size} bytes) and sample.json: {found}")


if __name__ == "__main__":
    main()
