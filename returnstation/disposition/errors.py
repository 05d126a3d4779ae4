"""The one error a bad checklist, rule or reason file raises.

It carries every problem found, not just the first, because the person fixing the file is a supervisor
with a text editor: one round trip per typo would be painful. Each problem starts with "path:line:" so
editors and terminals can jump straight to it.
"""

from __future__ import annotations

from collections.abc import Iterable


class ConfigError(Exception):
    """A configuration file cannot be used; ``problems`` holds one "path:line: message" per mistake."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems: tuple[str, ...] = tuple(problems)
        # A single tuple argument keeps the exception picklable (pickle calls cls(*args)).
        super().__init__(self.problems)

    def __str__(self) -> str:
        count = len(self.problems)
        head = "1 problem" if count == 1 else f"{count} problems"
        return "\n".join([f"{head} in the configuration:", *(f"  {p}" for p in self.problems)])
