"""Alembic environment: runs against the connection the app hands over (see store/migrate.py)."""

from __future__ import annotations

from alembic import context

from returnstation.store.schema import metadata

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # `alembic` command line against a URL
    from returnstation.store.db import make_engine

    engine = make_engine(config.get_main_option("sqlalchemy.url") or "")
    connection = engine.connect()

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
