"""Inspection photos: one row per picture taken as evidence of an item's condition.

Why the picture is a file and the row only points at it: photos are large (hundreds of kB each) and
a database backup should stay small and fast, while the photo folder can sit on a network share that
every station of a shared PostgreSQL setup writes to. The row keeps what makes the file trustworthy
later: its SHA-256 and size (a swapped or truncated file is detectable), when, where and by whom it
was taken, and the check it documents (None: a photo of the item as a whole).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from returnstation.store.models import Base


class InspectionPhotoRow(Base):
    __tablename__ = "inspection_photos"
    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"), index=True)
    check_id: Mapped[str | None] = mapped_column(String(64))  # None: the item as a whole
    # Relative to the photo folder, with "/" separators, so stations on Windows and Linux that share
    # one database and one share all find the same file.
    path: Mapped[str] = mapped_column(String(300), unique=True)
    sha256: Mapped[str] = mapped_column(String(64))  # hex digest of the file's bytes
    size_bytes: Mapped[int] = mapped_column("bytes")
    taken_at: Mapped[datetime]
    station: Mapped[str] = mapped_column(String(64))
    user: Mapped[str] = mapped_column(String(64))
