"""Load the station's translations (Qt Linguist .qm files) for the bench's language, before any window.

Why Qt's own mechanism: the texts are wrapped in tr()/translate() where they are written, translators
work in Qt Linguist on plain .ts files (scripts/update_translations.sh refreshes them), and Qt's own
catalogue (qtbase_<lang>.qm) translates the buttons of the standard dialogs, so a German bench does not
show "Cancel" next to German text. The language is read once at start: widgets take their texts when
they are built, so a new language needs a restart (which a bench gets every shift anyway).

A language without a translation file is not an error: the station speaks English, the language its
texts are written in, and says so in the log.

Service messages and data-file texts (checklists, rule reasons, reason labels) are not Qt texts: every
widget shows them through ``ui_text``, the one helper that renders them in the window's language with
the message catalogues (``returnstation/translation.py``). Numbers the window formats itself follow
``QLocale`` (set to the same language here).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from returnstation.domain.messages import message_of
from returnstation.translation import localize
from returnstation.translation import translator as message_catalogue

log = logging.getLogger(__name__)

SOURCE_LANGUAGE = "en"  # the language the texts are written in: no file needed
# Translated completely (tests/ui/test_ui_i18n.py fails on a text left unfinished); others may be partial.
SHIPPED_LANGUAGES = ("de", "pl")
CATALOGUE = "returnstation"  # returnstation_<lang>.qm
QT_CATALOGUE = "qtbase"  # Qt's own texts: standard buttons, file and print dialogs
TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "i18n"
_TRANSLATOR_NAME = "returnstation-i18n"  # marks the translators installed here, so they can be replaced


_message_language = SOURCE_LANGUAGE  # the language ui_text renders in (set by install_translations)


def ui_text(text: object) -> str:
    """A service message, a data-file text or an exception's message in the window's language.

    Plain strings (Qt texts already translated by tr(), codes, names) pass through unchanged."""
    if isinstance(text, BaseException):
        text = message_of(text)
    return localize(text, message_catalogue(_message_language))


def ui_language() -> str:
    return _message_language


def language_candidates(language: str) -> list[str]:
    """The file suffixes to try, most specific first: "de-AT.UTF-8" gives ["de_AT", "de"].

    Locale names arrive in several spellings (QLocale "de_AT", BCP 47 "de-AT", POSIX "de_AT.UTF-8@euro");
    "", "C" and "POSIX" name no language at all.
    """
    name = language.strip().split(".")[0].split("@")[0].replace("-", "_")
    if name.upper() in ("", "C", "POSIX"):
        return []
    language_code, *rest = name.split("_")
    return ["_".join([language_code.lower(), *rest[:n]]) for n in range(len(rest), -1, -1)]


def configured_language(env: Mapping[str, str] | None = None) -> str:
    """The `language` setting (RETURNSTATION_LANGUAGE, the TOML file), else the system locale's name.

    A settings file that cannot be read is explained by the start-up dialog a moment later; that dialog
    is then shown in the system's language.
    """
    from returnstation.config import load_settings

    try:
        language = load_settings(env).language
    except (ValueError, OSError):
        language = ""
    return language or QLocale.system().name()


def install_translations(
    app: QCoreApplication, language: str | None = None, translations_dir: Path | None = None
) -> str:
    """Install the translators for `language` (None: configured_language()); the language loaded.

    Looks for returnstation_<lang>.qm in `translations_dir` (default: the package's i18n folder), trying
    "de_AT" before "de". Without one, or with one that has no translated text yet, the station stays
    English ("en" is returned, the reason is logged at info); Qt's catalogue is loaded only together
    with the station's, so the window never mixes two languages. Translators installed by an earlier
    call are removed first.
    """
    global _message_language
    remove_translations(app)
    wanted = configured_language() if language is None else language
    _message_language = (language_candidates(wanted) or [SOURCE_LANGUAGE])[0]
    # Numbers and dates the window formats itself: the bench's language, the system's for English.
    english = _message_language == SOURCE_LANGUAGE
    QLocale.setDefault(QLocale.system() if english else QLocale(_message_language))
    folder = TRANSLATIONS_DIR if translations_dir is None else translations_dir
    for candidate in language_candidates(wanted):
        path = folder / f"{CATALOGUE}_{candidate}.qm"
        if not path.is_file():
            continue
        translator = QTranslator(app)
        if not translator.load(str(path)):
            log.warning("translation file %s cannot be read: the station stays in English", path)
            translator.setParent(None)
            return SOURCE_LANGUAGE
        if translator.isEmpty():  # a language started for translators, nothing translated yet
            log.info("%s has no translated texts yet", path.name)
            translator.setParent(None)
            continue
        translator.setObjectName(_TRANSLATOR_NAME)
        app.installTranslator(translator)
        _install_qt_catalogue(app, candidate)
        log.info("user interface language: %s (%s)", candidate, path.name)
        return candidate
    if language_candidates(wanted)[:1] != [SOURCE_LANGUAGE]:
        log.info("no translation for language %r in %s: the station speaks English", wanted, folder)
    return SOURCE_LANGUAGE


def remove_translations(app: QCoreApplication) -> None:
    """Take out the translators install_translations put in (the texts built afterwards are English)."""
    global _message_language
    _message_language = SOURCE_LANGUAGE
    QLocale.setDefault(QLocale.system())
    for translator in app.findChildren(QTranslator, _TRANSLATOR_NAME):
        app.removeTranslator(translator)
        translator.setParent(None)  # Python owns it now and frees it


def _install_qt_catalogue(app: QCoreApplication, language: str) -> None:
    qt_dir = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    for candidate in language_candidates(language):
        path = qt_dir / f"{QT_CATALOGUE}_{candidate}.qm"
        translator = QTranslator(app)
        if path.is_file() and translator.load(str(path)):
            translator.setObjectName(_TRANSLATOR_NAME)
            app.installTranslator(translator)
            return
        translator.setParent(None)
    log.info("no Qt catalogue %s_%s in %s: standard buttons stay English", QT_CATALOGUE, language, qt_dir)
