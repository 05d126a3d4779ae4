"""Start the station window, or explain in a dialog why it cannot start.

A clerk who double-clicks the icon cannot read a traceback. Every start-up failure we know of (a broken
settings, rules or checklist file, a database that cannot be opened or migrated, a full or read-only
disk) becomes a message that says what is wrong and who can fix it; the details go to the log.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Mapping, Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy.exc import SQLAlchemyError

from returnstation.bootstrap import Station, open_station
from returnstation.config import Settings, config_file_path, load_settings
from returnstation.disposition.errors import ConfigError
from returnstation.ui.first_run import offer_first_run_setup
from returnstation.ui.i18n import install_translations, ui_language
from returnstation.ui.main_window import MainWindow, database_label
from returnstation.ui.sounds import SoundBoard
from returnstation.ui.station_prefs import APPLICATION, ORGANIZATION
from returnstation.ui.station_services import StationServices
from returnstation.ui.theme import apply_theme

log = logging.getLogger(__name__)

EXIT_OK, EXIT_FAILED = 0, 1


class StartupProblem(Exception):
    """Why the station cannot open, in words for the person in front of it (in the station's language)."""

    def __init__(self, title: str, text: str) -> None:
        super().__init__(f"{title}: {text}")
        self.title = title
        self.text = text


def start_station(settings: Settings | None = None, overrides: Mapping[str, object] | None = None) -> Station:
    """Settings, database and rules, with every known failure turned into a StartupProblem.

    ``overrides``: the command line's --db/--data-dir/--station/--user (config.load_settings)."""
    try:
        settings = settings or load_settings(overrides=overrides)
    except (ValueError, OSError) as exc:
        raise StartupProblem(
            QCoreApplication.translate("StartupProblem", "Settings file is broken"),
            QCoreApplication.translate(
                "StartupProblem",
                "The station settings could not be read:\n\n{error}\n\nFix or remove {file} and start again.",
            ).format(error=exc, file=config_file_path()),
        ) from exc
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
        printing=station.printing,
        reports=station.reports,
        imports=station.imports,
        users=station.users,
        photos=station.photos,
        reasons=station.reasons,
        start_bench=station.start_bench,
        reload_rules=station.reload_rules,
        probe_database=station.probe_database,
    )


def run_gui(argv: Sequence[str] | None = None, overrides: Mapping[str, object] | None = None) -> int:
    """Run the station window until it is closed; the process exit code.

    ``overrides``: setting values from the command line, above the file and the environment."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(list(argv or sys.argv))
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("ReturnStation")
    apply_theme(app)
    install_translations(app)  # the `language` setting, else the system's; English without a file
    offer_first_run_setup(overrides=overrides)  # a new bench only: no settings file, no SKIP_SETUP
    try:
        station = start_station(overrides=overrides)
    except StartupProblem as problem:
        log.error("start-up failed: %s", problem)
        QMessageBox.critical(
            None,
            QCoreApplication.translate("StartupProblem", "ReturnStation: {title}").format(
                title=problem.title
            ),
            problem.text,
        )
        return EXIT_FAILED
    except Exception as exc:  # unknown: still a dialog, never a bare traceback
        log.exception("start-up failed")
        text = QCoreApplication.translate(
            "StartupProblem", "{error}\n\nPlease tell IT or a supervisor."
        ).format(error=f"{exc.__class__.__name__}: {exc}")
        QMessageBox.critical(
            None, QCoreApplication.translate("StartupProblem", "ReturnStation cannot start"), text
        )
        return EXIT_FAILED
    station.ctx.language = ui_language()  # labels and reports in the window's language (system's too)
    try:
        window = MainWindow(station_services(station), sounds=SoundBoard(enabled=station.settings.sound))
        window.show()
        return EXIT_OK if app.exec() == 0 else EXIT_FAILED
    finally:
        station.close()
