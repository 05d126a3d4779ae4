"""Translations: a German catalogue really changes the widgets, the shipped .ts lists every text the code
has, and a language nobody translated leaves the station in English without a fuss."""

from __future__ import annotations

import logging
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, Qt, QThreadPool
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from returnstation.bootstrap import Station
from returnstation.ui.feedback_banner import FeedbackBanner
from returnstation.ui.i18n import (
    SHIPPED_LANGUAGES,
    TRANSLATIONS_DIR,
    configured_language,
    install_translations,
    language_candidates,
    remove_translations,
)
from returnstation.ui.receive_page import NEXT_PARCEL, ReceivePage

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
UPDATE_HINT = "run scripts/update_translations.sh and commit returnstation/i18n/"

# Contexts are the class names lupdate writes (module functions name theirs in translate()).
GERMAN_TS = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name>ReceivePage</name>
    <message>
        <source>Finish parcel  (scan DONE)</source>
        <translation>Paket abschließen  (DONE scannen)</translation>
    </message>
    <message>
        <source>Next: scan the parcel label (RMA number, tracking number or order number).</source>
        <translation>Als Nächstes: das Paketetikett scannen (RMA- oder Bestellnummer).</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message numerus="yes">
        <source>Hold shelf: %n parcel(s)</source>
        <translation>
            <numerusform>Klärfach: %n Paket</numerusform>
            <numerusform>Klärfach: %n Pakete</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LevelStyle</name>
    <message>
        <source>READY</source>
        <translation>BEREIT</translation>
    </message>
</context>
</TS>
"""


@pytest.fixture
def app() -> Iterator[QApplication]:
    instance = QApplication.instance()
    assert isinstance(instance, QApplication)
    yield instance
    remove_translations(instance)  # the next test sees English again, whatever happened here


def _lrelease(ts: Path, qm: Path) -> None:
    subprocess.run(
        [str(BIN / "pyside6-lrelease"), "-silent", "-nounfinished", str(ts), "-qm", str(qm)],
        check=True,
        capture_output=True,
    )


def _cancel_button_text() -> str:
    """The label Qt itself gives a standard Cancel button (from its qtbase catalogue)."""
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    try:
        return box.buttons()[0].text()
    finally:
        box.deleteLater()


def _texts(ts: Path) -> set[tuple[str, str, str]]:
    """(context, source, disambiguation) of every message the file still uses (not the vanished ones)."""
    found = set()
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            kind = translation.get("type", "") if translation is not None else ""
            if kind not in ("vanished", "obsolete"):
                found.add((name, message.findtext("source", ""), message.findtext("comment", "")))
    return found


def test_a_german_catalogue_translates_the_receive_page(
    app: QApplication, qtbot: QtBot, ui_station: Station, tmp_path: Path
) -> None:
    (tmp_path / "returnstation_de.ts").write_text(GERMAN_TS, encoding="utf-8")
    _lrelease(tmp_path / "returnstation_de.ts", tmp_path / "returnstation_de.qm")

    loaded = install_translations(app, "de_AT.UTF-8", translations_dir=tmp_path)

    assert loaded == "de"  # no de_AT file: the language without the region
    st = ui_station
    page = ReceivePage(st.receiving, st.damage, st.holds, st.concerns, QThreadPool())
    qtbot.addWidget(page)
    page.on_shown()
    qtbot.waitUntil(page.quiet, timeout=5000)  # the hold count is read on the pool
    assert page.finish_button.text() == "Paket abschließen  (DONE scannen)"
    assert page.next_label.text().startswith("Als Nächstes: das Paketetikett scannen")  # a marked constant
    assert NEXT_PARCEL.startswith("Next: scan the parcel label")  # ...which itself stays English
    assert page.lines_model.headerData(2, Qt.Orientation.Horizontal) == "Beschreibung"
    assert page.hold_label.text() == f"Klärfach: {page.hold_count} Paket{'' if page.hold_count == 1 else 'e'}"
    assert page.progress_label.text() == ""  # not translated, not broken
    banner = FeedbackBanner()
    qtbot.addWidget(banner)
    assert banner.word == "▶ BEREIT"
    assert banner.message == "Ready. Scan a parcel label to start."  # no German for it: English
    # Qt's own catalogue came along, so the standard buttons speak the same language.
    assert _cancel_button_text() == "Abbrechen"


def test_removing_the_translations_brings_english_back(app: QApplication, tmp_path: Path) -> None:
    (tmp_path / "returnstation_de.ts").write_text(GERMAN_TS, encoding="utf-8")
    _lrelease(tmp_path / "returnstation_de.ts", tmp_path / "returnstation_de.qm")
    install_translations(app, "de", translations_dir=tmp_path)
    assert QCoreApplication.translate("LevelStyle", "READY") == "BEREIT"

    assert install_translations(app, "en", translations_dir=tmp_path) == "en"  # replaces, never stacks

    assert QCoreApplication.translate("LevelStyle", "READY") == "READY"
    assert _cancel_button_text() == "Cancel"


@pytest.mark.parametrize("language", ["xx_YY", "C", "", "tlh"])
def test_an_unknown_language_leaves_the_station_in_english(
    app: QApplication, qtbot: QtBot, tmp_path: Path, caplog: pytest.LogCaptureFixture, language: str
) -> None:
    (tmp_path / "returnstation_de.ts").write_text(GERMAN_TS, encoding="utf-8")
    _lrelease(tmp_path / "returnstation_de.ts", tmp_path / "returnstation_de.qm")

    with caplog.at_level(logging.INFO, logger="returnstation.ui.i18n"):
        loaded = install_translations(app, language, translations_dir=tmp_path)

    assert loaded == "en"
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []
    assert any("English" in r.getMessage() for r in caplog.records)
    banner = FeedbackBanner()
    qtbot.addWidget(banner)
    assert banner.word == "▶ READY"


def test_a_language_begun_for_translators_but_empty_stays_english(app: QApplication, tmp_path: Path) -> None:
    empty = GERMAN_TS.replace("<translation>", '<translation type="unfinished">')
    (tmp_path / "returnstation_de.ts").write_text(empty, encoding="utf-8")
    _lrelease(tmp_path / "returnstation_de.ts", tmp_path / "returnstation_de.qm")

    assert install_translations(app, "de", translations_dir=tmp_path) == "en"
    assert _cancel_button_text() == "Cancel"  # Qt's German is not loaded next to English station texts


def test_the_shipped_translation_files_list_every_text_the_code_has(tmp_path: Path) -> None:
    current = tmp_path / "current_en.ts"
    subprocess.run(
        [
            str(BIN / "pyside6-lupdate"),
            "-silent",
            "-locations",
            "none",
            *sorted(str(p) for p in (REPO / "returnstation" / "ui").glob("*.py")),
            "-ts",
            str(current),
        ],
        check=True,
        capture_output=True,
    )
    in_code = _texts(current)
    assert len(in_code) > 50  # lupdate really read the UI (a wrong path would give an empty file)
    shipped = sorted(TRANSLATIONS_DIR.glob("returnstation_*.ts"))
    assert {p.name for p in shipped} >= {
        "returnstation_en.ts",
        *(f"returnstation_{lang}.ts" for lang in SHIPPED_LANGUAGES),
    }
    for ts in shipped:
        in_file = _texts(ts)
        missing = sorted(in_code - in_file)[:10]
        stale = sorted(in_file - in_code)[:10]
        assert not missing and not stale, (
            f"{ts.name} is out of date with the code ({UPDATE_HINT}).\n"
            f"Texts in the code but not in the file: {missing}\n"
            f"Texts in the file but gone from the code: {stale}"
        )


def test_the_shipped_qm_files_are_compiled_from_the_shipped_ts_files(tmp_path: Path) -> None:
    for ts in sorted(TRANSLATIONS_DIR.glob("returnstation_*.ts")):
        qm = ts.with_suffix(".qm")
        assert qm.is_file(), f"{qm.name} is missing ({UPDATE_HINT})"
        fresh = tmp_path / qm.name
        _lrelease(ts, fresh)
        assert fresh.read_bytes() == qm.read_bytes(), f"{qm.name} is older than {ts.name} ({UPDATE_HINT})"


def test_the_language_setting_comes_from_the_environment_or_the_system(tmp_path: Path) -> None:
    no_file = {"RETURNSTATION_CONFIG": str(tmp_path / "none.toml")}
    assert configured_language({**no_file, "RETURNSTATION_LANGUAGE": "de_AT"}) == "de_AT"
    assert configured_language(no_file) == QLocale.system().name()
    (tmp_path / "station.toml").write_text('language = "pl"\n', encoding="utf-8")
    assert configured_language({"RETURNSTATION_CONFIG": str(tmp_path / "station.toml")}) == "pl"
    (tmp_path / "broken.toml").write_text("language = \n", encoding="utf-8")
    broken = {"RETURNSTATION_CONFIG": str(tmp_path / "broken.toml")}
    assert configured_language(broken) == QLocale.system().name()  # start_station explains the file


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("de", ["de"]),
        ("de_AT", ["de_AT", "de"]),
        ("de-AT.UTF-8", ["de_AT", "de"]),
        ("pt_BR", ["pt_BR", "pt"]),
        ("EN_us", ["en_us", "en"]),
        ("C", []),
        ("POSIX", []),
        ("", []),
    ],
)
def test_locale_names_in_any_spelling_give_the_files_to_try(name: str, expected: list[str]) -> None:
    assert language_candidates(name) == expected


# What a translation must carry over unchanged: {placeholders} the code fills in, %n, line breaks, HTML tags.
_KEPT = re.compile(r"\{[a-z0-9_]*\}|%n|\n|</?(?:b|br|i|p)>")  # <file> in a command line is text
_PLURAL_FORMS = {"de": 2, "pl": 3}  # Qt's rules: German one/other; Polish one/few (2-4, 22-24...)/many


@pytest.mark.parametrize("language", SHIPPED_LANGUAGES)
def test_a_shipped_language_has_every_text_translated_with_its_placeholders(language: str) -> None:
    ts = TRANSLATIONS_DIR / f"returnstation_{language}.ts"
    problems = []
    count = 0
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            count += 1
            source = message.findtext("source", "")
            translation = message.find("translation")
            assert translation is not None
            if translation.get("type") in ("vanished", "obsolete"):
                continue
            numerus = message.get("numerus") == "yes"
            forms = (
                [f.text or "" for f in translation.iter("numerusform")]
                if numerus
                else [translation.text or ""]
            )
            wanted = sorted(_KEPT.findall(source) + (["%n"] if numerus and "%n" not in source else []))
            if translation.get("type") == "unfinished" or not all(f.strip() for f in forms):
                problems.append(f"{name}: {source!r} is not translated")
            elif numerus and len(forms) != _PLURAL_FORMS[language]:
                problems.append(
                    f"{name}: {source!r} has {len(forms)} plural forms, not {_PLURAL_FORMS[language]}"
                )
            else:
                problems += [
                    f"{name}: {f!r} does not keep {wanted}"
                    for f in forms
                    if sorted(_KEPT.findall(f)) != wanted
                ]
    assert count > 400  # the whole catalogue was read
    assert problems == [], (
        f"returnstation_{language}.ts ({UPDATE_HINT}, then translate in Qt Linguist): "
        + "\n".join(problems[:20])
    )


def test_the_shipped_polish_catalogue_speaks_polish_with_its_three_plural_forms(
    app: QApplication, qtbot: QtBot
) -> None:
    assert install_translations(app, "pl_PL.UTF-8") == "pl"

    banner = FeedbackBanner()
    qtbot.addWidget(banner)
    assert banner.word == "▶ GOTOWE"
    assert banner.message == "Gotowe. Zeskanuj etykietę paczki, aby zacząć."
    shelf = [
        QCoreApplication.translate("ReceivePage", "Hold shelf: %n parcel(s)", None, n)
        for n in (1, 3, 5, 12, 22)
    ]
    assert shelf == [
        "Półka wyjaśnień: 1 paczka",
        "Półka wyjaśnień: 3 paczki",
        "Półka wyjaśnień: 5 paczek",
        "Półka wyjaśnień: 12 paczek",
        "Półka wyjaśnień: 22 paczki",
    ]
    assert _cancel_button_text() == "Anuluj"  # Qt's own Polish came along


def test_the_shipped_german_catalogue_translates_the_banner_and_plurals(
    app: QApplication, qtbot: QtBot
) -> None:
    assert install_translations(app, "de_DE") == "de"

    banner = FeedbackBanner()
    qtbot.addWidget(banner)
    assert banner.word == "▶ BEREIT"
    assert banner.message == "Bereit. Zum Start ein Paketetikett scannen."
    assert QCoreApplication.translate("InspectPage", "%n photo(s) kept.", None, 1) == "1 Foto gespeichert."
    assert QCoreApplication.translate("InspectPage", "%n photo(s) kept.", None, 4) == "4 Fotos gespeichert."


def test_service_messages_and_data_texts_show_in_the_window_language(app: QApplication, qtbot: QtBot) -> None:
    """The banner renders a service's Message in the bench's language (the shipped de.po); what it
    was not translated into, and every plain text, stays as it is."""
    from returnstation.domain.messages import LocalText, msg
    from returnstation.services.results import Feedback, Level
    from returnstation.ui.i18n import ui_text

    banner = FeedbackBanner()
    qtbot.addWidget(banner)
    found = msg("{rma_number} found: {total} item(s) expected. Scan each item.", rma_number="RMA-1", total=2)
    install_translations(app, "de_AT")
    banner.show_feedback(Feedback(Level.SUCCESS, found))
    assert banner.message == "RMA-1 gefunden: 2 Artikel erwartet. Jeden Artikel scannen."
    assert ui_text(LocalText("Sealed", {"de": "Versiegelt"})) == "Versiegelt"
    assert ui_text(msg("{n} is not a quantity (1 to 9999).", n=0)) == "0 is not a quantity (1 to 9999)."
    assert QLocale().decimalPoint() == ","  # numbers the window formats itself
    remove_translations(app)
    banner.show_feedback(Feedback(Level.SUCCESS, found))
    assert banner.message == "RMA-1 found: 2 item(s) expected. Scan each item."
