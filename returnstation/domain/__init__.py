"""Pure domain core: no Qt, no SQL. Everything here is importable and testable on its own."""
