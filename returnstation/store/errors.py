"""What a station says when its database cannot be reached, instead of a driver stack trace.

A bench keeps working while the network, the database server or a shared drive comes and goes. When a
step cannot reach the database the services raise one exception, `DatabaseUnavailable`, with a plain
sentence the UI can show as it is. Nothing is half-written: every step is one transaction, and a
transaction that did not commit leaves no trace. Retrying the same `Scan` object later is safe: item
scans carry the scan's timestamp and are recognised when repeated, and the other steps are idempotent
by state (re-opening an open parcel resumes it, finishing a closed one says so, deciding a decided
item names who decided it).

Only errors that mean "unreachable" are translated. Constraint violations, SQL mistakes, deadlocks and
serialisation failures are bugs or retry cases, not outages, and pass through unchanged.
"""

from __future__ import annotations

import functools
import inspect
import sqlite3
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

# Defined in the domain so that the window can catch it without importing this layer; raised from here.
from returnstation.domain.errors import DatabaseUnavailable as DatabaseUnavailable
from returnstation.domain.messages import msg

C = TypeVar("C", bound=type)

# PostgreSQL SQLSTATEs that mean the server is gone, going, or refusing new work (Appendix A of the
# PostgreSQL manual): class 08 connection exceptions, class 53 insufficient resources, and
# 57P01 admin shutdown / 57P02 crash shutdown / 57P03 cannot connect now.
_PG_DOWN_STATES = ("57P01", "57P02", "57P03")
_PG_DOWN_CLASSES = ("08", "53")

# SQLite result codes (sqlite3 exceptions carry their name since Python 3.11).
_LOCKED = msg("the database file is locked by another program or station and stayed locked")
_SQLITE_REASONS = {
    "SQLITE_BUSY": _LOCKED,
    "SQLITE_LOCKED": _LOCKED,
    "SQLITE_READONLY": msg("the database file cannot be written (read-only file or folder)"),
    "SQLITE_CANTOPEN": msg(
        "the database file cannot be opened (missing folder, removed drive or network share)"
    ),
    "SQLITE_IOERR": msg("the disk holding the database reported a read/write error"),
    "SQLITE_FULL": msg("the disk holding the database is full"),
    "SQLITE_PERM": msg("the database file cannot be written (no permission)"),
}


def unavailable_reason(exc: BaseException) -> str | None:
    """A plain reason when ``exc`` means the database is unreachable, else None.

    Raw sqlite3 errors count too: one raised while a new connection is being set up (our PRAGMAs in
    the pool's connect hook) reaches the caller unwrapped.
    """
    if isinstance(exc, sqlite3.Error):
        return _SQLITE_REASONS.get(getattr(exc, "sqlite_errorname", ""))
    if not isinstance(exc, DBAPIError):
        return None
    if exc.connection_invalidated:
        return msg("the connection to the database server was lost")
    if not isinstance(exc, OperationalError | InterfaceError):
        return None  # IntegrityError, ProgrammingError, DataError...: not an outage
    orig = exc.orig
    if isinstance(orig, sqlite3.Error):
        return _SQLITE_REASONS.get(getattr(orig, "sqlite_errorname", ""))
    state = getattr(orig, "sqlstate", None)
    if state is None:  # the driver itself failed: refused, timed out, closed, host unknown
        first = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
        return msg("the database server does not answer ({detail})", detail=first[:160])
    if state in _PG_DOWN_STATES or state[:2] in _PG_DOWN_CLASSES:
        return msg(
            "the database server is shutting down or refusing connections (SQLSTATE {state})", state=state
        )
    return None


F = TypeVar("F", bound=Callable[..., Any])


def translate_db_errors(fn: F) -> F:
    """Re-raise an outage error from ``fn`` as `DatabaseUnavailable`; everything else passes untouched."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (DBAPIError, sqlite3.Error) as exc:
            reason = unavailable_reason(exc)
            if reason is None:
                raise
            raise DatabaseUnavailable(reason) from exc

    return wrapper  # type: ignore[return-value]


def guard_database(cls: C) -> C:
    """Class decorator: every public method of a service translates outage errors.

    A class decorator rather than one per method so that a method added later is covered too.
    """
    for name, attr in list(vars(cls).items()):
        if not name.startswith("_") and inspect.isfunction(attr):
            setattr(cls, name, translate_db_errors(attr))
    return cls
