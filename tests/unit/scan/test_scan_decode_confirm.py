"""ReadConfirmer: which per-frame reads become scans (two agreeing frames for 1D, checks, debounce)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from returnstation.scan.confirm import ConfirmPolicy, ReadConfirmer, rejection_reason, symbology_family
from returnstation.scan.decode import Decoded, DecoderName

GS = "\x1d"
EAN13 = "4006381333931"  # valid GS1 check digit
EAN13_BAD = "4006381333932"
SSCC = "00106141411234567897"  # (00) SSCC with a valid check digit


def read(
    text: str,
    fmt: str = "EAN-13",
    aim: str | None = "]E0",
    at: tuple[float, float] = (100.0, 100.0),
    length: float = 200.0,
    is_1d: bool = True,
) -> Decoded:
    x, y = at
    half = length / 2
    quad = ((x - half, y - 5), (x + half, y - 5), (x + half, y + 5), (x - half, y + 5))
    return Decoded(text, aim, fmt, quad, DecoderName.ZXING, is_1d)


def feed(
    confirmer: ReadConfirmer, frames: list[list[Decoded]], start: float = 0.0, step: float = 0.125
) -> list[str]:
    accepted: list[str] = []
    for i, frame in enumerate(frames):
        accepted += [r.text for r in confirmer.offer(frame, now=start + i * step)]
    return accepted


def test_one_read_of_a_1d_code_is_not_a_scan_two_identical_are() -> None:
    confirmer = ReadConfirmer()
    assert confirmer.offer([read(EAN13)], now=0.0) == []
    assert [r.text for r in confirmer.offer([read(EAN13)], now=0.125)] == [EAN13]


def test_2d_codes_are_accepted_on_one_read() -> None:
    confirmer = ReadConfirmer()
    qr = read("RMA-00012345", "QR Code", "]Q1", is_1d=False)
    assert [r.text for r in confirmer.offer([qr], now=0.0)] == ["RMA-00012345"]


def test_a_wrong_check_digit_is_never_accepted_however_often_it_is_read() -> None:
    confirmer = ReadConfirmer()
    assert feed(confirmer, [[read(EAN13_BAD)]] * 20) == []
    assert confirmer.stats.rejected == 20
    assert "check digit" in (confirmer.stats.last_rejection or "")


def test_code128_has_no_check_digit_to_test_so_two_reads_decide() -> None:
    confirmer = ReadConfirmer()
    assert feed(confirmer, [[read("RMA-12345678", "Code 128", "]C0")]] * 2) == ["RMA-12345678"]


def test_reads_too_far_apart_do_not_confirm_each_other() -> None:
    confirmer = ReadConfirmer(ConfirmPolicy(window_s=1.0))
    assert confirmer.offer([read(EAN13)], now=0.0) == []
    assert confirmer.offer([read(EAN13)], now=2.0) == []
    assert [r.text for r in confirmer.offer([read(EAN13)], now=2.5)] == [EAN13]


def test_reads_more_frames_apart_than_the_window_do_not_confirm_each_other() -> None:
    confirmer = ReadConfirmer(ConfirmPolicy(window_frames=3))
    frames = [[read(EAN13)], [], [], [], [read(EAN13)]]
    assert feed(confirmer, frames, step=0.01) == []


def test_holding_a_label_under_the_camera_gives_one_scan() -> None:
    confirmer = ReadConfirmer()
    assert feed(confirmer, [[read(EAN13)]] * 80) == [EAN13]  # 10 s at 8 frames a second


def test_the_same_code_scans_again_after_it_was_out_of_view_for_the_debounce_time() -> None:
    confirmer = ReadConfirmer(ConfirmPolicy(debounce_s=2.0))
    first = feed(confirmer, [[read(EAN13)]] * 4, start=0.0)
    gone_briefly = feed(confirmer, [[]] * 4 + [[read(EAN13)]] * 4, start=1.0)  # back after 1 s
    gone_long = feed(confirmer, [[]] * 24 + [[read(EAN13)]] * 3, start=3.0)  # back after 3 s
    assert (first, gone_briefly, gone_long) == ([EAN13], [], [EAN13])


def test_a_different_code_right_after_a_scan_is_not_held_back() -> None:
    other = "5901234123457"
    confirmer = ReadConfirmer()
    assert feed(confirmer, [[read(EAN13)]] * 4 + [[read(other)]] * 2) == [EAN13, other]


def test_two_texts_alternating_at_the_same_place_are_not_trusted_until_one_wins() -> None:
    misread = "5901234123457"
    confirmer = ReadConfirmer()
    frames = [[read(EAN13)], [read(misread)], [read(EAN13)], [read(misread)]]
    assert feed(confirmer, frames) == []
    assert confirmer.stats.conflicts > 0
    assert feed(confirmer, [[read(EAN13)]] * 3, start=0.5) == [EAN13]


def test_an_ean_read_on_another_band_of_the_same_symbol_is_a_rival() -> None:
    """Issue 15: a motion-blurred EAN-13 read right near the top of its bars and as another valid
    number 0.4 of its length lower, in alternate frames; the two bands do not touch, but they are one
    symbol, so neither number is trusted while both are being read."""
    misread = "5901234123457"
    top, low = (100.0, 100.0), (100.0, 180.0)  # 80 px apart, the code 200 px long
    confirmer = ReadConfirmer()
    frames = [[read(EAN13, at=top)], [read(misread, at=low)], [read(EAN13, at=top)], [read(misread, at=low)]]
    assert feed(confirmer, frames) == []
    assert confirmer.stats.conflicts > 0


def test_stacked_code_128s_keep_their_own_bands() -> None:
    """The same distance between two Code 128s (a parcel label's stacked barcodes) is no rivalry."""
    first = read("RMA-12345678", "Code 128", "]C0", at=(100, 100))
    second = read("RMA-87654321", "Code 128", "]C0", at=(100, 180))
    confirmer = ReadConfirmer()
    assert sorted(feed(confirmer, [[first], [second], [first], [second]])) == sorted(
        [first.text, second.text]
    )


def test_two_different_labels_side_by_side_are_both_accepted() -> None:
    other = "5901234123457"
    confirmer = ReadConfirmer()
    frame = [read(EAN13, at=(100, 100)), read(other, at=(700, 400))]
    assert sorted(feed(confirmer, [frame, frame])) == sorted([EAN13, other])


def test_codes_stacked_close_on_a_shipping_label_are_both_accepted() -> None:
    tracking = read("1Z999AA10123456784", "Code 128", "]C0", at=(100, 100))
    sscc = read(SSCC, "Code 128", "]C1", at=(100, 125))
    confirmer = ReadConfirmer()
    assert sorted(feed(confirmer, [[tracking, sscc]] * 2)) == sorted([tracking.text, sscc.text])


def test_a_frame_counts_once_per_text() -> None:
    confirmer = ReadConfirmer()
    assert confirmer.offer([read(EAN13), read(EAN13, at=(400, 300))], now=0.0) == []


@pytest.mark.parametrize(
    ("text", "fmt", "aim", "reason"),
    [
        (EAN13, "EAN-13", "]E0", None),
        ("0012345000065", "UPC-E", "]E0", None),  # UPC-E as zxing-cpp returns it: 13 digits
        ("01234565", "UPC-E", "]E0", None),  # UPC-E as 8 digits
        ("96385074", "EAN-8", "]E4", None),
        ("96385075", "EAN-8", "]E4", "check digit"),
        ("40063813339", "EAN-13", "]E0", "length"),
        ("4006A81333931", "EAN-13", "]E0", "non-digits"),
        ("30712345000010", "ITF", "]I0", None),  # ITF-14 with a good check digit
        ("30712345000011", "ITF", "]I0", "ITF-14"),
        ("070429", "ITF", "]I0", "length 6"),  # by default only ITF-14 (issue 15)
        ("0704", "ITF", "]I0", "length 4"),
        ("12345", "ITF", "]I0", "even"),
        (SSCC, "Code 128", "]C1", None),
        ("00106141411234567898", "Code 128", "]C1", "check digit"),
        (f"42010001{GS}9205590164917312751089", "Code 128", "]C1", None),
        ("anything at all", "Code 128", "]C0", None),
        ("RMA+A12", "Code 39", "]A0", None),
        ("", "Code 128", "]C0", "empty"),
    ],
)
def test_rejection_reasons(text: str, fmt: str, aim: str, reason: str | None) -> None:
    got = rejection_reason(read(text, fmt, aim))
    if reason is None:
        assert got is None
    else:
        assert got is not None and reason in got


def test_site_itf_lengths_refuse_partial_reads() -> None:
    assert ConfirmPolicy().itf_lengths == frozenset({14})  # the default: ITF-14 only
    policy = ConfirmPolicy(itf_lengths=frozenset({14}))
    assert rejection_reason(read("1728837955", "ITF", "]I0"), policy.itf_lengths) is not None
    assert rejection_reason(read("30712345000010", "ITF", "]I0"), policy.itf_lengths) is None
    site = ConfirmPolicy(itf_lengths=frozenset({10, 14}))  # a site that prints 10-digit ITF labels
    assert rejection_reason(read("1728837955", "ITF", "]I0"), site.itf_lengths) is None
    assert rejection_reason(read("342779", "ITF", "]I0"), site.itf_lengths) is not None  # a fragment


@pytest.mark.parametrize("lengths", [frozenset(), frozenset({13}), frozenset({0})])
def test_itf_lengths_must_be_even(lengths: frozenset[int]) -> None:
    with pytest.raises(ValueError, match="even"):
        ConfirmPolicy(itf_lengths=lengths)


def test_confirmer_refuses_an_itf_fragment_however_often_it_is_seen() -> None:
    confirmer = ReadConfirmer()
    fragment = read("342779", "ITF", "]I0")
    assert [confirmer.offer([fragment], now=i * 0.1) for i in range(5)] == [[]] * 5
    assert confirmer.stats.accepted == 0
    assert confirmer.stats.rejected == 5


def test_families_group_what_a_scanner_treats_as_one_symbology() -> None:
    assert symbology_family(read("x", "UPC-A", "]E0")) == "ean"
    assert symbology_family(read("x", "Code 128", None)) == "code128"
    assert symbology_family(read("x", "QR Code", "]Q1", is_1d=False)) == "qr"


def test_policy_refuses_nonsense() -> None:
    with pytest.raises(ValueError):
        ConfirmPolicy(reads_1d=0)
    with pytest.raises(ValueError):
        ConfirmPolicy(window_s=0)


def test_a_read_no_second_decoder_confirmed_needs_three_frames() -> None:
    """pyzbar-only reads (decode.py marks them confirmed=False) are one decoder's word (issue 15)."""
    confirmer = ReadConfirmer()
    alone = replace(read(EAN13), confirmed=False)
    assert confirmer.offer([alone], now=0.0) == []
    assert confirmer.offer([alone], now=0.1) == []
    assert confirmer.offer([alone], now=0.2) == [alone]
    other = ReadConfirmer()
    assert other.offer([alone], now=0.0) == []
    assert other.offer([read(EAN13)], now=0.1) == [read(EAN13)]  # confirmed once: two frames suffice


def test_reads_unconfirmed_cannot_be_below_reads_1d() -> None:
    with pytest.raises(ValueError, match="reads_unconfirmed"):
        ConfirmPolicy(reads_1d=3, reads_unconfirmed=2)
