"""The wedge detector against exact key timings: scanners are always scans, people never are.

A small simulated widget applies every Step the way the Qt filter does (pass, hold, release, withdraw),
so each test checks both the scans found and what the person's field ends up containing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from returnstation.domain.enums import ScanSource
from returnstation.scan.normalize import GS
from returnstation.scan.wedge import (
    ENTER,
    FRENCH_AZERTY,
    GERMAN_QWERTZ,
    LINE_FEED,
    OTHER_KEY,
    TAB,
    UK_ENGLISH,
    KeyAction,
    LayoutMismatch,
    ReleaseHeld,
    ScanDetected,
    WedgeConfig,
    WedgeDetector,
    layout_telltale,
    make_scan,
)

# What a barcode can hold and a US-layout scanner can type; "]" is left out so a random code never
# starts with something that reads as an AIM identifier (those are added on purpose below).
CODE_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-./+%$ *:#!?=&_"
SCANNER_GAPS = st.floats(min_value=1.0, max_value=15.0)
HUMAN_GAPS = st.floats(min_value=60.0, max_value=400.0)


@dataclass
class Bench:
    """A text field plus the detector, applying Steps like ``ui.wedge_filter`` does."""

    detector: WedgeDetector = field(default_factory=WedgeDetector)
    field_text: list[str] = field(default_factory=list)
    held: list[str] = field(default_factory=list)
    scans: list[ScanDetected] = field(default_factory=list)
    warnings: list[LayoutMismatch] = field(default_factory=list)
    snapshot: int = 0
    t: float = 1000.0
    actions: list[KeyAction] = field(default_factory=list)

    def key(self, key: str, gap: float) -> KeyAction:
        self.t += gap
        step = self.detector.feed(key, self.t)
        self._apply(step.outcomes)
        if step.starts_burst:
            self.snapshot = len(self.field_text)
        if step.action is KeyAction.PASS:
            self.field_text.append(key)
        elif step.action is KeyAction.HOLD:
            self.held.append(key)
        self.actions.append(step.action)
        return step.action

    def type(self, keys: str | list[str], gaps: list[float] | float) -> None:
        seq = list(keys)
        gap_list = gaps if isinstance(gaps, list) else [gaps] * len(seq)
        for k, g in zip(seq, gap_list, strict=True):
            self.key(k, g)

    def wait(self, ms: float) -> None:
        self.t += ms
        self._apply(self.detector.poll(self.t))

    def _apply(self, outcomes: tuple[ScanDetected | ReleaseHeld | LayoutMismatch, ...]) -> None:
        for outcome in outcomes:
            if isinstance(outcome, ReleaseHeld):
                self.field_text.extend(self.held[: outcome.count])
                del self.held[: outcome.count]
                continue
            # The filter restores the snapshot taken when the burst began: exactly `withdraw` keys.
            assert len(self.field_text) - self.snapshot == outcome.withdraw
            del self.field_text[self.snapshot :]
            self.held.clear()
            if isinstance(outcome, ScanDetected):
                self.scans.append(outcome)
            else:
                self.warnings.append(outcome)

    @property
    def text(self) -> str:
        return "".join(self.field_text)

    @property
    def scan_texts(self) -> list[tuple[str, str | None]]:
        return [(s.scan.text, s.scan.symbology) for s in self.scans]


def _gs1_code() -> st.SearchStrategy[tuple[str, str]]:
    """(what the scanner types, what the Scan must hold) for GS1 element strings with separators."""
    gs_forms = st.sampled_from([GS, "\u241d", "\uf70b"])
    digits = st.text("0123456789", min_size=14, max_size=14)
    lot = st.text("0123456789ABCDEFXYZ", min_size=1, max_size=20)
    serial = st.text("0123456789ABCDEFXYZ", min_size=1, max_size=20)

    @st.composite
    def build(draw: st.DrawFn) -> tuple[str, str]:
        gtin, batch, sn, sep = draw(digits), draw(lot), draw(serial), draw(gs_forms)
        typed = f"01{gtin}10{batch}{sep}21{sn}"
        return typed, f"01{gtin}10{batch}{GS}21{sn}"

    return build()


@st.composite
def scanner_codes(draw: st.DrawFn) -> tuple[str, str, str | None]:
    """(typed characters, expected Scan text, expected symbology)."""
    if draw(st.booleans()):
        typed, expected = draw(_gs1_code())
        aim = draw(st.sampled_from(["]C1", "]d2", "]Q3", None]))
    else:
        typed = expected = draw(st.text(CODE_ALPHABET, min_size=4, max_size=80))
        aim = draw(st.sampled_from(["]C0", "]E0", "]d1", "]Q1", None]))
    assume(layout_telltale(typed) is None)
    return ((aim or "") + typed, expected, aim)


# -- scanners are scans ------------------------------------------------------------------------------


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    code=scanner_codes(),
    data=st.data(),
    ending=st.sampled_from([ENTER, ENTER + LINE_FEED, TAB, LINE_FEED, ""]),
)
def test_every_scanner_burst_at_1_to_15_ms_per_key_is_one_scan(
    code: tuple[str, str, str | None], data: st.DataObject, ending: str
) -> None:
    typed, expected, aim = code
    bench = Bench()
    bench.type("ab", 200.0)  # the clerk had typed something before the scan
    keys = list(typed) + list(ending)
    gaps = [150.0, *data.draw(st.lists(SCANNER_GAPS, min_size=len(keys) - 1, max_size=len(keys) - 1))]
    bench.type(keys, gaps)
    bench.wait(200.0)
    bench.type("c", 300.0)

    assert bench.scan_texts == [(expected, aim)]
    assert bench.scans[0].scan.source is ScanSource.KEYBOARD
    assert bench.text == "abc"  # the scan left nothing behind, the typing is intact
    assert bench.held == []


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(CODE_ALPHABET + "]", min_size=1, max_size=40),
    data=st.data(),
    enter=st.booleans(),
)
def test_no_human_speed_sequence_is_ever_a_scan(text: str, data: st.DataObject, enter: bool) -> None:
    bench = Bench()
    keys = list(text) + ([ENTER] if enter else [])
    gaps = data.draw(st.lists(HUMAN_GAPS, min_size=len(keys), max_size=len(keys)))
    bench.type(keys, gaps)
    bench.wait(1000.0)

    assert bench.scans == [] and bench.warnings == []
    assert set(bench.actions) == {KeyAction.PASS}  # never delayed either
    assert bench.text == "".join(keys)


def test_a_fast_typist_at_60_ms_per_key_and_a_quick_enter_is_typing() -> None:
    bench = Bench()
    bench.type([*"RMA-100001", ENTER], 60.0)
    assert bench.scans == []
    assert bench.text == "RMA-100001" + ENTER


def test_three_rolled_over_keys_and_enter_stay_typing_thanks_to_the_length_rule() -> None:
    bench = Bench()
    bench.type([*"yes", ENTER], [300.0, 25.0, 30.0, 35.0])
    assert bench.scans == []
    assert bench.text == "yes" + ENTER


def test_residual_risk_four_rolled_over_keys_and_enter_read_as_a_scan() -> None:
    """Documented limit (README "Scanners"): timing cannot tell these from a scanner."""
    bench = Bench()
    bench.type([*"done", ENTER], [300.0, 30.0, 35.0, 30.0, 38.0])
    assert bench.scan_texts == [("done", None)]


def test_the_whole_burst_limit_rejects_a_slow_run_when_the_gap_setting_is_wide() -> None:
    # With a 150 ms gap allowed, 30 keys at 100 ms (3 s > max(1.5 s, 60 ms x 30)) are typing...
    bench = Bench(WedgeDetector(WedgeConfig(max_gap_ms=150.0, idle_timeout_ms=300.0)))
    bench.type([*"A" * 30, ENTER], 100.0)
    assert bench.scans == []
    assert bench.text == "A" * 30 + ENTER
    # ...while the same scanner-paced run is a scan.
    bench.type([*"B" * 30, ENTER], [1000.0] + [20.0] * 30)
    assert bench.scan_texts == [("B" * 30, None)]


def test_a_run_too_short_for_a_scan_is_typed_even_at_scanner_speed() -> None:
    bench = Bench()
    bench.type([*"12", ENTER], 5.0)
    assert bench.scans == []
    assert bench.text == "12" + ENTER


# -- timing edges ------------------------------------------------------------------------------------


def test_without_terminator_the_idle_timeout_ends_the_scan_and_not_before() -> None:
    bench = Bench()
    bench.type("4006381333931", 8.0)
    bench.wait(149.0)
    assert bench.scans == []
    assert bench.detector.deadline() == pytest.approx(bench.t + 1.0)
    bench.wait(1.0)
    assert bench.scan_texts == [("4006381333931", None)]
    assert bench.text == ""
    assert bench.detector.deadline() is None


def test_idle_end_can_be_switched_off_so_only_a_terminator_makes_a_scan() -> None:
    bench = Bench(WedgeDetector(WedgeConfig(accept_without_terminator=False)))
    bench.type("4006381333931", 8.0)
    bench.wait(500.0)
    assert bench.scans == []
    assert bench.text == "4006381333931"


def test_a_slow_terminator_within_the_idle_time_still_belongs_to_the_scan() -> None:
    bench = Bench()
    bench.type([*"SN-778812", ENTER], [8.0] * 9 + [120.0])
    assert bench.scan_texts == [("SN-778812", None)]
    assert bench.text == ""  # the Enter did not reach the widget (no dialog default button fires)


def test_the_lf_of_cr_lf_is_swallowed_but_a_later_enter_is_the_persons() -> None:
    bench = Bench()
    bench.type([*"SN-778812", ENTER, LINE_FEED], 5.0)
    assert bench.text == ""
    bench.key(ENTER, 500.0)
    assert bench.text == ENTER
    assert len(bench.scans) == 1


def test_a_scan_right_after_slow_typing_does_not_eat_the_typing() -> None:
    bench = Bench()
    bench.type("RMA-", 180.0)
    bench.type([*"4006381333931", ENTER], [90.0] + [6.0] * 13)
    bench.type("1", 200.0)
    assert bench.scan_texts == [("4006381333931", None)]
    assert bench.text == "RMA-1"


def test_a_non_character_key_ends_the_burst() -> None:
    bench = Bench()
    bench.type("12345", 5.0)
    bench.key(OTHER_KEY, 5.0)
    assert bench.scan_texts == [("12345", None)]
    assert bench.field_text == [OTHER_KEY]  # the arrow key itself went through: it is the person's


def test_a_scanner_hiccup_after_the_first_keys_does_not_split_the_code() -> None:
    bench = Bench()
    gaps = [500.0] + [12.0] * 5 + [75.0] + [12.0] * 7  # one 75 ms stall after 6 characters
    bench.type([*"4006381333931", ENTER], gaps)
    assert bench.scan_texts == [("4006381333931", None)]
    assert bench.text == ""


def test_a_stall_before_the_burst_is_established_or_longer_than_twice_the_gap_splits_it() -> None:
    early = Bench(WedgeDetector(WedgeConfig(accept_without_terminator=False)))
    early.type([*"4006381333931", ENTER], [500.0, 12.0, 75.0] + [12.0] * 11)  # stall after 2 keys
    assert early.scan_texts == [("06381333931", None)]  # "40" stayed typed: it was no scan yet
    assert early.text == "40"

    late = Bench(WedgeDetector(WedgeConfig(accept_without_terminator=False)))
    late.type([*"4006381333931", ENTER], [500.0] + [12.0] * 5 + [90.0] + [12.0] * 7)
    assert late.scan_texts == [("1333931", None)]
    assert late.text == "400638"


def test_held_keys_come_back_in_order_when_the_run_was_not_a_scan() -> None:
    bench = Bench(WedgeDetector(WedgeConfig(accept_without_terminator=False)))
    bench.type("abcdef", 10.0)
    assert bench.held == list("def")
    bench.key("g", 300.0)
    assert bench.text == "abcdefg"


def test_a_clock_going_backwards_breaks_the_burst_instead_of_merging() -> None:
    bench = Bench()
    bench.type("abcdef", 10.0)
    bench.key("x", -5000.0)
    assert bench.scan_texts == [("abcdef", None)]
    assert bench.text == "x"


def test_an_endless_fast_run_is_not_a_scan_and_is_typed() -> None:
    bench = Bench(WedgeDetector(WedgeConfig(max_length=20)))
    bench.type([*"z" * 50, ENTER], 5.0)
    assert bench.scans == []
    assert bench.text == "z" * 50 + ENTER


# -- framing -----------------------------------------------------------------------------------------

STX, ETX = "\x02", "\x03"


def test_a_prefix_suffix_frame_is_a_scan_even_at_human_speed() -> None:
    bench = Bench(WedgeDetector(WedgeConfig(prefix=STX, suffix=ETX)))
    bench.type([STX, *"]C10104012345678901", GS, *"10LOT", ETX], 90.0)
    assert bench.scan_texts == [(f"0104012345678901{GS}10LOT", "]C1")]
    assert bench.text == ""  # nothing leaked into the field


def test_a_frame_without_suffix_gives_its_keys_back_after_the_frame_timeout() -> None:
    bench = Bench(WedgeDetector(WedgeConfig(prefix=STX, suffix=ETX, frame_timeout_ms=2000.0)))
    bench.type([STX, *"hello"], 100.0)
    bench.wait(1400.0)
    assert bench.text == ""
    bench.wait(200.0)
    assert bench.scans == []
    assert bench.text == "hello"


def test_framed_and_unframed_scanners_work_side_by_side() -> None:
    bench = Bench(WedgeDetector(WedgeConfig(prefix=STX, suffix=ETX)))
    bench.type([STX, *"AB", ETX], 50.0)
    bench.type([*"4006381333931", ENTER], [500.0] + [4.0] * 13)
    assert bench.scan_texts == [("AB", None), ("4006381333931", None)]


def test_a_suffix_alone_makes_a_short_fast_burst_a_scan() -> None:
    bench = Bench(WedgeDetector(WedgeConfig(suffix=ETX)))
    bench.type([*"A7", ETX], 6.0)
    assert bench.scan_texts == [("A7", None)]
    assert bench.text == ""


# -- what the Scan holds -----------------------------------------------------------------------------


@pytest.mark.parametrize("substitute", [GS, "\u241d", "\uf70b"])
def test_gs_substitutes_become_gs_and_the_aim_prefix_becomes_the_symbology(substitute: str) -> None:
    scan = make_scan(f"]C10104012345678901{substitute}10ABC", ScanSource.KEYBOARD)
    assert (scan.text, scan.symbology) == (f"0104012345678901{GS}10ABC", "]C1")


def test_a_site_specific_gs_substitute_is_honoured() -> None:
    bench = Bench(WedgeDetector(WedgeConfig(gs_substitutes=("~",))))
    bench.type([*"0104012345678901~10ABC", ENTER], 3.0)
    assert bench.scan_texts == [(f"0104012345678901{GS}10ABC", None)]


def test_text_that_only_looks_like_an_aim_prefix_mid_code_is_left_alone() -> None:
    scan = make_scan("AB]C1", ScanSource.SERIAL)
    assert (scan.text, scan.symbology, scan.source) == ("AB]C1", None, ScanSource.SERIAL)


# -- wrong keyboard layout ---------------------------------------------------------------------------

US_TO_AZERTY = str.maketrans("1234567890", "&é\"'(-è_çà")


@settings(max_examples=100, deadline=None)
@given(digits=st.text("0123456789", min_size=8, max_size=20), data=st.data())
def test_azerty_shifted_digits_warn_instead_of_scanning(digits: str, data: st.DataObject) -> None:
    assume(sum(d in "13458" for d in digits) >= 3 or any(d in "0279" for d in digits))
    bench = Bench()
    typed = digits.translate(US_TO_AZERTY)
    gaps = data.draw(st.lists(SCANNER_GAPS, min_size=len(typed) + 1, max_size=len(typed) + 1))
    bench.type([*typed, ENTER], gaps)

    assert bench.scans == []
    assert [w.layout for w in bench.warnings] == [FRENCH_AZERTY]
    assert bench.warnings[0].message == (
        "The scanner's keyboard layout does not match this PC's: set the scanner to French (AZERTY) "
        "or switch to serial mode"
    )
    assert bench.text == ""  # the garbage was withdrawn too


@pytest.mark.parametrize(
    ("typed", "layout"),
    [
        ("HA&&é", FRENCH_AZERTY),  # barcode-to-pc-server #166: "HA112" on AZERTY
        ("&'((-&", FRENCH_AZERTY),  # digits without accented letters
        ("RMAß100001", GERMAN_QWERTZ),  # "-" on a German layout
        ("ORDER£77", UK_ENGLISH),  # "#" on a UK layout
        ("RMA-100001", None),
        ("A&B", None),
    ],
)
def test_layout_telltales(typed: str, layout: str | None) -> None:
    assert layout_telltale(typed) == layout


def test_a_person_typing_french_is_never_warned_about() -> None:
    bench = Bench()
    bench.type("déjà reçu", 120.0)
    bench.wait(500.0)
    assert bench.warnings == [] and bench.scans == []
    assert bench.text == "déjà reçu"


# -- configuration -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs",
    [
        {"max_gap_ms": 10.0},
        {"max_gap_ms": 200.0},
        {"min_length": 0},
        {"idle_timeout_ms": 30.0},
        {"terminators": ("x",)},
        {"prefix": "ab"},
        {"prefix": ENTER},
        {"prefix": STX, "suffix": STX},
        {"hiccup_ms": 20.0},
        {"hiccup_ms": 500.0},
    ],
)
def test_bad_settings_are_refused_at_start_up(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        WedgeConfig(**kwargs)  # type: ignore[arg-type]


def test_tab_can_be_left_out_of_the_terminators() -> None:
    bench = Bench(WedgeDetector(WedgeConfig(terminators=(ENTER, LINE_FEED), accept_without_terminator=False)))
    bench.type([*"ABCDEF", TAB], 5.0)
    assert bench.scans == []
    assert bench.text == "ABCDEF" + TAB


def test_random_interleavings_of_people_and_scanners_keep_both_intact() -> None:
    """A day at the bench in miniature: typing, scans, typing, seeded so a failure replays."""
    rng = random.Random(20261123)
    for _ in range(200):
        bench = Bench()
        expected_scans: list[str] = []
        expected_text: list[str] = []
        for _ in range(rng.randint(1, 6)):
            if rng.random() < 0.5:
                word = "".join(rng.choice(CODE_ALPHABET) for _ in range(rng.randint(1, 8)))
                bench.type(word, [rng.uniform(160.0, 400.0) for _ in word])
                expected_text.append(word)
            else:
                code = "".join(rng.choice("0123456789ABCXYZ-") for _ in range(rng.randint(4, 30)))
                gaps = [rng.uniform(160.0, 400.0)] + [rng.uniform(1.0, 15.0) for _ in code]
                bench.type([*code, ENTER], gaps)
                expected_scans.append(code)
        bench.wait(1000.0)
        assert [s.scan.text for s in bench.scans] == expected_scans
        assert bench.text == "".join(expected_text)
