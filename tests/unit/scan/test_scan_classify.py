"""Classification of scans: every kind with valid and invalid vectors, AIM-guided ties, GS1 forms, fuzzing."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from returnstation.domain.enums import ScanSource
from returnstation.domain.scan import Scan
from returnstation.scan import checkdigits as cd
from returnstation.scan.carriers import tracking_matches
from returnstation.scan.classify import (
    Classified,
    ClassifierConfig,
    CodeKind,
    classify,
    classify_scan,
)

VECTORS: dict[str, Any] = json.loads(
    (Path(__file__).parents[2] / "data" / "codes" / "code_vectors.json").read_text(encoding="utf-8")
)
GS = "\x1d"
GTIN_13 = "09506000134352"  # GS1 Digital Link example GTIN, as 14 digits
# A 12-digit number that is both a valid UPC-A and a valid FedEx Express number (the tests check both).
UPC_AND_FEDEX = "036000291490"
IMPB_TRACKING = "9261290113185417468510"  # usps.json "USPS 34v2" vector without 420+ZIP+4


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def safety_net_records() -> Iterator[list[logging.LogRecord]]:
    """Errors the never-raise safety nets logged: fuzzing must find none, or the net hid a bug."""
    handler = _Records()
    logger = logging.getLogger("returnstation.scan")
    logger.addHandler(handler)
    try:
        yield handler.records
    finally:
        logger.removeHandler(handler)


def compact(code: str) -> str:
    return code.replace(" ", "")


# --- commands -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("CMD:NEXT", "next"),
        ("cmd:next", "next"),
        ("CMD:PRINT_AGAIN", "print_again"),
        ("CMD:REPRINT", "print_again"),
        ("CMD:CANCEL", "cancel"),
        ("CMD:DONE", "done"),
        ("CMD:BACK", "back"),
        ("CMD:ANSWER:YES", "answer:yes"),
        ("CMD:answer:grade_b", "answer:grade_b"),
        ("CMD:DAMAGED", "damaged"),
        ("CMD:QTY", "qty"),
        ("CMD:QTY:24", "qty:24"),
        ("cmd:qty=007", "qty:7"),
        ("]C0CMD:NEXT\r", "next"),
    ],
)
def test_command_cards(text: str, command: str) -> None:
    result = classify(text)
    assert (result.kind, result.command, result.value) == (CodeKind.COMMAND, command, command)


def test_unknown_command_card_is_invalid_not_an_item() -> None:
    result = classify("CMD:SELF-DESTRUCT")
    assert result.kind is CodeKind.INVALID
    assert result.command is None
    assert "SELF-DESTRUCT" in result.message


def test_command_prefix_is_configurable() -> None:
    config = ClassifierConfig(command_prefix="O-CMD.")
    assert classify("O-CMD.DONE", config=config).command == "done"
    assert classify("CMD:DONE", config=config).kind is CodeKind.ITEM


# --- GS1 ----------------------------------------------------------------------------------------


def test_gs1_128_with_aim_and_gs() -> None:
    result = classify(f"]C101{GTIN_13}17261231{GS}10LOT{GS}21SER")  # 17 is fixed length: no GS needed
    assert result.kind is CodeKind.GS1
    assert result.symbology == "]C1"
    assert dict(result.gs1) == {"01": GTIN_13, "17": "261231", "10": "LOT", "21": "SER"}
    assert result.value == f"(01){GTIN_13}(17)261231(10)LOT(21)SER"
    assert "expiry 2026-12-31" in result.message


@pytest.mark.parametrize("aim", ["]C1", "]d2", "]Q3", "]e0"])
def test_every_gs1_aim_is_read_as_gs1(aim: str) -> None:
    result = classify(f"{aim}01{GTIN_13}10ABC")
    assert (result.kind, dict(result.gs1)) == (CodeKind.GS1, {"01": GTIN_13, "10": "ABC"})


def test_aim_reported_separately_by_the_decoder() -> None:
    result = classify(f"01{GTIN_13}10ABC{GS}21X", symbology="]d2")
    assert result.kind is CodeKind.GS1
    assert result.symbology == "]d2"


@pytest.mark.parametrize("substitute", ["\u241d", "\uf70b"])
def test_gs_substitutes_separate_lot_and_serial(substitute: str) -> None:
    result = classify(f"]C101{GTIN_13}10LOT{substitute}21SER\r\n")
    assert dict(result.gs1) == {"01": GTIN_13, "10": "LOT", "21": "SER"}


def test_configured_gs_substitute() -> None:
    config = ClassifierConfig(gs_substitutes=("#",))
    assert dict(classify(f"]C101{GTIN_13}10LOT#21SER", config=config).gs1) == {
        "01": GTIN_13,
        "10": "LOT",
        "21": "SER",
    }


def test_gs_lost_merges_lot_and_serial() -> None:
    """The documented failure when a widget drops GS: the serial ends up inside the lot."""
    result = classify(f"]C101{GTIN_13}10LOT21SER")
    assert result.kind is CodeKind.GS1
    assert result.gs1["10"] == "LOT21SER"
    assert "21" not in result.gs1


def test_element_string_without_aim_is_gs1_when_it_parses_with_01() -> None:
    result = classify(f"01{GTIN_13}10ABC{GS}21SER")
    assert (result.kind, result.symbology) == (CodeKind.GS1, None)
    assert result.gs1["21"] == "SER"


def test_bare_number_starting_01_with_a_bad_gtin_is_not_forced_into_gs1() -> None:
    """Not GS1 data; but 16 digits is the shape of a Canada Post number, and it fails that check."""
    bare = classify(f"01{GTIN_13[:-1]}3")
    assert (bare.kind, dict(bare.gs1)) == (CodeKind.INVALID, {})
    assert "Canada Post" in bare.message and "misread" in bare.message
    assert classify(f"01{GTIN_13[:-1]}3", symbology="]C1").kind is CodeKind.INVALID
    assert classify(f"01{GTIN_13[:-1]}3", symbology="]C0").kind is CodeKind.ITEM  # Code 128 checked it


def test_hri_with_brackets() -> None:
    result = classify(f"(01){GTIN_13}(17)261200(10)ABC")
    assert result.kind is CodeKind.GS1
    assert dict(result.gs1) == {"01": GTIN_13, "17": "261200", "10": "ABC"}
    assert "expiry 2026-12-31" in result.message  # day 00 means the end of the month


@pytest.mark.parametrize(
    "uri",
    [
        f"https://id.gs1.org/01/{GTIN_13}/10/ABC",
        f"HTTPS://ID.GS1.ORG/01/{GTIN_13}/10/ABC",
        f"https://example.com/01/{GTIN_13}/10/ABC",
    ],
)
def test_digital_link_uri(uri: str) -> None:
    result = classify(uri)
    assert result.kind is CodeKind.GS1
    assert dict(result.gs1) == {"01": GTIN_13, "10": "ABC"}


def test_digital_link_in_a_plain_qr_code() -> None:
    result = classify(f"]Q1https://id.gs1.org/01/{GTIN_13}/21/S1?17=270131")
    assert result.kind is CodeKind.GS1
    assert dict(result.gs1) == {"01": GTIN_13, "21": "S1", "17": "270131"}


def test_gs1_with_wrong_gtin_check_digit_is_invalid() -> None:
    result = classify(f"]C101{GTIN_13[:-1]}3")
    assert result.kind is CodeKind.INVALID
    assert "check digit" in result.message.lower()
    assert "GTIN" in result.message


def test_gs1_with_impossible_date_is_invalid_and_names_the_field() -> None:
    result = classify(f"]C101{GTIN_13}{GS}17139931")
    assert result.kind is CodeKind.INVALID
    assert "expiry (17)" in result.message


def test_aim_gs1_that_does_not_parse_is_invalid() -> None:
    assert classify("]C1HELLO").kind is CodeKind.INVALID


def test_a_plain_code_128_with_hri_like_text_is_not_forced_into_gs1() -> None:
    assert classify("(555) 123-4567").kind is CodeKind.ITEM


def test_sscc_alone_in_gs1_128_is_tried_as_tracking_first() -> None:
    """Issue 15: "]C1" + (00) is the parcel number DHL Paket (00 + SSCC) and FedEx Ground track by."""
    result = classify("]C100106141411234567897")
    assert (result.kind, result.carrier, result.value, dict(result.gs1)) == (
        CodeKind.TRACKING,
        "dhl",
        "00106141411234567897",
        {"00": "106141411234567897"},
    )
    others = {(alt.kind, alt.carrier, alt.value) for alt in result.alternatives}
    assert (CodeKind.TRACKING, "fedex", "106141411234567897") in others
    assert (CodeKind.SSCC, None, "106141411234567897") in others


def test_sscc_with_extra_ais_keeps_them() -> None:
    result = classify(f"]C100106141411234567897400PO-77{GS}42090210")
    assert result.kind is CodeKind.SSCC
    assert result.gs1["400"] == "PO-77"


# --- USPS IMpb ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        f"]C142090210{GS}{IMPB_TRACKING}",
        f"42090210{GS}{IMPB_TRACKING}",
        f"42090210\u241d{IMPB_TRACKING}",
        f"420902101234{GS}{IMPB_TRACKING}",
        f"420902101234{IMPB_TRACKING}",  # GS lost, ZIP+4
        f"]C1420902101234{IMPB_TRACKING}",  # GS lost behind a GS1 AIM
    ],
)
def test_usps_label_barcode_gives_the_tracking_number(text: str) -> None:
    result = classify(text)
    assert (result.kind, result.carrier, result.value) == (CodeKind.TRACKING, "usps", IMPB_TRACKING)
    assert result.gs1["420"] in ("90210", "902101234")


def test_usps_label_with_bad_check_digit_is_invalid() -> None:
    result = classify(f"]C142090210{GS}{IMPB_TRACKING[:-1]}1")
    assert result.kind is CodeKind.INVALID
    assert "USPS" in result.message


# --- tracking numbers ----------------------------------------------------------------------------


@pytest.mark.parametrize("code", VECTORS["ups"]["valid"] + ["1z999aa10123456784", "1Z 999 AA1 0123 4567 84"])
def test_ups_tracking(code: str) -> None:
    result = classify(code)
    assert (result.kind, result.carrier, result.value) == (CodeKind.TRACKING, "ups", compact(code).upper())
    assert result.message == "UPS tracking number"


@pytest.mark.parametrize("code", VECTORS["ups"]["invalid"])
def test_ups_with_wrong_check_digit_is_invalid(code: str) -> None:
    result = classify(code)
    assert result.kind is CodeKind.INVALID
    assert "UPS" in result.message and "check digit" in result.message


@pytest.mark.parametrize("code", VECTORS["fedex"]["valid"])
def test_fedex_tracking(code: str) -> None:
    result = classify(code)
    assert result.kind is CodeKind.TRACKING
    assert result.carrier in ("fedex", "usps")  # "92..." SmartPost numbers are delivered by USPS
    assert "fedex" in {result.carrier} | {a.carrier for a in result.alternatives}


@pytest.mark.parametrize(("code", "tracking"), VECTORS["fedex"]["canonical"].items())
def test_fedex_canonical_number(code: str, tracking: str) -> None:
    result = classify(code)
    assert (result.kind, result.carrier, result.value) == (CodeKind.TRACKING, "fedex", tracking)


@pytest.mark.parametrize("code", VECTORS["usps"]["valid"])
def test_usps_tracking(code: str) -> None:
    result = classify(code)
    assert (result.kind, result.carrier) == (CodeKind.TRACKING, "usps")


@pytest.mark.parametrize(("code", "tracking"), VECTORS["usps"]["canonical"].items())
def test_usps_canonical_number(code: str, tracking: str) -> None:
    assert classify(code).value == tracking


@pytest.mark.parametrize("code", ["9400111201080805483017", "9205590100130471010000"])
def test_usps_impb_with_wrong_check_digit_is_invalid(code: str) -> None:
    assert not cd.is_valid_usps(code)
    result = classify(code)
    assert result.kind is CodeKind.INVALID
    assert "USPS" in result.message


def test_international_post_s10() -> None:
    result = classify("RB123456785GB")
    assert (result.kind, result.carrier) == (CodeKind.TRACKING, "royal_mail")
    assert "GB" in result.message
    assert classify("EC123456785US").carrier == "usps"
    france = classify("RR123456785FR")  # a post the carrier data has no own id for
    assert (france.kind, france.carrier) == (CodeKind.TRACKING, "post")


def test_s10_with_wrong_check_digit_is_invalid_and_unknown_country_is_an_item() -> None:
    assert classify("EC123456786US").kind is CodeKind.INVALID
    assert classify("RB123456785XX").kind is CodeKind.ITEM


# --- SSCC, RMA, order ------------------------------------------------------------------------------


@pytest.mark.parametrize("code", VECTORS["sscc"]["valid"])
def test_bare_sscc(code: str) -> None:
    result = classify(code)
    assert (result.kind, result.value) == (CodeKind.SSCC, code)
    assert [(a.kind, a.carrier) for a in result.alternatives] == [(CodeKind.TRACKING, "fedex")]


@pytest.mark.parametrize("code", VECTORS["sscc"]["invalid"])
def test_bare_18_digits_with_wrong_check_is_not_an_sscc(code: str) -> None:
    assert classify(code).kind is not CodeKind.SSCC


@pytest.mark.parametrize(("text", "value"), [("RMA-12345", "RMA-12345"), ("rma0012345678", "RMA0012345678")])
def test_rma(text: str, value: str) -> None:
    result = classify(text)
    assert (result.kind, result.value) == (CodeKind.RMA, value)


@pytest.mark.parametrize("text", ["RMA-123", "RMA-12345678901", "XRMA-12345"])
def test_not_quite_an_rma(text: str) -> None:
    assert classify(text).kind is CodeKind.ITEM


@pytest.mark.parametrize(
    ("text", "value"), [("SO-1234", "SO-1234"), ("ord123456", "ORD123456"), ("ORDER-999", "ORDER-999")]
)
def test_order(text: str, value: str) -> None:
    result = classify(text)
    assert (result.kind, result.value) == (CodeKind.ORDER, value)


def test_site_specific_patterns() -> None:
    config = ClassifierConfig(rma_pattern=r"^R[0-9A-Z]{8}$", order_pattern=r"^\d{7}-\d{2}$")
    assert classify("R12AB34CD", config=config).kind is CodeKind.RMA
    assert classify("1234567-01", config=config).kind is CodeKind.ORDER
    assert classify("RMA-12345", config=config).kind is CodeKind.ITEM


def test_bad_pattern_is_refused_at_configuration_time() -> None:
    with pytest.raises(ValueError, match="rma_pattern"):
        ClassifierConfig(rma_pattern="(unclosed")


# --- GTIN and the UPC/FedEx collision --------------------------------------------------------------


@pytest.mark.parametrize("code", VECTORS["gtin"]["valid"])
def test_gtin(code: str) -> None:
    result = classify(code)
    assert (result.kind, result.value) == (CodeKind.GTIN, code)
    assert result.message.startswith("Product code")


@pytest.mark.parametrize("code", VECTORS["gtin"]["invalid"])
def test_gtin_with_wrong_check_digit_is_invalid(code: str) -> None:
    result = classify(code)
    assert result.kind is CodeKind.INVALID
    assert result.message == "Check digit is wrong: rescan or type the number"


def test_wrong_check_digit_from_a_non_retail_symbology_is_an_item() -> None:
    """An 8-digit internal SKU printed as Code 128 is not a broken EAN-8."""
    assert classify("96385075", symbology="]C0").kind is CodeKind.ITEM
    assert classify("96385075", symbology="]E4").kind is CodeKind.INVALID


def test_upc_e_is_expanded_to_upc_a() -> None:
    result = classify("04252614", symbology="]E0")
    assert (result.kind, result.value) == (CodeKind.GTIN, "042100005264")
    assert "UPC-E" in result.message


def test_ean13_with_add_on() -> None:
    result = classify("]E3590123412345712")
    assert (result.kind, result.value) == (CodeKind.GTIN, "5901234123457")


def test_collision_vector_is_really_both() -> None:
    assert cd.is_valid_gtin(UPC_AND_FEDEX)
    assert cd.is_valid_fedex(UPC_AND_FEDEX)


def test_collision_with_retail_aim_is_a_gtin_only() -> None:
    result = classify(UPC_AND_FEDEX, symbology="]E0")
    assert (result.kind, result.alternatives) == (CodeKind.GTIN, ())


def test_collision_without_aim_prefers_gtin_and_names_fedex() -> None:
    result = classify(UPC_AND_FEDEX)
    assert result.kind is CodeKind.GTIN
    assert "FedEx" in result.message
    assert [(a.kind, a.carrier) for a in result.alternatives] == [(CodeKind.TRACKING, "fedex")]


def test_collision_from_code_128_is_fedex() -> None:
    result = classify(UPC_AND_FEDEX, symbology="]C0")
    assert (result.kind, result.carrier) == (CodeKind.TRACKING, "fedex")
    assert [a.kind for a in result.alternatives] == [CodeKind.GTIN]


def test_fedex_express_that_is_not_a_upc() -> None:
    code = "986578788855"
    assert not cd.is_valid_gtin(code)
    assert (classify(code).kind, classify(code).carrier) == (CodeKind.TRACKING, "fedex")


def test_twelve_digits_valid_for_neither_is_invalid() -> None:
    code = "996578788857"
    assert not cd.is_valid_gtin(code) and not tracking_matches(code)
    assert classify(code).kind is CodeKind.INVALID


# --- items and unknowns -----------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["ABC-123", "SN:0042-XY", "Größe M", "  BLUE SHIRT L\r\n", "12-34-56"])
def test_item_text(text: str) -> None:
    result = classify(text)
    assert (result.kind, result.value) == (CodeKind.ITEM, text.strip())


def test_item_keeps_case() -> None:
    assert classify("sn-aBc123").value == "sn-aBc123"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "Nothing was read"),
        ("\r\n\t", "Nothing was read"),
        ("\x00\x01\x02", "Nothing was read"),
        ("ab", "Too short"),
        ("x" * 65, "Too long"),
        ("x" * 513, "Too long"),
        ("https://example.com/returns", "web address"),
        (f"[)>\x1e06{GS}PABC{GS}S123\x1e\x04", "does not use"),
    ],
)
def test_unknown_with_a_plain_reason(text: str, words: str) -> None:
    result = classify(text)
    assert result.kind is CodeKind.UNKNOWN
    assert words in result.message


def test_too_long_value_is_capped() -> None:
    result = classify("A" * 10_000)
    assert result.kind is CodeKind.UNKNOWN
    assert len(result.value) <= 512


def test_usable_flag() -> None:
    assert classify("RMA-12345").usable
    assert not classify("").usable
    assert not classify("5901234123458").usable


def test_classify_scan_uses_text_and_symbology() -> None:
    scan = Scan(text=UPC_AND_FEDEX, source=ScanSource.CAMERA, symbology="]E0", timestamp=datetime.now(UTC))
    result = classify_scan(scan)
    assert (result.kind, result.raw, result.symbology) == (CodeKind.GTIN, UPC_AND_FEDEX, "]E0")


def test_raw_is_kept_as_given() -> None:
    raw = "]C1RMA\r\n"
    assert classify(raw).raw == raw


def test_results_are_hashable_and_comparable() -> None:
    a, b = classify(f"]C101{GTIN_13}10ABC"), classify(f"]C101{GTIN_13}10ABC")
    assert a == b
    assert hash(a) == hash(b)
    assert len({a, b}) == 1


# --- fuzzing ----------------------------------------------------------------------------------------

hostile_text = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=80),
    st.text(alphabet="0123456789 \x1d\r\n()/:]CdEQe1Z", max_size=60),
    st.sampled_from(
        [
            "'; DROP TABLE rma; --",
            '" OR 1=1 --',
            '=HYPERLINK("http://x")',
            "<script>alert(1)</script>",
            "\ud800\udfff",
            "]C1" + "\x1d" * 50,
            "(01)" * 100,
            "https://id.gs1.org/" + "01/" * 100,
            "420" + "9" * 60,
        ]
    ),
    st.builds(lambda n: "A" * n, st.integers(min_value=0, max_value=10_240)),
)


def test_safety_net_turns_an_internal_error_into_unknown_and_logs_it() -> None:
    config = ClassifierConfig()
    object.__setattr__(config, "rma_pattern", "(unclosed")  # corrupt it past the start-up check
    with safety_net_records() as errors:
        result = classify("ABC-123", config=config)
    assert (result.kind, result.raw) == (CodeKind.UNKNOWN, "ABC-123")
    assert result.message
    assert len(errors) == 1


@settings(max_examples=400, deadline=None)
@given(hostile_text, st.one_of(st.none(), st.sampled_from(["]C1", "]E0", "]d2", "]Q1", "]C0", "bad"])))
def test_classify_never_raises_and_always_explains(text: str, symbology: str | None) -> None:
    with safety_net_records() as errors:
        result = classify(text, symbology)
    assert not errors
    assert isinstance(result, Classified)
    assert result.message.strip()
    assert isinstance(result.kind, CodeKind)
    if result.kind is CodeKind.TRACKING:
        assert result.carrier
    if result.kind is CodeKind.COMMAND:
        assert result.command


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789", min_size=7, max_size=13))
def test_any_valid_gtin_is_recognised(body: str) -> None:
    code = body + str(cd.gs1_check_digit(body))
    if len(code) not in cd.GTIN_LENGTHS:
        return
    result = classify(code, symbology="]E0" if len(code) != 8 else "]E4")
    assert (result.kind, result.value) == (CodeKind.GTIN, code)


# --- issue 15: scan truth ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scan", "carrier", "value"),
    [
        ("]C19400111201080805483016", "usps", "9400111201080805483016"),  # IMpb without 420+ZIP
        ("]C19505511069605048600624", "usps", "9505511069605048600624"),
        ("]C19611020987654312345672", "fedex", "987654312345672"),  # FedEx "96" Ground barcode
        (f"]C142022153{GS}9101026837331000039521", "usps", "9101026837331000039521"),
    ],
)
def test_gs1_128_carrier_ais_are_read_as_tracking_first(scan: str, carrier: str, value: str) -> None:
    result = classify(scan)
    assert (result.kind, result.carrier, result.value) == (CodeKind.TRACKING, carrier, value)


def test_a_gs1_128_carrier_ai_with_a_wrong_check_is_a_misread_not_internal_gs1_data() -> None:
    result = classify("]C19400111201080805483017")
    assert result.kind is CodeKind.INVALID and "misread" in result.message


def test_ean_with_add_on_is_never_an_sscc() -> None:
    """ "]E3" + EAN-13 + 5-digit add-on whose 18 digits happen to be a valid SSCC."""
    code = "9780306406157" + "00006"
    assert cd.is_valid_sscc(code)
    result = classify("]E3" + code)
    assert (result.kind, result.value) == (CodeKind.GTIN, "9780306406157")
    assert "add-on 00006" in result.message
    assert classify(code, symbology="]E3").kind is CodeKind.GTIN  # AIM from the decoder, same verdict
    assert classify(code).kind is CodeKind.SSCC  # without the AIM the digits alone say SSCC


def test_retail_aim_reads_a_bad_check_as_invalid_and_an_add_on_alone_as_unknown() -> None:
    assert classify("]E09780306406158").kind is CodeKind.INVALID
    assert classify("]E200006").kind is CodeKind.UNKNOWN


def test_ship_to_zip_then_sscc_in_one_gs1_128_is_an_sscc_not_usps_tracking() -> None:
    result = classify(f"]C1420123456{GS}00106141411234567897")
    assert (result.kind, result.value) == (CodeKind.SSCC, "106141411234567897")
    assert result.gs1["420"] == "123456"


def test_an_empty_gs1_value_is_refused() -> None:
    assert classify("]C130").kind is CodeKind.INVALID


@pytest.mark.parametrize(
    "text",
    ["RMA-10\u200b00", "RMA-10\u200d00", "1Z5R8939\u200e0357567127", "RMA\u202e-1000", "RMA-10\u00ad00"],
)
def test_invisible_characters_inside_a_code_are_refused_not_joined(text: str) -> None:
    result = classify(text)
    assert result.kind is CodeKind.INVALID
    assert "invisible characters" in result.message
    assert not result.usable


def test_invisible_characters_at_the_edges_are_harmless_framing() -> None:
    result = classify("\ufeffRMA-1000\u200e")
    assert (result.kind, result.value) == (CodeKind.RMA, "RMA-1000")


@pytest.mark.parametrize(
    ("code", "carrier"),
    [
        ("1Z5R89390357567128", "UPS"),
        ("106141411234567898", "FedEx"),  # a misread SSCC without AIM: no longer FedEx tracking
        ("C11031500001889", "OnTrac"),
        ("0073938000549292", "Canada Post"),
        ("3318810010", "DHL"),
        ("EC123456786US", "postal"),
    ],
)
def test_a_carrier_shaped_number_failing_its_check_is_a_misread(code: str, carrier: str) -> None:
    result = classify(code)
    assert result.kind is CodeKind.INVALID
    assert carrier in result.message and "misread" in result.message


def test_a_failing_carrier_shape_read_from_a_self_checking_symbology_is_item_text() -> None:
    """Code 128 has its own check: its digits are what was printed, just not a carrier's number."""
    assert classify("0073938000549292", symbology="]C0").kind is CodeKind.ITEM


def test_fedex_34_digit_barcodes_with_any_prefix_are_fedex() -> None:
    barcode = "55" + "1001921334250001000300779017972697"[2:]
    result = classify(barcode)
    assert (result.kind, result.carrier, result.value) == (CodeKind.TRACKING, "fedex", "779017972697")


def test_a_number_valid_for_several_carriers_lists_them() -> None:
    result = classify("9261292700768711948021")
    assert (result.kind, result.carrier) == (CodeKind.TRACKING, "usps")
    assert ("fedex", "9261292700768711948021") in {(a.carrier, a.value) for a in result.alternatives}


@pytest.mark.parametrize(
    ("code", "carrier", "value"),
    [
        ("GM2951173225174494", "dhl", "GM2951173225174494"),  # DHL eCommerce: no longer "check digit wrong"
        ("TBA502887274000", "amazon", "TBA502887274000"),
        ("008182709980000020033350276C", "dpd", "09980000020033"),  # the 14-digit number DPD knows
        ("00340433836442636597", "dhl", "00340433836442636597"),  # DHL Paket 00 + SSCC
        ("KYV009956937", "purolator", "KYV009956937"),
        ("3SABCD1234567", "postnl", "3SABCD1234567"),
        ("RR123456785AU", "australia_post", "RR123456785AU"),
    ],
)
def test_european_and_other_carriers_are_recognised(code: str, carrier: str, value: str) -> None:
    result = classify(code)
    assert (result.kind, result.carrier, result.value) == (CodeKind.TRACKING, carrier, value)
