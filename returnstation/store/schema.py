"""Every table module, imported in one place so Alembic and create-all see the whole schema.

A feature that adds tables puts them in its own module (models_<feature>.py, using models.Base)
and adds one import line here.
"""

from __future__ import annotations

from returnstation.store import models

metadata = models.Base.metadata
