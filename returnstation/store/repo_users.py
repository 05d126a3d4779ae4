"""People with a badge, a role and a PIN hash; services/users.py holds the rules, this only the reads
and the atomic counter updates."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from returnstation.store.models_users import UserRow


class UserRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, row: UserRow) -> None:
        """Insert now (flush): a name or badge another station took a moment ago raises IntegrityError."""
        self.session.add(row)
        self.session.flush()

    def get(self, user_id: int) -> UserRow | None:
        return self.session.get(UserRow, user_id)

    def all_by_name(self) -> list[UserRow]:
        return list(self.session.scalars(select(UserRow).order_by(UserRow.name)))

    def name_or_badge_taken(self, name: str, badge: str) -> bool:
        """True when someone has this name (any case) or this badge (stored upper-case)."""
        stmt = select(UserRow.id).where(or_(func.lower(UserRow.name) == name.lower(), UserRow.badge == badge))
        return self.session.scalar(stmt) is not None

    def anyone_with_pin(self) -> bool:
        stmt = select(UserRow.id).where(UserRow.active.is_(True), UserRow.pin_hash != "").limit(1)
        return self.session.scalar(stmt) is not None

    def by_badge_or_name(self, who: str) -> UserRow | None:
        """The user with this badge (upper-cased) or this name (any case, spaces tidied)."""
        stmt = select(UserRow).where(
            or_(UserRow.badge == who.upper(), func.lower(UserRow.name) == " ".join(who.split()).lower())
        )
        return self.session.scalars(stmt).first()

    def clear_failures(self, user_id: int, now: datetime) -> None:
        self.session.execute(
            update(UserRow)
            .where(UserRow.id == user_id)
            .values(failed_attempts=0, locked_until=None, updated_at=now)
        )

    def add_failure(self, user_id: int, now: datetime) -> int:
        """Count one more wrong PIN with one atomic UPDATE (two benches guessing at once both count);
        the failures in a row afterwards."""
        self.session.execute(
            update(UserRow)
            .where(UserRow.id == user_id)
            .values(failed_attempts=UserRow.failed_attempts + 1, updated_at=now)
        )
        return int(self.session.scalar(select(UserRow.failed_attempts).where(UserRow.id == user_id)) or 0)

    def lock_until(self, user_id: int, until: datetime) -> None:
        self.session.execute(update(UserRow).where(UserRow.id == user_id).values(locked_until=until))
