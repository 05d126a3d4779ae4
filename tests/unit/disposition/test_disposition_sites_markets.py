"""Rule sets per site and per market, the fallback between them, and a market that forbids resale."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from returnstation.disposition.checklist import default_checklists_dir, load_checklists
from returnstation.disposition.errors import ConfigError
from returnstation.disposition.reasons import load_reasons
from returnstation.disposition.replay import PastDecision, replay
from returnstation.disposition.rules import RuleSet, load_rules
from returnstation.disposition.validate import check_rules
from returnstation.domain.enums import Disposition
from returnstation.domain.inspection import ItemFacts

RULES = """\
title: Sites and markets
sites: [BER, HAM]
markets:
  DE: {}
  FR:
  CH:
    resale_allowed: false
    disposition: return_to_vendor
    destination: RTV-MARKET
    reason: "Returned goods may not be resold in this market"
rules:
  - id: default-a
    when: {grade: A}
    disposition: restock
    destination: RESTOCK-A1
    reason: "Default: back to stock"
  - id: default-other
    disposition: quarantine
    destination: QUARANTINE
    reason: "Default: a supervisor decides"
rule_sets:
  - site: BER
    market: DE
    rules:
      - id: ber-de-all
        disposition: refurbish
        destination: REFURB-BER
        reason: "Berlin, German market: the refurbishment line"
  - site: BER
    rules:
      - id: ber-a
        when: {grade: A}
        disposition: restock
        destination: RESTOCK-BER
        reason: "Berlin: back to stock"
      - id: ber-other
        disposition: liquidate
        destination: OUTLET-BER
        reason: "Berlin: outlet"
  - market: FR
    rules:
      - id: fr-all
        when: {market: FR, site: [HAM, null]}
        disposition: donate
        destination: DONATE-FR
        reason: "France: donate"
      - id: fr-other
        disposition: scrap
        destination: SCRAP-FR
        reason: "France: scrap"
"""


def rules_file(tmp_path: Path, text: str = RULES) -> Path:
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def facts(grade: str = "A", site: str | None = None, market: str | None = None) -> ItemFacts:
    return ItemFacts(
        category="general",
        sku="KTL-01",
        grade=grade,
        reason_code="no_longer_wanted",
        unit_value=Decimal("25.00"),
        answers={},
        site=site,
        market=market,
    )


@pytest.fixture
def rules(tmp_path: Path) -> RuleSet:
    return load_rules(rules_file(tmp_path))


@pytest.mark.parametrize(
    ("site", "market", "rule"),
    [
        ("BER", "DE", "ber-de-all"),  # site and market: the most specific set
        ("ber", "de", "ber-de-all"),  # codes compare in upper case, as the import stores them
        ("BER", "FR", "ber-a"),  # no BER+FR set: the site's set comes before the market's
        ("BER", None, "ber-a"),
        ("HAM", "FR", "fr-all"),  # no HAM set: the market's
        (None, "FR", "fr-all"),
        ("HAM", "DE", "default-a"),  # neither: the default rules
        (None, None, "default-a"),
        ("XYZ", "PL", "default-a"),  # an undeclared code on an RMA falls back as well
    ],
)
def test_the_item_s_site_and_market_choose_the_rule_set(
    rules: RuleSet, site: str | None, market: str | None, rule: str
) -> None:
    assert rules.decide(facts("A", site, market)).rule_id == rule


def test_the_fallback_order_is_site_and_market_then_site_then_market_then_default(rules: RuleSet) -> None:
    assert rules.scope_for("BER", "DE") == ("BER", "DE")
    assert rules.scope_for("BER", "FR") == ("BER", None)
    assert rules.scope_for("HAM", "FR") == (None, "FR")
    assert rules.scope_for("HAM", "DE") == (None, None)
    assert rules.describe_scopes() == "3 rule set(s) (site BER, market DE; site BER; market FR)"


def test_site_and_market_conditions_really_fire(rules: RuleSet) -> None:
    assert rules.decide(facts("C", None, "FR")).rule_id == "fr-all"  # site unknown: null listed
    assert rules.decide(facts("C", "HAM", "FR")).rule_id == "fr-all"
    decision = rules.decide(facts("C", "BER", "FR"))
    assert decision.rule_id == "ber-other"  # the site's set wins over the market's


def test_a_market_that_forbids_resale_routes_to_its_own_disposition_and_says_why(rules: RuleSet) -> None:
    allowed = rules.decide(facts("A", "HAM", "DE"))
    assert (allowed.disposition, allowed.destination) == (Disposition.RESTOCK, "RESTOCK-A1")
    forbidden = rules.decide(facts("A", "HAM", "CH"))
    assert forbidden.disposition is Disposition.RETURN_TO_VENDOR
    assert forbidden.destination == "RTV-MARKET"
    assert forbidden.rule_id == "market-ch-no-resale"
    assert "may not be resold" in forbidden.reason and "default-a" in forbidden.reason
    # liquidating is selling too: the Berlin outlet is closed to Swiss items
    berlin = rules.decide(facts("C", "BER", "CH"))
    assert berlin.disposition is Disposition.RETURN_TO_VENDOR and "ber-other" in berlin.reason
    # a disposition that is not resale is left alone
    assert rules.decide(facts("C", "HAM", "CH")).disposition is Disposition.QUARANTINE


def broken(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(ConfigError) as exc:
        load_rules(rules_file(tmp_path, text))
    return list(exc.value.problems)


def test_a_typo_in_a_rule_set_s_site_or_market_is_named_with_its_line(tmp_path: Path) -> None:
    text = RULES.replace("  - site: BER\n    market: DE", "  - site: BRE\n    market: DE").replace(
        "  - market: FR", "  - market: FRA"
    )
    problems = broken(tmp_path, text)
    assert any(
        ":22: rule set: site 'BRE' is not listed under 'sites:' (BER, HAM); did you mean 'BER'?" in p
        for p in problems
    ), problems
    assert any("rule set: market 'FRA' is not listed under 'markets:' (CH, DE, FR)" in p for p in problems)


def test_rule_set_mistakes_are_refused(tmp_path: Path) -> None:
    text = RULES + (
        "  - sight: BER\n    rules: [{id: x, disposition: scrap, destination: S, reason: r}]\n"
        "  - site: BER\n    rules: [{id: z, disposition: scrap, destination: S, reason: r}]\n"
        "  - site: HAM\n    rules: [{id: default-a, disposition: scrap, destination: S, reason: r}]\n"
    )
    problems = "\n".join(broken(tmp_path, text))
    assert "rule set: unknown key 'sight' (allowed: market, rules, site, title)" in problems
    assert "name its 'site', its 'market' or both" in problems
    assert "rule set for site BER: a second set for the same scope (the first is on line 29)" in problems
    assert "rule id 'default-a' is used twice (first on line 12)" in problems


def test_each_rule_set_needs_its_own_catch_all(tmp_path: Path) -> None:
    text = RULES.replace(
        "      - id: fr-other\n        disposition: scrap\n        destination: SCRAP-FR\n"
        '        reason: "France: scrap"\n',
        "",
    )
    assert any("the last rule must be a catch-all" in p for p in broken(tmp_path, text))


def test_site_and_market_condition_values_are_checked_against_the_declared_codes(tmp_path: Path) -> None:
    text = RULES.replace(
        "when: {grade: A}\n    disposition: restock",
        "when: {grade: A, market: DEU}\n    disposition: restock",
    )
    assert any(
        "market: 'DEU' is not a known value (expected one of CH, DE, FR)" in p for p in broken(tmp_path, text)
    )
    undeclared = (
        "rules:\n  - id: x\n    when: {site: BER}\n    disposition: scrap\n    destination: S\n"
        "    reason: r\n"
        "  - id: y\n    disposition: scrap\n    destination: S\n    reason: r\n"
    )
    assert load_rules(rules_file(tmp_path, undeclared)).decide(facts(site="BER")).rule_id == "x"


def test_a_market_policy_must_say_where_items_go_instead(tmp_path: Path) -> None:
    text = RULES.replace("    disposition: return_to_vendor\n", "").replace("  DE: {}", "  DE: {reason: x}")
    problems = "\n".join(broken(tmp_path, text))
    assert (
        "market 'CH': resale_allowed is false, so 'disposition' must say where such items go instead"
        in problems
    )
    assert "market 'DE': 'reason' only applies with resale_allowed: false" in problems
    relisting = RULES.replace("disposition: return_to_vendor", "disposition: liquidate")
    assert any("'liquidate' is itself a resale disposition" in p for p in broken(tmp_path, relisting))


def test_a_resale_rule_in_the_set_of_a_market_that_forbids_resale_is_refused(tmp_path: Path) -> None:
    text = RULES + (
        "  - market: CH\n    rules:\n      - id: ch-all\n        disposition: restock\n"
        "        destination: RESTOCK-CH\n        reason: r\n"
    )
    assert any(
        "rule 'ch-all' (rule set for market CH) says restock, but market CH forbids resale" in p
        for p in broken(tmp_path, text)
    )


def test_a_rules_file_with_sets_is_checked_against_the_checklists_like_any_other(tmp_path: Path) -> None:
    text = RULES.replace(
        "when: {grade: A}\n        disposition: restock\n        destination: RESTOCK-BER",
        "when: {answer.packaging: seald}\n        disposition: restock\n        destination: RESTOCK-BER",
    )
    with pytest.raises(ConfigError) as exc:
        check_rules(rules_file(tmp_path, text), load_checklists(default_checklists_dir()), load_reasons())
    assert any("'seald' is not a known value" in p for p in exc.value.problems)


def past(rules: RuleSet, n: int, site: str | None, market: str | None) -> PastDecision:
    f = replace(facts("A", site, market), today=date(2026, 11, n))
    d = rules.decide(f)
    return PastDecision(f"RSI-{n:06d}", datetime(2026, 11, n), f, d.disposition, d.destination, d.rule_id)


def test_replay_works_per_site_and_market(tmp_path: Path, rules: RuleSet) -> None:
    history = [
        past(rules, 1, "BER", "DE"),  # refurbished: still allowed in DE
        past(rules, 2, "HAM", "CH"),
        past(rules, 3, None, None),
        past(rules, 4, "HAM", "DE"),  # restocked: DE no longer allows it
    ]
    stricter = load_rules(
        rules_file(
            tmp_path,
            RULES.replace(
                "  DE: {}",
                "  DE:\n    resale_allowed: false\n"
                "    resale: [restock]\n    disposition: recycle\n    destination: RECYCLE\n"
                "    reason: no resale in DE",
            ),
        )
    )
    everything = replay(history, stricter)
    assert (everything.total, everything.changed) == (4, 1)
    assert everything.by_scope == (
        ("no site or market", 1, 0),
        ("site BER, market DE", 1, 0),
        ("site HAM, market CH", 1, 0),
        ("site HAM, market DE", 1, 1),
    )
    assert "  site HAM, market DE: 1, 1" in everything.text()
    german = replay(history, stricter, market="de")
    assert (german.total, german.changed) == (2, 1)
    assert german.examples[0].new_rule == "market-de-no-resale"
    assert german.examples[0].new_disposition is Disposition.RECYCLE
    assert "Replayed 2 decision(s) of market DE" in german.text()
    assert replay(history, stricter, site="BER").changed == 0
    assert replay(history, stricter, site="HAM", market="DE").changed == 1
