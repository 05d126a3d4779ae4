"""Tell a keyboard-wedge scanner's burst from a person typing, using nothing but key timing.

Why a state machine of its own: a wedge scanner is a keyboard. Its keys arrive in the same queue as
the clerk's, in whatever widget has the focus, so the only honest signals are timing and framing.
Scanners type 1-20 ms apart (WooCommerce POS measured 5-60 ms on real devices, about 20 on average);
people rarely manage 60 ms per key for long, and never four keys in a row under 40 ms except by
accident. The detector is pure (fed ``(key, t_ms)``, no Qt, no clock of its own) so every rule is unit
tested with exact timings; ``returnstation.ui.wedge_filter`` feeds it real key events.

Rules (defaults in ``WedgeConfig``):

* A burst is a run of characters each at most ``max_gap_ms`` after the previous one. Once it has
  ``min_length`` characters (a person cannot get that far), a single longer pause up to
  ``hiccup_ms`` (default twice the gap, at most the idle timeout) no longer splits it: a scanner's
  USB or Bluetooth hiccup must not cut one code into two wrong ones.
* It is a scan when it has at least ``min_length`` characters, took at most
  ``max(burst_floor_ms, per_char_ms * length)`` from first to last character, and ends with a
  terminator (Enter, LF, Tab; configurable) or, when ``accept_without_terminator``, with
  ``idle_timeout_ms`` of silence.
* A configured ``prefix`` (e.g. STX) makes detection deterministic: everything after it up to the
  ``suffix`` or a terminator is a scan whatever the timing. A ``suffix`` alone ends a fast burst as a
  scan without the length rule. Timing stays active as the fallback for scanners without framing.
* The first keys of a burst reach the widget at once (nobody can know yet that it is a scanner, and a
  person's typing must never lag); from key ``hold_from`` on, keys are held back. A burst that turns
  out to be a scan is reported with how many keys the widget already got (to withdraw them); one that
  turns out to be typing releases the held keys, in order.

Residual risk (documented in README "Scanners"): a very fast typist who types ``min_length`` keys all
under ``max_gap_ms`` apart and ends them with Enter/Tab (or stops) produces a burst that passes every
rule; rollover typing of a short word can do it. The length and duration rules make it rare, not
impossible. A prefix/suffix on the scanner or serial mode removes it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

from returnstation.domain.enums import ScanSource
from returnstation.domain.scan import Scan
from returnstation.scan.normalize import DEFAULT_GS_SUBSTITUTES, GS

ENTER = "\r"
LINE_FEED = "\n"
TAB = "\t"
OTHER_KEY = "<other>"  # any key that types no character: arrows, F-keys, Escape, Backspace...
TERMINATOR_KEYS = (ENTER, LINE_FEED, TAB)

# 40 ms: real scanners type 1-20 ms apart (bursts of a few up to 40 ms on slow Bluetooth links),
# people type 80-300 ms apart and only hit < 40 ms on the odd rolled-over pair. It leaves 20 ms of
# margin under the 60 ms "human" floor and under the scan field's 60 ms digit hold.
DEFAULT_MAX_GAP_MS = 40.0
MIN_GAP_SETTING_MS, MAX_GAP_SETTING_MS = 20.0, 150.0

_AIM_PREFIX = re.compile(r"\][A-Za-z][0-9A-Za-z]")

# What a US-layout scanner types on other layouts: the number row of a French AZERTY keyboard without
# Shift ("1234567890" -> "&é\"'(-è_çà", barcode-to-pc-server #166); German/Swiss QWERTZ turns "-" into
# "ß" and "[;'" into "üöä", and "#" into "§"; a UK layout turns "#" into "£" (InvenTree #10589).
_AZERTY_DIGIT_ROW = "&é\"'(-è_çà"
_AZERTY_ACCENTED = frozenset("éèçà")
_AZERTY_PLAIN = frozenset("&\"'(_")
_QWERTZ_TELLTALES = frozenset("ßüöäÜÖÄ§")
_UK_TELLTALES = frozenset("£¬")
FRENCH_AZERTY = "French (AZERTY)"
GERMAN_QWERTZ = "German/Swiss (QWERTZ)"
UK_ENGLISH = "UK English"


class KeyAction(StrEnum):
    PASS = "pass"  # deliver the key to the widget now
    HOLD = "hold"  # keep it back: a later ReleaseHeld replays it, a ScanDetected drops it
    SWALLOW = "swallow"  # scanner framing (terminator, prefix, suffix): never delivered


@dataclass(frozen=True, slots=True)
class ScanDetected:
    """A burst was a scan. ``withdraw`` keys of it already reached the widget and must be taken back."""

    scan: Scan
    withdraw: int


@dataclass(frozen=True, slots=True)
class ReleaseHeld:
    """The held keys were typing after all: replay the oldest ``count`` held keys, in order."""

    count: int


@dataclass(frozen=True, slots=True)
class LayoutMismatch:
    """A burst that a scanner typed through the wrong keyboard layout: warn, never use it as a code."""

    layout: str
    text: str
    withdraw: int

    @property
    def message(self) -> str:
        return (
            "The scanner's keyboard layout does not match this PC's: set the scanner to "
            f"{self.layout} or switch to serial mode"
        )


Outcome = ScanDetected | ReleaseHeld | LayoutMismatch


@dataclass(frozen=True, slots=True)
class Step:
    """What to do with one key. ``outcomes`` concern earlier keys and are applied before ``action``;
    ``starts_burst`` says this key opens a new burst (the caller snapshots the widget before it)."""

    action: KeyAction
    outcomes: tuple[Outcome, ...] = ()
    starts_burst: bool = False


@dataclass(frozen=True, slots=True)
class WedgeConfig:
    """Timing and framing of one station's wedge scanner. Values out of range are refused here."""

    max_gap_ms: float = DEFAULT_MAX_GAP_MS
    min_length: int = 4
    idle_timeout_ms: float = 150.0
    burst_floor_ms: float = 1500.0
    per_char_ms: float = 60.0
    terminators: tuple[str, ...] = TERMINATOR_KEYS
    accept_without_terminator: bool = True
    prefix: str = ""
    suffix: str = ""
    frame_timeout_ms: float = 5000.0
    gs_substitutes: tuple[str, ...] = DEFAULT_GS_SUBSTITUTES
    max_length: int = 4096
    hiccup_ms: float | None = None  # None: min(2 x max_gap_ms, idle_timeout_ms)

    def __post_init__(self) -> None:
        if not MIN_GAP_SETTING_MS <= self.max_gap_ms <= MAX_GAP_SETTING_MS:
            raise ValueError(
                f"max_gap_ms must be {MIN_GAP_SETTING_MS:g}-{MAX_GAP_SETTING_MS:g}, not {self.max_gap_ms:g}"
            )
        if self.min_length < 1:
            raise ValueError("min_length must be at least 1")
        if self.idle_timeout_ms < self.max_gap_ms:
            raise ValueError("idle_timeout_ms must not be shorter than max_gap_ms")
        if self.burst_floor_ms <= 0 or self.per_char_ms <= 0 or self.frame_timeout_ms <= 0:
            raise ValueError("burst and frame limits must be positive")
        if self.max_length < self.min_length:
            raise ValueError("max_length must not be below min_length")
        unknown = [t for t in self.terminators if t not in TERMINATOR_KEYS]
        if unknown:
            raise ValueError(f"terminators may only be Enter, LF and Tab, not {unknown!r}")
        for name in ("prefix", "suffix"):
            value = getattr(self, name)
            if len(value) > 1:
                raise ValueError(f"{name} must be a single character")
            if value and value in TERMINATOR_KEYS:
                raise ValueError(f"{name} must not be a terminator")
        if self.prefix and self.prefix == self.suffix:
            raise ValueError("prefix and suffix must differ")
        if self.hiccup_ms is not None and not self.max_gap_ms <= self.hiccup_ms <= self.idle_timeout_ms:
            raise ValueError("hiccup_ms must lie between max_gap_ms and idle_timeout_ms")

    @property
    def hiccup_limit_ms(self) -> float:
        """The longest pause inside a burst that already has ``min_length`` characters."""
        if self.hiccup_ms is not None:
            return self.hiccup_ms
        return min(2 * self.max_gap_ms, self.idle_timeout_ms)

    @property
    def hold_from(self) -> int:
        """The 1-based key of a burst from which keys are held back. At least 3: the scan field holds a
        lone digit as a possible answer key, and the second key must reach it to show it was a burst."""
        return max(3, self.min_length)

    def burst_limit_ms(self, length: int) -> float:
        return max(self.burst_floor_ms, self.per_char_ms * length)


def _now() -> datetime:
    return datetime.now(UTC)


def make_scan(
    raw: str,
    source: ScanSource,
    gs_substitutes: Sequence[str] = DEFAULT_GS_SUBSTITUTES,
    timestamp: datetime | None = None,
) -> Scan:
    """The Scan for text a scanner sent: GS substitutes become GS, a leading AIM identifier ("]C1")
    moves to ``symbology``. Nothing else is touched; ``scan.normalize`` does the rest downstream."""
    text = raw
    for substitute in gs_substitutes:
        if substitute:
            text = text.replace(substitute, GS)
    symbology: str | None = None
    match = _AIM_PREFIX.match(text)
    if match is not None:
        symbology, text = match.group(0), text[match.end() :]
    return Scan(text, source, symbology, timestamp if timestamp is not None else _now())


def layout_telltale(text: str) -> str | None:
    """The keyboard layout the PC probably uses when a US-layout scanner typed ``text``, or None."""
    if any(ch in _AZERTY_ACCENTED for ch in text):
        return FRENCH_AZERTY
    plain = sum(ch in _AZERTY_PLAIN for ch in text)
    if plain >= 3 and all(ch in _AZERTY_DIGIT_ROW for ch in text):
        return FRENCH_AZERTY
    if any(ch in _QWERTZ_TELLTALES for ch in text):
        return GERMAN_QWERTZ
    if any(ch in _UK_TELLTALES for ch in text):
        return UK_ENGLISH
    return None


@dataclass(slots=True)
class _Burst:
    first_t: float
    last_t: float
    chars: list[str] = field(default_factory=list)
    passed: int = 0
    held: int = 0
    framed: bool = False
    spoiled: bool = False  # too long to be a scan: everything passes until the run stops


class WedgeDetector:
    """Feed every key with its time (ms, any monotonic origin); act on the returned Step.

    ``key`` is one character (GS as "\\x1d"), ``ENTER``/``LINE_FEED``/``TAB``, or ``OTHER_KEY``.
    Call ``poll(t)`` once ``deadline()`` has passed so a burst without terminator ends.
    """

    def __init__(
        self,
        config: WedgeConfig | None = None,
        source: ScanSource = ScanSource.KEYBOARD,
        now: Callable[[], datetime] = _now,
    ) -> None:
        self.config = config if config is not None else WedgeConfig()
        self._source = source
        self._now = now
        self._burst: _Burst | None = None
        self._tail_until: float | None = None  # a second terminator (the LF of CR LF) is swallowed

    # -- input ----------------------------------------------------------------------------------------
    def feed(self, key: str, t_ms: float) -> Step:
        cfg = self.config
        if key in TERMINATOR_KEYS and key not in cfg.terminators:
            key = OTHER_KEY  # e.g. Tab when only Enter ends scans: it moves the focus, it is no data
        outcomes: list[Outcome] = []
        burst = self._burst
        if burst is not None and burst.framed:
            if t_ms - burst.first_t <= cfg.frame_timeout_ms:
                return self._feed_framed(burst, key, t_ms)
            outcomes.extend(self._release())
            burst = None
        if burst is not None:
            gap = t_ms - burst.last_t
            established = len(burst.chars) >= cfg.min_length and not burst.spoiled
            if gap < 0 or gap > (cfg.hiccup_limit_ms if established else cfg.max_gap_ms):
                if self._is_end(key) and gap <= cfg.idle_timeout_ms and self._qualifies(burst):
                    return self._scan_step(burst, key, t_ms, outcomes)  # a scanner's slow terminator
                outcomes.extend(self._end_without_terminator())
                burst = None
        if self._tail_until is not None and t_ms > self._tail_until:
            self._tail_until = None

        if key == OTHER_KEY:
            if burst is not None:
                outcomes.extend(self._end_without_terminator())
            self._tail_until = None
            return Step(KeyAction.PASS, tuple(outcomes))
        if cfg.prefix and key == cfg.prefix:
            if burst is not None:
                outcomes.extend(self._end_without_terminator())
            self._burst = _Burst(t_ms, t_ms, framed=True)
            return Step(KeyAction.SWALLOW, tuple(outcomes))
        if self._is_end(key):
            if burst is not None and not burst.spoiled:
                if (cfg.suffix and key == cfg.suffix and burst.chars) or self._qualifies(burst):
                    return self._scan_step(burst, key, t_ms, outcomes)
                outcomes.extend(self._release())
                return Step(KeyAction.PASS, tuple(outcomes))
            if burst is not None:  # spoiled: a long typed run ends with Enter, which is typing too
                self._burst = None
                return Step(KeyAction.PASS, tuple(outcomes))
            if self._tail_until is not None:
                self._tail_until = None
                return Step(KeyAction.SWALLOW, tuple(outcomes))
            return Step(KeyAction.PASS, tuple(outcomes))
        return self._feed_char(burst, key, t_ms, outcomes)

    def poll(self, t_ms: float) -> tuple[Outcome, ...]:
        """End a burst that has been silent for ``idle_timeout_ms`` (or a frame that timed out)."""
        if self._tail_until is not None and t_ms > self._tail_until:
            self._tail_until = None
        burst = self._burst
        if burst is None:
            return ()
        if burst.framed:
            if t_ms - burst.first_t >= self.config.frame_timeout_ms:
                return tuple(self._release())
            return ()
        if t_ms - burst.last_t >= self.config.idle_timeout_ms:
            return tuple(self._end_without_terminator())
        return ()

    def deadline(self) -> float | None:
        """When ``poll`` should next be called (same time base as ``feed``), or None if nothing waits."""
        burst = self._burst
        if burst is None:
            return None
        if burst.framed:
            return burst.first_t + self.config.frame_timeout_ms
        return burst.last_t + self.config.idle_timeout_ms

    def reset(self) -> tuple[Outcome, ...]:
        """Forget the current burst (the window lost the keyboard); held keys are given back."""
        self._tail_until = None
        return tuple(self._release())

    @property
    def held(self) -> int:
        return self._burst.held if self._burst is not None else 0

    # -- internals ------------------------------------------------------------------------------------
    def _is_end(self, key: str) -> bool:
        return key in self.config.terminators or (bool(self.config.suffix) and key == self.config.suffix)

    def _feed_char(self, burst: _Burst | None, key: str, t_ms: float, outcomes: list[Outcome]) -> Step:
        cfg = self.config
        if burst is None:
            self._burst = _Burst(t_ms, t_ms, [key], passed=1)
            self._tail_until = None
            return Step(KeyAction.PASS, tuple(outcomes), starts_burst=True)
        burst.last_t = t_ms
        if burst.spoiled:
            return Step(KeyAction.PASS, tuple(outcomes))
        burst.chars.append(key)
        if len(burst.chars) > cfg.max_length:
            outcomes.extend(self._release(keep_burst=True))
            burst.spoiled = True
            return Step(KeyAction.PASS, tuple(outcomes))
        if len(burst.chars) >= cfg.hold_from:
            burst.held += 1
            return Step(KeyAction.HOLD, tuple(outcomes))
        burst.passed += 1
        return Step(KeyAction.PASS, tuple(outcomes))

    def _feed_framed(self, burst: _Burst, key: str, t_ms: float) -> Step:
        cfg = self.config
        if key == cfg.suffix or key in cfg.terminators:
            return self._scan_step(burst, key, t_ms, [])
        if key == cfg.prefix:  # a new frame: the unfinished one was not a scan
            outcomes = tuple(self._release())
            self._burst = _Burst(t_ms, t_ms, framed=True)
            return Step(KeyAction.SWALLOW, outcomes)
        if key == OTHER_KEY or len(burst.chars) >= cfg.max_length:
            return Step(KeyAction.PASS, tuple(self._release()))
        burst.chars.append(key)
        burst.last_t = t_ms
        burst.held += 1
        return Step(KeyAction.HOLD)

    def _qualifies(self, burst: _Burst) -> bool:
        cfg = self.config
        n = len(burst.chars)
        return (
            not burst.spoiled
            and n >= cfg.min_length
            and burst.last_t - burst.first_t <= cfg.burst_limit_ms(n)
        )

    def _scan_step(self, burst: _Burst, key: str, t_ms: float, outcomes: list[Outcome]) -> Step:
        if burst.chars:  # an empty frame (prefix + suffix, nothing between) is no scan
            outcomes.append(self._verdict(burst))
        self._burst = None
        # CR LF: the LF right after the CR belongs to the scan too.
        self._tail_until = t_ms + self.config.max_gap_ms if key in self.config.terminators else None
        return Step(KeyAction.SWALLOW, tuple(outcomes))

    def _end_without_terminator(self) -> list[Outcome]:
        burst = self._burst
        if burst is not None and self.config.accept_without_terminator and self._qualifies(burst):
            self._burst = None
            return [self._verdict(burst)]
        return self._release()

    def _release(self, keep_burst: bool = False) -> list[Outcome]:
        burst = self._burst
        if not keep_burst:
            self._burst = None
        if burst is None or burst.held == 0:
            return []
        held, burst.held = burst.held, 0
        burst.passed += held
        return [ReleaseHeld(held)]

    def _verdict(self, burst: _Burst) -> Outcome:
        raw = "".join(burst.chars)
        layout = layout_telltale(raw)
        if layout is not None:
            return LayoutMismatch(layout, raw, burst.passed)
        scan = make_scan(raw, self._source, self.config.gs_substitutes, self._now())
        return ScanDetected(scan, burst.passed)
