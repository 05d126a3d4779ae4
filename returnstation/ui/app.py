"""Start the station window, or explain in a dialog why it cannot start.

A clerk who double-clicks the icon cannot read a traceback. Every start-up failure we know of (a broken
settings, rules or checklist file, a database that cannot be opened or migrated, a full or read-only
disk) becomes a message that says what is wrong and who can fix it; the details go to the log.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QSettings, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox

from returnstation.config import Settings, config_file_path, load_settings
from returnstation.ui.first_run_check import needs_first_run
from returnstation.ui.i18n import install_translations, ui_language
from returnstation.ui.opening_window import STATION_READY_MARKER, OpeningWindow, log_marker
from returnstation.ui.station_prefs import APPLICATION, ORGANIZATION
from returnstation.ui.theme import apply_theme

if TYPE_CHECKING:  # imported on the opening thread, off the path to the first window (issue #18)
    from returnstation.bootstrap import Station
    from returnstation.ui.main_window import MainWindow
    from returnstation.ui.station_services import StationServices

log = logging.getLogger(__name__)

EXIT_OK, EXIT_FAILED = 0, 1


class StartupProblem(Exception):
    """Why the station cannot open, in words for the person in front of it (in the station's language)."""

    def __init__(self, title: str, text: str) -> None:
        super().__init__(f"{title}: {text}")
        self.title = title
        self.text = text


def read_settings(overrides: Mapping[str, object] | None = None) -> Settings:
    """The settings, or a StartupProblem that says which file to fix.

    ``overrides``: the command line's --db/--data-dir/--station/--user (config.load_settings)."""
    try:
        return load_settings(overrides=overrides)
    except (ValueError, OSError) as exc:
        raise StartupProblem(
            QCoreApplication.translate("StartupProblem", "Settings file is broken"),
            QCoreApplication.translate(
                "StartupProblem",
                "The station settings could not be read:\n\n{error}\n\nFix or remove {file} and start again.",
            ).format(error=exc, file=config_file_path()),
        ) from exc


def start_station(settings: Settings | None = None, overrides: Mapping[str, object] | None = None) -> Station:
    """Settings, database and rules, with every known failure turned into a StartupProblem.

    Imports the database layer and the services when called (ui/app.py calls it on the opening
    thread). ``overrides``: the command line's --db/--data-dir/--station/--user (config.load_settings)."""
    from sqlalchemy.exc import SQLAlchemyError

    from returnstation.bootstrap import open_station
    from returnstation.disposition.errors import ConfigError
    from returnstation.ui.main_window import database_label

    settings = settings or read_settings(overrides)
    try:
        return open_station(settings)
    except ConfigError as exc:
        raise StartupProblem(
            QCoreApplication.translate("StartupProblem", "Rules or checklist file is broken"),
            QCoreApplication.translate(
                "StartupProblem",
                "{error}\n\nThe station cannot grade items until the file is fixed. "
                "Ask a supervisor, or check it with:  returnstation rules-check <file>",
            ).format(error=exc),
        ) from exc
    except SQLAlchemyError as exc:
        raise StartupProblem(
            QCoreApplication.translate("StartupProblem", "Database cannot be opened"),
            QCoreApplication.translate(
                "StartupProblem",
                "The database at {database} could not be opened or updated:\n\n{error}\n\n"
                "Check the network or disk, or ask IT. Nothing was changed.",
            ).format(
                database=database_label(settings.database_url),
                error=f"{exc.__class__.__name__}: {str(exc).splitlines()[0] if str(exc) else ''}",
            ),
        ) from exc
    except OSError as exc:
        raise StartupProblem(
            QCoreApplication.translate("StartupProblem", "Cannot write the station's files"),
            QCoreApplication.translate(
                "StartupProblem",
                "{error}: {path}\n\nCheck that the disk is not full and that the folder may be written.",
            ).format(error=exc.strerror or exc, path=exc.filename or settings.data_dir),
        ) from exc


def station_services(station: Station) -> StationServices:
    """What the window may use of an open station: its services, not its engine or session factory."""
    from returnstation.ui.station_services import StationServices

    return StationServices(
        settings=station.settings,
        ctx=station.ctx,
        receiving=station.receiving,
        damage=station.damage,
        holds=station.holds,
        quarantine=station.quarantine,
        concerns=station.concerns,
        discrepancies=station.discrepancies,
        inspection=station.inspection,
        lots=station.lots,
        printing=station.printing,
        reports=station.reports,
        imports=station.imports,
        users=station.users,
        photos=station.photos,
        rtv=station.rtv,
        reasons=station.reasons,
        start_bench=station.start_bench,
        reload_rules=station.reload_rules,
        probe_database=station.probe_database,
    )


class StationOpening(QObject):
    """Opens the station on a thread of its own while the opening window takes scans, then puts the
    station window in its place and enters the scans kept meanwhile, in order.

    The thread imports the database layer, the services and the pages and migrates the database: the
    GUI thread only draws the opening window until then, and builds the station window once it is open.
    A window closed while the database opens ends the program after the opening finished (a migration is
    never cut off). A database or rules file that cannot be opened gives its dialog as before; scans kept
    by then are named in it, so nothing is lost without a word."""

    opened = Signal(object)  # the Station, from the opening thread (queued to the GUI thread)
    failed = Signal(object)  # the exception

    def __init__(self, app: QApplication, settings: Settings, ui_settings: QSettings) -> None:
        super().__init__()
        self.app = app
        self.settings = settings
        self.ui_settings = ui_settings
        self.opening = OpeningWindow(settings.station, ui_settings)
        self.window: MainWindow | None = None
        self.station: Station | None = None
        self.exit_code = EXIT_OK
        self._thread = threading.Thread(target=self._open, name="station-opening")
        self.opened.connect(self._opened)
        self.failed.connect(self._failed)

    def start(self) -> None:
        self.opening.show()
        self._thread.start()

    def _open(self) -> None:
        try:
            import returnstation.ui.main_window  # noqa: F401  the pages' modules, imported here not on the GUI thread

            station = start_station(self.settings)
            station.ctx.language = ui_language()  # labels and reports in the window's language
        except BaseException as exc:  # every failure becomes a dialog on the GUI thread
            self.failed.emit(exc)
            return
        self.station = station
        self.opened.emit(station)

    @Slot(object)
    def _opened(self, _station: object) -> None:
        from returnstation.ui.main_window import MainWindow
        from returnstation.ui.sounds import SoundBoard

        if self.station is None or not self.opening.isVisible():  # closed meanwhile: finish() closes it
            return
        try:
            sounds = SoundBoard(enabled=self.settings.sound)
            self.window = MainWindow(station_services(self.station), sounds, self.ui_settings)
        except Exception as exc:
            self._failed(exc)
            return
        self.window.show()
        kept, self.opening.kept = self.opening.kept, []
        self.opening.close()
        for scan in kept:  # the window's own queue applies them one at a time, in order
            self.window.handle_scan(scan)
        log_marker(STATION_READY_MARKER)
        self.station.warm_caches()  # the lookup indexes into memory, in the background

    @Slot(object)
    def _failed(self, exc: object) -> None:
        assert isinstance(exc, BaseException)
        if isinstance(exc, StartupProblem):
            log.error("start-up failed: %s", exc)
            title = QCoreApplication.translate("StartupProblem", "ReturnStation: {title}")
            title, text = title.format(title=exc.title), exc.text
        else:  # unknown: still a dialog, never a bare traceback
            log.error("start-up failed", exc_info=exc)
            title = QCoreApplication.translate("StartupProblem", "ReturnStation cannot start")
            text = QCoreApplication.translate("StartupProblem", "{error}\n\nPlease tell IT or a supervisor.")
            text = text.format(error=f"{exc.__class__.__name__}: {exc}")
        kept = self.opening.kept
        if kept:
            not_entered = QCoreApplication.translate(
                "StartupProblem",
                "Scanned while the station was opening, not entered (scan them again later): {codes}",
            )
            text += "\n\n" + not_entered.format(codes=", ".join(scan.text for scan in kept))
        self.exit_code = EXIT_FAILED
        QMessageBox.critical(self.opening if self.opening.isVisible() else None, title, text)
        self.opening.kept = []
        self.opening.close()
        QTimer.singleShot(0, lambda: self.app.exit(EXIT_FAILED))  # after the dialog's own loop has ended

    def finish(self, code: int) -> int:
        """After the event loop: wait for an opening still under way, close the station."""
        if self._thread.is_alive():
            log.info("waiting for the database to finish opening before closing")
        self._thread.join()
        if self.station is not None:
            self.station.close()
        return self.exit_code if self.exit_code != EXIT_OK else (EXIT_OK if code == 0 else EXIT_FAILED)


def _first_run_wanted() -> bool:
    try:
        return needs_first_run()
    except ValueError:  # a broken environment value: read_settings explains it in its own dialog
        return False


def _show_problem(problem: StartupProblem) -> None:
    log.error("start-up failed: %s", problem)
    QMessageBox.critical(
        None,
        QCoreApplication.translate("StartupProblem", "ReturnStation: {title}").format(title=problem.title),
        problem.text,
    )


def run_gui(argv: Sequence[str] | None = None, overrides: Mapping[str, object] | None = None) -> int:
    """Run the station window until it is closed; the process exit code.

    The opening window shows first (Qt and the settings only); the station opens on a thread
    (StationOpening). ``overrides``: setting values from the command line, above the file and the
    environment."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(list(argv or sys.argv))
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("ReturnStation")
    apply_theme(app)
    install_translations(app)  # the `language` setting, else the system's; English without a file
    if _first_run_wanted():  # a new bench only: no settings file, no SKIP_SETUP
        from returnstation.ui.first_run import offer_first_run_setup

        offer_first_run_setup(overrides=overrides)
    try:
        settings = read_settings(overrides)
    except StartupProblem as problem:
        _show_problem(problem)
        return EXIT_FAILED
    opening = StationOpening(app, settings, QSettings(ORGANIZATION, APPLICATION))
    opening.start()
    code = EXIT_FAILED
    try:
        code = app.exec()
    finally:
        result = opening.finish(code)
    return result
