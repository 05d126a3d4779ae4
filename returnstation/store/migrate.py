"""Bring any database to the newest schema with Alembic, from code (the app does it at start-up)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


@cache
def script_heads() -> frozenset[str]:
    """The revisions a database at head is stamped with. Read once per process: reading the scripts
    executes every migration file (~10 ms), and they cannot change while the process runs."""
    return frozenset(ScriptDirectory.from_config(alembic_config()).get_heads())


def upgrade_to_head(engine: Engine) -> None:
    """Apply every pending migration. "heads" (not "head") so that features developed side by side
    may each add a branch off the same parent; Alembic applies all branches.

    A database already at head (every start but the first after an upgrade, and every test database
    copied from a migrated template) is recognised from its version row alone, without building the
    Alembic environment: Alembic would find nothing to do either."""
    if is_up_to_date(engine):
        return
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "heads")


def is_up_to_date(engine: Engine) -> bool:
    with engine.connect() as conn:
        return set(MigrationContext.configure(conn).get_current_heads()) == script_heads()
