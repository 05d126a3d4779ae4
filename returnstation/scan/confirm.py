"""Decide which per-frame barcode reads become scans: a camera must never hand the bench a wrong code.

Why: a camera sees the same label 5-10 times a second, through blur and glare. A single frame can
misread a 1D code into another number that even passes its check digit (measured: zxing-cpp on
corpus upca-2/48.webp, pyzbar on four other upca-2 photos), while the next frames read it right or
not at all. So a 1D read becomes a scan only after it is seen in TWO frames within a short window,
passes the checks its symbology allows (EAN/UPC and ITF-14 check digits, GS1 element strings), and
no other text was read at the same place in that window more than the winner's margin allows.
QR and DataMatrix carry Reed-Solomon error correction, so one read is trusted. A code that was just
accepted is not accepted again until it has been out of view for the debounce time (2 s), so holding
a label under the camera gives exactly one scan.

Pure Python, no camera and no Qt: the caller passes the reads of each frame and, for tests, the time.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from returnstation.domain.text import is_ascii_digits
from returnstation.scan import checkdigits
from returnstation.scan.decode import Decoded, positions_overlap

GS1_AIMS = frozenset({"]C1", "]e0", "]e1", "]e2"})
# ITF carries no check character and a tilted ITF reads as a shorter even-length fragment ("342779" of
# a 14-digit ITF, issue 15): only the lengths a site prints are accepted, by default ITF-14 alone.
DEFAULT_ITF_LENGTHS = frozenset({14})
# How far across its scan line an EAN/UPC read stands for its symbol, as a fraction of its length on
# each side (an EAN-13's bars are about 0.7 of its length high; issue 15, bench frame ean13/motion_01).
EAN_SYMBOL_ACROSS = 0.35


@dataclass(frozen=True)
class ConfirmPolicy:
    """How sure a 1D read must be. `window_s`/`window_frames`: how far back agreeing reads count.
    `itf_lengths`: the ITF lengths the site uses (setting `itf_lengths`; ITF has no check character
    and partial reads are its classic failure): ITF-14 unless the site names its own label lengths.
    `reads_unconfirmed`: agreeing frames for a 1D read no second decoder could read (decode.py marks
    pyzbar-only reads `confirmed=False`): one decoder's word, so more of it."""

    reads_1d: int = 2
    reads_unconfirmed: int = 3
    window_s: float = 1.5
    window_frames: int = 10
    debounce_s: float = 2.0
    itf_lengths: frozenset[int] = DEFAULT_ITF_LENGTHS

    def __post_init__(self) -> None:
        if self.reads_1d < 1 or self.reads_unconfirmed < self.reads_1d:
            raise ValueError("reads_1d must be at least 1 and reads_unconfirmed at least reads_1d")
        if self.window_s <= 0 or self.window_frames < 1 or self.debounce_s < 0:
            raise ValueError("window and debounce must be positive")
        if not self.itf_lengths or any(n < 2 or n % 2 for n in self.itf_lengths):
            raise ValueError("itf_lengths must name even lengths (ITF encodes digits in pairs)")


@dataclass(frozen=True, slots=True)
class ConfirmStats:
    """Counters for the status line and the benchmark."""

    frames: int = 0
    reads: int = 0
    rejected: int = 0
    conflicts: int = 0
    accepted: int = 0
    last_rejection: str | None = None


def symbology_family(read: Decoded) -> str:
    """ "ean", "itf", "code128", "code39", "databar", "qr", "datamatrix" or the format name lower-cased."""
    name = read.format.replace("-", "").replace(" ", "").lower()
    aim = read.symbology or ""
    if aim.startswith("]E") or name.startswith(("ean", "upc", "isbn")):
        return "ean"
    for family in ("itf", "code128", "code39", "databar", "qr", "datamatrix"):
        if name.startswith(family):
            return family
    return name


def rejection_reason(read: Decoded, itf_lengths: frozenset[int] = DEFAULT_ITF_LENGTHS) -> str | None:
    """Why this read cannot be a real code, or None when it passes every check its symbology has."""
    text = read.text
    if not text:
        return "empty read"
    family = symbology_family(read)
    if family == "ean":
        return _ean_reason(text)
    if family == "itf":
        return _itf_reason(text, itf_lengths)
    if family == "databar" or (read.symbology in GS1_AIMS):
        return _gs1_reason(text, read.symbology)
    return None


def _ean_reason(text: str) -> str | None:
    if not is_ascii_digits(text):
        return "EAN/UPC with non-digits"
    if len(text) == 8 and (checkdigits.is_valid_gtin(text) or checkdigits.expand_upc_e(text)):
        return None
    if len(text) in (12, 13) and checkdigits.is_valid_gtin(text):
        return None
    return f"EAN/UPC check digit or length wrong ({len(text)} digits)"


def _itf_reason(text: str, lengths: frozenset[int]) -> str | None:
    if not is_ascii_digits(text) or len(text) % 2:
        return "ITF must be an even number of digits"
    if len(text) not in lengths:
        return f"ITF length {len(text)} is not one this site prints (setting itf_lengths)"
    if len(text) == 14 and not checkdigits.has_valid_gs1_check_digit(text):
        return "ITF-14 check digit wrong"
    return None


def _gs1_reason(text: str, symbology: str | None) -> str | None:
    from returnstation.scan.gs1 import read_gs1

    reading = read_gs1(text, symbology)
    if not reading.ok:
        return f"GS1 data does not parse ({reading.error})"
    bad = [element.ai for element in reading.elements if element.error]
    if bad:
        return f"GS1 check digit wrong in AI ({bad[0]})"
    return None


@dataclass
class _Sighting:
    frame: int
    at: float
    read: Decoded


@dataclass
class _Candidate:
    sightings: list[_Sighting] = field(default_factory=list)


class ReadConfirmer:
    """Feed it the reads of every decoded frame; it returns the reads that just became scans.

    Not thread-safe: one camera worker owns one confirmer.
    """

    def __init__(
        self, policy: ConfirmPolicy | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.policy = policy or ConfirmPolicy()
        self._clock = clock
        self._frame = 0
        self._candidates: dict[tuple[str, str], _Candidate] = {}
        self._held: dict[str, float] = {}  # accepted text -> last time it was seen
        self._stats = ConfirmStats()

    @property
    def stats(self) -> ConfirmStats:
        return self._stats

    def reset(self) -> None:
        """Forget everything seen: after the camera reconnects, or when the screen changes."""
        self._candidates.clear()
        self._held.clear()

    def offer(self, reads: Iterable[Decoded], now: float | None = None) -> list[Decoded]:
        """Record one frame's reads (possibly none) and return those accepted by this frame."""
        at = self._clock() if now is None else now
        self._frame += 1
        self._forget_old(at)
        frame_reads = _one_per_text(reads)
        rejected, reason = 0, self._stats.last_rejection
        valid: list[Decoded] = []
        for read in frame_reads:
            why = rejection_reason(read, self.policy.itf_lengths) if read.is_1d else _2d_reason(read)
            if why is None:
                valid.append(read)
            else:
                rejected += 1
                reason = why
        for read in valid:
            candidate = self._candidates.setdefault((symbology_family(read), read.text), _Candidate())
            candidate.sightings.append(_Sighting(self._frame, at, read))

        accepted: list[Decoded] = []
        conflicts = 0
        for read in valid:
            if read.text in self._held:
                self._held[read.text] = at  # still in view: keep it quiet
                continue
            if read.is_1d:
                sightings = self._candidates[(symbology_family(read), read.text)].sightings
                rivals = self._rival_count(read)
                if rivals:
                    conflicts += 1
                # A read is confirmed once any of its sightings was read by a second decoder.
                confirmed = any(s.read.confirmed for s in sightings)
                needed = self.policy.reads_1d if confirmed else self.policy.reads_unconfirmed
                if len(sightings) - rivals < needed:
                    continue
            accepted.append(read)
            self._held[read.text] = at
        self._stats = ConfirmStats(
            frames=self._stats.frames + 1,
            reads=self._stats.reads + len(frame_reads),
            rejected=self._stats.rejected + rejected,
            conflicts=self._stats.conflicts + conflicts,
            accepted=self._stats.accepted + len(accepted),
            last_rejection=reason,
        )
        return accepted

    def _rival_count(self, read: Decoded) -> int:
        """Most frames that read a different text of the same family at the same place since this
        text was first seen: reads that alternate ("A, B, A") mean neither is certain yet, while a
        label swapped for another ("A, A, B, B") leaves B free.

        For EAN/UPC "the same place" is the whole symbol, the read's band widened across by
        `EAN_SYMBOL_ACROSS` of its length (issue 15): a motion-blurred EAN-13 read right on one band
        of rows and as another valid number on a band 0.4 of its length lower, in alternate frames,
        and the two bands do not touch. A product carries one EAN, so nothing real is lost; a parcel
        label's stacked Code 128s keep their own bands and stay independent."""
        family = symbology_family(read)
        first = self._candidates[(family, read.text)].sightings[0].frame
        across = EAN_SYMBOL_ACROSS if family == "ean" else 0.0
        most = 0
        for (other_family, text), candidate in self._candidates.items():
            if other_family != family or text == read.text:
                continue
            near = sum(
                1
                for sighting in candidate.sightings
                if sighting.frame >= first
                and positions_overlap(sighting.read.position, read.position, across=across)
            )
            most = max(most, near)
        return most

    def _forget_old(self, at: float) -> None:
        policy = self.policy
        oldest_frame = self._frame - policy.window_frames
        for key in list(self._candidates):
            sightings = [
                s
                for s in self._candidates[key].sightings
                if at - s.at <= policy.window_s and s.frame > oldest_frame
            ]
            if sightings:
                self._candidates[key].sightings = sightings
            else:
                del self._candidates[key]
        for text, last_seen in list(self._held.items()):
            if at - last_seen > policy.debounce_s:
                del self._held[text]


def _2d_reason(read: Decoded) -> str | None:
    return "empty read" if not read.text else None


def _one_per_text(reads: Iterable[Decoded]) -> list[Decoded]:
    """A frame counts once per text, even when two stages or two symbols read the same thing."""
    seen: set[str] = set()
    out = []
    for read in reads:
        if read.text not in seen:
            seen.add(read.text)
            out.append(read)
    return out
