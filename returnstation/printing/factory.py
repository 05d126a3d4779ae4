"""The `printer` setting -> a printer object: the one place that knows every kind of printer.

Apart from printers.py so that the printer modules (CUPS, Qt system printer, Zebra status) can build on
the basic printers without the factory importing them back (no import cycle).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from returnstation.printing.printers import LabelPrinter, PdfFolderPrinter, Tcp9100Printer, ZplFilePrinter
from returnstation.settings_schema import parse_bool


def printer_from_setting(setting: str, label_dir: Path) -> LabelPrinter:
    """Settings.printer -> a printer: "pdf-folder", "zpl-folder", "tcp://host:9100" (optional ?dpi=300,
    ?status=1 to ask a Zebra with ~HS before each label), "cups:QUEUE" (raw ZPL; ?format=pdf, ?dpi=300),
    "system" (the default system printer via Qt) or "system:NAME"."""
    value = setting.strip()
    if value in ("", "pdf-folder"):
        return PdfFolderPrinter(label_dir)
    if value == "zpl-folder":
        return ZplFilePrinter(label_dir)
    if value.startswith("tcp://"):
        parts = urlsplit(value)
        if not parts.hostname:
            raise ValueError(f"Printer setting {setting!r} has no host; write tcp://10.0.0.5:9100")
        query = parse_qs(parts.query)
        dpi = int(query.get("dpi", ["203"])[0])
        if parse_bool(query.get("status", ["0"])[0], f"Printer setting {setting!r}: status"):
            from returnstation.printing.zebra_status import ZebraTcpPrinter

            return ZebraTcpPrinter(parts.hostname, parts.port or 9100, dpi=dpi)
        return Tcp9100Printer(parts.hostname, parts.port or 9100, dpi=dpi)
    if value.startswith("cups:"):
        from returnstation.printing.cups import CupsPrinter

        queue, _, options = value.removeprefix("cups:").partition("?")
        query = parse_qs(options)
        label_format = query.get("format", ["zpl"])[0]
        if label_format not in ("zpl", "pdf"):
            raise ValueError(f"Printer setting {setting!r}: format must be zpl or pdf")
        return CupsPrinter(
            queue,
            label_format="pdf" if label_format == "pdf" else "zpl",
            dpi=int(query.get("dpi", ["203"])[0]),
        )
    if value == "system" or value.startswith("system:"):
        from returnstation.printing.qt_printer import QtSystemPrinter

        return QtSystemPrinter(value.removeprefix("system").removeprefix(":").strip() or None)
    raise ValueError(
        f"Unknown printer setting {setting!r}: use pdf-folder, zpl-folder, tcp://host:9100, "
        "cups:QUEUE, system or system:NAME"
    )
