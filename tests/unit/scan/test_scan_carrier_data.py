"""Carrier formats as data (issue 15): the data file loads, every entry agrees with its own test numbers
(most taken from jkeen/tracking_number_data, MIT, licence in returnstation/data/carriers/), the
classifier reads them as the right carrier, and a broken entry is refused with its name."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from returnstation.scan.carrier_data import (
    CarrierDataError,
    TrackingFormat,
    all_examples,
    carrier_data,
    default_path,
    parse_carrier_data,
)
from returnstation.scan.carriers import read_tracking
from returnstation.scan.classify import CodeKind, classify

DATA = carrier_data()
EXAMPLES = all_examples(DATA)
# Issue 15 "What to build" 1: at least these carriers (UPU S10 posts by their country).
REQUIRED = {
    "ups", "fedex", "usps", "post", "dhl", "dpd", "gls", "hermes", "postnl", "royal_mail",
    "canada_post", "purolator", "amazon", "ontrac", "lasership", "australia_post",
}  # fmt: skip


def _carrier_of(fmt: TrackingFormat, number: str) -> str:
    found = fmt.pattern.fullmatch(number)
    assert found is not None
    country = found.groupdict().get("K")
    return fmt.country_carriers[country][0] if country in fmt.country_carriers else fmt.carrier


def _raw() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(default_path().read_text(encoding="utf-8"))
    return loaded


def test_the_shipped_data_covers_the_carriers_the_issue_lists() -> None:
    assert set(DATA.carriers()) >= REQUIRED
    for fmt in DATA.formats:
        assert fmt.source.strip(), fmt.id  # every format names where its rule comes from
        assert fmt.country == "*" or len(fmt.country) == 2


def test_formats_are_tried_by_rank_then_in_file_order() -> None:
    ranks = [fmt.rank for fmt in DATA.formats]
    assert ranks == sorted(ranks)
    assert DATA.formats[0].id.startswith("usps_420")  # the 420+ZIP label barcode before its tail


@pytest.mark.parametrize(("fmt", "number", "valid"), EXAMPLES, ids=lambda v: getattr(v, "id", str(v)))
def test_each_format_agrees_with_its_own_test_numbers(fmt: TrackingFormat, number: str, valid: bool) -> None:
    ids = {m.format_id for m in read_tracking(number).matches}
    assert (fmt.id in ids) is valid


@pytest.mark.parametrize(
    ("fmt", "number"),
    [(fmt, number) for fmt, number, valid in EXAMPLES if valid],
    ids=lambda v: getattr(v, "id", str(v)),
)
def test_the_classifier_reads_each_valid_test_number_as_its_carrier(fmt: TrackingFormat, number: str) -> None:
    result = classify(number)
    readings = [(result.carrier, result.value)] if result.kind is CodeKind.TRACKING else []
    readings += [(a.carrier, a.value) for a in result.alternatives if a.kind is CodeKind.TRACKING]
    assert _carrier_of(fmt, number) in {carrier for carrier, _ in readings}, result


@pytest.mark.parametrize(
    ("fmt", "number"),
    [(fmt, number) for fmt, number, valid in EXAMPLES if not valid and read_tracking(number).failed],
    ids=lambda v: getattr(v, "id", str(v)),
)
def test_an_invalid_test_number_with_a_carrier_shape_is_a_misread_unless_valid_as_another_kind(
    fmt: TrackingFormat, number: str
) -> None:
    result = classify(number)
    elsewhere = read_tracking(number).matches
    if elsewhere:  # valid for another carrier: listed, never as the carrier it failed
        assert result.kind in (CodeKind.TRACKING, CodeKind.GTIN)
        assert fmt.id not in {m.format_id for m in elsewhere}
    else:
        assert result.kind in (CodeKind.INVALID, CodeKind.GTIN, CodeKind.SSCC), result
        if result.kind is CodeKind.INVALID:
            assert "scan again" in result.message or "rescan" in result.message


@pytest.mark.parametrize(
    "fmt",
    [
        f
        for f in DATA.formats
        if f.check.algorithm in ("luhn",)
        or (f.check.algorithm == "mod10" and {f.check.evens, f.check.odds} == {1, 3})
    ],
    ids=lambda f: f.id,
)
def test_a_single_digit_typo_never_passes_a_gs1_or_luhn_check(fmt: TrackingFormat) -> None:
    """GS1 mod 10 (weights 1 and 3) and Luhn catch every single-digit substitution in the checked part."""
    for number in fmt.valid_examples:
        found = fmt.pattern.fullmatch(number)
        assert found is not None
        start, end = found.span("S")
        for i in [*range(start, end), found.start("C")]:
            for digit in "0123456789":
                if number[i] == digit:
                    continue
                typo = number[:i] + digit + number[i + 1 :]
                again = fmt.pattern.fullmatch(typo)
                assert again is None or not fmt.check.passes(again.group("S"), again.group("C")), typo


def test_read_only_the_formats_of_the_scans_length() -> None:
    assert {f.id for f in DATA.by_length[18]} >= {"ups_1z", "fedex_ground_sscc"}
    assert all(18 in f.lengths for f in DATA.by_length[18])
    assert read_tracking("X" * 77).matches == () and read_tracking("X" * 77).failed == ()


# --- the loader refuses a broken file, naming the entry ------------------------------------------------


def _broken(change: Any) -> dict[str, Any]:
    raw = copy.deepcopy(_raw())
    change(raw["carriers"][0]["formats"][0])
    return raw


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda f: f.update(pattern="1Z(?P<S>[0-9A-Z]{15}"), "does not compile"),
        (lambda f: f.update(check={"algorithm": "mod12"}), "unknown check algorithm 'mod12'"),
        (lambda f: f.update(check={"algorithm": "mod10", "weights": [1]}), "mod10 takes no weights"),
        (lambda f: f.update(pattern="1Z[0-9A-Z]{16}"), "needs the groups S (serial) and C (check)"),
        (lambda f: f["test_numbers"]["valid"].append("2Z5R89390357567127"), "does not fit the pattern"),
        (lambda f: f.update(lengths=[]), "'lengths' must list"),
        (lambda f: f.update(source=""), "'source' must name"),
        (lambda f: f.update(rank="first"), "'rank' must be a whole number"),
        (lambda f: f.update(distinctive="yes"), "'distinctive' must be true or false"),
    ],
)
def test_a_broken_entry_is_refused_with_its_name(change: Any, words: str) -> None:
    with pytest.raises(CarrierDataError) as err:
        parse_carrier_data(_broken(change), "carriers.json")
    assert "format 'ups_1z'" in str(err.value) and words in str(err.value)


def test_a_format_without_a_check_cannot_be_distinctive() -> None:
    raw = copy.deepcopy(_raw())
    raw["carriers"][0]["formats"][1]["distinctive"] = True  # UPS Mail Innovations: no check character
    with pytest.raises(CarrierDataError, match="only a format with a check character"):
        parse_carrier_data(raw)


def test_a_duplicate_id_and_a_bad_country_are_refused() -> None:
    raw = copy.deepcopy(_raw())
    raw["carriers"][1]["formats"].append(copy.deepcopy(raw["carriers"][0]["formats"][0]))
    with pytest.raises(CarrierDataError, match="'ups_1z' appears twice"):
        parse_carrier_data(raw)
    raw = copy.deepcopy(_raw())
    raw["carriers"][0]["country"] = "USA"
    with pytest.raises(CarrierDataError, match="ISO 3166"):
        parse_carrier_data(raw)
    with pytest.raises(CarrierDataError, match="'carriers' list"):
        parse_carrier_data([])


def test_an_unreadable_file_is_refused(tmp_path: Any) -> None:
    bad = tmp_path / "carriers.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(CarrierDataError, match="cannot be read as JSON"):
        carrier_data(bad)


# --- every check algorithm names its source and the typos it cannot see -----------------------------


def test_every_algorithm_a_format_uses_names_its_source_and_its_blind_spot() -> None:
    used = {fmt.check.algorithm for fmt in DATA.formats}
    assert used <= set(DATA.algorithms)
    for name in used:
        note = DATA.algorithms[name]
        assert note.source.strip() and note.single_digit_typos.strip(), name


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda a: a.pop("mod7"), "algorithm 'mod7' has no entry in 'algorithms'"),
        (lambda a: a["luhn"].update(source=""), "algorithms['luhn']: 'source' must be"),
        (lambda a: a.update(mod12={"source": "x", "single_digit_typos": "y"}), "no such algorithm"),
    ],
)
def test_an_algorithm_without_its_source_is_refused(change: Any, words: str) -> None:
    raw = copy.deepcopy(_raw())
    change(raw["algorithms"])
    with pytest.raises(CarrierDataError) as err:
        parse_carrier_data(raw, "carriers.json")
    assert words in str(err.value)


def _unseen_typos(fmt: TrackingFormat, number: str) -> list[tuple[int, int]]:
    """(position in the checked part, digit change) of every single-digit typo the format's own check
    lets through."""
    found = fmt.pattern.fullmatch(number)
    assert found is not None
    start, end = found.span("S")
    unseen = []
    for i in [*range(start, end), found.start("C")]:
        if not number[i].isdigit():
            continue
        for digit in "0123456789":
            typo = number[:i] + digit + number[i + 1 :]
            again = fmt.pattern.fullmatch(typo) if digit != number[i] else None
            if again is not None and fmt.check.passes(again.group("S"), again.group("C")):
                unseen.append((i - start, int(digit) - int(number[i])))
    return unseen


@pytest.mark.parametrize("fmt", [f for f in DATA.formats if f.has_check], ids=lambda f: f.id)
def test_the_only_typos_a_check_lets_through_are_those_its_note_names(fmt: TrackingFormat) -> None:
    """The floor each algorithm's note states, on the format's own test numbers: even mod-10 weights
    miss +-5, mod 7 misses +-7, FedEx's % 11 % 10 and S10's 11 -> 5 only on check digits 0 and 5;
    GS1 weights, Luhn, ISO 7064 and GLS miss nothing; the check digit itself is never mistyped unseen."""
    rule = fmt.check
    unseen_count = 0
    for number in fmt.valid_examples:
        check = fmt.pattern.fullmatch(number)
        assert check is not None
        unseen = _unseen_typos(fmt, number)
        unseen_count += len(unseen)
        for position, change in unseen:
            assert position < len(check.group("S")), (number, "a check digit typo passed")
            if rule.algorithm == "mod10":
                weight = rule.evens if (position + len(rule.prepend)) % 2 == 0 else rule.odds
                assert weight % 2 == 0 and abs(change) == 5, (number, position, change)
            elif rule.algorithm == "mod7":
                assert abs(change) == 7, (number, position, change)
            elif rule.algorithm == "mod11_mod10":
                assert check.group("C") == "0", (number, position, change)
            elif rule.algorithm == "s10":
                assert check.group("C") == "5", (number, position, change)
            else:
                pytest.fail(f"{rule.algorithm} let {number} position {position} {change:+} through")
    blind = rule.algorithm == "mod7" or (rule.algorithm == "mod10" and (rule.evens * rule.odds) % 2 == 0)
    if blind:  # the blind spot the note names does show on the format's own numbers
        assert unseen_count > 0, fmt.id
