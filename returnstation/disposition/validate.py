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
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from returnstation.disposition.channels import ChannelSet, default_channels_path, load_channels
from returnstation.disposition.checklist import ChecklistSet, default_checklists_dir, load_checklists
from returnstation.disposition.deductions import DeductionPolicy, default_deductions_path, load_deductions
from returnstation.disposition.errors import ConfigError
from returnstation.disposition.override_reasons import (
    OverridePolicy,
    default_override_reasons_path,
    load_override_policy,
)
from returnstation.disposition.reasons import default_reasons_path, load_reasons
from returnstation.disposition.rules import RuleSet, default_rules_path, load_rules
from returnstation.translation import missing_translations, shipped_languages


@dataclass(frozen=True)
class DispositionConfig:
    """Everything the inspection bench decides with, loaded and checked against each other."""

    rules: RuleSet
    checklists: ChecklistSet
    reasons: dict[str, str]
    overrides: OverridePolicy
    channels: ChannelSet
    deductions: DeductionPolicy

    def summary(self) -> str:
        scopes = self.rules.describe_scopes()
        return (
            f"{len(self.rules.rules)} rules (version {self.rules.version}), "
            + (f"{scopes}, " if scopes else "")
            + f"{len(self.checklists)} checklists, {len(self.reasons)} reason codes, "
            f"{len(self.overrides.reasons)} override reasons, "
            f"{len(list(self.channels))} channels"
        )


def check_rules(
    path: Path,
    checklists: ChecklistSet | None,
    reasons: Collection[str] | None,
    channels: ChannelSet | None = None,
) -> RuleSet:
    """The one validation of a rules file: at station start, at reload and in ``rules-check``.

    Always against the checklists and reason codes in use, so an ``answer.phisical`` or a misspelt
    answer value fails everywhere the same way instead of passing the check and stopping the benches.
    ``reasons`` (or ``checklists``) is None only for services built by hand without them (tests, tools)
    and when that file itself is broken: the rules file is then still checked for everything else.
    ``channels`` None: the shipped channels file (checked against ``checklists``).
    """
    if channels is None:
        channels = load_channels(checklists=checklists)
    return load_rules(path, checklists=checklists, reasons=reasons, channels=channels)


def load_disposition(
    rules_path: Path | None = None,
    checklists_dir: Path | None = None,
    reasons_path: Path | None = None,
    override_reasons_path: Path | None = None,
) -> DispositionConfig:
    """Load checklists, reasons, override reasons and rules (None: the shipped file), as a station does.

    Raises one ``ConfigError`` with every problem of every file, so one run of ``rules-check`` lists
    all that a station would refuse.
    """
    problems: list[str] = []
    checklists = _collect(problems, lambda: load_checklists(checklists_dir or default_checklists_dir()))
    reasons = _collect(problems, lambda: load_reasons(reasons_path or default_reasons_path()))
    overrides = _collect(
        problems, lambda: load_override_policy(override_reasons_path or default_override_reasons_path())
    )
    channels = _collect(problems, lambda: load_channels(default_channels_path(), checklists=checklists))
    deductions = _collect(
        problems, lambda: load_deductions(default_deductions_path(), checklists=checklists, reasons=reasons)
    )
    rules_file = rules_path or default_rules_path()
    # the same check as check_rules; with a broken channels file, the rules are checked without channels
    rules = _collect(
        problems, lambda: load_rules(rules_file, checklists=checklists, reasons=reasons, channels=channels)
    )
    if problems:
        raise ConfigError(problems)
    assert rules is not None and checklists is not None and reasons is not None and overrides is not None
    assert channels is not None and deductions is not None
    return DispositionConfig(rules, checklists, reasons, overrides, channels, deductions)


def translation_gaps(*loaded: object, languages: Sequence[str] | None = None) -> list[str]:
    """What ``rules-check`` prints about translations: per shipped language, how many texts of the
    loaded files have none (they show in English) and each one as "file:line: English text"."""
    langs = shipped_languages() if languages is None else languages
    missing = missing_translations(loaded, langs)
    lines: list[str] = []
    for lang in langs:
        texts = missing.get(lang, [])
        lines.append(f"Translations {lang}: " + (f"{len(texts)} texts missing (shown in English)" if texts
                                                  else "complete"))
        lines.extend(f"  {lang}: {t.origin}: {t}" for t in texts)
    return lines


T = TypeVar("T")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rules", type=Path, default=default_rules_path())
    parser.add_argument("--checklists", type=Path, default=default_checklists_dir())
    parser.add_argument("--reasons", type=Path, default=default_reasons_path())
    parser.add_argument("--override-reasons", type=Path, default=default_override_reasons_path())
    args = parser.parse_args(argv)
    try:
        config = load_disposition(args.rules, args.checklists, args.reasons, args.override_reasons)
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"OK: {config.summary()}")
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
