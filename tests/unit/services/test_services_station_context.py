"""Who the station acts for: the shared context, and the login settings that decide it."""

from __future__ import annotations

from pathlib import Path

import pytest

from returnstation.config import load_settings
from returnstation.domain.roles import Permission, PermissionRefused, Role
from returnstation.services.results import SignedIn, StationContext


def test_a_context_built_by_hand_is_the_machine_admin() -> None:
    ctx = StationContext(station="bench-1", user="ana")
    assert (ctx.station, ctx.user, ctx.role) == ("bench-1", "ana", Role.ADMIN)
    for permission in Permission:
        ctx.require(permission)  # no refusal
    assert StationContext("bench-1", "ana").role is Role.ADMIN  # positional, as older callers build it


def test_sign_in_and_out_change_who_the_services_act_for() -> None:
    ctx = StationContext("bench-1", "station-account", role=None)
    with pytest.raises(PermissionRefused, match=r"^Sign in with your badge"):
        ctx.require(Permission.RECEIVE)
    assert ctx.user == "station-account"  # background work still names someone

    cleo = SignedIn(7, "Cleo Grant", Role.CLERK)
    ctx.sign_in(cleo)
    assert (ctx.user, ctx.role, ctx.signed_in) == ("Cleo Grant", Role.CLERK, cleo)
    ctx.require(Permission.RECEIVE)
    assert not ctx.may(Permission.INSPECT)
    with pytest.raises(PermissionRefused) as refused:
        ctx.require(Permission.INSPECT)
    assert str(refused.value) == (
        "Inspecting items needs an inspector sign-in; Cleo Grant is signed in as a clerk."
    )

    assert ctx.sign_out() == cleo
    assert ctx.signed_in is None and ctx.role is None and ctx.user == "station-account"
    assert ctx.sign_out() is None


def test_the_name_events_record_fits_the_events_column() -> None:
    ctx = StationContext("bench-1", "x")
    ctx.sign_in(SignedIn(1, "N" * 100, Role.INSPECTOR))
    assert ctx.user == "N" * 64


def _settings(tmp_path: Path, toml: str = "", **env: str):  # type: ignore[no-untyped-def]
    config = tmp_path / "returnstation.toml"
    config.write_text(toml, encoding="utf-8")
    return load_settings(
        {"RETURNSTATION_CONFIG": str(config), "RETURNSTATION_DATA_DIR": str(tmp_path), **env}
    )


def test_login_is_on_by_default_with_a_ten_minute_idle_lock(tmp_path: Path) -> None:
    s = _settings(tmp_path)
    assert (s.login, s.role, s.idle_lock_minutes) == (True, Role.INSPECTOR, 10)


def test_login_role_and_idle_lock_from_the_file_and_the_environment(tmp_path: Path) -> None:
    s = _settings(tmp_path, 'login = false\nrole = "Supervisor"\nidle_lock_minutes = 3\n')
    assert (s.login, s.role, s.idle_lock_minutes) == (False, Role.SUPERVISOR, 3)
    s = _settings(
        tmp_path,
        "login = false\n",
        RETURNSTATION_LOGIN="1",
        RETURNSTATION_ROLE="clerk",
        RETURNSTATION_IDLE_LOCK_MINUTES="0",
    )
    assert (s.login, s.role, s.idle_lock_minutes) == (True, Role.CLERK, 0)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"RETURNSTATION_ROLE": "boss"}, "role: 'boss' is not one of clerk, inspector, supervisor, admin"),
        ({"RETURNSTATION_IDLE_LOCK_MINUTES": "ten"}, "idle_lock_minutes: 'ten' is not a whole number >= 0"),
        ({"RETURNSTATION_IDLE_LOCK_MINUTES": "-5"}, "idle_lock_minutes: '-5' is not a whole number >= 0"),
    ],
)
def test_a_bad_login_setting_says_which_and_why(tmp_path: Path, env: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        _settings(tmp_path, **env)
