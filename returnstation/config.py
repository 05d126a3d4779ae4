"""Where every setting and on-disk location is decided, in one place.

Precedence: environment variables (handy for CI, kiosks and several stations on one PC), then the
station's config file, then defaults that work on a fresh machine with no set-up at all.
"""

from __future__ import annotations

import getpass
import os
import socket
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from returnstation.domain.roles import Role, parse_role

APP_NAME = "ReturnStation"


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
    config_path: Path | None = None  # the TOML file read (its [integration] section is read by integration/)
    serial_port: str = ""  # a scanner in serial/USB-COM mode ("/dev/ttyACM0", "COM3"); "": keyboard only
    serial_baud: int = 0  # 0: the station's QSettings value, else 9600
    camera: str = ""  # "": camera 0 when switched on; "1", "/dev/video2", or a folder of images (fake)
    login: bool = True  # the window asks for badge + PIN; False: everyone there acts as `user` with `role`
    role: Role = Role.INSPECTOR  # with login off only: what the bench may do (domain/roles.py)
    idle_lock_minutes: int = 10  # with login on: no key or scan this long signs out (0: never)
    photo_dir: Path | None = None  # inspection photos; None: <data_dir>/photos (a share with PostgreSQL)
    require_photos: bool = True  # a check marked photo_required cannot be decided without its photo
    language: str = ""  # UI language ("de", "de_AT", "en"); "": the system locale's (ui/i18n.py)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def photo_root(self) -> Path:
        """Where inspection photos are kept: every station sharing a database must see the same folder."""
        return self.photo_dir if self.photo_dir is not None else self.data_dir / "photos"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


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


def _default_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some kiosk/container set-ups
        return "station"


def _truthy(value: str) -> bool:
    """TOML booleans arrive as "True"/"False"; environment variables as 0/1/yes/no/off."""
    return value.strip().lower() not in ("0", "false", "no", "off", "")


def load_settings(env: Mapping[str, str] | None = None, config_path: Path | None = None) -> Settings:
    env = os.environ if env is None else env
    cfg_path = Path(env["RETURNSTATION_CONFIG"]) if "RETURNSTATION_CONFIG" in env else config_path
    cfg = _read_config_file(cfg_path or config_file_path())

    def pick(key: str, default: str) -> str:
        value = env.get(f"RETURNSTATION_{key.upper()}") or cfg.get(key)
        return str(value) if value not in (None, "") else default

    data_dir = Path(pick("data_dir", str(default_data_dir()))).expanduser()
    db_url = pick("database_url", f"sqlite:///{data_dir / 'returnstation.db'}")
    rules = pick("rules_path", "")
    checklists = pick("checklists_dir", "")
    return Settings(
        data_dir=data_dir,
        database_url=db_url,
        station=pick("station", socket.gethostname() or "bench-1"),
        user=pick("user", _default_user()),
        printer=pick("printer", "pdf-folder"),
        label_dir=Path(pick("label_dir", str(data_dir / "labels"))).expanduser(),
        report_dir=Path(pick("report_dir", str(data_dir / "reports"))).expanduser(),
        rules_path=Path(rules).expanduser() if rules else None,
        checklists_dir=Path(checklists).expanduser() if checklists else None,
        load_demo_data=_truthy(pick("demo_data", "1")),
        config_path=cfg_path or config_file_path(),
        serial_port=pick("serial_port", ""),
        serial_baud=_whole_number("serial_baud", pick("serial_baud", "0")),
        camera=pick("camera", ""),
        login=_truthy(pick("login", "1")),
        role=_role(pick("role", Role.INSPECTOR.value)),
        idle_lock_minutes=max(0, _whole_number("idle_lock_minutes", pick("idle_lock_minutes", "10"))),
        photo_dir=Path(pick("photo_dir", str(data_dir / "photos"))).expanduser(),
        require_photos=_truthy(pick("require_photos", "1")),
        language=pick("language", ""),
    )


def _role(value: str) -> Role:
    try:
        return parse_role(value)
    except ValueError as exc:
        raise ValueError(f"role: {exc}") from None


def _whole_number(key: str, value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"{key} must be a whole number, not {value!r}") from None
