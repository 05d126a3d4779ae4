"""Bring any database to the newest schema with Alembic, from code (the app does it at start-up).

Alembic itself (with Mako, its DDL modules and every dialect) takes 0.3-0.9 s to import on the bench
PC, and nearly every start finds the database already at head. So it is imported only when there is
something to apply: whether there is is read from the version table and the migration files' own
``revision`` / ``down_revision`` lines, without Alembic (a test checks both give the same heads).
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
VERSION_TABLE = "alembic_version"


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


@cache
def script_heads() -> frozenset[str]:
    """The revisions a database at head is stamped with: every revision no other one revises. Read once
    per process from the files' module-level ``revision`` and ``down_revision`` literals."""
    revisions: set[str] = set()
    revised: set[str] = set()
    for path in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        found = _literals(path, ("revision", "down_revision"))
        revisions.add(str(found["revision"]))
        down = found.get("down_revision")
        if isinstance(down, str):
            revised.add(down)
        elif isinstance(down, tuple | list):
            revised.update(str(d) for d in down)
    return frozenset(revisions - revised)


def _literals(path: Path, names: tuple[str, ...]) -> dict[str, object]:
    values: dict[str, object] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1):
            continue
        target = node.targets[0]
        if isinstance(target, ast.Name) and target.id in names:
            values[target.id] = ast.literal_eval(node.value)
    if "revision" not in values:
        raise ValueError(f"{path} has no revision")
    return values


def upgrade_to_head(engine: Engine) -> None:
    """Apply every pending migration. "heads" (not "head") so that features developed side by side
    may each add a branch off the same parent; Alembic applies all branches.

    A database already at head (every start but the first after an upgrade, and every test database
    copied from a migrated template) is recognised from its version row alone, without building the
    Alembic environment: Alembic would find nothing to do either."""
    if is_up_to_date(engine):
        return
    from alembic import command

    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "heads")


def is_up_to_date(engine: Engine) -> bool:
    """The database is stamped with exactly the scripts' heads (what Alembic's own check compares)."""
    with engine.connect() as conn:
        if not inspect(conn).has_table(VERSION_TABLE):
            return False
        stamped = {row[0] for row in conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}"))}
        return stamped == script_heads()
