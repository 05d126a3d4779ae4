"""The station's remembered scanner options, read from QSettings through the one settings schema.

Group ``station/<station>/scanner`` (README "Scanners"); the keys, types, defaults and ranges are
declared in returnstation/settings_schema.py (``UI_SETTINGS``) beside the station settings, so both are
validated the same way. A bad or unknown value is logged and its default used: a typo in the registry
must not take the scanner away from the bench.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QSettings

from returnstation.settings_schema import SettingLine, UiValues, describe_ui_values, parse_ui_values

log = logging.getLogger(__name__)

ORGANIZATION = "ReturnStation"  # QSettings(ORGANIZATION, APPLICATION): the per-user Qt settings file
APPLICATION = "ReturnStation"
SETTINGS_GROUP = "scanner"


def station_group(station: str) -> str:
    """The QSettings group of one station's window and scanner preferences."""
    return f"station/{station}"


def scanner_group(group: str) -> str:
    """``station/<station>/scanner`` for the station's QSettings group ``station/<station>``."""
    return f"{group}/{SETTINGS_GROUP}" if group else SETTINGS_GROUP


def read_scanner_prefs(settings: QSettings, group: str) -> UiValues:
    """Every scanner value in effect for this station (problems are logged once here)."""
    where = scanner_group(group)
    settings.beginGroup(where)
    try:
        raw = {key: _plain(settings.value(key)) for key in settings.childKeys()}
    finally:
        settings.endGroup()
    prefs = parse_ui_values(raw, where)
    for problem in prefs.problems:
        log.warning("scanner setting ignored: %s", problem)
    return prefs


def _plain(raw: object) -> object:
    """QSettings' INI format turns "a,b" into a list; the schema reads it as the text it was."""
    if isinstance(raw, list):
        return ",".join(str(part) for part in raw)
    return raw


def station_scanner_lines(station: str, settings: QSettings | None = None) -> list[SettingLine]:
    """The scanner values in effect for ``station`` (this user's Qt settings by default), with sources."""
    qsettings = settings if settings is not None else QSettings(ORGANIZATION, APPLICATION)
    return describe_ui_values(read_scanner_prefs(qsettings, station_group(station)))
