"""How many scans per second the classifier handles, per kind of code, and the first-scan cost; and
(issue 15) how truthfully it reads carrier numbers.

Why: a wedge scanner can fire several codes a second and the UI thread classifies each one; this shows
the headroom and which paths (biip for GS1) cost most.

Carrier truth, per format of returnstation/data/carriers/carriers.json: its own test numbers plus
--n numbers made to each format (random digits in the checked part, the right check character):
- "right%": valid numbers read as TRACKING (or a GTIN that lists the tracking reading) with the right
  carrier among the readings and the looked-up value the carrier's own number (target >= 98%);
  "first%": that carrier is the first reading. The issue counts a list that holds the right carrier
  ("a number valid for several carriers lists them and the RMA lookup decides"): right% is the
  target's figure, first% what a single answer would score. "shared%": numbers that are also a valid
  number of another carrier's format (pattern and check, from the data alone): no classifier can name
  the right carrier first for all of those.
- "typo%": every single-character substitution of every digit of those numbers, accepted as a carrier
  number of any carrier, at another value (target <= 2% where the check digit allows it). "same%":
  typos accepted with the SAME looked-up value (a digit outside the number the carrier knows, e.g. a
  34-digit FedEx routing prefix: harmless). "own%": typos accepted by the format's own check (what
  the check digit itself lets through; "-" for a format without a check character). "floor%": typos
  that ARE valid numbers of a listed format (its pattern and check, after the rule that a distinctive
  shape failing its check is a misread), computed from the data alone: any classifier that reads
  every valid number accepts them, so typo% cannot go below floor% without narrowing a format.

    .venv/bin/python bench/bench_classify.py [seconds-per-case] [--n N] [--seed S] [--no-speed]
"""

from __future__ import annotations

import argparse
import os
import random
import time
from collections import defaultdict
from typing import Any

GS = "\x1d"
CASES: dict[str, str] = {
    "command": "CMD:NEXT",
    "rma": "RMA-0012345",
    "order": "SO-123456",
    "ups": "1Z999AA10123456784",
    "fedex 12": "986578788855",
    "fedex 34": "1001921334250001000300779017972697",
    "usps impb": "9400111201080805483016",
    "usps 420 (GS lost)": "4201028200009261290113185417468510",
    "gtin-13": "5901234123457",
    "upc/fedex collision": "036000291490",
    "sscc": "106141411234567897",
    "gs1-128 (biip)": f"]C10109506000134352{GS}10LOT{GS}21SER",
    "gs1 hri (biip)": "(01)09506000134352(17)261231(10)ABC",
    "digital link (biip)": "https://id.gs1.org/01/09506000134352/10/ABC",
    "item": "SN-00042-XYZ",
    "bad check": "5901234123458",
    "10 KB junk": "x" * 10_240,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seconds", nargs="?", type=float, default=0.3, help="time per case (default 0.3)")
    parser.add_argument("--n", type=int, default=100, help="numbers made per carrier format (default 100)")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--no-speed", action="store_true", help="skip the throughput part")
    args = parser.parse_args()
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    print(f"machine: {os.cpu_count()} CPUs, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    if not args.no_speed:
        speed(args.seconds)
    truth(args.n, args.seed)


def speed(seconds: float) -> None:
    started = time.perf_counter()
    from returnstation.scan.classify import classify

    import_ms = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    classify(CASES["gs1-128 (biip)"])
    first_gs1_ms = (time.perf_counter() - started) * 1000
    print(f"import returnstation.scan.classify: {import_ms:8.1f} ms")
    print(f"first GS1 scan (loads biip):        {first_gs1_ms:8.1f} ms")
    print(f"{'case':<24}{'kind':<10}{'per second':>12}{'us each':>10}")
    total_runs = 0
    total_time = 0.0
    for name, text in CASES.items():
        kind = classify(text).kind
        runs = 0
        begin = time.perf_counter()
        deadline = begin + seconds
        while time.perf_counter() < deadline:
            for _ in range(50):
                classify(text)
            runs += 50
        elapsed = time.perf_counter() - begin
        total_runs += runs
        total_time += elapsed
        print(f"{name:<24}{kind:<10}{runs / elapsed:>12,.0f}{elapsed / runs * 1e6:>10.1f}")
    print(f"{'all cases':<34}{total_runs / total_time:>12,.0f}")


# --- carrier truth (issue 15) ---------------------------------------------------------------------------

_ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def made_numbers(fmt: Any, n: int, rng: random.Random) -> list[str]:
    """`n` numbers of `fmt`: a test number of the format with the digits of its checked part (or of
    everything after a 4-character head, for an unchecked format) drawn at random, then the right
    check character. Literal heads ("420", "9[1-5]", "1LS7") are kept by leaving the first 3
    characters of the checked part alone."""
    out: list[str] = []
    templates = list(fmt.valid_examples)
    if not templates:
        return out
    tries = 0
    while len(out) < n and tries < n * 20:
        tries += 1
        template = rng.choice(templates)
        found = fmt.pattern.fullmatch(template)
        if fmt.has_check:
            start, end = found.span("S")
            start += 3
            check_at = found.start("C")
        else:
            start, end, check_at = 4, len(template), -1
        chars = list(template)
        for i in range(start, end):
            if chars[i].isdigit():
                chars[i] = str(rng.randrange(10))
        if check_at >= 0:
            alphabet = _ALPHANUMERIC if fmt.check.algorithm == "mod37_36" else "0123456789"
            for c in alphabet:
                chars[check_at] = c
                candidate = "".join(chars)
                match = fmt.pattern.fullmatch(candidate)
                if match and fmt.check.passes(match.group("S"), match.group("C")):
                    break
            else:
                continue
        candidate = "".join(chars)
        if fmt.pattern.fullmatch(candidate) and candidate not in out:
            out.append(candidate)
    return out


def tracking_readings(result: Any) -> list[tuple[str, str]]:
    """(carrier, value) of every tracking reading of a verdict, first the main one."""
    from returnstation.scan.classify import CodeKind

    readings = []
    if result.kind is CodeKind.TRACKING:
        readings.append((result.carrier, result.value))
    readings += [(a.carrier, a.value) for a in result.alternatives if a.kind is CodeKind.TRACKING]
    return readings


def own_value(fmt: Any, number: str) -> str:
    match = fmt.pattern.fullmatch(number)
    return (match.groupdict().get("T") or number) if match else number


def own_carrier(fmt: Any, number: str) -> str:
    match = fmt.pattern.fullmatch(number)
    country = match.groupdict().get("K") if match else None
    if country is not None:
        return str(fmt.country_carriers.get(country, (fmt.carrier, ""))[0])
    return str(fmt.carrier)


def _pct(part: int, whole: int) -> str:
    return f"{100.0 * part / whole:.1f}" if whole else "-"


def valid_readings(data: Any, code: str) -> set[tuple[str, str]]:
    """(carrier, value) of every format in the data that `code` is a valid number of (its pattern and
    its check), after the issue's rule 2 as the data states it: a code with a `distinctive` format's
    shape that fails that format's check is a misread of it, so only other distinctive readings stand.
    Computed from the data alone, not by the classifier: the numbers ANY classifier that reads every
    valid number of every listed format has to accept."""
    from returnstation.scan.checkdigits import is_s10_country

    readings: set[tuple[str, str]] = set()
    generic: set[tuple[str, str]] = set()
    misread = False
    for fmt in data.by_length.get(len(code), ()):
        match = fmt.pattern.fullmatch(code)
        if match is None:
            continue
        if fmt.has_check and not fmt.check.passes(match.group("S"), match.group("C")):
            misread = misread or fmt.distinctive
            continue
        country = match.groupdict().get("K")
        if country is not None and not is_s10_country(country):
            continue  # not a post's number (the classifier skips it the same way)
        reading = (own_carrier(fmt, code), own_value(fmt, code))
        readings.add(reading)
        if not fmt.distinctive:
            generic.add(reading)
    return readings - generic if misread else readings


class Tally:
    """Counts for one format or one carrier."""

    def __init__(self) -> None:
        self.numbers = self.right = self.first = self.shared = 0
        self.typos = self.accepted = self.same = self.own = self.floor = 0


def truth(n: int, seed: int) -> None:
    """Per format and per carrier: valid numbers read as the right carrier (among the listed readings,
    and named first), how many of them are valid for another carrier too, and single-digit typos
    accepted as tracking against the floor the data itself sets."""
    from returnstation.scan.carrier_data import carrier_data
    from returnstation.scan.classify import classify

    rng = random.Random(seed)
    data = carrier_data()
    per_carrier: dict[str, Tally] = defaultdict(Tally)
    print(f"\ncarrier numbers ({n} made per format + the data's test numbers), seed {seed}")
    print(
        "right%: the right carrier among the readings, with its own number; first%: named first;"
        " shared%: also a valid\nnumber of another carrier; typo%: single-digit typos accepted as"
        " tracking at another number; floor%: typos\nthat ARE valid numbers of a listed format"
        " (data alone); own%: passed by the format's own check; same%: typos\nread as the same"
        " number (outside the number the carrier knows)"
    )
    print(f"{'format':<22}{'numbers':>8}{'right%':>8}{'first%':>8}{'shared%':>8}", end="")
    print(f"{'typos':>8}{'typo%':>7}{'floor%':>7}{'own%':>7}{'same%':>7}")
    over: list[tuple[str, float, float, float]] = []  # checked formats above 2%: id, typo%, floor%, own%
    started = time.perf_counter()
    for fmt in data.formats:
        numbers = list(dict.fromkeys([*fmt.valid_examples, *made_numbers(fmt, n, rng)]))
        t = Tally()
        for number in numbers:
            carrier, value = own_carrier(fmt, number), own_value(fmt, number)
            readings = tracking_readings(classify(number))
            ok = (carrier, value) in readings and readings[0][1] == value
            first = bool(readings) and readings[0] == (carrier, value)
            shared = any(c != carrier for c, _ in valid_readings(data, number))
            for tally in (t, per_carrier[carrier]):
                tally.numbers += 1
                tally.right += ok
                tally.first += first
                tally.shared += shared
            for i, ch in enumerate(number):
                if not ch.isdigit():
                    continue
                for d in "0123456789":
                    if d == ch:
                        continue
                    typo = number[:i] + d + number[i + 1 :]
                    got = tracking_readings(classify(typo))
                    floor = any(v != value for _, v in valid_readings(data, typo))
                    for tally in (t, per_carrier[carrier]):
                        tally.typos += 1
                        tally.same += bool(got) and all(v == value for _, v in got)
                        tally.accepted += bool(got) and not all(v == value for _, v in got)
                        tally.floor += floor
                    match = fmt.pattern.fullmatch(typo)
                    if fmt.has_check and match and fmt.check.passes(match.group("S"), match.group("C")):
                        t.own += own_value(fmt, typo) != value
        rate, floor = 100.0 * t.accepted / max(t.typos, 1), 100.0 * t.floor / max(t.typos, 1)
        own = 100.0 * t.own / max(t.typos, 1)
        own_text = f"{own:7.1f}" if fmt.has_check and t.typos else f"{'-':>7}"
        print(
            f"{fmt.id:<22}{t.numbers:>8}{_pct(t.right, t.numbers):>8}{_pct(t.first, t.numbers):>8}"
            f"{_pct(t.shared, t.numbers):>8}{t.typos:>8}{rate:>7.1f}{floor:>7.1f}{own_text}"
            f"{100.0 * t.same / max(t.typos, 1):>7.1f}"
        )
        if fmt.has_check and rate > 2.0:
            over.append((fmt.id, rate, floor, own))
    print(f"\n{'carrier':<16}{'numbers':>8}{'right%':>8}{'first%':>8}{'shared%':>8}", end="")
    print(f"{'typos':>8}{'typo%':>7}{'floor%':>7}  (typos over all its formats, unchecked ones included)")
    below_right, below_first = [], []
    for carrier, t in per_carrier.items():
        print(
            f"{carrier:<16}{t.numbers:>8}{_pct(t.right, t.numbers):>8}{_pct(t.first, t.numbers):>8}"
            f"{_pct(t.shared, t.numbers):>8}{t.typos:>8}{_pct(t.accepted, t.typos):>7}"
            f"{_pct(t.floor, t.typos):>7}"
        )
        if t.right < 0.98 * t.numbers:
            below_right.append(carrier)
        if t.first < 0.98 * t.numbers:
            below_first.append(f"{carrier} {_pct(t.first, t.numbers)}% (shared {_pct(t.shared, t.numbers)}%)")
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    print(
        f"\n({time.perf_counter() - started:.0f} s; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f})"
    )
    verdict = "MET" if not below_right else "NOT MET for " + ", ".join(below_right)
    print(f"valid numbers read as the right carrier >= 98%, the right carrier among the readings: {verdict}")
    verdict = "MET" if not below_first else "NOT MET for " + "; ".join(below_first)
    print(f"  ... the right carrier named first: {verdict}")
    if below_first:
        print(
            "  (a number valid for several carriers is the same string whichever carrier printed it: no"
            " classifier can\n   name the right one first for all of them; the station lists them and the"
            " RMA lookup decides)"
        )
    at_floor = [f"{fid} {rate:.1f}" for fid, rate, floor, _ in over if rate <= floor + 0.05]
    above = [f"{fid} {rate:.1f} (floor {floor:.1f})" for fid, rate, floor, _ in over if rate > floor + 0.05]
    met = "MET" if not over else "NOT MET for " + ", ".join(fid for fid, *_ in over)
    print(f"typos accepted <= 2% (checked formats): {met}")
    if over:
        print("  at or below the floor (the typos a listed format accepts as valid):", ", ".join(at_floor))
        print("  above the floor (accepted beyond what the data forces):", ", ".join(above) or "none")


if __name__ == "__main__":
    main()
