"""UI tests: the real station window driven offscreen with pytest-qt."""
