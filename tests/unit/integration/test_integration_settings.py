"""The [integration] section: defaults, every problem at once, secrets from the environment."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from returnstation.config import load_settings
from returnstation.integration.settings import (
    IntegrationConfigError,
    TargetKind,
    load_integration_config,
    parse_integration_config,
)


def test_defaults_need_no_section(tmp_path: Path) -> None:
    cfg = parse_integration_config({}, tmp_path)
    assert cfg.inbox_dir == tmp_path / "inbox" and cfg.targets == () and cfg.pull is None


def test_targets_pull_and_secret_from_the_environment(tmp_path: Path) -> None:
    cfg = parse_integration_config(
        {
            "inbox_dir": str(tmp_path / "in"),
            "stable_seconds": 0,
            "pull": {"url": "https://oms.example/api", "auth_header_env": "OMS_AUTH", "page_param": "page"},
            "targets": [
                {
                    "name": "oms",
                    "kind": "webhook",
                    "url": "https://oms.example/hook",
                    "secret_env": "OMS_SECRET",
                    "events": ["item.dispositioned"],
                    "first_delay_s": 1,
                    "max_delay_s": 30,
                    "max_attempts": 3,
                },
                {"name": "log", "kind": "jsonl", "path": str(tmp_path / "e.jsonl"), "backfill": False},
            ],
        },
        tmp_path,
        env={"OMS_SECRET": "hush-hush", "OMS_AUTH": "Authorization: Bearer t"},
    )
    oms, log = cfg.targets
    assert (oms.kind, oms.secret, oms.max_attempts) == (TargetKind.WEBHOOK, "hush-hush", 3)
    assert oms.events == {"item.dispositioned"} and oms.retry.max_delay_s == 30
    assert "hush" not in repr(oms) and "Bearer" not in repr(cfg)  # secrets stay out of logs
    assert (log.kind, log.path, log.backfill) == (TargetKind.JSONL, tmp_path / "e.jsonl", False)
    assert cfg.pull is not None and cfg.pull.headers == (("Authorization", "Bearer t"),)
    assert cfg.pull.page_param == "page" and cfg.stable_seconds == 0


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    with pytest.raises(IntegrationConfigError) as err:
        parse_integration_config(
            {
                "colour": "red",
                "poll_seconds": "often",
                "targets": [
                    {"name": "a b", "kind": "webhook", "url": "ftp://x"},
                    {"name": "f", "kind": "jsonl"},
                    {"name": "f", "kind": "csv", "path": "x.csv", "events": ["item.teleported"]},
                    {"name": "g", "kind": "fax"},
                    {"name": "h", "kind": "webhook", "url": "https://x", "secret_env": "MISSING"},
                ],
            },
            tmp_path,
            env={},
        )
    text = "\n".join(err.value.problems)
    for expected in (
        "unknown key 'colour'",
        "poll_seconds",
        "name 'a b'",
        "http:// or https://",
        "needs a secret",
        "path is required",
        "used twice",
        "item.teleported",
        "kind must be one of",
        "MISSING",
    ):
        assert expected in text, expected


def test_read_from_the_stations_toml_file(tmp_path: Path) -> None:

    toml = tmp_path / "station.toml"
    toml.write_text(
        'station = "b1"\n[integration]\ninbox_dir = "/srv/in"\n[[integration.targets]]\n'
        'name = "f"\nkind = "csv"\npath = "/srv/out.csv"\n',
        encoding="utf-8",
    )
    settings = load_settings({"RETURNSTATION_CONFIG": str(toml), "RETURNSTATION_DATA_DIR": str(tmp_path)})
    toml.unlink()  # the section was read with the rest of the file, once: it is not opened again
    cfg = load_integration_config(settings)
    assert cfg.inbox_dir == Path("/srv/in") and cfg.targets[0].path == Path("/srv/out.csv")
    assert settings.station == "b1"  # the same read


def test_a_bad_section_stops_the_feeds_and_a_broken_file_the_settings(tmp_path: Path) -> None:
    toml = tmp_path / "station.toml"
    toml.write_text('station = "b1"\n[integration]\ncolour = "red"\n', encoding="utf-8")
    settings = load_settings({"RETURNSTATION_CONFIG": str(toml), "RETURNSTATION_DATA_DIR": str(tmp_path)})
    with pytest.raises(IntegrationConfigError, match=rf"{re.escape(str(toml))}.*unknown key 'colour'"):
        load_integration_config(settings)  # the bench opens; only the feeds are refused
    toml.write_text("[integration\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"station\.toml"):
        load_settings({"RETURNSTATION_CONFIG": str(toml), "RETURNSTATION_DATA_DIR": str(tmp_path)})
    toml.write_text("integration = 5\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"`integration` in .* must be a table"):
        load_settings({"RETURNSTATION_CONFIG": str(toml), "RETURNSTATION_DATA_DIR": str(tmp_path)})
