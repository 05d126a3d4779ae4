"""Inspections in progress: what an inspector has answered so far, saved on every answer.

Why a table and not memory: a bench PC gets switched off, the app crashes, an inspector is called away
and a colleague carries on at the next bench. The draft is one row per item (``item_id`` unique), written
with a single upsert on every answer, read when the item is opened again anywhere, and deleted in the
same transaction that records the decision.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from returnstation.store.models import Base


class InspectionDraftRow(Base):
    __tablename__ = "inspection_drafts"
    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"), unique=True)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)  # choice checks: check id -> answer value
    captured: Mapped[dict[str, Any]] = mapped_column(JSON)  # capture checks: check id -> value or null
    current_step: Mapped[int] = mapped_column(default=0)  # index of the open check
    station: Mapped[str] = mapped_column(String(64))  # where it was last saved
    user: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime]  # when the inspection began (kept across resumes: handling time)
    updated_at: Mapped[datetime]
