"""ReturnStation: the returns bench."""
