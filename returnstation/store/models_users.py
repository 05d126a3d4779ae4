"""The people who work at the bench: badge, role and PIN, for sign-in and supervisor approval.

Why only this much: people sign in at the bench with badge and PIN, and a supervisor approves an
override the same way (see services/users.py for the rules: PIN hashing, lockout, back-off; what each
role may do is domain/roles.py). So it is kept small and general: one row per person, a unique badge,
one role, an optional PIN (a person without one can neither sign in nor approve).

``pin_hash`` is ``scrypt$<n>$<r>$<p>$<salt b64>$<hash b64>`` (hashlib.scrypt, 16-byte per-user salt), so
the cost parameters can be raised later without breaking the PINs already stored. ``failed_attempts``
and ``locked_until`` carry the lockout across restarts and stations.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from returnstation.domain.roles import Role
from returnstation.store.models import Base

__all__ = ["ROLE_VALUES", "Role", "UserRow"]  # Role lives in the domain; re-exported for older imports

ROLE_VALUES = tuple(r.value for r in Role)


class UserRow(Base):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint(f"role IN {ROLE_VALUES!r}", name="role"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    badge: Mapped[str] = mapped_column(String(64), unique=True)  # printed on the badge, scannable
    role: Mapped[str] = mapped_column(String(16))
    pin_hash: Mapped[str] = mapped_column(String(200), default="")  # "" = no PIN: cannot approve
    active: Mapped[bool] = mapped_column(default=True)
    failed_attempts: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
