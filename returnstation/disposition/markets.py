"""Sites and markets in a rules file: which codes exist, and a market's resale policy.

Why a policy next to the rules rather than one more rule: "returned goods may not be resold in this
market" is a law or a contract, not a judgement about one item. Written as a rule it would have to be
repeated above every restock, refurbish and liquidate rule of every rule set, and one forgotten copy
would put an item on sale where that is forbidden. As a policy it applies after whichever rule decided:
a resale disposition becomes the market's ``instead`` disposition, with a reason that says why.

Format (inside the rules file; the full reference is returnstation/data/rules/README.md)::

    sites: [BER, HAM]                      # the sites rule sets and rules may name
    markets:                               # the markets, each with its policy ({} = resale allowed)
      DE: {}
      CH:
        resale_allowed: false
        resale: [restock, refurbish, liquidate]    # optional; these are the default
        disposition: return_to_vendor      # instead of a resale disposition
        destination: RTV-MARKET
        reason: "Returned goods may not be resold in this market: back to the vendor"
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from yaml.nodes import Node, SequenceNode

from returnstation.disposition.disposition_words import read_disposition
from returnstation.disposition.yaml_source import SourceFile
from returnstation.domain.enums import Disposition
from returnstation.domain.inspection import Decision
from returnstation.domain.markets import code_problem, scope_code

# What puts an item back on sale: restocked, sold refurbished or sold off to a liquidator.
DEFAULT_RESALE = frozenset({Disposition.RESTOCK, Disposition.REFURBISH, Disposition.LIQUIDATE})


@dataclass(frozen=True, slots=True)
class MarketPolicy:
    code: str
    resale_allowed: bool = True
    resale: frozenset[Disposition] = DEFAULT_RESALE
    disposition: Disposition = Disposition.RETURN_TO_VENDOR
    destination: str = ""
    reason: str = ""

    def forbids(self, disposition: Disposition) -> bool:
        return not self.resale_allowed and disposition in self.resale

    @property
    def rule_id(self) -> str:
        """How the decisions the policy changed name it (stored with the inspection, like a rule id)."""
        return f"market-{self.code.lower()}-no-resale"

    def apply(self, decision: Decision) -> Decision:
        """The decision as this market allows it: a resale disposition becomes the policy's."""
        if not self.forbids(decision.disposition):
            return decision
        return replace(
            decision,
            disposition=self.disposition,
            destination=self.destination,
            rule_id=self.rule_id,
            reason=f"{self.reason} (rule '{decision.rule_id}' said {decision.disposition.value})",
        )


def read_sites(source: SourceFile, node: Node) -> frozenset[str]:
    """``sites: [BER, HAM]``: every code checked, each once."""
    items = source.sequence(node, "sites")
    codes: set[str] = set()
    for item in items or ():
        text = source.text(item, "sites")
        if text is None:
            continue
        code = scope_code(text)
        if code is None:
            source.problem(item, code_problem("site", text))
        elif code in codes:
            source.problem(item, f"sites: '{code}' is listed twice")
        else:
            codes.add(code)
    return frozenset(codes)


def read_markets(
    source: SourceFile, node: Node, is_destination: Callable[[str], bool]
) -> dict[str, MarketPolicy]:
    """The ``markets:`` mapping, code -> policy; every problem goes to ``source`` with its line."""
    entries = source.mapping(node, "markets")
    if entries is not None and not entries:
        source.problem(node, "markets: no markets are listed (leave the key out instead)")
    policies: dict[str, MarketPolicy] = {}
    for name, entry in (entries or {}).items():
        code = scope_code(name)
        if code is None:
            source.problem(entry.key_node, code_problem("market", name))
            continue
        if code in policies:
            source.problem(entry.key_node, f"markets: '{code}' is listed twice")
            continue
        policy = _read_policy(source, code, entry.value, is_destination)
        if policy is not None:
            policies[code] = policy
    return policies


def _read_policy(
    source: SourceFile, code: str, node: Node, is_destination: Callable[[str], bool]
) -> MarketPolicy | None:
    if source.is_null(node):
        return MarketPolicy(code)
    what = f"market '{code}'"
    fields = source.mapping(node, what)
    if fields is None:
        return None
    before = len(source.problems)
    source.check_keys(
        node,
        fields,
        what,
        required=(),
        optional=("resale_allowed", "resale", "disposition", "destination", "reason"),
    )
    allowed = True
    if "resale_allowed" in fields:
        flag = source.boolean(fields["resale_allowed"].value, f"{what}: resale_allowed")
        allowed = True if flag is None else flag
    resale = DEFAULT_RESALE
    if "resale" in fields:
        resale = _dispositions(source, fields["resale"].value, f"{what}: resale") or DEFAULT_RESALE
    instead = {k: fields[k] for k in ("disposition", "destination", "reason") if k in fields}
    if allowed:
        for entry in instead.values():
            source.problem(entry.key_node, f"{what}: '{entry.key}' only applies with resale_allowed: false")
        return None if len(source.problems) > before else MarketPolicy(code)
    for key in ("disposition", "destination", "reason"):
        if key not in instead:
            source.problem(
                node, f"{what}: resale_allowed is false, so '{key}' must say where such items go instead"
            )
    disposition = destination = reason = None
    if "disposition" in instead:
        disposition = read_disposition(source, instead["disposition"].value, f"{what}: disposition")
        if disposition is not None and disposition in resale:
            source.problem(
                instead["disposition"].value,
                f"{what}: '{disposition.value}' is itself a resale disposition, which this market forbids",
            )
    if "destination" in instead:
        destination = source.text(instead["destination"].value, f"{what}: destination")
        if destination is not None and not is_destination(destination):
            source.problem(
                instead["destination"].value,
                f"{what}: destination '{destination}' must be upper-case letters, digits and - _ . / "
                "(at most 32), as printed on the label",
            )
    if "reason" in instead:
        reason = source.text(instead["reason"].value, f"{what}: reason", max_len=120)
    if len(source.problems) > before or disposition is None or destination is None or reason is None:
        return None
    return MarketPolicy(code, False, resale, disposition, destination, reason)


def _dispositions(source: SourceFile, node: Node, what: str) -> frozenset[Disposition] | None:
    if not isinstance(node, SequenceNode):
        source.problem(node, f"{what}: expected a list of dispositions, e.g. [restock, refurbish]")
        return None
    items = source.sequence(node, what)
    found = [read_disposition(source, item, what) for item in items or ()]
    return frozenset(d for d in found if d is not None) or None


def scope_key(site: str | None, market: str | None) -> tuple[str | None, str | None]:
    """The lookup key of a rule set: codes upper case, as stored on RMAs."""
    return (_code_or_none(site), _code_or_none(market))


def _code_or_none(code: str | None) -> str | None:
    return (code.strip().upper() or None) if code else None


def scope_words(site: str | None, market: str | None) -> str:
    """How messages and reports name a rule set: "site BER, market CH", "market CH", "default"."""
    parts = [f"site {site}" if site else "", f"market {market}" if market else ""]
    return ", ".join(p for p in parts if p) or "default"


Policies = Mapping[str, MarketPolicy]
