"""Where every setting and on-disk location is decided, in one place, validated once.

Sources, lowest to highest: defaults that work on a fresh machine with no set-up at all < the station's
TOML file < RETURNSTATION_* environment variables (handy for CI, kiosks and several stations on one
PC) < command-line options (``overrides``). Each setting is declared once in settings_schema.py; this
module reads the sources, refuses unknown keys and bad values (every problem at once, as one
ValueError), and records where each effective value came from (``Settings.sources``).

The TOML file is read here only: its ``[integration]`` table is kept as is in ``Settings.integration``
and parsed by integration/settings.py, so a broken target stops the feeds, never the bench.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from returnstation.domain.roles import Role
from returnstation.settings_schema import (
    APP_NAME,
    CONFIG_ENV,
    DEFAULT_ORIGIN,
    INTEGRATION_KEY,
    SKIP_SETUP_ENV,
    STATION_KEYS,
    STATION_SETTINGS,
    Origin,
    OriginKind,
    SettingLine,
    default_data_dir,
    did_you_mean,
    environment_switch,
    format_lines,
    shown_value,
    unknown_environment,
    unknown_file_key,
)

__all__ = [
    "APP_NAME",
    "SettingLine",
    "Settings",
    "config_file_path",
    "default_data_dir",
    "describe_settings",
    "load_settings",
    "settings_table",
]


@dataclass(frozen=True, slots=True)
class Settings:
    data_dir: Path
    database_url: str
    station: str
    user: str
    printer: str  # "pdf-folder" (default), "zpl-folder", "tcp://host:9100"
    label_dir: Path  # where the PDF/ZPL folder printers write
    report_dir: Path
    rules_path: Path | None  # None: the shipped default rules
    checklists_dir: Path | None
    load_demo_data: bool
    config_path: Path | None = None  # the TOML file read
    serial_port: str = ""  # a scanner in serial/USB-COM mode ("/dev/ttyACM0", "COM3"); "": keyboard only
    serial_baud: int = 0  # 0: the station's QSettings value, else 9600
    camera: str = ""  # "": camera 0 when switched on; "1", "/dev/video2", or a folder of images (fake)
    itf_lengths: tuple[int, ...] = (14,)  # ITF lengths the camera accepts (scan/confirm.py ConfirmPolicy)
    login: bool = True  # the window asks for badge + PIN; False: everyone there acts as `user` with `role`
    role: Role = Role.INSPECTOR  # with login off only: what the bench may do (domain/roles.py)
    idle_lock_minutes: int = 10  # with login on: no key or scan this long signs out (0: never)
    credit_processing_days: int = 14  # customer messages: the credit is expected this many days after
    retention_days: int = 0  # `retention run` erases customer data of RMAs finished this long ago (0: off)
    photo_dir: Path | None = None  # inspection photos; None: <data_dir>/photos (a share with PostgreSQL)
    require_photos: bool = True  # a check marked photo_required cannot be decided without its photo
    site: str = ""  # this bench's site (domain/markets.py): the rule set's site for RMAs naming none
    language: str = ""  # UI language ("de", "de_AT", "en"); "": the system locale's (ui/i18n.py)
    sound: bool = True  # False: a quiet hall (ui/sounds.py)
    # The file's [integration] table, unparsed (integration/settings.py); may hold secrets: not in repr.
    integration: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)
    # setting key -> where its value came from (default, file, environment, command line)
    sources: Mapping[str, Origin] = field(default_factory=dict, repr=False, compare=False)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def photo_root(self) -> Path:
        """Where inspection photos are kept: every station sharing a database must see the same folder."""
        return self.photo_dir if self.photo_dir is not None else self.data_dir / "photos"

    def report_path(self, name: str) -> Path:
        """Where a report called ``name`` goes by default: the reports folder, made on first use."""
        self.report_dir.mkdir(parents=True, exist_ok=True)
        return self.report_dir / name


# Settings fields whose name differs from the setting's key.
_FIELD = {"demo_data": "load_demo_data"}


def config_file_path() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "returnstation.toml"


def _read_config_file(path: Path) -> dict[str, object]:
    if not path.is_file():
        return {}
    with path.open("rb") as fh:
        try:
            return tomllib.load(fh)
        except tomllib.TOMLDecodeError as exc:
            raise ValueError(f"{path}: {exc}") from exc


def _given(raw: object) -> bool:
    """An empty value ("" in the file or the environment) counts as not given: the next source decides."""
    return raw is not None and not (isinstance(raw, str) and not raw.strip())


def load_settings(
    env: Mapping[str, str] | None = None,
    config_path: Path | None = None,
    overrides: Mapping[str, object] | None = None,
) -> Settings:
    """The effective settings: defaults < TOML file < environment < ``overrides`` (the command line).

    ``overrides`` maps setting keys to values ({"database_url": ...}); None or "" means not given.
    RETURNSTATION_CONFIG names the file and wins over ``config_path``. ValueError lists every unknown
    key and bad value at once (ui/app.py shows it as "Settings file is broken").
    """
    env = os.environ if env is None else env
    overrides = overrides or {}
    problems = unknown_environment(sorted(env))
    cfg_path = config_path or config_file_path()
    try:
        named = environment_switch(env, CONFIG_ENV)
        if isinstance(named, Path):
            cfg_path = named
        environment_switch(env, SKIP_SETUP_ENV)  # read by ui/first_run.py; validated with the rest
    except ValueError as exc:
        problems.append(str(exc))
    cfg = _read_config_file(cfg_path)
    file_origin = Origin(OriginKind.FILE, str(cfg_path))
    problems += [
        unknown_file_key(key, str(cfg_path))
        for key in cfg
        if key not in STATION_KEYS and key != INTEGRATION_KEY
    ]
    integration = cfg.get(INTEGRATION_KEY, {})
    if not isinstance(integration, Mapping):
        problems.append(f"`{INTEGRATION_KEY}` in {cfg_path} must be a table ([integration])")
        integration = {}
    problems += [
        f"unknown setting `{key}` on the command line{did_you_mean(key, list(STATION_KEYS))}"
        for key in overrides
        if key not in STATION_KEYS
    ]

    values: dict[str, object] = {}
    sources: dict[str, Origin] = {}
    for setting in STATION_SETTINGS:
        candidates = (
            (overrides.get(setting.key), Origin(OriginKind.COMMAND_LINE, setting.option or setting.key)),
            (env.get(setting.env), Origin(OriginKind.ENVIRONMENT, setting.env)),
            (cfg.get(setting.key), file_origin),
        )
        given = next(((raw, origin) for raw, origin in candidates if _given(raw)), None)
        if given is not None:
            try:
                values[setting.key] = setting.parse(given[0], str(given[1]))
                sources[setting.key] = given[1]
                continue
            except ValueError as exc:
                problems.append(str(exc))
        values[setting.key] = setting.default_value(values)
        sources[setting.key] = DEFAULT_ORIGIN
    if problems:
        raise ValueError("\n".join(problems))
    fields = {_FIELD.get(key, key): value for key, value in values.items()}
    return Settings(
        **fields,  # type: ignore[arg-type]  # each value has its setting's declared type
        config_path=cfg_path,
        integration=dict(integration),  # plain dicts (read-only by type): Settings stays picklable
        sources=sources,
    )


# -- what is in effect, and from where ---------------------------------------------------------------------


_URL_PASSWORD = re.compile(r"(://[^/@:]*:)[^/]*@")  # up to the last @ of the host part


def hide_password(url: str) -> str:
    """postgresql+psycopg://user:secret@host/db -> postgresql+psycopg://user:***@host/db"""
    return _URL_PASSWORD.sub(r"\1***@", url)


def describe_settings(settings: Settings) -> list[SettingLine]:
    """Every station setting's effective value and where it came from, in declaration order."""
    lines = []
    for setting in STATION_SETTINGS:
        value = shown_value(getattr(settings, _FIELD.get(setting.key, setting.key)))
        if setting.key == "database_url":
            value = hide_password(value)
        origin = settings.sources.get(setting.key, DEFAULT_ORIGIN)
        lines.append(SettingLine(setting.key, value, origin, setting.env, setting.doc))
    return lines


def settings_table(settings: Settings, indent: str = "  ") -> str:
    """One line per setting, "key = value  (source)", for the command line and the self-test."""
    return format_lines(describe_settings(settings), indent)
