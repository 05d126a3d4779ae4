"""Check checklists, rules and reason codes together before a station uses them.

A supervisor editing a rules file wants to know "is this right?" without starting the app at a bench;
this is that check, with every problem listed as file:line. Run::

    python -m returnstation.disposition.validate [--rules FILE] [--checklists FOLDER] [--reasons FILE]
        [--override-reasons FILE]

Anything not given is the shipped default. Exit status 0 means everything loaded, 1 means problems.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from returnstation.disposition.checklist import default_checklists_dir, load_checklists
from returnstation.disposition.errors import ConfigError
from returnstation.disposition.override_reasons import default_override_reasons_path, load_override_policy
from returnstation.disposition.reasons import default_reasons_path, load_reasons
from returnstation.disposition.rules import default_rules_path, load_rules

T = TypeVar("T")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rules", type=Path, default=default_rules_path())
    parser.add_argument("--checklists", type=Path, default=default_checklists_dir())
    parser.add_argument("--reasons", type=Path, default=default_reasons_path())
    parser.add_argument("--override-reasons", type=Path, default=default_override_reasons_path())
    args = parser.parse_args(argv)

    problems: list[str] = []
    checklists = _collect(problems, lambda: load_checklists(args.checklists))
    reasons = _collect(problems, lambda: load_reasons(args.reasons))
    rules = _collect(problems, lambda: load_rules(args.rules, checklists=checklists, reasons=reasons))
    overrides = _collect(problems, lambda: load_override_policy(args.override_reasons))
    if problems or rules is None or overrides is None:
        print(ConfigError(problems), file=sys.stderr)
        return 1
    print(
        f"OK: {len(rules.rules)} rules (version {rules.version}), "
        f"{len(checklists or ())} checklists, {len(reasons or {})} reason codes, "
        f"{len(overrides.reasons)} override reasons"
    )
    return 0


def _collect(problems: list[str], load: Callable[[], T]) -> T | None:
    """What ``load`` returns, or None with its problems added: every file is checked, so one run
    lists the mistakes of all of them."""
    try:
        return load()
    except ConfigError as exc:
        problems.extend(exc.problems)
        return None


if __name__ == "__main__":
    raise SystemExit(main())
