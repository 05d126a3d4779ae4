"""The one settings schema: sources in order, provenance, unknown keys and bad values refused clearly."""

from __future__ import annotations

import json
import os
import pickle
import re
from pathlib import Path

import pytest

from returnstation import cli
from returnstation.config import describe_settings, load_settings, settings_table
from returnstation.domain.roles import Role
from returnstation.scan import wedge
from returnstation.settings_schema import (
    ENV_VARS,
    OTHER_ENV_VARS,
    STATION_SETTINGS,
    UI_KEYS,
    Origin,
    OriginKind,
    parse_bool,
    parse_ui_values,
)

README = Path(__file__).resolve().parents[3] / "README.md"


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "returnstation.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _env(path: Path, **extra: str) -> dict[str, str]:
    return {"RETURNSTATION_CONFIG": str(path), "RETURNSTATION_DATA_DIR": str(path.parent / "data"), **extra}


def test_a_misspelt_key_is_refused_with_a_suggestion(tmp_path: Path) -> None:
    path = _file(tmp_path, "requre_photos = false\n")
    with pytest.raises(ValueError) as err:
        load_settings(_env(path))
    assert str(err.value) == f"unknown setting `requre_photos` in {path}: did you mean `require_photos`?"


def test_a_key_with_no_near_match_points_to_the_readme_and_a_scanner_key_to_the_qt_settings(
    tmp_path: Path,
) -> None:
    path = _file(tmp_path, "colour = 'red'\nmax_gap_ms = 60\n")
    with pytest.raises(ValueError) as err:
        load_settings(_env(path))
    first, second = str(err.value).splitlines()  # every problem at once
    assert first == f'unknown setting `colour` in {path} (README "Configuration" lists them)'
    assert second.startswith(f"`max_gap_ms` in {path} is a per-station scanner setting")


def test_unknown_returnstation_variables_are_refused_but_script_variables_and_others_are_not(
    tmp_path: Path,
) -> None:
    path = tmp_path / "none.toml"
    with pytest.raises(ValueError) as err:
        load_settings(_env(path, RETURNSTATION_REQURE_PHOTOS="0"))
    assert str(err.value) == (
        "unknown environment variable `RETURNSTATION_REQURE_PHOTOS`: "
        "did you mean `RETURNSTATION_REQUIRE_PHOTOS`?"
    )
    allowed = {name: "x" for name in OTHER_ENV_VARS}
    settings = load_settings(_env(path, **allowed, RETURNSTATION_SKIP_SETUP="1", PATH="/bin", RS_SECRET="s"))
    assert settings.require_photos is True


def test_every_returnstation_variable_the_repository_uses_is_a_setting_or_on_the_allow_list() -> None:
    root = README.parent
    used: set[str] = set()
    for folder in ("returnstation", "tests", "scripts", "bench", "installer"):
        for path in (root / folder).rglob("*"):
            if path.suffix in (".py", ".sh", ".spec", ".md") and "data" not in path.parts[-3:-1]:
                used |= set(re.findall(r"RETURNSTATION_[A-Z0-9_]*[A-Z0-9]", path.read_text(errors="ignore")))
    used |= set(re.findall(r"RETURNSTATION_[A-Z0-9_]*[A-Z0-9]", README.read_text(encoding="utf-8")))
    used -= {"RETURNSTATION_REQURE_PHOTOS", "RETURNSTATION_LOGN"}  # this file's deliberate typos
    assert used - set(ENV_VARS) - OTHER_ENV_VARS == set()


@pytest.mark.parametrize(
    ("toml", "env", "message"),
    [
        (
            "",
            {"RETURNSTATION_IDLE_LOCK_MINUTES": "ten"},
            "idle_lock_minutes: 'ten' is not a whole number >= 0 "
            "(from environment RETURNSTATION_IDLE_LOCK_MINUTES)",
        ),
        ("idle_lock_minutes = -1\n", {}, "idle_lock_minutes: -1 is not a whole number >= 0 (from file "),
        ("login = 'maybe'\n", {}, "login: 'maybe' is not true or false (also 1/0, yes/no, on/off) (from"),
        ("", {"RETURNSTATION_REQUIRE_PHOTOS": "ture"}, "require_photos: 'ture' is not true or false"),
        ("role = 'boss'\n", {}, "role: 'boss' is not one of clerk, inspector, supervisor, admin"),
        ("serial_baud = 9600.5\n", {}, "serial_baud: 9600.5 is not a whole number >= 0"),
        ("station = ['a', 'b']\n", {}, "station: ['a', 'b'] is not text"),
        ("label_dir = 7\n", {}, "label_dir: 7 is not a path (text)"),
        ("demo_data = 2\n", {}, "demo_data: 2 is not true or false"),
    ],
)
def test_a_bad_value_names_the_key_the_value_what_is_allowed_and_where(
    tmp_path: Path, toml: str, env: dict[str, str], message: str
) -> None:
    path = _file(tmp_path, toml)
    with pytest.raises(ValueError) as err:
        load_settings(_env(path, **env))
    assert str(err.value).startswith(message)


def test_typed_toml_values_and_their_text_forms_are_both_read(tmp_path: Path) -> None:
    path = _file(
        tmp_path,
        "login = false\nidle_lock_minutes = 3\nrole = 'Supervisor'\nstation = 12\ndemo_data = 'off'\n",
    )
    s = load_settings(_env(path))
    assert (s.login, s.idle_lock_minutes, s.role, s.station, s.load_demo_data) == (
        False,
        3,
        Role.SUPERVISOR,
        "12",
        False,
    )


def test_itf_lengths_default_to_itf_14_and_take_a_list_or_comma_text(tmp_path: Path) -> None:
    """Issue 15: the camera accepts ITF only at the lengths the site prints."""
    assert load_settings(_env(_file(tmp_path, ""))).itf_lengths == (14,)
    assert load_settings(_env(_file(tmp_path, "itf_lengths = [14, 10]\n"))).itf_lengths == (10, 14)
    env = _env(_file(tmp_path, ""), RETURNSTATION_ITF_LENGTHS="14, 6")
    assert load_settings(env).itf_lengths == (6, 14)
    with pytest.raises(ValueError, match=r"itf_lengths: '13'.*even whole numbers"):
        load_settings(_env(_file(tmp_path, "itf_lengths = '13'\n")))


def test_parse_bool_accepts_the_usual_words_in_any_case_and_refuses_the_rest() -> None:
    for word in ("true", "TRUE", " yes ", "On", "1", True, 1):
        assert parse_bool(word) is True
    for word in ("false", "No", "OFF", "0", False, 0):
        assert parse_bool(word) is False
    for bad in ("", "maybe", "ture", 2, None, 0.0):
        with pytest.raises(ValueError, match="is not true or false"):
            parse_bool(bad, "sound")
    with pytest.raises(ValueError, match=r"^sound: 'y' is not true or false"):
        parse_bool("y", "sound")


def test_precedence_is_default_then_file_then_environment_then_command_line_with_provenance(
    tmp_path: Path,
) -> None:
    path = _file(tmp_path, 'station = "from-file"\nprinter = "zpl-folder"\nuser = "file-user"\n')
    env = _env(path, RETURNSTATION_STATION="from-env", RETURNSTATION_USER="env-user")
    s = load_settings(env, overrides={"station": "from-cli", "database_url": "", "user": None})
    assert (s.station, s.user, s.printer, s.camera) == ("from-cli", "env-user", "zpl-folder", "")
    assert s.sources["station"] == Origin(OriginKind.COMMAND_LINE, "--station")
    assert s.sources["user"] == Origin(OriginKind.ENVIRONMENT, "RETURNSTATION_USER")
    assert s.sources["printer"] == Origin(OriginKind.FILE, str(path))
    assert s.sources["camera"] == Origin(OriginKind.DEFAULT)
    assert s.sources["database_url"].kind is OriginKind.DEFAULT  # "" and None mean "not given"
    assert s.database_url == f"sqlite:///{tmp_path / 'data'}/returnstation.db"  # under the env's data_dir
    assert set(s.sources) == {setting.key for setting in STATION_SETTINGS}
    assert pickle.loads(pickle.dumps(s)).sources == s.sources  # a worker process may get the settings

    table = settings_table(s)
    width = max(len(setting.key) for setting in STATION_SETTINGS)  # the keys are padded to the longest
    assert f"{'station':<{width}} = from-cli  (command line --station)" in table
    assert f"{'printer':<{width}} = zpl-folder  (file {path})" in table


def test_an_unknown_override_is_refused() -> None:
    with pytest.raises(ValueError, match="`staton` on the command line: did you mean `station`"):
        load_settings({"RETURNSTATION_CONFIG": "/nonexistent.toml"}, overrides={"staton": "x"})


def test_the_database_password_is_never_shown(tmp_path: Path) -> None:
    env = _env(
        tmp_path / "none.toml", RETURNSTATION_DATABASE_URL="postgresql+psycopg://clerk:s3cr@t@db/returns"
    )
    shown = {line.key: line.value for line in describe_settings(load_settings(env))}
    assert shown["database_url"] == "postgresql+psycopg://clerk:***@db/returns"


def test_the_command_line_passes_its_options_without_touching_os_environ(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("RETURNSTATION_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.setenv("RETURNSTATION_STATION", "env-bench")
    before = dict(os.environ)
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    code = cli.main(
        [
            "--db",
            url,
            "--data-dir",
            str(tmp_path / "d"),
            "--station",
            "cli-bench",
            "--user",
            "bo",
            "settings",
            "--json",
        ]
    )
    assert code == 0
    assert dict(os.environ) == before
    doc = json.loads(capsys.readouterr().out)["settings"]
    assert doc["database_url"] == {
        "value": url,
        "source": "command line",
        "where": "--db",
        "env": "RETURNSTATION_DATABASE_URL",
    }
    assert (doc["station"]["value"], doc["station"]["where"]) == ("cli-bench", "--station")
    assert (doc["user"]["value"], doc["data_dir"]["value"]) == ("bo", str(tmp_path / "d"))
    assert not (tmp_path / "cli.db").exists()  # `settings` opens nothing


def test_a_broken_setting_stops_a_subcommand_with_the_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("RETURNSTATION_CONFIG", str(_file(tmp_path, "requre_photos = false\n")))
    assert cli.main(["users", "list"]) == 1
    assert "did you mean `require_photos`?" in capsys.readouterr().err


def test_scanner_qsettings_are_validated_by_the_same_schema() -> None:
    prefs = parse_ui_values(
        {
            "max_gap_ms": "60",
            "wedge": "Off",
            "terminators": "crlf",
            "prefix": "STX",
            "min_length": "0",
            "suffix": "two",
            "max_gap": "3",
        },
        "station/b1/scanner",
    )
    assert (prefs["max_gap_ms"], prefs["wedge"], prefs["terminators"], prefs["prefix"]) == (
        60.0,
        False,
        ("crlf",),
        "\x02",
    )
    assert prefs.sources["max_gap_ms"] == Origin(OriginKind.QSETTINGS, "station/b1/scanner/max_gap_ms")
    assert (prefs["min_length"], prefs["suffix"]) == (4, "")  # refused: the defaults, and a problem each
    assert prefs.sources["min_length"] == Origin(OriginKind.DEFAULT)
    assert prefs.problems == (
        "unknown scanner setting `max_gap` in QSettings station/b1/scanner: did you mean `max_gap_ms`?",
        "min_length: '0' is not a whole number >= 1 (from QSettings station/b1/scanner/min_length); using 4",
        "suffix: 'two' is not one character, a name (STX, ETX, EOT, SOH, GS, RS) or a code like \\x02 "
        "(from QSettings station/b1/scanner/suffix); using ''",
    )


def test_the_scanner_ranges_are_the_detectors() -> None:
    gap = UI_KEYS["max_gap_ms"]
    assert gap.default == wedge.DEFAULT_MAX_GAP_MS == wedge.WedgeConfig().max_gap_ms
    assert gap.parse(str(wedge.MIN_GAP_SETTING_MS), "t") == wedge.MIN_GAP_SETTING_MS
    assert gap.parse(str(wedge.MAX_GAP_SETTING_MS), "t") == wedge.MAX_GAP_SETTING_MS
    for outside in (wedge.MIN_GAP_SETTING_MS - 1, wedge.MAX_GAP_SETTING_MS + 1):
        with pytest.raises(ValueError):
            gap.parse(outside, "t")
    defaults = wedge.WedgeConfig()
    assert (UI_KEYS["min_length"].default, UI_KEYS["idle_timeout_ms"].default) == (
        defaults.min_length,
        defaults.idle_timeout_ms,
    )


def test_the_readme_table_lists_every_setting_with_its_variable() -> None:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Configuration") : text.index("\n## ", text.index("## Configuration") + 5)]
    rows = re.findall(r"^\| `(\w+)` \| `(RETURNSTATION_\w+)` \|", section, flags=re.MULTILINE)
    assert rows == [(s.key, s.env) for s in STATION_SETTINGS]
