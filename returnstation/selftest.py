"""`returnstation --self-test`: prove that this installation can do the station's work, then exit.

Why: a frozen bundle or a fresh install usually breaks in places a unit test never sees: a Qt plugin
or a shared library the freezer did not pack (libzbar, the FFmpeg media backend, the xcb platform
plugin), a data file or an Alembic revision left behind, a decoder wheel built for another CPU. So
every check here runs the real thing on a throw-away SQLite database in a temporary folder and never
touches the station's own data, settings or printers. Each line reads "OK name: detail",
"WARN name: reason", "SKIP name: reason" or "FAIL name: reason"; the exit code is 0 only when no
required check failed, so CI and an installer can run it on the built bundle.
"""

from __future__ import annotations

import io
import json
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from importlib import import_module, resources
from pathlib import Path
from typing import Any, TextIO

EXIT_OK, EXIT_FAILED = 0, 1

# Modules the station loads at run time (some only lazily, e.g. when a camera or report is used), and
# which a freezer may leave behind; why each matters is shown when it is missing.
REQUIRED_IMPORTS: tuple[tuple[str, str], ...] = (
    ("PySide6.QtWidgets", "the station window"),
    ("PySide6.QtMultimedia", "sounds and camera capture"),
    ("PySide6.QtPrintSupport", "printing through the system print dialog"),
    ("cv2", "camera fallback and image loading"),
    ("zxingcpp", "barcode decoding from camera images"),
    ("reportlab", "label and report PDFs"),
    ("sqlalchemy", "the database"),
    ("alembic", "database migrations"),
    ("biip", "GS1 barcode parsing"),
    ("yaml", "rules, checklists and label templates"),
    ("psycopg", "PostgreSQL for multi-station sites"),
    ("serial", "serial (COM port) scanners"),
    ("babel.messages.pofile", "message catalogues and numbers per language"),
)
# The second decoder needs the system libzbar; the station runs without it.
OPTIONAL_IMPORTS: tuple[tuple[str, str], ...] = (("pyzbar.pyzbar", "second barcode decoder (libzbar)"),)

SAMPLE_DIR = ("data", "selftest")
ROUTING_FIELDS = {
    "item_code": "RSI-999999",
    "rma_number": "RMA-SELFTEST",
    "sku": "SELFTEST-SKU",
    "description": "Self-test item",
    "grade": "A",
    "disposition": "Restock",
    "destination": "Self-test shelf",
    "reason": "Self-test",
    "station": "self-test",
    "printed_at": "2000-01-01 00:00",
}
QUIET_QT_LOGGING = "qt.multimedia.symbolsresolver=false;qt.multimedia.ffmpeg.info=false"
NATIVE_PLATFORM_PLUGINS = {
    "Linux": ("libqxcb.so",),
    "Windows": ("qwindows.dll",),
    "Darwin": ("libqcocoa.dylib",),
}


class Status(StrEnum):
    OK = "OK"
    WARN = "WARN"
    SKIP = "SKIP"
    FAIL = "FAIL"


@dataclass(frozen=True)
class CheckResult:
    name: str
    status: Status
    detail: str
    seconds: float


class CheckWarning(Exception):
    """The check found a problem the station can run with (printed as WARN, exit code unaffected)."""


class CheckSkipped(Exception):
    """The check cannot run here, e.g. because a check it depends on failed."""


def sample_dir() -> Path:
    return Path(str(resources.files("returnstation").joinpath(*SAMPLE_DIR)))


def load_sample() -> tuple[Path, set[tuple[str, str]]]:
    """The shipped sample image and the (format, text) pairs a decoder must find in it."""
    manifest = json.loads((sample_dir() / "sample.json").read_text(encoding="utf-8"))
    expected = {(str(e["format"]), str(e["text"])) for e in manifest["expect"]}
    return sample_dir() / str(manifest["image"]), expected


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


@dataclass
class _Run:
    out: TextIO
    workdir: Path
    results: list[CheckResult] = field(default_factory=list)
    overrides: Mapping[str, object] = field(default_factory=dict)  # the command line's setting values
    settings_text: str = ""  # this station's effective settings, printed under the settings check
    station: Any = None  # returnstation.bootstrap.Station once the database check passed
    app: Any = None  # the QApplication once the Qt check passed

    def check(self, name: str, fn: Callable[[], str]) -> bool:
        started = time.perf_counter()
        try:
            status, detail = Status.OK, fn()
        except CheckWarning as exc:
            status, detail = Status.WARN, str(exc)
        except CheckSkipped as exc:
            status, detail = Status.SKIP, str(exc)
        except Exception as exc:  # any failure is a result to print, never a traceback
            status, detail = Status.FAIL, f"{exc.__class__.__name__}: {exc}"
        result = CheckResult(name, status, detail, time.perf_counter() - started)
        self.results.append(result)
        print(f"{status.value} {name}: {detail} ({result.seconds:.2f} s)", file=self.out, flush=True)
        return status is Status.OK

    # -- the checks ---------------------------------------------------------------------------------

    def environment(self) -> str:
        where = f"frozen bundle in {Path(sys.executable).parent}" if is_frozen() else f"source, {sys.prefix}"
        return f"Python {platform.python_version()} on {platform.system()} {platform.machine()}, {where}"

    def importer(self, module: str, why: str, required: bool) -> Callable[[], str]:
        def run() -> str:
            try:
                mod = import_module(module)
            except Exception as exc:
                if required:
                    raise
                raise CheckWarning(f"unavailable ({exc}): {why} disabled") from exc
            version = getattr(mod, "__version__", None) or getattr(
                sys.modules[module.split(".")[0]], "__version__", ""
            )
            return f"{version or 'loaded'} ({why})"

        return run

    def settings(self) -> str:
        """This station's own settings (not the scratch ones the other checks use): each with its source.

        A FAIL here is what the station window would show as "Settings file is broken"."""
        from returnstation.config import describe_settings, load_settings
        from returnstation.settings_schema import OriginKind, format_lines

        try:
            settings = load_settings(overrides=self.overrides)
        except ValueError as exc:  # one problem per line there; one result line here
            raise ValueError("; ".join(str(exc).splitlines())) from None
        lines = describe_settings(settings)
        try:
            from returnstation.ui.station_prefs import station_scanner_lines

            lines += station_scanner_lines(settings.station)
        except ImportError:  # a build without the window: no scanner preferences either
            pass
        self.settings_text = format_lines(lines)
        given = [line.origin.kind for line in lines if line.origin.kind is not OriginKind.DEFAULT]
        counts = ", ".join(f"{given.count(k)} from the {k.value}" for k in OriginKind if k in given)
        return f"{settings.config_path}: {counts or 'all defaults'}"

    def data_files(self) -> str:
        from returnstation.disposition.checklist import default_checklists_dir
        from returnstation.disposition.rules import default_rules_path
        from returnstation.printing.templates import default_labels_dir, list_label_templates
        from returnstation.store.migrate import MIGRATIONS_DIR

        revisions = sorted((MIGRATIONS_DIR / "versions").glob("*.py"))
        needed = (default_rules_path(), default_checklists_dir(), MIGRATIONS_DIR / "env.py", load_sample()[0])
        missing = [str(p) for p in needed if not p.exists()]
        if not revisions:
            missing.append(f"{MIGRATIONS_DIR / 'versions'}/*.py")
        templates = list_label_templates()
        if not templates:
            missing.append(f"{default_labels_dir()}/*.yaml")
        if missing:
            raise FileNotFoundError("missing " + ", ".join(missing))
        return f"{len(templates)} label templates in {default_labels_dir()}, {len(revisions)} migration(s)"

    def database(self) -> str:
        from sqlalchemy import text

        from returnstation.bootstrap import open_station
        from returnstation.config import load_settings
        from returnstation.store.migrate import is_up_to_date
        from returnstation.store.uow import UnitOfWork

        data_dir = self.workdir / "data"
        env = {
            "RETURNSTATION_CONFIG": str(self.workdir / "no-config.toml"),
            "RETURNSTATION_DATA_DIR": str(data_dir),
            "RETURNSTATION_STATION": "self-test",
            "RETURNSTATION_USER": "self-test",
            "RETURNSTATION_PRINTER": "pdf-folder",
            "RETURNSTATION_DEMO_DATA": "1",
        }
        self.station = open_station(load_settings(env))
        with self.station.engine.connect() as conn:
            journal = conn.execute(text("PRAGMA journal_mode")).scalar()
        if str(journal).lower() != "wal":
            raise RuntimeError(f"SQLite journal_mode is {journal!r}, not WAL")
        if not is_up_to_date(self.station.engine):
            raise RuntimeError("migrations ran but the schema is not at head")
        with UnitOfWork(self.station.session_factory) as uow:
            rmas = uow.rmas.count()
        if rmas == 0:
            raise RuntimeError("the demo RMAs were not loaded")
        rules, reasons = len(self.station.rules.rules), len(self.station.reasons)
        return f"SQLite (WAL) migrated to head, {rmas} demo RMAs, {rules} rules, {reasons} reasons"

    def decode_zxing(self) -> str:
        import cv2
        import zxingcpp

        path, expected = load_sample()
        image = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE)
        if image is None:
            raise RuntimeError(f"OpenCV cannot read {path}")
        found = {(r.format.name, r.text) for r in zxingcpp.read_barcodes(image)}
        if found != expected:
            raise RuntimeError(f"decoded {sorted(found)}, expected {sorted(expected)}")
        return ", ".join(f"{fmt} {text!r}" for fmt, text in sorted(found)) + f" from {path.name}"

    def decode_pyzbar(self) -> str:
        import cv2

        try:
            from pyzbar import pyzbar
        except Exception as exc:
            raise CheckWarning(f"pyzbar unavailable ({exc}); zxing-cpp decodes alone") from exc
        path, expected = load_sample()
        image = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE)
        names = {"CODE128": "Code128", "QRCODE": "QRCode"}
        found = {(names.get(r.type, r.type), r.data.decode("utf-8")) for r in pyzbar.decode(image)}
        if found != expected:
            raise RuntimeError(f"decoded {sorted(found)}, expected {sorted(expected)}")
        return f"{len(found)} symbols from {path.name}"

    def label(self) -> str:
        from returnstation.printing.label_pdf import render_label_pdf
        from returnstation.printing.label_zpl import render_label_zpl
        from returnstation.printing.templates import load_label_template
        from returnstation.services.printing import ROUTING_TEMPLATE

        template = load_label_template(ROUTING_TEMPLATE)
        pdf = render_label_pdf(template, ROUTING_FIELDS)
        if not pdf.startswith(b"%PDF") or b"%%EOF" not in pdf[-32:]:
            raise RuntimeError("the label PDF is not a complete PDF file")
        zpl = render_label_zpl(template, ROUTING_FIELDS)
        if not (zpl.startswith("^XA") and zpl.rstrip().endswith("^XZ")):
            raise RuntimeError("the ZPL label is not one ^XA..^XZ format")
        return f"{ROUTING_TEMPLATE}: PDF {len(pdf)} bytes, ZPL {len(zpl)} characters"

    def report(self) -> str:
        if self.station is None:
            raise CheckSkipped("needs the database check")
        end = date.today()
        pdf = self.station.reports.write_summary_pdf(end - timedelta(days=7), end, self.workdir / "r.pdf")
        head = Path(pdf).read_bytes()[:5]
        if head != b"%PDF-":
            raise RuntimeError(f"{pdf} is not a PDF")
        return f"disposition summary PDF, {Path(pdf).stat().st_size} bytes"

    def qt(self) -> str:
        """Qt aborts the whole process when the chosen platform plugin cannot start (no display for xcb),
        which no try/except can turn into a FAIL line: hence offscreen unless QT_QPA_PLATFORM says otherwise,
        and the native plugin is only loaded here, not started."""
        from PySide6.QtCore import QCoreApplication, QPluginLoader, qVersion
        from PySide6.QtWidgets import QApplication

        existing = QApplication.instance()
        self.app = existing if isinstance(existing, QApplication) else QApplication(["returnstation"])
        detail = f"Qt {qVersion()}, platform {QApplication.platformName()}"
        native = NATIVE_PLATFORM_PLUGINS.get(platform.system(), ())
        for name in native:
            files = [Path(p) / "platforms" / name for p in QCoreApplication.libraryPaths()]
            plugin = next((f for f in files if f.is_file()), None)
            if plugin is None:
                raise FileNotFoundError(f"platform plugin {name} not in {QCoreApplication.libraryPaths()}")
            loader = QPluginLoader(str(plugin))
            if not loader.load():  # the plugin is there but a system library it needs is not
                raise CheckWarning(f"{detail}; {name} cannot load here: {loader.errorString()}")
            loader.unload()
            detail += f", {name} loads"
        return detail

    def multimedia(self) -> str:
        if self.app is None:
            raise CheckSkipped("needs the Qt check")
        from PySide6.QtMultimedia import QMediaDevices, QMediaFormat, QSoundEffect

        decodable = QMediaFormat().supportedFileFormats(QMediaFormat.ConversionMode.Decode)
        if not decodable:
            raise RuntimeError("no QtMultimedia backend (the FFmpeg media plugin is missing or cannot load)")
        QSoundEffect().deleteLater()  # the class the station's sounds play through
        cameras = [d.description() for d in QMediaDevices.videoInputs()]
        outputs = len(QMediaDevices.audioOutputs())
        return (
            f"media backend up ({len(decodable)} formats), {len(cameras)} camera(s)"
            f"{': ' + ', '.join(cameras) if cameras else ''}, {outputs} audio output(s)"
        )

    def main_window(self) -> str:
        if self.app is None or self.station is None:
            raise CheckSkipped("needs the Qt and database checks")
        from PySide6.QtCore import QSettings

        try:
            from returnstation.ui.app import station_services
            from returnstation.ui.main_window import MainWindow
            from returnstation.ui.sounds import SoundBoard
        except ModuleNotFoundError as exc:
            if (exc.name or "").startswith("returnstation.ui"):
                raise CheckSkipped(f"the station window is not part of this build ({exc.name})") from exc
            raise
        ui_settings = QSettings(str(self.workdir / "ui.ini"), QSettings.Format.IniFormat)
        services = station_services(self.station)
        window = MainWindow(services, sounds=SoundBoard(enabled=False), ui_settings=ui_settings)
        try:
            window.show()
            self.app.processEvents()
            shot = window.grab()
            if shot.isNull():
                raise RuntimeError("the window could not be drawn")
            return f"{window.windowTitle()!r} drawn at {shot.width()}x{shot.height()}"
        finally:
            window.close()
            window.deleteLater()
            self.app.processEvents()


@contextmanager
def _workdir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="returnstation-selftest-", ignore_cleanup_errors=True) as tmp:
        yield Path(tmp)


def run_self_test(out: TextIO | None = None, overrides: Mapping[str, object] | None = None) -> int:
    """Run every check, print one line each and a summary; 0 when no required check failed.

    ``overrides``: the command line's --db/--data-dir/--station/--user, shown in the settings check.

    `out` defaults to sys.stdout at call time; a windowed Windows build has none, so the report is then
    kept in memory and only the exit code tells (use the console executable to read it).
    """
    stream: TextIO = out if out is not None else (sys.stdout if sys.stdout is not None else io.StringIO())
    # Offscreen unless told otherwise (QT_QPA_PLATFORM=xcb tests the real display), and without the
    # media backend's notes about optional VA-API/PipeWire libraries; both must be set before Qt loads.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_LOGGING_RULES", QUIET_QT_LOGGING)
    print("ReturnStation self-test", file=stream, flush=True)
    with _workdir() as workdir:
        run = _Run(stream, workdir, overrides=dict(overrides or {}))
        try:
            run.check("environment", run.environment)
            run.check("settings", run.settings)
            if run.settings_text:
                print(run.settings_text, file=stream, flush=True)
            for module, why in REQUIRED_IMPORTS:
                run.check(f"import {module}", run.importer(module, why, required=True))
            for module, why in OPTIONAL_IMPORTS:
                run.check(f"import {module}", run.importer(module, why, required=False))
            run.check("data-files", run.data_files)
            run.check("database", run.database)
            run.check("decode-zxing", run.decode_zxing)
            run.check("decode-pyzbar", run.decode_pyzbar)
            run.check("label", run.label)
            run.check("report", run.report)
            run.check("qt", run.qt)
            run.check("qt-multimedia", run.multimedia)
            run.check("main-window", run.main_window)
        finally:
            if run.station is not None:
                run.station.close()  # Windows cannot delete an open SQLite file
    return _summary(run.results, stream)


def _summary(results: list[CheckResult], out: TextIO) -> int:
    count = {s: sum(1 for r in results if r.status is s) for s in Status}
    tail = f"{count[Status.OK]} OK, {count[Status.WARN]} warning(s), {count[Status.SKIP]} skipped"
    if count[Status.FAIL]:
        failed = ", ".join(r.name for r in results if r.status is Status.FAIL)
        print(f"self-test FAILED: {count[Status.FAIL]} of {len(results)} checks ({failed}); {tail}", file=out)
        return EXIT_FAILED
    print(f"self-test passed: {tail}", file=out, flush=True)
    return EXIT_OK
