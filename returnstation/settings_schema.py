"""Every setting ReturnStation reads, declared once: key, type, default, environment variable, doc.

Why one declaration: the settings used to be read in six places, each with its own true/false parser,
and a misspelt key (``requre_photos = false``) was silently ignored, leaving photos required. Here each
setting names its type (which also says what is allowed), so every source (TOML file, environment,
command line, the per-station Qt settings) is validated the same way, every problem names the key, the
value, what is allowed and where it came from, and unknown keys are refused with a "did you mean".

Only the standard library and ``returnstation.domain`` (platformdirs for the default data folder): this
sits as low as ``config.py``, which loads the station settings with it. The per-station scanner values
(QSettings) are declared here too; the UI reads them (ui/station_prefs.py) because only it may import Qt.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from returnstation.domain.markets import scope_code
from returnstation.domain.roles import Role

APP_NAME = "ReturnStation"
ENV_PREFIX = "RETURNSTATION_"
CONFIG_ENV = "RETURNSTATION_CONFIG"  # which TOML file to read (tests, CI, kiosks)
SKIP_SETUP_ENV = "RETURNSTATION_SKIP_SETUP"  # true: never offer the first-run setup dialog
# RETURNSTATION_* variables that are not station settings: build, test and install scripts use them.
OTHER_ENV_VARS = frozenset(
    {
        "RETURNSTATION_TEST_PG_URL",  # tests/conftest.py, bench/: the PostgreSQL test server
        "RETURNSTATION_TEST_WORKERS",  # scripts/test.sh: how many pytest-xdist workers
        "RETURNSTATION_TEST_FUZZ",  # tests/unit/fuzz: "thorough" draws the fault run's example counts
        "RETURNSTATION_TEST_PG_PORT",  # scripts/pg_test_server.sh
        "RETURNSTATION_TEST_PG_DIR",  # scripts/pg_test_server.sh
        "RETURNSTATION_VENV",  # scripts/bootstrap.sh, build_bundle.sh, update_translations.sh
        "RETURNSTATION_BUILD_BUNDLE",  # scripts/test.sh
        "RETURNSTATION_BUNDLE",  # tests/e2e/test_e2e_bundle.py
        "RETURNSTATION_LIBZBAR",  # installer/returnstation.spec
    }
)

_TRUE = ("true", "1", "yes", "on")
_FALSE = ("false", "0", "no", "off")
BOOL_WORDS = "true or false (also 1/0, yes/no, on/off)"


def parse_bool(value: object, name: str = "") -> bool:
    """The one true/false parser: true/false, 1/0, yes/no, on/off in any case; anything else is refused.

    Refused rather than guessed: "ture" meaning False (or "maybe" meaning True) is exactly the silent
    misreading a setting must not have. ``name`` (the key or variable) starts the error message.
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    text = str(value).strip().lower() if isinstance(value, str) else None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"{name + ': ' if name else ''}{value!r} is not {BOOL_WORDS}")


class Scope(StrEnum):
    """Where a setting may be given."""

    STATION = "station"  # the TOML file, RETURNSTATION_<KEY>, some on the command line
    ENVIRONMENT = "environment"  # only an environment variable (it decides how the rest is read)
    UI = "qsettings"  # per station in the Qt settings file, group station/<station>/scanner


class Refused(ValueError):
    """A value that is not of its setting's type; the loader adds the key, the value and the source."""


# -- value types --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Text:
    """Any text; a TOML number is taken as its digits (``station = 3``)."""

    allowed: str = "text"

    def parse(self, raw: object) -> object:
        if isinstance(raw, bool) or not isinstance(raw, str | int):
            raise Refused(self.allowed)
        return str(raw).strip()


@dataclass(frozen=True, slots=True)
class SiteCode:
    """A site code as RMAs and rules files write it (domain/markets.py), kept in upper case."""

    allowed: str = "a site code (letters, digits, '-' and '_', at most 16, e.g. BER)"

    def parse(self, raw: object) -> object:
        if isinstance(raw, bool) or not isinstance(raw, str | int):
            raise Refused(self.allowed)
        code = scope_code(str(raw))
        if code is None:
            raise Refused(self.allowed)
        return code


@dataclass(frozen=True, slots=True)
class PathValue:
    """A file or folder path; ``~`` is expanded."""

    allowed: str = "a path (text)"

    def parse(self, raw: object) -> object:
        if not isinstance(raw, str | Path):
            raise Refused(self.allowed)
        return Path(str(raw).strip()).expanduser()


@dataclass(frozen=True, slots=True)
class Boolean:
    allowed: str = BOOL_WORDS

    def parse(self, raw: object) -> object:
        try:
            return parse_bool(raw)
        except ValueError:
            raise Refused(self.allowed) from None


@dataclass(frozen=True, slots=True)
class WholeNumber:
    minimum: int = 0
    maximum: int | None = None

    @property
    def allowed(self) -> str:
        if self.maximum is not None:
            return f"a whole number from {self.minimum} to {self.maximum}"
        return f"a whole number >= {self.minimum}"

    def parse(self, raw: object) -> object:
        if isinstance(raw, bool):
            raise Refused(self.allowed)
        try:
            number = raw if isinstance(raw, int) else int(str(raw).strip())
        except ValueError:
            raise Refused(self.allowed) from None
        if number < self.minimum or (self.maximum is not None and number > self.maximum):
            raise Refused(self.allowed)
        return number


@dataclass(frozen=True, slots=True)
class Number:
    """A decimal number in [minimum, maximum]; ``exclusive_minimum`` for "more than"."""

    minimum: float = 0.0
    maximum: float | None = None
    exclusive_minimum: bool = False

    @property
    def allowed(self) -> str:
        low = f"> {self.minimum:g}" if self.exclusive_minimum else f">= {self.minimum:g}"
        if self.maximum is not None:
            return f"a number from {self.minimum:g} to {self.maximum:g}"
        return f"a number {low}"

    def parse(self, raw: object) -> object:
        if isinstance(raw, bool):
            raise Refused(self.allowed)
        try:
            number = float(raw) if isinstance(raw, int | float) else float(str(raw).strip())
        except ValueError:
            raise Refused(self.allowed) from None
        too_low = number <= self.minimum if self.exclusive_minimum else number < self.minimum
        if number != number or too_low or (self.maximum is not None and number > self.maximum):
            raise Refused(self.allowed)
        return number


@dataclass(frozen=True, slots=True)
class Choice:
    """One word of a fixed list, any case."""

    choices: tuple[str, ...]
    convert: Callable[[str], object] = str

    @property
    def allowed(self) -> str:
        return "one of " + ", ".join(self.choices)

    def parse(self, raw: object) -> object:
        text = raw.strip().lower() if isinstance(raw, str) else None
        if text not in self.choices:
            raise Refused(self.allowed)
        return self.convert(text)


TERMINATOR_WORDS = ("enter", "cr", "lf", "tab", "crlf")


@dataclass(frozen=True, slots=True)
class Terminators:
    """Comma-separated terminator names, or ``none``; the UI maps names to keys (ui/wedge_filter.py)."""

    allowed: str = "enter, cr, lf, tab, crlf separated by commas, or none"

    def parse(self, raw: object) -> object:
        if not isinstance(raw, str):
            raise Refused(self.allowed)
        text = raw.strip().lower()
        if text == "none":
            return ()
        names = tuple(n.strip() for n in text.replace(";", ",").split(",") if n.strip())
        if not names or any(n not in TERMINATOR_WORDS for n in names):
            raise Refused(self.allowed)
        return names


CONTROL_NAMES = {"STX": "\x02", "ETX": "\x03", "EOT": "\x04", "SOH": "\x01", "GS": "\x1d", "RS": "\x1e"}


@dataclass(frozen=True, slots=True)
class Character:
    """One character: itself, a name (``STX``) or a code (``\\x02``, ``0x02``)."""

    allowed: str = "one character, a name (" + ", ".join(CONTROL_NAMES) + ") or a code like \\x02"

    def parse(self, raw: object) -> object:
        text = raw.strip() if isinstance(raw, str) else ""
        if text.upper() in CONTROL_NAMES:
            return CONTROL_NAMES[text.upper()]
        if text.lower().startswith(("\\x", "0x")) and len(text) > 2:
            try:
                return chr(int(text[2:], 16))
            except (ValueError, OverflowError):
                pass
        if len(text) == 1:
            return text
        raise Refused(self.allowed)


@dataclass(frozen=True, slots=True)
class EvenLengths:
    """Barcode lengths, even whole numbers separated by commas ("14" or "14, 10"; a TOML list too):
    ITF encodes digits in pairs, and a site names the lengths of the ITF labels it prints."""

    allowed: str = "even whole numbers from 2 to 80 separated by commas, e.g. 14 or 14, 10"

    def parse(self, raw: object) -> object:
        if isinstance(raw, list | tuple):
            parts: list[object] = list(raw)
        elif isinstance(raw, int) and not isinstance(raw, bool):
            parts = [raw]
        elif isinstance(raw, str):
            parts = [p.strip() for p in raw.replace(";", ",").split(",") if p.strip()]
        else:
            raise Refused(self.allowed)
        lengths: set[int] = set()
        for part in parts:
            if isinstance(part, bool):
                raise Refused(self.allowed)
            try:
                number = part if isinstance(part, int) else int(str(part))
            except ValueError:
                raise Refused(self.allowed) from None
            if number < 2 or number > 80 or number % 2:
                raise Refused(self.allowed)
            lengths.add(number)
        if not lengths:
            raise Refused(self.allowed)
        return tuple(sorted(lengths))


Kind = (
    Text | SiteCode | PathValue | Boolean | WholeNumber | Number | Choice | Terminators | Character
    | EvenLengths
)
Default = Callable[[Mapping[str, object]], object]  # from the values resolved before it


@dataclass(frozen=True, slots=True)
class Setting:
    """One setting. ``default`` is a value or a function of the settings declared before it."""

    key: str
    kind: Kind
    default: object
    doc: str
    scope: Scope = Scope.STATION
    option: str = ""  # the command-line option that overrides it, if any

    @property
    def env(self) -> str:
        return f"{ENV_PREFIX}{self.key.upper()}" if self.scope is not Scope.UI else ""

    def parse(self, raw: object, where: str) -> object:
        """The typed value; ValueError "key: 'raw' is not <allowed> (from <where>)"."""
        try:
            return self.kind.parse(raw)
        except Refused as exc:
            raise ValueError(f"{self.key}: {raw!r} is not {exc} (from {where})") from None

    def default_value(self, resolved: Mapping[str, object]) -> object:
        return self.default(resolved) if callable(self.default) else self.default


def default_data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def _data_dir_default(_: Mapping[str, object]) -> object:
    return default_data_dir()


def _host_name(_: Mapping[str, object]) -> object:
    import socket

    return socket.gethostname() or "bench-1"


def _login_name(_: Mapping[str, object]) -> object:
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no login name in some kiosk/container set-ups
        return "station"


def _under_data_dir(name: str) -> Default:
    def default(resolved: Mapping[str, object]) -> object:
        data_dir = resolved["data_dir"]
        assert isinstance(data_dir, Path)
        return data_dir / name

    return default


def _sqlite_default(resolved: Mapping[str, object]) -> object:
    return f"sqlite:///{resolved['data_dir']}/returnstation.db"


ROLES = tuple(r.value for r in Role)

# Station settings, in the order they are resolved (data_dir first: other defaults live under it).
STATION_SETTINGS: tuple[Setting, ...] = (
    Setting(
        "data_dir",
        PathValue(),
        _data_dir_default,
        "folder for the database, labels, reports and photos",
        option="--data-dir",
    ),
    Setting(
        "database_url",
        Text("a database URL (text)"),
        _sqlite_default,
        "SQLAlchemy URL; SQLite (WAL) in data_dir by default, postgresql+psycopg://... to share one",
        option="--db",
    ),
    Setting(
        "station",
        Text(),
        _host_name,
        "this bench's name, kept with every record it makes",
        option="--station",
    ),
    Setting(
        "user",
        Text(),
        _login_name,
        "who works here when login is off (default: the login name)",
        option="--user",
    ),
    Setting(
        "printer",
        Text("a printer (pdf-folder, zpl-folder, tcp://HOST:9100, cups:QUEUE)"),
        "pdf-folder",
        "where labels go: pdf-folder, zpl-folder, tcp://HOST:9100 (a Zebra), cups:QUEUE",
    ),
    Setting("label_dir", PathValue(), _under_data_dir("labels"), "where the PDF/ZPL folder printers write"),
    Setting("report_dir", PathValue(), _under_data_dir("reports"), "where reports are written"),
    Setting("rules_path", PathValue(), None, "disposition rules file (empty: the shipped default rules)"),
    Setting("checklists_dir", PathValue(), None, "inspection checklists folder (empty: the shipped ones)"),
    Setting("demo_data", Boolean(), True, "load demo RMAs into an empty database on first run"),
    Setting("login", Boolean(), True, "people sign in with badge and PIN; false: all act as `user`/`role`"),
    Setting("role", Choice(ROLES, Role), Role.INSPECTOR, "with login off: what the bench may do"),
    Setting(
        "idle_lock_minutes",
        WholeNumber(0),
        10,
        "with login on: minutes without a key or scan that sign out (0: never)",
    ),
    Setting("sound", Boolean(), True, "false silences the station's sounds"),
    Setting("serial_port", Text(), "", "a serial/USB-COM scanner (/dev/ttyACM0, COM3); empty: keyboard only"),
    Setting("serial_baud", WholeNumber(0), 0, "serial scanner speed (0: the station's Qt value, else 9600)"),
    Setting("camera", Text(), "", "camera index, device or a folder of images; empty: camera 0 when opened"),
    Setting(
        "itf_lengths",
        EvenLengths(),
        (14,),
        "lengths of the ITF barcodes this site prints; the camera "
        "refuses other lengths (ITF has no check digit, a tilted one reads as a shorter fragment)",
    ),
    Setting(
        "credit_processing_days",
        WholeNumber(0, 365),
        14,
        "days from an event to the credit on the customer's account: the date customer messages state",
    ),
    Setting(
        "retention_days",
        WholeNumber(0),
        0,
        "`retention run` erases customer data of RMAs finished this many days ago (0: never)",
    ),
    Setting(
        "photo_dir",
        PathValue(),
        _under_data_dir("photos"),
        "inspection photos (with PostgreSQL: a share every station mounts)",
    ),
    Setting("require_photos", Boolean(), True, "a check marked photo_required needs its photo first"),
    Setting("site", SiteCode(), "", "this bench's site: the rules' site for RMAs that name none"),
    Setting("language", Text(), "", "window, messages, labels, reports (de, pl, en); empty: the system's"),
)

# Environment-only switches: they decide how the settings are read, so they cannot live in the file.
ENVIRONMENT_SWITCHES: tuple[Setting, ...] = (
    Setting(
        "config",
        PathValue(),
        None,
        "the TOML settings file to read instead of the default one",
        scope=Scope.ENVIRONMENT,
    ),
    Setting(
        "skip_setup",
        Boolean(),
        False,
        "true: never offer the first-run setup dialog",
        scope=Scope.ENVIRONMENT,
    ),
)

# Per-station scanner values in the Qt settings (group station/<station>/scanner, README "Scanners").
# The ranges repeat returnstation/scan/wedge.py's (this module may not import it); a test checks them.
UI_SETTINGS: tuple[Setting, ...] = (
    Setting("wedge", Boolean(), True, "false turns the application-wide scanner filter off", scope=Scope.UI),
    Setting("max_gap_ms", Number(20, 150), 40.0, "longest pause between two scanner keys", scope=Scope.UI),
    Setting("min_length", WholeNumber(1), 4, "shortest scan", scope=Scope.UI),
    Setting(
        "idle_timeout_ms",
        Number(0, exclusive_minimum=True),
        150.0,
        "silence that ends a scan without terminator",
        scope=Scope.UI,
    ),
    Setting(
        "hiccup_ms", Number(0), None, "longest pause inside a burst (empty: twice max_gap_ms)", scope=Scope.UI
    ),
    Setting("terminators", Terminators(), ("enter", "lf", "tab"), "keys that end a scan", scope=Scope.UI),
    Setting(
        "accept_without_terminator", Boolean(), True, "false: only a terminator ends a scan", scope=Scope.UI
    ),
    Setting("prefix", Character(), "", "character the scanner sends before each code", scope=Scope.UI),
    Setting("suffix", Character(), "", "character the scanner sends after each code", scope=Scope.UI),
    Setting("gs_substitute", Character(), "", "an extra character the scanner sends for GS", scope=Scope.UI),
    Setting(
        "serial_port", Text(), "", "a serial scanner, when not set in the station settings", scope=Scope.UI
    ),
    Setting(
        "serial_baud", WholeNumber(1), 9600, "its speed, when not set in the station settings", scope=Scope.UI
    ),
)

STATION_KEYS = {s.key: s for s in STATION_SETTINGS}
UI_KEYS = {s.key: s for s in UI_SETTINGS}
ENV_VARS = {s.env: s for s in STATION_SETTINGS + ENVIRONMENT_SWITCHES}
INTEGRATION_KEY = "integration"  # the [integration] table: integration/settings.py parses it


def did_you_mean(word: str, known: Sequence[str]) -> str:
    """ ": did you mean `x`?" for the closest known word, else ""."""
    close = difflib.get_close_matches(word, known, n=1, cutoff=0.6)
    return f": did you mean `{close[0]}`?" if close else ""


def unknown_file_key(key: str, where: str) -> str:
    """The message for a key the TOML file must not have."""
    if key in UI_KEYS:
        return (
            f"`{key}` in {where} is a per-station scanner setting: it lives in the Qt settings, "
            'group station/<station>/scanner (README "Scanners")'
        )
    hint = did_you_mean(key, [*STATION_KEYS, INTEGRATION_KEY]) or ' (README "Configuration" lists them)'
    return f"unknown setting `{key}` in {where}{hint}"


def unknown_environment(names: Sequence[str]) -> list[str]:
    """A problem for each RETURNSTATION_* variable that is neither a setting nor on the allow list."""
    problems = []
    for name in names:
        if name.startswith(ENV_PREFIX) and name not in ENV_VARS and name not in OTHER_ENV_VARS:
            hint = did_you_mean(name, list(ENV_VARS)) or ' (README "Configuration" lists them)'
            problems.append(f"unknown environment variable `{name}`{hint}")
    return problems


def environment_switch(env: Mapping[str, str], name: str) -> object:
    """An environment-only switch, parsed (ValueError when it is not of its type)."""
    switch = ENV_VARS[name]
    raw = env.get(name, "")
    return switch.parse(raw, name) if raw.strip() else switch.default_value({})


class OriginKind(StrEnum):
    DEFAULT = "default"
    FILE = "file"
    ENVIRONMENT = "environment"
    COMMAND_LINE = "command line"
    QSETTINGS = "QSettings"


@dataclass(frozen=True, slots=True)
class Origin:
    """Where an effective value came from: shown by `returnstation settings`, --self-test and the setup."""

    kind: OriginKind
    where: str = ""  # the file, the variable, the option or the QSettings key

    def __str__(self) -> str:
        return f"{self.kind.value} {self.where}" if self.where else self.kind.value

    @property
    def short(self) -> str:
        """For a narrow column: the variable or option itself, else "default" / "file" / "QSettings"."""
        named = self.kind in (OriginKind.ENVIRONMENT, OriginKind.COMMAND_LINE)
        return self.where if named and self.where else self.kind.value


DEFAULT_ORIGIN = Origin(OriginKind.DEFAULT)


@dataclass(frozen=True, slots=True)
class UiValues:
    """The per-station scanner values in effect, where each came from, and what was wrong."""

    values: Mapping[str, object]
    sources: Mapping[str, Origin]
    problems: tuple[str, ...] = ()

    def __getitem__(self, key: str) -> object:
        return self.values[key]

    def number(self, key: str) -> float | None:
        value = self.values[key]
        return float(value) if isinstance(value, int | float) else None

    def text(self, key: str) -> str:
        return str(self.values[key])


def parse_ui_values(raw: Mapping[str, object], where: str) -> UiValues:
    """Validate the Qt settings' scanner group (``where``: its path, for messages and provenance).

    Unlike the station settings, a problem here does not stop the bench: these are typed by hand into a
    settings file or the registry, per bench, and a typo must not take the scanner away. Each problem
    (with the same wording as the station settings' errors) is returned for the caller to log, and the
    value's default is used; unknown keys are reported with a "did you mean" and ignored.
    """
    problems = [
        f"unknown scanner setting `{key}` in QSettings {where}{did_you_mean(key, list(UI_KEYS))}"
        for key in raw
        if key not in UI_KEYS
    ]
    values: dict[str, object] = {}
    sources: dict[str, Origin] = {}
    for setting in UI_SETTINGS:
        value = raw.get(setting.key)
        if value is not None and not (isinstance(value, str) and not value.strip()):
            origin = Origin(OriginKind.QSETTINGS, f"{where}/{setting.key}")
            try:
                values[setting.key] = setting.parse(value, str(origin))
                sources[setting.key] = origin
                continue
            except ValueError as exc:
                problems.append(f"{exc}; using {setting.default_value(values)!r}")
        values[setting.key] = setting.default_value(values)
        sources[setting.key] = DEFAULT_ORIGIN
    return UiValues(values, sources, tuple(problems))


# -- showing what is in effect -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SettingLine:
    key: str
    value: str  # as shown: passwords in database URLs are hidden
    origin: Origin
    env: str  # "" for a QSettings value
    doc: str


def shown_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, tuple):
        return ",".join(str(v) for v in value) or "none"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str) and len(value) == 1 and not value.isprintable():
        return f"\\x{ord(value):02x}"
    return str(value)


def describe_ui_values(prefs: UiValues) -> list[SettingLine]:
    """The per-station scanner values in effect and where each came from."""
    return [
        SettingLine(s.key, shown_value(prefs[s.key]), prefs.sources[s.key], "", s.doc) for s in UI_SETTINGS
    ]


def format_lines(lines: Sequence[SettingLine], indent: str = "  ") -> str:
    """One line per setting, "key = value  (source)"."""
    width = max((len(line.key) for line in lines), default=0)
    return "\n".join(f"{indent}{line.key:<{width}} = {line.value}  ({line.origin})" for line in lines)
