"""A printer the operating system knows (Windows, macOS, CUPS), driven through Qt's QPrinter.

For desk printers and label printers that only come with a system driver. The label PDF page is
rasterised with pypdfium2 at the printer's own resolution and painted 1:1 onto a page of exactly the
template's size, full page, no margins and no scaling: a driver's "fit to page" would stretch the
bars between printer dots and the barcode would no longer scan (wkhtmltopdf #5264, Binner #375).
``dpi`` reports that resolution so the station lays the label out on the same dot grid.

``pdf_dir`` switches the QPrinter to its PDF output (``OutputFormat.PdfFormat``): the same drawing,
written to ``<pdf_dir>/<job_id>.pdf``. Tests use it, and it shows exactly what the printer would get.

Qt is imported inside the methods only, so the core and the CLI load without it. QPainter may paint
on a QPrinter from a worker thread, but a QGuiApplication must exist: the station window has one, and
the CLI gets one created here (in its main thread).
"""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from returnstation.printing.printers import PrintJob, PrintResult

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

PDF_OUTPUT_DPI = 300  # PDF output has no device resolution of its own; 300 keeps the files small
_MIN_DPI, _MAX_DPI = 100, 1200  # what the label layout accepts
_app_holder: list[Any] = []  # keeps a QGuiApplication made here alive for the life of the process


class QtSystemPrinter:
    """``system`` (the default printer), ``system:NAME``, or PDF output with ``pdf_dir``."""

    def __init__(
        self,
        printer_name: str | None = None,
        *,
        pdf_dir: Path | None = None,
        resolution: int | None = None,
        name: str | None = None,
    ) -> None:
        self.printer_name = printer_name or None
        self.pdf_dir = Path(pdf_dir) if pdf_dir is not None else None
        self.resolution = resolution
        self.name = name or (f"System printer {printer_name}" if printer_name else "Default system printer")
        self._dpi: int | None = None

    @property
    def dpi(self) -> int:
        """The printer's resolution in dots per inch (clamped to what the label layout accepts)."""
        if self._dpi is None:
            resolution = self.resolution or (PDF_OUTPUT_DPI if self.pdf_dir is not None else None)
            if resolution is None:
                printer, _problem = self._open_printer()
                resolution = printer.resolution() if printer is not None else PDF_OUTPUT_DPI
            self._dpi = min(max(int(resolution), _MIN_DPI), _MAX_DPI)
        return self._dpi

    def send(self, job: PrintJob, pdf: bytes, zpl: str) -> PrintResult:
        problem = _ensure_gui_application()
        if problem:
            return PrintResult(False, f"Label {job.job_id} not printed: {problem}")
        printer, problem = self._open_printer()
        if printer is None:
            return PrintResult(False, f"Label {job.job_id} not printed: {problem}")
        target = tmp = None
        if self.pdf_dir is not None:
            try:
                self.pdf_dir.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                return PrintResult(False, f"Could not save the label PDF to {self.pdf_dir}: {exc.strerror}")
            target = self.pdf_dir / f"{job.job_id}.pdf"
            tmp = self.pdf_dir / f".{job.job_id}.pdf.tmp"
            printer.setOutputFileName(str(tmp))
        try:
            message = _paint_pdf_page(printer, pdf, job)
        except Exception as exc:  # an unreadable PDF or a driver error must become a failed job
            message = f"Label {job.job_id} not printed on {self.name}: {exc}"
        if message:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    tmp.unlink(missing_ok=True)
            return PrintResult(False, message)
        if target is not None and tmp is not None:
            try:
                os.replace(tmp, target)
            except OSError as exc:
                return PrintResult(False, f"Could not save the label PDF to {target}: {exc.strerror}")
            return PrintResult(True, f"Label saved to {target}", target)
        return PrintResult(True, f"Label {job.job_id} sent to {self.name}")

    def _open_printer(self) -> tuple[QPrinter | None, str]:
        from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

        if self.pdf_dir is not None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setResolution(self.resolution or PDF_OUTPUT_DPI)
            return printer, ""
        if self.printer_name:
            names = QPrinterInfo.availablePrinterNames()
            if self.printer_name not in names:
                known = ", ".join(names) or "none"
                return None, f"no system printer named {self.printer_name!r} (printers on this PC: {known})"
            info = QPrinterInfo.printerInfo(self.printer_name)
        else:
            info = QPrinterInfo.defaultPrinter()
            if info.isNull():
                return None, "no default printer is set up on this PC (choose one in the system settings)"
        printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
        if not printer.isValid():
            return None, f"{self.name} cannot be used (the system reports it as not valid)"
        if self.resolution:
            printer.setResolution(self.resolution)
        return printer, ""


def _paint_pdf_page(printer: QPrinter, pdf: bytes, job: PrintJob) -> str:
    """Paint page 1 of ``pdf`` 1:1 at the printer's resolution; returns "" or what went wrong."""
    import pypdfium2
    from PySide6.QtCore import QMarginsF, QRect, QSizeF
    from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
    from PySide6.QtPrintSupport import QPrinter

    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        width_pt, height_pt = page.get_size()
        page_size = QPageSize(
            QSizeF(width_pt, height_pt), QPageSize.Unit.Point, "Label", QPageSize.SizeMatchPolicy.ExactMatch
        )
        layout = QPageLayout(
            page_size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point
        )
        printer.setFullPage(True)
        if not printer.setPageLayout(layout):
            return (
                f"the printer does not take a {width_pt / 72:g} x {height_pt / 72:g} in page "
                f"(set up that label size in its driver)"
            )
        printer.setDocName(f"ReturnStation label {job.job_id}")
        printer.setCopyCount(job.copies)
        dpi = printer.resolution()
        # The page in whole printer dots; pdfium rounds its bitmap up, so a stray last row is cut off.
        width_px, height_px = round(width_pt * dpi / 72), round(height_pt * dpi / 72)
        bitmap = page.render(scale=dpi / 72, grayscale=True)
        pixels = bytes(bitmap.buffer)  # a copy: the image must outlive the pdfium bitmap
        image = QImage(pixels, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_Grayscale8)
        image = image.copy(0, 0, min(width_px, image.width()), min(height_px, image.height()))
    finally:
        document.close()
    painter = QPainter()
    if not painter.begin(printer):
        return "the printer could not start the page (is it offline or out of paper?)"
    try:
        painter.drawImage(QRect(0, 0, image.width(), image.height()), image)  # 1 image pixel = 1 dot
    finally:
        ended = painter.end()
    if not ended or printer.printerState() in (QPrinter.PrinterState.Error, QPrinter.PrinterState.Aborted):
        return "the print system did not accept the page"
    return ""


def _ensure_gui_application() -> str:
    """QPrinter needs a QGuiApplication; create one when run outside the GUI (the CLI)."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QGuiApplication

    app = QCoreApplication.instance()
    if isinstance(app, QGuiApplication):
        return ""
    if app is not None:
        return "Qt runs without a GUI here, and system printers need one"
    if threading.current_thread() is not threading.main_thread():
        return "system printing must start from the main thread when no window is open"
    _app_holder.append(QGuiApplication([]))
    return ""
