"""The one exception a bench shows when its database is away, importable without SQLAlchemy.

Why here and not beside the translation in store/errors.py: the services raise it and the window
catches it (to keep the scan and say so), and the window must not import the storage layer to know
the name of what it catches. store/errors.py turns driver errors into it.
"""

from __future__ import annotations

from returnstation.domain.messages import msg


class DatabaseUnavailable(Exception):
    """The database cannot be reached right now; ``reason`` says why in plain words."""

    def __init__(self, reason: str) -> None:
        self.reason = reason  # a Message from store/errors.py (translatable), or plain words
        super().__init__(
            msg(
                "The database is not reachable: {reason}. Your scan was kept and will be saved when the "
                "connection is back; nothing is counted twice.",
                reason=reason,
            )
        )

    def __str__(self) -> str:
        return str(self.args[0])
