"""Inserting many rows in one statement, with their ids known, inside a short write transaction.

Why: on SQLite every writer waits for the one write lock, so a 25,000-RMA import must not spend
seconds in it. An ORM flush (or a RETURNING of every id) costs far more per row than the driver's own
``executemany``; here the ids are reserved first and the rows inserted with them, so both databases
take one plain executemany per table.

Reserving: on PostgreSQL the ids come from the table's own sequence (``nextval`` n times, one query),
so other stations' inserts never collide with them. On SQLite the caller holds the write lock (the
station opens every transaction with ``BEGIN IMMEDIATE``), so nobody else can insert before the
commit and the next free ids are simply after the largest one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Dialect, Table, func, insert, select, text


def reserve_ids(connection: Connection, table: Table, count: int) -> list[int]:
    """``count`` new, increasing ids for ``table`` (integer primary key ``id``), valid in this transaction."""
    if count <= 0:
        return []
    if connection.dialect.name == "postgresql":
        found = connection.execute(
            text("SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)"),
            {"table": table.name, "n": count},
        ).scalars()
        return sorted(int(i) for i in found)
    top = int(connection.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one())
    return list(range(top + 1, top + 1 + count))


class BulkInsert:
    """Rows converted for the database ahead of time, inserted later with one executemany.

    Built before the write transaction (each value through its column type's own bind processor, what
    SQLAlchemy does per row, so the stored values are the same as through ``insert(table)``); ``run``
    inside it only reserves the ids, fills them and the ``late`` columns (foreign keys known only then)
    into their slots, and executes. All rows have the same keys.
    """

    def __init__(
        self, dialect: Dialect, table: Table, rows: Sequence[Mapping[str, Any]], late: Sequence[str] = ()
    ) -> None:
        self.table = table
        self._late = ("id", *late)
        keys = [*self._late, *(k for k in (rows[0] if rows else {}) if k not in self._late)]
        compiled = insert(table).compile(dialect=dialect, column_keys=keys)
        self._sql = str(compiled)
        self._positional = bool(compiled.positional)
        self._order = list(compiled.positiontup or keys) if self._positional else keys
        self._slots = {k: self._order.index(k) for k in self._late}
        convert = [(k, table.c[k].type.dialect_impl(dialect).bind_processor(dialect)) for k in self._order]
        self._rows = [
            [
                None if k in self._slots else (row[k] if p is None or row[k] is None else p(row[k]))
                for k, p in convert
            ]
            for row in rows
        ]

    def __len__(self) -> int:
        return len(self._rows)

    def run(self, connection: Connection, **late: Sequence[object]) -> list[int]:
        """Insert every row with fresh ids (returned in order) and the given ``late`` column values."""
        ids = reserve_ids(connection, self.table, len(self._rows))
        if not self._rows:
            return ids
        columns = {"id": ids, **late}
        for key, slot in self._slots.items():
            for row, value in zip(self._rows, columns[key], strict=True):
                row[slot] = value
        params: list[Any] = (
            [tuple(r) for r in self._rows]
            if self._positional
            else [dict(zip(self._order, r, strict=True)) for r in self._rows]
        )
        connection.exec_driver_sql(self._sql, params)
        return ids


def insert_with_ids(connection: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> list[int]:
    """Insert ``rows`` (without ``id``, all with the same keys) with one executemany; their ids, in order."""
    return BulkInsert(connection.dialect, table, rows).run(connection)
