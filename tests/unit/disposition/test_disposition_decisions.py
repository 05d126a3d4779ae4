"""The shipped default rules applied to the industry cases of the returns process.

Each case goes the way a bench does it: answers from the shipped checklist, the grade derived from them,
then the decision from the shipped rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal

from returnstation.disposition.capture import CaptureKind
from returnstation.disposition.channels import load_channels
from returnstation.disposition.checklist import (
    Checklist,
    default_checklists_dir,
    derive_grade,
    load_checklists,
)
from returnstation.disposition.reasons import load_reasons
from returnstation.disposition.rules import default_rules_path, load_rules
from returnstation.domain.enums import Disposition
from returnstation.domain.inspection import Decision, ItemFacts

CHECKLISTS = load_checklists(default_checklists_dir())
RULES = load_rules(
    default_rules_path(),
    checklists=CHECKLISTS,
    reasons=load_reasons(),
    channels=load_channels(checklists=CHECKLISTS),
)
TODAY = date(2025, 3, 14)


@dataclass
class Bench:
    """One inspection: best answers unless told otherwise, everything else overridable."""

    category: str
    answers: dict[str, str] = field(default_factory=dict)
    reason: str = "no_longer_wanted"
    unit_value: str = "120.00"
    days_since_purchase: int | None = 10
    hazardous: bool = False
    warranty_valid: bool | None = None
    expiry_in_days: int | None = None
    lot: str | None = None
    market: str | None = None

    def expiry(self) -> date | None:
        return None if self.expiry_in_days is None else TODAY + timedelta(days=self.expiry_in_days)

    def captured(self, checklist: Checklist) -> dict[str, str | None]:
        """The lot and expiry as the inspector captured them (None: recorded as not on the pack)."""
        expiry = self.expiry()
        values = {CaptureKind.LOT: self.lot, CaptureKind.EXPIRY: expiry.isoformat() if expiry else None}
        return {c.id: values.get(c.capture) for c in checklist.checks if c.capture is not None}

    def facts(self) -> ItemFacts:
        checklist = CHECKLISTS.for_category(self.category)
        best = {
            c.id: next(a.value for a in c.answers if a.grade == "A") for c in checklist.checks if c.answers
        }
        answers = best | self.answers
        graded = derive_grade(checklist, answers, self.captured(checklist))
        return ItemFacts(
            category=self.category,
            sku="SKU-1",
            grade=graded.grade,
            packaging=graded.packaging,
            reason_code=self.reason,
            unit_value=Decimal(self.unit_value),
            answers=answers,
            days_since_purchase=self.days_since_purchase,
            hazardous=self.hazardous,
            warranty_valid=self.warranty_valid,
            expiry=self.expiry(),
            lot=self.lot,
            market=self.market,
            today=TODAY,
        )

    def decide(self) -> Decision:
        return RULES.decide(self.facts())


# -- batteries and hazardous goods --------------------------------------------------------------------


def test_swollen_battery_goes_to_the_damaged_lithium_hazmat_bin() -> None:
    decision = Bench("batteries", {"physical": "swollen"}).decide()
    assert decision.disposition is Disposition.RECYCLE
    assert decision.destination == "HAZMAT-LI-DAMAGED"


def test_opened_battery_is_recycled_in_the_battery_stream_not_general_waste() -> None:
    decision = Bench("batteries", {"packaging": "opened"}).decide()
    assert decision.disposition is Disposition.RECYCLE
    assert decision.destination == "RECYCLE-BATTERY"


def test_sealed_battery_in_perfect_condition_goes_back_to_the_hazmat_cage() -> None:
    decision = Bench("batteries").decide()
    assert (decision.disposition, decision.destination) == (Disposition.RESTOCK, "RESTOCK-HAZMAT")


def test_hazardous_item_of_another_category_is_recycled_in_the_hazardous_stream() -> None:
    decision = Bench("general", {"packaging": "opened"}, hazardous=True).decide()
    assert (decision.disposition, decision.destination) == (Disposition.RECYCLE, "RECYCLE-HAZMAT")
    assert "never general waste" in decision.reason


def test_defective_sealed_battery_is_still_recycled() -> None:
    decision = Bench("batteries", reason="defective").decide()
    assert decision.destination == "RECYCLE-BATTERY"
    assert any(m.rule_id == "battery-sealed-restock" for m in decision.near_misses)


# -- food ---------------------------------------------------------------------------------------------


def test_food_past_its_date_is_scrapped() -> None:
    decision = Bench("food", expiry_in_days=-1).decide()
    assert (decision.disposition, decision.rule_id) == (Disposition.SCRAP, "food-expired")


def test_food_near_its_date_is_scrapped() -> None:
    decision = Bench("food", expiry_in_days=3).decide()
    assert decision.disposition is Disposition.SCRAP


def test_sealed_food_a_few_weeks_from_its_date_is_donated_and_fresh_food_restocked() -> None:
    assert Bench("food", expiry_in_days=20).decide().disposition is Disposition.DONATE
    assert Bench("food", expiry_in_days=60).decide().disposition is Disposition.RESTOCK


def test_food_with_no_recorded_date_is_not_resold() -> None:
    assert Bench("food", expiry_in_days=None).decide().disposition is Disposition.SCRAP


def test_food_with_a_broken_cold_chain_is_scrapped_even_if_in_date() -> None:
    decision = Bench("food", {"cold_chain": "broken"}, expiry_in_days=60).decide()
    assert (decision.disposition, decision.rule_id) == (Disposition.SCRAP, "food-cold-chain-broken")


# -- medicines ------------------------------------------------------------------------------------------


def test_medicine_without_a_lot_goes_to_quarantine() -> None:
    decision = Bench("pharma", expiry_in_days=400, lot=None).decide()
    assert (decision.disposition, decision.destination) == (Disposition.QUARANTINE, "QUARANTINE-PHARMA")


def test_blank_lot_counts_as_no_lot() -> None:
    assert Bench("pharma", expiry_in_days=400, lot="   ").decide().rule_id == "pharma-no-lot"


def test_expired_medicine_is_scrapped() -> None:
    decision = Bench("pharma", expiry_in_days=-10, lot="L123").decide()
    assert (decision.disposition, decision.destination) == (Disposition.SCRAP, "SCRAP-PHARMA")


def test_medicine_with_unknown_expiry_goes_to_quarantine() -> None:
    decision = Bench("pharma", expiry_in_days=None, lot="L123").decide()
    assert (decision.disposition, decision.rule_id) == (Disposition.QUARANTINE, "pharma-expiry-unknown")


def test_sealed_medicine_that_never_left_the_supply_chain_is_restocked_but_not_a_patient_return() -> None:
    wrong_shipment = Bench("pharma", reason="incorrect_shipment", expiry_in_days=400, lot="L123").decide()
    assert wrong_shipment.disposition is Disposition.RESTOCK
    patient = Bench("pharma", reason="no_longer_wanted", expiry_in_days=400, lot="L123").decide()
    assert patient.disposition is Disposition.SCRAP
    assert any(m.rule_id == "pharma-restock" for m in patient.near_misses)


# -- electronics ----------------------------------------------------------------------------------------


def test_sealed_electronics_go_back_on_the_shelf() -> None:
    decision = Bench("electronics").decide()
    assert (decision.disposition, decision.destination) == (Disposition.RESTOCK, "RESTOCK-A1")


def test_as_new_electronics_in_an_opened_damaged_or_missing_box_are_re_boxed_as_open_box() -> None:
    for box in ("opened", "damaged", "missing"):
        answers = {"packaging": box, "powers_on": "works", "data_wiped": "wiped"}
        decision = Bench("electronics", answers).decide()
        assert (decision.disposition, decision.destination) == (Disposition.REFURBISH, "REFURB-REBOX")
        assert (decision.rule_id, decision.channel) == ("electronics-as-new-rebox", "open_box")


def test_as_new_general_goods_in_a_damaged_box_are_re_boxed_not_repaired_or_liquidated() -> None:
    for value in ("120.00", "20.00"):  # worth repairing, and cheap enough for the outlet before
        decision = Bench("general", {"packaging": "damaged"}, unit_value=value).decide()
        assert (decision.rule_id, decision.channel) == ("grade-a-rebox", "open_box")
    sealed = Bench("general").decide()
    assert (sealed.rule_id, sealed.channel) == ("grade-a-restock", "a_stock")


def test_worn_electronics_that_work_are_refurbished() -> None:
    worn = {"packaging": "opened", "cosmetic": "light_wear", "powers_on": "works", "data_wiped": "wiped"}
    decision = Bench("electronics", worn).decide()
    assert (decision.disposition, decision.destination) == (Disposition.REFURBISH, "REFURB-OPENBOX")
    assert decision.channel == "refurbished"  # the rule names none: the disposition's default


def test_unopened_duplicate_or_late_orders_cross_dock_and_opened_ones_do_not() -> None:
    for reason in ("duplicate_order", "arrived_too_late"):
        decision = Bench("general", reason=reason).decide()
        assert (decision.destination, decision.channel) == ("XDOCK-OPEN-ORDERS", "cross_dock")
    opened = Bench("general", {"packaging": "opened"}, reason="duplicate_order").decide()
    assert opened.rule_id == "grade-a-rebox"


def test_as_new_not_as_described_goes_back_to_stock_through_the_listing_check() -> None:
    decision = Bench("general", {"packaging": "opened"}, reason="not_as_described").decide()
    assert decision.destination == "RESTOCK-LISTING-CHECK"


def test_device_with_customer_data_is_wiped_first_whatever_else_applies() -> None:
    answers = {"packaging": "opened", "powers_on": "works", "data_wiped": "not_wiped"}
    decision = Bench("electronics", answers).decide()
    assert (decision.disposition, decision.destination) == (Disposition.REFURBISH, "REFURB-WIPE")


def test_faulty_within_30_days_goes_back_to_the_vendor_and_later_to_e_waste() -> None:
    answers = {"packaging": "opened", "powers_on": "dead", "data_wiped": "wiped"}
    early = Bench("electronics", answers, reason="defective", days_since_purchase=12).decide()
    assert early.disposition is Disposition.RETURN_TO_VENDOR
    late = Bench("electronics", answers, reason="defective", days_since_purchase=45).decide()
    assert (late.disposition, late.destination) == (Disposition.RECYCLE, "RECYCLE-WEEE")
    [miss] = [m for m in late.near_misses if m.rule_id == "electronics-dead-on-arrival"]
    assert miss.failed == ("days_since_purchase is 45, rule needs <= 30",)


def test_swapped_serial_goes_to_a_supervisor() -> None:
    decision = Bench("electronics", {"serial_match": "mismatch"}).decide()
    assert (decision.disposition, decision.destination) == (Disposition.QUARANTINE, "QUARANTINE-SERIAL")


def test_category_is_matched_without_regard_to_case() -> None:
    facts = Bench("electronics").facts()
    shouting = replace(facts, category=" ELECTRONICS ")
    assert RULES.decide(shouting).rule_id == "electronics-sealed"


# -- warranty, recall, vendor --------------------------------------------------------------------------


def test_warranty_claim_with_valid_warranty_is_repaired_for_the_customer() -> None:
    answers = {"packaging": "opened", "powers_on": "minor_fault", "data_wiped": "wiped"}
    decision = Bench("electronics", answers, reason="warranty_claim", warranty_valid=True).decide()
    assert (decision.disposition, decision.destination) == (Disposition.RETURN_TO_CUSTOMER, "REPAIR-OUT")


def test_warranty_claim_not_confirmed_is_held() -> None:
    for valid in (False, None):
        decision = Bench("general", reason="warranty_claim", warranty_valid=valid).decide()
        assert decision.rule_id == "warranty-not-confirmed", valid


def test_recall_beats_a_perfect_grade() -> None:
    decision = Bench("electronics", reason="recall").decide()
    assert decision.disposition is Disposition.RETURN_TO_VENDOR


def test_contractual_return_goes_back_to_the_vendor() -> None:
    assert (
        Bench("general", {"packaging": "opened"}, reason="contractual").decide().destination == "RTV-VENDOR"
    )


# -- fashion and the general grade rules ---------------------------------------------------------------


def test_fashion_grades() -> None:
    assert Bench("apparel").decide().destination == "RESTOCK-FASHION"
    assert Bench("apparel", {"condition": "tried_on"}).decide().disposition is Disposition.REFURBISH
    assert Bench("apparel", {"hygiene_seal": "broken"}).decide().destination == "RECYCLE-TEXTILE"


def test_grade_c_is_repaired_when_worth_it_and_liquidated_otherwise() -> None:
    worn = {"cosmetic": "visible_damage"}
    assert Bench("general", worn, unit_value="80").decide().disposition is Disposition.REFURBISH
    cheap = Bench("general", worn, unit_value="20").decide()
    assert cheap.disposition is Disposition.LIQUIDATE
    [miss] = [m for m in cheap.near_misses if m.rule_id == "grade-c-repair"]
    assert miss.failed == ("unit_value is 20, rule needs >= 50",)


def test_grade_d_is_recycled() -> None:
    assert Bench("toys", {"cosmetic": "broken"}).decide().destination == "RECYCLE-GENERAL"


def test_no_rule_fits_sends_the_item_to_a_supervisor() -> None:
    facts = Bench("general").facts()
    odd = replace(facts, grade="E")
    decision = RULES.decide(odd)
    assert (decision.disposition, decision.rule_id) == (Disposition.QUARANTINE, "no-rule-fits")
    assert decision.reason == "No rule fits: a supervisor decides"


def test_decision_records_the_rules_version_and_the_rule_reason() -> None:
    decision = Bench("general").decide()
    rule = RULES.rule(decision.rule_id)
    assert decision.rules_version == RULES.version
    assert decision.reason == rule.reason
    assert decision.destination == rule.destination
