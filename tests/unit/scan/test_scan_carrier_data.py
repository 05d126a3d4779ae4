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
