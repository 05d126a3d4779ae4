"""The audit chain's head: where the next event joins the hash chain (see store/audit.py).

One row (id 1) holding the last event's seq and hash. Writers lock it (SELECT ... FOR UPDATE) to take
the next position, which is what keeps two stations from forking the chain; verify compares it with
the last event, which is how deleting the newest events is noticed.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from returnstation.store.models import Base

HEAD_ID = 1


class AuditChainHeadRow(Base):
    __tablename__ = "audit_chain_head"
    __table_args__ = (CheckConstraint(f"id = {HEAD_ID}", name="single_row"),)
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_seq: Mapped[int]
    last_hash: Mapped[str] = mapped_column(String(64))
