"""Users, sign-in and supervisor approval: people with a badge, a role and a PIN.

Why the rules here are strict: a PIN is typed at an open bench, so it will be watched and
guessed. PINs are 6 to 12 digits, stored only as a salted scrypt hash (hashlib.scrypt, n=2**14, r=8,
p=1, the parameters stored with the hash so they can be raised later). After 5 wrong PINs in a row a
badge is locked, first for 30 seconds, doubling with each further failure up to an hour; the lock lives
in the database, so it holds across restarts and stations. Every refusal says the same words, whether
the name or the PIN was wrong, the badge is locked, or the person may not approve, and an unknown name
costs the same scrypt time as a wrong PIN, so the answer gives nothing away. Refusals are events.

Signing in at the bench (``sign_in``) and approving an override (``verify_supervisor_pin``) check the
PIN the same way and share one failure counter per badge, so switching between the two screens gives
a guesser no extra tries. What each role may do is the table in domain/roles.py; this module is the
only writer of the users table (store/models_users.py). Signing in, out and refused sign-ins are events.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from returnstation.domain.access import open_to_all, requires
from returnstation.domain.clock import Clock, utcnow
from returnstation.domain.item_code import parse_item_code
from returnstation.domain.messages import msg
from returnstation.domain.roles import Permission, Role, may, parse_role
from returnstation.domain.text import clean, clean_line
from returnstation.scan.classify import CodeKind, classify
from returnstation.services.results import SignedIn, StationContext
from returnstation.store.errors import guard_database
from returnstation.store.models_users import UserRow
from returnstation.store.uow import UnitOfWorkFactory, uow_factory_for

__all__ = [
    "APPROVER_ROLES",
    "Approver",
    "PinRefused",
    "Role",
    "UserError",
    "UserService",
    "UserView",
    "badge_in_scan",
    "check_pin",
    "hash_pin",
]

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
SALT_BYTES, HASH_BYTES = 16, 32
MAX_FAILURES = 5
FIRST_LOCK = timedelta(seconds=30)
LONGEST_LOCK = timedelta(hours=1)
APPROVER_ROLES = frozenset(r for r in Role if may(r, Permission.APPROVE_OVERRIDE))
REFUSED = msg(
    "Badge or PIN not accepted. After 5 wrong PINs in a row a badge is locked for a "
    "while: wait, or ask another supervisor."
)

_PIN = re.compile(r"^\d{6,12}$")
_BADGE = re.compile(r"^[A-Z0-9][A-Z0-9._-]{1,63}$")


# What a parcel, order, product or command label classifies as: never a badge. A GTIN-8 is not among
# them (an 8-digit staff number passes its check digit one time in ten), nor is text an item may carry.
_LABEL_KINDS = frozenset(
    {CodeKind.RMA, CodeKind.ORDER, CodeKind.TRACKING, CodeKind.SSCC, CodeKind.GS1, CodeKind.COMMAND}
)


def badge_in_scan(text: str) -> str | None:
    """The badge a scan (or a line typed) at the sign-in holds; None for a label of the bench's work.

    Why decided from the code alone, not by looking the badge up: the sign-in must not tell a stranger
    which badges exist (every refusal says the same words). A badge is any code that is not a parcel,
    order, tracking, product (GTIN-12/13/14), command or station item (RSI-...) label; the PIN check
    then decides as for a typed badge."""
    code = classify(text)
    badge = clean_line(code.value or text)
    if not badge or code.kind in _LABEL_KINDS or parse_item_code(badge) is not None:
        return None
    if code.kind is CodeKind.GTIN and len(badge) >= 12:
        return None
    if code.kind is CodeKind.INVALID and badge.upper().startswith("CMD:"):
        return None  # an unknown command card is still a command card
    return badge


class UserError(ValueError):
    """A user cannot be created as asked; the message says what to change."""


class PinRefused(Exception):
    """The sign-in or approval was refused. The message is the same for every cause, on purpose."""

    def __init__(self) -> None:
        super().__init__(REFUSED)


@dataclass(frozen=True, slots=True)
class UserView:
    id: int
    name: str
    badge: str
    role: Role
    active: bool
    has_pin: bool
    failed_attempts: int
    locked_until: datetime | None


@dataclass(frozen=True, slots=True)
class Approver:
    """The supervisor whose PIN was just accepted."""

    id: int
    name: str
    badge: str
    role: Role


def hash_pin(pin: str, salt: bytes | None = None) -> str:
    """``scrypt$n$r$p$salt$hash`` with a fresh random salt unless one is given (tests)."""
    salt = salt if salt is not None else secrets.token_bytes(SALT_BYTES)
    digest = _scrypt(pin, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return "$".join(["scrypt", str(SCRYPT_N), str(SCRYPT_R), str(SCRYPT_P), _b64(salt), _b64(digest)])


def check_pin(pin: str, stored: str) -> bool:
    """True when ``pin`` matches the stored hash (constant-time compare); False for any malformed hash."""
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != "scrypt":
        return False
    try:
        n, r, p = int(parts[1]), int(parts[2]), int(parts[3])
        salt, expected = base64.b64decode(parts[4]), base64.b64decode(parts[5])
        if not (2 <= n <= 2**20 and 1 <= r <= 32 and 1 <= p <= 16):
            return False
        actual = _scrypt(pin, salt, n, r, p, len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int, length: int = HASH_BYTES) -> bytes:
    return hashlib.scrypt(
        pin.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=256 * 1024 * 1024, dklen=length
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _taken(name: str, badge: str) -> str:
    return msg("a user with the name '{name}' or the badge '{badge}' already exists", name=name, badge=badge)


def lock_for(failures: int) -> timedelta:
    """How long a badge stays locked after ``failures`` wrong PINs in a row (none before the fifth)."""
    if failures < MAX_FAILURES:
        return timedelta(0)
    return min(FIRST_LOCK * (1 << min(failures - MAX_FAILURES, 16)), LONGEST_LOCK)


def _view(row: UserRow) -> UserView:
    return UserView(
        id=row.id,
        name=row.name,
        badge=row.badge,
        role=Role(row.role),
        active=row.active,
        has_pin=bool(row.pin_hash),
        failed_attempts=row.failed_attempts,
        locked_until=row.locked_until,
    )


@guard_database
class UserService:
    def __init__(
        self,
        session_factory: sessionmaker[Session] | None,
        ctx: StationContext,
        clock: Clock = utcnow,
        *,
        uow_factory: UnitOfWorkFactory | None = None,
    ) -> None:
        self._uow = uow_factory_for(session_factory, uow_factory)  # an in-memory one in unit tests
        self.ctx = ctx
        self._now = clock

    @requires(Permission.MANAGE_USERS)
    def create_user(self, name: str, badge: str, role: Role | str, pin: str | None = None) -> UserView:
        """A new active user; the badge is stored upper-case. Raises ``UserError`` for bad or taken values."""
        name, badge = clean_line(name), clean_line(badge).upper()
        if not name or len(name) > 100 or not name.isprintable():
            raise UserError(msg("the name must be 1 to 100 readable characters"))
        if not _BADGE.match(badge):
            raise UserError(
                msg("the badge must be 2 to 64 letters, digits, '.', '_' or '-' (what a scanner can send)")
            )
        try:
            role = parse_role(str(role))
        except ValueError as exc:
            raise UserError(str(exc)) from None
        if pin is not None and not _PIN.match(pin):
            raise UserError(msg("the PIN must be 6 to 12 digits"))
        now = self._now()
        with self._uow() as uow:
            if uow.users.name_or_badge_taken(name, badge):
                raise UserError(_taken(name, badge))
            row = UserRow(
                name=name,
                badge=badge,
                role=role.value,
                pin_hash=hash_pin(pin) if pin else "",
                active=True,
                failed_attempts=0,
                locked_until=None,
                created_at=now,
                updated_at=now,
            )
            try:
                uow.users.add(row)
            except IntegrityError:  # another station created the same badge a moment ago
                raise UserError(
                    msg(
                        "a user with the name '{name}' or the badge '{badge}' already exists",
                        name=name,
                        badge=badge,
                    )
                ) from None
            uow.events.record(
                self.ctx,
                now,
                "user_created",
                ("user", row.id),
                payload={"name": name, "badge": badge, "role": role.value, "pin_set": bool(pin)},
            )
            uow.commit()
            return _view(row)

    @requires(Permission.MANAGE_USERS)
    def list_users(self) -> list[UserView]:
        with self._uow(read_only=True) as uow:
            return [_view(r) for r in uow.users.all_by_name()]

    @requires(Permission.MANAGE_USERS)
    def get(self, user_id: int) -> UserView | None:
        with self._uow(read_only=True) as uow:
            row = uow.users.get(user_id)
            return _view(row) if row is not None else None

    @open_to_all("the locked window asks it before anyone can sign in")
    def anyone_can_sign_in(self) -> bool:
        """True when at least one active person has a PIN: else the sign-in panel says how to add one."""
        with self._uow(read_only=True) as uow:
            return uow.users.anyone_with_pin()

    @open_to_all("how a person gets a role: the badge and PIN are the check")
    def sign_in(self, badge_or_name: str, pin: str) -> UserView:
        """Check badge (or name) and PIN, then the station acts for this person; ``PinRefused`` otherwise.

        The same checks, lockout and words as an approval (``verify_supervisor_pin``), and one failure
        counter for both. Slow on purpose (scrypt, about 50 ms): call it from a worker thread.
        """
        user = self._accept_pin(badge_or_name, pin, "sign_in_refused", "cannot_sign_in", lambda _u: True)
        now = self._now()
        before = self.ctx.signed_in
        with self._uow() as uow:
            if before is not None and before.id is not None and before.id != user.id:
                uow.events.record(
                    self.ctx,
                    now,
                    "signed_out",
                    ("user", before.id),
                    payload={"reason": "replaced"},
                    user=before.name[:64],
                )
            uow.events.record(
                self.ctx,
                now,
                "signed_in",
                ("user", user.id),
                payload={"role": user.role.value},
                user=user.name[:64],
            )
            uow.commit()
        self.ctx.sign_in(user)  # only once the sign-in is on record
        return user

    @open_to_all("anyone may lock the bench")
    def sign_out(self, reason: str = "signed_out") -> UserView | None:
        """Nobody is signed in any more (``reason``: "signed_out", "idle"...); who was, if anyone."""
        return self.record_sign_out(self.ctx.sign_out(), reason)

    @open_to_all("records a sign-out the window has already made on the station context")
    def record_sign_out(self, before: SignedIn | None, reason: str = "signed_out") -> UserView | None:
        """The event of ``before`` signing out. The window clears the context itself at once (the bench
        locks without waiting) and records it on a pool thread; a sign-in made meanwhile stays."""
        if before is None or before.id is None:
            return None
        with self._uow() as uow:
            uow.events.record(
                self.ctx,
                self._now(),
                "signed_out",
                ("user", before.id),
                payload={"reason": reason},
                user=before.name[:64],
            )
            row = uow.users.get(before.id)
            view = _view(row) if row is not None else None
            uow.commit()
        return view

    @open_to_all("the supervisor's badge and PIN are the check")
    def verify_supervisor_pin(self, badge_or_name: str, pin: str, purpose: str = "override") -> Approver:
        """The approving supervisor, or ``PinRefused`` (same message whatever was wrong)."""
        user = self._accept_pin(
            badge_or_name,
            pin,
            "approval_refused",
            "not_an_approver",
            lambda u: may(u.role, Permission.APPROVE_OVERRIDE),
        )
        return Approver(id=user.id, name=user.name, badge=user.badge, role=user.role)

    def _accept_pin(
        self,
        badge_or_name: str,
        pin: str,
        refusal_event: str,
        not_allowed: str,
        allowed: Callable[[UserView], bool],
    ) -> UserView:
        """The active person with this badge or name and PIN who is ``allowed``, else ``PinRefused``.

        The scrypt check runs outside any transaction, so a slow hash never holds the database's write
        lock; the failure counter is then bumped with one atomic UPDATE, so two benches guessing at once
        still lock the badge after five wrong PINs in total.
        """
        who, pin = clean_line(badge_or_name), clean(pin)  # the one cleaning rule (domain/text.py)
        now = self._now()
        with self._uow(read_only=True) as uow:
            row = uow.users.by_badge_or_name(who)
            user = _view(row) if row is not None else None
            stored = row.pin_hash if row is not None else ""
        usable = user is not None and user.active and allowed(user) and bool(stored)
        locked = user is not None and user.locked_until is not None and user.locked_until > now
        if not usable or locked:
            _spend_the_same_time(pin)
            self._refused(user, now, "locked" if locked else not_allowed, refusal_event)
        assert user is not None
        if not check_pin(pin, stored):
            self._refused(user, now, "wrong_pin", refusal_event)
        with self._uow() as uow:
            uow.users.clear_failures(user.id, now)
            uow.commit()
        return replace(user, failed_attempts=0, locked_until=None)

    def _refused(self, user: UserView | None, now: datetime, why: str, event: str) -> None:
        """Count the failure, lock the badge when due, record the event, then raise ``PinRefused``."""
        with self._uow() as uow:
            failures = 0
            if user is not None and why == "wrong_pin":
                failures = uow.users.add_failure(user.id, now)
                if failures >= MAX_FAILURES:
                    uow.users.lock_until(user.id, now + lock_for(failures))
            uow.events.record(
                self.ctx,
                now,
                event,
                ("user", user.id if user is not None else None),
                payload={"why": why, "failures": failures},
            )
            uow.commit()
        raise PinRefused()


def _spend_the_same_time(pin: str) -> None:
    """One scrypt of the usual cost, so a refusal without a PIN check is not faster than a wrong PIN."""
    check_pin(pin, _dummy_hash())


@functools.cache
def _dummy_hash() -> str:
    return hash_pin("000000")
