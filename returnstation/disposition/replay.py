"""What-if: past decisions replayed under another rules file, to see what a change would move.

Why replay the stored facts rather than re-inspect: the facts each decision was made on are recorded
with it (grade, answers, captured lot and expiry, the date it was judged on), so a supervisor can try
a new rules file against last month's real items before the bench ever uses it, and a decision replayed
under the rules that made it comes out the same. Pure: the caller reads the database
(services/whatif.py) and prints the report.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from returnstation.disposition.markets import scope_key, scope_words
from returnstation.disposition.rules import RuleSet
from returnstation.domain.enums import Disposition
from returnstation.domain.inspection import ItemFacts

DEFAULT_EXAMPLES = 20


@dataclass(frozen=True, slots=True)
class PastDecision:
    """One recorded decision as the rules made it (an override is flagged, not replayed)."""

    item_code: str
    decided_at: datetime
    facts: ItemFacts
    disposition: Disposition
    destination: str
    rule_id: str
    overridden: bool = False


@dataclass(frozen=True, slots=True)
class Change:
    item_code: str
    decided_at: datetime
    old_disposition: Disposition
    old_destination: str
    old_rule: str
    new_disposition: Disposition
    new_destination: str
    new_rule: str
    overridden: bool  # a supervisor had overridden the old decision by hand

    def line(self) -> str:
        note = "  (was overridden by a supervisor)" if self.overridden else ""
        return (
            f"{self.item_code}  {self.decided_at:%Y-%m-%d}  "
            f"{self.old_disposition.value} {self.old_destination} [{self.old_rule}]  ->  "
            f"{self.new_disposition.value} {self.new_destination} [{self.new_rule}]{note}"
        )


@dataclass(frozen=True, slots=True)
class ReplayReport:
    rules_version: str
    total: int
    changed: int  # items whose disposition or destination would differ
    same_outcome_other_rule: int  # same place, but another rule would decide it
    transitions: tuple[tuple[Disposition, Disposition, int], ...]  # old -> new: count, largest first
    examples: tuple[Change, ...]  # the first changes, oldest first
    skipped: int = 0  # decisions recorded without facts (before facts were stored): cannot be replayed
    # per site and market of the items ("site BER, market CH"): (words, replayed, would change)
    by_scope: tuple[tuple[str, int, int], ...] = ()
    only: str = ""  # the --site/--market filter in words, "" for every item
    regraded: int = 0  # recorded with one worst-of grade: product and packaging graded again from answers

    def text(self) -> str:
        of = f" of {self.only}" if self.only else ""
        lines = [
            f"Replayed {self.total} decision(s){of} under rules {self.rules_version}: "
            f"{self.changed} would change, {self.total - self.changed} would not."
        ]
        if len(self.by_scope) > 1 or self.only:
            lines.append("")
            lines.append("By site and market: replayed, would change")
            lines.extend(f"  {words}: {n}, {moved}" for words, n, moved in self.by_scope)
        if self.skipped:
            lines.append(f"{self.skipped} older decision(s) have no stored facts and were not replayed.")
        if self.regraded:
            lines.append(
                f"{self.regraded} decision(s) from before packaging was graded apart were graded again "
                "from their stored answers (product grade and packaging condition)."
            )
        if self.same_outcome_other_rule:
            lines.append(
                f"{self.same_outcome_other_rule} would go to the same place by another rule "
                "(not counted as a change)."
            )
        moved = [(old, new, n) for old, new, n in self.transitions if old is not new]
        if moved:
            lines.append("")
            lines.append("Disposition old -> new: items")
            lines.extend(f"  {old.value} -> {new.value}: {n}" for old, new, n in moved)
        if self.examples:
            lines.append("")
            shown = len(self.examples)
            more = f" (first {shown} of {self.changed})" if self.changed > shown else ""
            lines.append(f"Items that would change{more}:")
            lines.extend(f"  {change.line()}" for change in self.examples)
        return "\n".join(lines)


def replay(
    past: Iterable[PastDecision],
    rules: RuleSet,
    examples: int = DEFAULT_EXAMPLES,
    skipped: int = 0,
    *,
    site: str | None = None,
    market: str | None = None,
    regraded: int = 0,
) -> ReplayReport:
    """Decide every past item again under ``rules`` and compare with what the rules said then.

    ``site``/``market`` keep only the items of that site and/or market (each item is decided by the
    rule set its own site and market choose, as at the bench); the report counts per site and market.
    """
    total = changed = other_rule = 0
    transitions: Counter[tuple[Disposition, Disposition]] = Counter()
    scopes: Counter[str] = Counter()
    moved: Counter[str] = Counter()
    shown: list[Change] = []
    wanted_site, wanted_market = scope_key(site, market)
    for old in past:
        item_site, item_market = scope_key(old.facts.site, old.facts.market)
        if (wanted_site and item_site != wanted_site) or (wanted_market and item_market != wanted_market):
            continue
        words = scope_words(item_site, item_market).replace("default", "no site or market")
        total += 1
        scopes[words] += 1
        new = rules.decide(old.facts)
        transitions[(old.disposition, new.disposition)] += 1
        if new.disposition is old.disposition and new.destination == old.destination:
            other_rule += new.rule_id != old.rule_id
            continue
        changed += 1
        moved[words] += 1
        if len(shown) < examples:
            shown.append(
                Change(
                    item_code=old.item_code,
                    decided_at=old.decided_at,
                    old_disposition=old.disposition,
                    old_destination=old.destination,
                    old_rule=old.rule_id,
                    new_disposition=new.disposition,
                    new_destination=new.destination,
                    new_rule=new.rule_id,
                    overridden=old.overridden,
                )
            )
    ordered = sorted(transitions.items(), key=lambda kv: (-kv[1], kv[0][0].value, kv[0][1].value))
    return ReplayReport(
        rules_version=rules.version,
        total=total,
        changed=changed,
        same_outcome_other_rule=other_rule,
        transitions=tuple((old, new, n) for (old, new), n in ordered),
        examples=tuple(shown),
        skipped=skipped,
        by_scope=tuple((words, n, moved[words]) for words, n in sorted(scopes.items())),
        only=scope_words(wanted_site, wanted_market) if wanted_site or wanted_market else "",
        regraded=regraded,
    )
