"""Rasterise installer/icons/returnstation.svg into the PNG (Linux menus) and ICO (Windows exe, setup).

The SVG is the source; run this after editing it, from the repository root:
    QT_QPA_PLATFORM=offscreen .venv/bin/python installer/tools/make_icons.py
Qt renders the SVG (QtSvg ships with PySide6) and Pillow, which reportlab already needs, writes the ICO.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parents[1] / "icons"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(renderer: QSvgRenderer, size: int) -> Image.Image:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    rgba = image.convertToFormat(QImage.Format.Format_RGBA8888)
    return Image.frombytes("RGBA", (size, size), bytes(rgba.constBits()), "raw", "RGBA", rgba.bytesPerLine())


def main() -> None:
    _app = QGuiApplication([])
    renderer = QSvgRenderer(str(ICONS / "returnstation.svg"))
    if not renderer.isValid():
        raise SystemExit("returnstation.svg is not a valid SVG")
    big = render(renderer, 256)
    big.save(ICONS / "returnstation.png", optimize=True)
    big.save(ICONS / "returnstation.ico", sizes=[(s, s) for s in ICO_SIZES])
    print(f"wrote {ICONS / 'returnstation.png'} and {ICONS / 'returnstation.ico'}")


if __name__ == "__main__":
    main()
