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
        channel: recycling             # optional: the resale channel (data/channels.yaml); without
                                       # it, the channel that is default_for the disposition
        reason: "Battery: recycle in the battery stream, never general waste"   # shown to the inspector

Fields: category, sku, grade (the product grade), packaging (the packaging condition, graded apart:
sealed, opened_intact, damaged, missing as the checklists define), reason (the return reason code),
days_since_purchase, unit_value,
hazardous, warranty_valid, expiry_days_left (expiry minus today, negative once expired), lot_present,
market, answer.<check id>. ``null`` matches an unknown fact (days_since_purchase, warranty_valid,
expiry_days_left, market, packaging and answers can be unknown). Text compares without regard to case.

The file is rejected, with every problem as "file:line: message", for unknown keys, fields or operators,
wrong value types, unknown dispositions, duplicate rule ids, a rule after a catch-all (it could never
match), a last rule that is not a catch-all (some item would get no decision), and a rule that an earlier
rule shadows (every item it would take, the earlier one takes first; see ``reachability``).
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode

from returnstation.disposition.channels import ChannelSet
from returnstation.disposition.checklist import ChecklistSet
from returnstation.disposition.conditions import Condition, NormalisedFacts, Vocabulary, read_condition
from returnstation.disposition.disposition_words import read_disposition
from returnstation.disposition.markets import MarketPolicy, read_markets, read_sites, scope_key, scope_words
from returnstation.disposition.reachability import shadowed_by
from returnstation.disposition.yaml_source import Entry, SourceFile
from returnstation.domain.enums import Disposition
from returnstation.domain.inspection import Decision, ItemFacts, NearMiss

# Checking that no rule is shadowed by an earlier one compares every pair; the shipped file has 34 rules.
# A list past this is generated, not read top to bottom by a person, which is what the format is for.
MAX_RULES = 1000
_RULE_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,59}$")
_DESTINATION = re.compile(r"^[A-Z0-9][A-Z0-9_./-]{0,31}$")


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
    channel: str = ""  # as the rule names it; "" = the default channel of the disposition

    @property
    def is_catch_all(self) -> bool:
        return not self.conditions


Scope = tuple[str | None, str | None]  # (site, market) of a rule set; (None, None) is the default


class RuleSet:
    """A validated, ordered rule list; ``version`` identifies the exact file a decision came from.

    ``scoped`` holds the file's further rule sets by (site, market); an item is decided by the most
    specific one that exists for its site and market: site and market, then the site's, then the
    market's, then ``rules`` (the default). ``markets`` holds each market's resale policy, applied
    after whichever rule decided.
    """

    def __init__(
        self,
        rules: tuple[Rule, ...],
        version: str,
        source: Path,
        title: str = "",
        *,
        scoped: Mapping[Scope, tuple[Rule, ...]] | None = None,
        markets: Mapping[str, MarketPolicy] | None = None,
        sites: frozenset[str] = frozenset(),
        channels: ChannelSet | None = None,
    ) -> None:
        for ruleset in (rules, *(scoped or {}).values()):
            if not ruleset or not ruleset[-1].is_catch_all:
                raise ValueError("the last rule must be a catch-all so that every item gets a decision")
        self.rules = rules
        self.version = version
        self.source = source
        self.title = title
        self.scoped = dict(scoped or {})
        self.markets = dict(markets or {})
        self.sites = sites
        self.channels = channels  # None: decisions carry only the channels rules name

    def scope_for(self, site: str | None, market: str | None) -> Scope:
        """Which rule set decides an item of this site and market (the fallback order above)."""
        site, market = scope_key(site, market)
        for scope in ((site, market), (site, None), (None, market)):
            if scope in self.scoped:
                return scope
        return (None, None)

    def rules_for(self, site: str | None, market: str | None) -> tuple[Rule, ...]:
        scope = self.scope_for(site, market)
        return self.scoped.get(scope, self.rules)

    def describe_scopes(self) -> str:
        """The rule sets besides the default, in words: "2 rule sets (site BER; market CH)"."""
        if not self.scoped:
            return ""
        names = "; ".join(scope_words(*scope) for scope in self.scoped)
        return f"{len(self.scoped)} rule set(s) ({names})"

    def channel_of(self, rule: Rule) -> str:
        """The channel a decision by ``rule`` goes to: the rule's own, else its disposition's default."""
        if rule.channel or self.channels is None:
            return rule.channel
        return self.channels.default_for(rule.disposition).id

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
        for rule in self.rules_for(facts.site, facts.market):
            failed = [c for c in rule.conditions if not c.holds_for(view.value(c.field))]
            if not failed:
                decision = Decision(
                    disposition=rule.disposition,
                    destination=rule.destination,
                    rule_id=rule.id,
                    reason=rule.reason,
                    rules_version=self.version,
                    near_misses=tuple(near_misses),
                    channel=self.channel_of(rule),
                )
                policy = self.markets.get(scope_key(None, facts.market)[1] or "")
                moved = decision if policy is None else policy.apply(decision)
                if moved is decision or self.channels is None:
                    return moved
                # rerouted by the market's policy: the channel of where it goes now, not of the rule's
                return replace(moved, channel=self.channels.default_for(moved.disposition).id)
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
    channels: ChannelSet | None = None,
) -> RuleSet:
    """Read and validate a rules file; raises ``ConfigError`` listing every problem as "file:line: ...".

    Given ``checklists`` and/or ``reasons`` (codes), answer values, grades, packaging conditions and
    reason codes used in conditions are checked against them as well, so a misspelt value fails here
    instead of never matching; given ``channels``, each rule's channel must exist and accept the rule's
    disposition.
    """
    source = SourceFile(path)
    vocabulary = _vocabulary(checklists, reasons)
    root = source.compose()
    rules: list[Rule] = []
    title = ""
    sites: frozenset[str] | None = None
    markets: dict[str, MarketPolicy] | None = None
    scoped: dict[Scope, tuple[Rule, ...]] = {}
    if root is not None:
        entries = source.mapping(root, "rules file")
        if entries is not None:
            source.check_keys(
                root,
                entries,
                "rules file",
                required=("rules",),
                optional=("title", "sites", "markets", "rule_sets"),
            )
            if "title" in entries:
                title = source.local_text(entries["title"].value, "title", max_len=80) or ""
            if "sites" in entries:
                sites = read_sites(source, entries["sites"].value)
            if "markets" in entries:
                markets = read_markets(source, entries["markets"].value, is_destination)
            vocabulary = replace(
                vocabulary,
                sites=sites,
                markets=frozenset(markets) if markets is not None else None,
            )
            ids: dict[str, int] = {}  # rule ids are unique in the whole file: a decision names one rule
            if "rules" in entries:
                rules = _read_rules(source, entries["rules"].value, vocabulary, ids)
            if "rule_sets" in entries:
                scoped = _read_rule_sets(source, entries["rule_sets"].value, vocabulary, ids, markets or {})
    if channels is not None:
        for rule in (*rules, *(r for rs in (scoped or {}).values() for r in rs)):
            _check_channel(source, rule, channels)
    source.raise_if_problems()
    version = hashlib.sha256(source.raw).hexdigest()[:12]
    return RuleSet(
        tuple(rules),
        version=version,
        source=path,
        title=title,
        scoped=scoped,
        markets=markets,
        sites=sites or frozenset(),
        channels=channels,
    )


def _read_rule_sets(
    source: SourceFile,
    node: Node,
    vocabulary: Vocabulary,
    ids: dict[str, int],
    markets: Mapping[str, MarketPolicy],
) -> dict[Scope, tuple[Rule, ...]]:
    """``rule_sets:``, a list of {site and/or market, rules}; each set is checked like the default one
    (ends with a catch-all, nothing shadowed) and names only sites and markets the file declares."""
    scoped: dict[Scope, tuple[Rule, ...]] = {}
    first: dict[Scope, int] = {}
    for item in source.sequence(node, "rule_sets") or ():
        entries = source.mapping(item, "rule set")
        if entries is None:
            continue
        source.check_keys(
            item, entries, "rule set", required=("rules",), optional=("site", "market", "title")
        )
        site = _declared(source, entries, "site", vocabulary.sites, "sites")
        market = _declared(source, entries, "market", vocabulary.markets, "markets")
        if "site" not in entries and "market" not in entries:
            source.problem(
                item, "rule set: name its 'site', its 'market' or both (the default set is 'rules')"
            )
            continue
        scope = (site, market)
        what = f"rule set for {scope_words(site, market)}"
        if "title" in entries:
            source.text(entries["title"].value, f"{what}: title", max_len=80)
        if scope in first:
            source.problem(
                item, f"{what}: a second set for the same scope (the first is on line {first[scope]})"
            )
            continue
        first[scope] = int(item.start_mark.line) + 1
        if "rules" not in entries:
            continue
        rules = _read_rules(source, entries["rules"].value, vocabulary, ids)
        if ("site" in entries and site is None) or ("market" in entries and market is None):
            continue  # its site or market was refused above; its rules are still checked
        policy = markets.get(market or "")
        for rule in rules:
            if policy is not None and policy.forbids(rule.disposition):
                source.problem(
                    rule.line,
                    f"rule '{rule.id}' ({what}) says {rule.disposition.value}, but market {market} forbids "
                    f"resale: the market's policy would send it to {policy.disposition.value} anyway",
                )
        if rules and rules[-1].is_catch_all:
            scoped[scope] = tuple(rules)
    return scoped


def _declared(
    source: SourceFile, entries: Mapping[str, Entry], key: str, known: frozenset[str] | None, section: str
) -> str | None:
    """The set's site or market code, when the file declares it under ``sites:``/``markets:``."""
    if key not in entries:
        return None
    node = entries[key].value
    text = source.text(node, f"rule set: {key}")
    if text is None:
        return None
    code = text.strip().upper()
    if known is None:
        source.problem(node, f"rule set: {key} '{text}' is not declared: list it under '{section}:' first")
        return None
    if code not in known:
        listed = ", ".join(sorted(known)) or "none"
        hint = difflib.get_close_matches(code, sorted(known), n=1)
        maybe = f"; did you mean '{hint[0]}'?" if hint else ""
        source.problem(node, f"rule set: {key} '{text}' is not listed under '{section}:' ({listed}){maybe}")
        return None
    return code


def _check_channel(source: SourceFile, rule: Rule, channels: ChannelSet) -> None:
    if not rule.channel:
        return
    channel = channels.get(rule.channel)
    if channel is None:
        known = ", ".join(c.id for c in channels)
        source.problem(rule.line, f"rule '{rule.id}': unknown channel '{rule.channel}' (known: {known})")
    elif rule.disposition not in channel.dispositions:
        takes = ", ".join(sorted(d.value for d in channel.dispositions))
        source.problem(
            rule.line,
            f"rule '{rule.id}': channel '{rule.channel}' takes {takes}, not {rule.disposition.value}",
        )


def _vocabulary(checklists: ChecklistSet | None, reasons: Collection[str] | None) -> Vocabulary:
    answers: dict[str, frozenset[str]] | None = None
    grades: frozenset[str] | None = None
    packagings: frozenset[str] | None = None
    captures: set[str] = set()
    if checklists is not None:
        collected: dict[str, set[str]] = {}
        scale: set[str] = set()
        packaging: set[str] = set()
        for checklist in checklists:
            scale.update(checklist.grade_scale)
            packaging.update(checklist.packaging_scale)
            for check in checklist.checks:
                if check.is_capture:
                    captures.add(check.id)
                else:
                    collected.setdefault(check.id, set()).update(a.value for a in check.answers)
        answers = {k: frozenset(v) for k, v in collected.items()}
        grades = frozenset(scale)
        packagings = frozenset(packaging)
    return Vocabulary(
        answers=answers,
        grades=grades,
        packagings=packagings,
        reasons=frozenset(reasons) if reasons is not None else None,
        captures=frozenset(captures),
    )


def _read_rules(
    source: SourceFile, node: Node, vocabulary: Vocabulary, first_line: dict[str, int] | None = None
) -> list[Rule]:
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
    first_line = {} if first_line is None else first_line
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
        node,
        entries,
        what,
        required=("id", "disposition", "destination", "reason"),
        optional=("when", "channel"),
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
        disposition = read_disposition(
            source, entries["disposition"].value, f"{what}: disposition", named=what
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
    channel = source.identifier(entries["channel"].value, f"{what}: channel") if "channel" in entries else ""

    if len(source.problems) > before or rule_id is None or disposition is None:
        return None
    assert destination is not None and reason is not None
    if channel is None:
        return None
    return Rule(
        channel=channel,
        id=rule_id,
        conditions=tuple(conditions),
        disposition=disposition,
        destination=destination,
        reason=reason,
        line=int(node.start_mark.line) + 1,
    )
