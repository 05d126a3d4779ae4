"""inspection photos: one row per picture taken as inspection evidence

Revision ID: 0005
Revises: 0001
Create Date: 2026-11-25

- inspection_photos: item, the check it documents (NULL: the item as a whole), the file's path relative
  to the photo folder, its SHA-256 and size, when, at which station and by whom it was taken.
The pictures themselves are files (settings.photo_root); no existing table is changed.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "inspection_photos",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("check_id", sa.String(length=64), nullable=True),
        sa.Column("path", sa.String(length=300), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("bytes", sa.Integer(), nullable=False),
        sa.Column("taken_at", sa.DateTime(), nullable=False),
        sa.Column("station", sa.String(length=64), nullable=False),
        sa.Column("user", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"], name=op.f("fk_inspection_photos_item_id_items")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspection_photos")),
        sa.UniqueConstraint("path", name=op.f("uq_inspection_photos_path")),
    )
    with op.batch_alter_table("inspection_photos", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inspection_photos_item_id"), ["item_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("inspection_photos", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inspection_photos_item_id"))
    op.drop_table("inspection_photos")
