"""Disposition rules: an ordered YAML list where the first rule whose conditions all hold decides.

Why an ordered list rather than scores or priorities: a supervisor reading the file top to bottom can
predict every decision, and safety rules (hazardous goods, recalls) are simply written first. Why so
much checking on load: a rule that can never match, or a file where some items match nothing, is a
mistake that would otherwise surface as a mis-routed pallet weeks later.

File format (the full reference with examples is returnstation/data/rules/README.md)::

    title: Default rules               # optional
    rules:
      - id: battery-recycle            # unique; lower-case letters, digits, '-', '_', '.'
        when:                          # every condition must hold; leave out 'when' for a catch-all
          category: batteries
          grade: [C, D]                # a list means "one of"
          unit_value: {lt: 50}         # operators: lt le gt ge (numbers), in (list), not (value/list)
          answer.packaging: sealed     # answer.<check id>: the checklist answer's value
        disposition: recycle           # restock refurbish recycle scrap return_to_customer
                                       # return_to_vendor donate liquidate quarantine
        destination: RECYCLE-HAZMAT    # bin or zone on the label: A-Z 0-9 - _ . / (max 32)
        reason: "Battery: recycle in the battery stream, never general waste"   # shown to the inspector

Fields: category, sku, grade, reason (the return reason code), days_since_purchase, unit_value,
hazardous, warranty_valid, expiry_days_left (expiry minus today, negative once expired), lot_present,
market, answer.<check id>. ``null`` matches an unknown fact (days_since_purchase, warranty_valid,
expiry_days_left, market and answers can be unknown). Text compares without regard to case.

The file is rejected, with every problem as "file:line: message", for unknown keys, fields or operators,
wrong value types, unknown dispositions, duplicate rule ids, a rule after a catch-all (it could never
match), a last rule that is not a catch-all (some item would get no decision), and a rule that an earlier
rule shadows (every item it would take, the earlier one takes first; see ``reachability``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode

from returnstation.disposition.checklist import ChecklistSet
from returnstation.disposition.conditions import Condition, NormalisedFacts, Vocabulary, read_condition
from returnstation.disposition.reachability import shadowed_by
from returnstation.disposition.yaml_source import SourceFile
from returnstation.domain.enums import Disposition
from returnstation.domain.inspection import Decision, ItemFacts, NearMiss

# Checking that no rule is shadowed by an earlier one compares every pair; the shipped file has 34 rules.
# A list past this is generated, not read top to bottom by a person, which is what the format is for.
MAX_RULES = 1000
_RULE_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,59}$")
_DESTINATION = re.compile(r"^[A-Z0-9][A-Z0-9_./-]{0,31}$")
_DISPOSITIONS = {d.value: d for d in Disposition}


def is_destination(text: str) -> bool:
    """A bin or zone code as printed on the routing label: A-Z 0-9 - _ . / (at most 32)."""
    return _DESTINATION.match(text) is not None


@dataclass(frozen=True)
class Rule:
    id: str
    conditions: tuple[Condition, ...]
    disposition: Disposition
    destination: str
    reason: str
    line: int = 0

    @property
    def is_catch_all(self) -> bool:
        return not self.conditions


class RuleSet:
    """A validated, ordered rule list; ``version`` identifies the exact file a decision came from."""

    def __init__(self, rules: tuple[Rule, ...], version: str, source: Path, title: str = "") -> None:
        if not rules or not rules[-1].is_catch_all:
            raise ValueError("the last rule must be a catch-all so that every item gets a decision")
        self.rules = rules
        self.version = version
        self.source = source
        self.title = title

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def decide(self, facts: ItemFacts) -> Decision:
        """The first rule whose conditions all hold, with the near misses before it.

        A near miss is a rule that failed on exactly one condition while its others held: that is what an
        inspector needs to spot a wrong answer or grade ("grade is C, rule needs B"). A rule with a single
        condition that failed is not "near": listing every such rule would bury the useful ones.
        """
        near_misses: list[NearMiss] = []
        view = NormalisedFacts(facts)
        for rule in self.rules:
            failed = [c for c in rule.conditions if not c.holds_for(view.value(c.field))]
            if not failed:
                return Decision(
                    disposition=rule.disposition,
                    destination=rule.destination,
                    rule_id=rule.id,
                    reason=rule.reason,
                    rules_version=self.version,
                    near_misses=tuple(near_misses),
                )
            if len(failed) == 1 and len(rule.conditions) > 1:
                near_misses.append(failed[0].near_miss(rule.id, rule.reason, facts))
        raise AssertionError("unreachable: the constructor guarantees a final catch-all rule")


def default_rules_path() -> Path:
    return Path(__file__).resolve().parent.parent / "data" / "rules" / "default.yaml"


def load_rules(
    path: Path,
    *,
    checklists: ChecklistSet | None = None,
    reasons: Collection[str] | None = None,
) -> RuleSet:
    """Read and validate a rules file; raises ``ConfigError`` listing every problem as "file:line: ...".

    Given ``checklists`` and/or ``reasons`` (codes), answer values, grades and reason codes used in
    conditions are checked against them as well, so a misspelt value fails here instead of never matching.
    """
    source = SourceFile(path)
    vocabulary = _vocabulary(checklists, reasons)
    root = source.compose()
    rules: list[Rule] = []
    title = ""
    if root is not None:
        entries = source.mapping(root, "rules file")
        if entries is not None:
            source.check_keys(root, entries, "rules file", required=("rules",), optional=("title",))
            if "title" in entries:
                title = source.local_text(entries["title"].value, "title", max_len=80) or ""
            if "rules" in entries:
                rules = _read_rules(source, entries["rules"].value, vocabulary)
    source.raise_if_problems()
    version = hashlib.sha256(source.raw).hexdigest()[:12]
    return RuleSet(tuple(rules), version=version, source=path, title=title)


def _vocabulary(checklists: ChecklistSet | None, reasons: Collection[str] | None) -> Vocabulary:
    answers: dict[str, frozenset[str]] | None = None
    grades: frozenset[str] | None = None
    captures: set[str] = set()
    if checklists is not None:
        collected: dict[str, set[str]] = {}
        scale: set[str] = set()
        for checklist in checklists:
            scale.update(checklist.grade_scale)
            for check in checklist.checks:
                if check.is_capture:
                    captures.add(check.id)
                else:
                    collected.setdefault(check.id, set()).update(a.value for a in check.answers)
        answers = {k: frozenset(v) for k, v in collected.items()}
        grades = frozenset(scale)
    return Vocabulary(
        answers=answers,
        grades=grades,
        reasons=frozenset(reasons) if reasons is not None else None,
        captures=frozenset(captures),
    )


def _read_rules(source: SourceFile, node: Node, vocabulary: Vocabulary) -> list[Rule]:
    items = source.sequence(node, "rules")
    if items is None:
        return []
    if len(items) > MAX_RULES:
        source.problem(
            node,
            f"{len(items)} rules: more than {MAX_RULES} rules is not a list a person "
            "can read top to bottom; merge rules with lists of values ([a, b])",
        )
        return []
    rules: list[Rule] = []
    first_line: dict[str, int] = {}
    catch_all_line: int | None = None
    for item in items:
        line = int(item.start_mark.line) + 1
        if catch_all_line is not None:
            source.problem(
                item, f"this rule comes after the catch-all on line {catch_all_line}: it can never match"
            )
        elif _is_catch_all(item):
            catch_all_line = line
        raw_id = _raw_id(item)
        if raw_id is not None and raw_id in first_line:
            source.problem(item, f"rule id '{raw_id}' is used twice (first on line {first_line[raw_id]})")
        elif raw_id is not None:
            first_line[raw_id] = line
        rule = _read_rule(source, item, vocabulary)
        if rule is not None:
            rules.append(rule)
    for index, rule in enumerate(rules):
        before = shadowed_by(rule, rules[:index])
        if before is not None:
            source.problem(
                rule.line,
                f"rule '{rule.id}' can never match: rule '{before.id}' on line {before.line} comes first and "
                f"takes every item '{rule.id}' would (move '{rule.id}' above it, or remove it)",
            )
    if items and catch_all_line is None:
        source.problem(
            items[-1],
            "the last rule must be a catch-all (a rule without 'when') so every item gets a decision, "
            'e.g. disposition: quarantine, reason: "No rule fits: a supervisor decides"',
        )
    return rules


def _raw_id(node: Node) -> str | None:
    """The id as written, read apart from the rest so duplicates show even when a rule has other errors."""
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if isinstance(key, ScalarNode) and key.value == "id" and isinstance(value, ScalarNode):
                return str(value.value).strip() or None
    return None


def _is_catch_all(node: Node) -> bool:
    """Judged on the raw node, so a typo elsewhere in the rule does not also hide reachability problems."""
    if not isinstance(node, MappingNode):
        return False
    for key, value in node.value:
        if isinstance(key, ScalarNode) and key.value == "when":
            return isinstance(value, MappingNode) and not value.value
    return True


def _read_rule(source: SourceFile, node: Node, vocabulary: Vocabulary) -> Rule | None:
    entries = source.mapping(node, "rule")
    if entries is None:
        return None
    rule_id = source.text(entries["id"].value, "rule id") if "id" in entries else None
    if rule_id is not None and not _RULE_ID.match(rule_id):
        source.problem(
            entries["id"].value,
            f"rule id '{rule_id}' must be lower-case letters, digits, '-', '_' or '.' (at most 60)",
        )
        rule_id = None
    what = f"rule '{rule_id}'" if rule_id else "rule"
    before = len(source.problems)
    source.check_keys(
        node, entries, what, required=("id", "disposition", "destination", "reason"), optional=("when",)
    )

    conditions: list[Condition] = []
    if "when" in entries:
        when = source.mapping(entries["when"].value, f"{what}: when")
        for name, entry in (when or {}).items():
            condition = read_condition(source, entry.key_node, name, entry.value, vocabulary, context=what)
            if condition is not None:
                conditions.append(condition)

    disposition: Disposition | None = None
    if "disposition" in entries:
        word = source.text(entries["disposition"].value, f"{what}: disposition")
        if word is not None:
            disposition = _DISPOSITIONS.get(word.strip().lower())
            if disposition is None:
                source.problem(
                    entries["disposition"].value,
                    f"{what}: unknown disposition '{word}' (known: {', '.join(_DISPOSITIONS)})",
                )
    destination = None
    if "destination" in entries:
        destination = source.text(entries["destination"].value, f"{what}: destination")
        if destination is not None and not _DESTINATION.match(destination):
            source.problem(
                entries["destination"].value,
                f"{what}: destination '{destination}' must be upper-case letters, digits and - _ . / "
                "(at most 32), as printed on the label",
            )
    reason = (
        source.local_text(entries["reason"].value, f"{what}: reason", max_len=120)
        if "reason" in entries
        else None
    )

    if len(source.problems) > before or rule_id is None or disposition is None:
        return None
    assert destination is not None and reason is not None
    return Rule(
        id=rule_id,
        conditions=tuple(conditions),
        disposition=disposition,
        destination=destination,
        reason=reason,
        line=int(node.start_mark.line) + 1,
    )
