"""Every table module, imported in one place so Alembic and create-all see the whole schema.

A feature that adds tables puts them in its own module (models_<feature>.py, using models.Base)
and adds one import line here.
"""

from __future__ import annotations

import returnstation.store.models_audit
import returnstation.store.models_exceptions
import returnstation.store.models_integration  # noqa: F401
from returnstation.store import (  # noqa: F401
    models,
    models_inspection,
    models_outcomes,
    models_photos,
    models_receiving,
    models_users,
)

metadata = models.Base.metadata
