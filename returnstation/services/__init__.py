"""Use cases that the Qt UI and the CLI both call. They speak in frozen result dataclasses, never ORM rows."""
