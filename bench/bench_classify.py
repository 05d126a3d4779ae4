"""How many scans per second the classifier handles, per kind of code, and the first-scan cost; and
(issue 15) how truthfully it reads carrier numbers.

Why: a wedge scanner can fire several codes a second and the UI thread classifies each one; this shows
the headroom and which paths (biip for GS1) cost most.

Carrier truth, per format of returnstation/data/carriers/carriers.json: its own test numbers plus
--n numbers made to each format (random digits in the checked part, the right check character):
- "right%": valid numbers read as TRACKING (or a GTIN that lists the tracking reading) with the right
  carrier among the readings and the looked-up value the carrier's own number (target >= 98%);
  "first%": that carrier is the first reading.
- "typo%": every single-character substitution of every digit of those numbers, accepted as a carrier
  number of any carrier, at another value (target <= 2% where the check digit allows it). "same%":
  typos accepted with the SAME looked-up value (a digit outside the number the carrier knows, e.g. a
  34-digit FedEx routing prefix: harmless). "own%": typos accepted by the format's own check (what
  the check digit itself lets through; "-" for a format without a check character).

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


def truth(n: int, seed: int) -> None:
    from returnstation.scan.carrier_data import carrier_data
    from returnstation.scan.classify import classify

    rng = random.Random(seed)
    data = carrier_data()
    per_carrier: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # numbers, right, first
    print(f"\ncarrier numbers ({n} made per format + the data's test numbers), seed {seed}")
    print(f"{'format':<22}{'numbers':>8}{'right%':>8}{'first%':>8}", end="")
    print(f"{'typos':>8}{'typo%':>7}{'same%':>7}{'own%':>7}")
    worst: list[str] = []
    started = time.perf_counter()
    for fmt in data.formats:
        numbers = list(dict.fromkeys([*fmt.valid_examples, *made_numbers(fmt, n, rng)]))
        right = first = typos = accepted = same = own = 0
        for number in numbers:
            carrier, value = own_carrier(fmt, number), own_value(fmt, number)
            readings = tracking_readings(classify(number))
            ok = (carrier, value) in readings and readings[0][1] == value
            right += ok
            first += bool(readings) and readings[0] == (carrier, value)
            tally = per_carrier[carrier]
            tally[0] += 1
            tally[1] += ok
            tally[2] += bool(readings) and readings[0] == (carrier, value)
            for i, ch in enumerate(number):
                if not ch.isdigit():
                    continue
                for d in "0123456789":
                    if d == ch:
                        continue
                    typo = number[:i] + d + number[i + 1 :]
                    typos += 1
                    got = tracking_readings(classify(typo))
                    if got and all(v == value for _, v in got):
                        same += 1
                    elif got:
                        accepted += 1
                    match = fmt.pattern.fullmatch(typo)
                    if fmt.has_check and match and fmt.check.passes(match.group("S"), match.group("C")):
                        own += own_value(fmt, typo) != value
        rate = 100.0 * accepted / typos if typos else 0.0
        own_text = f"{100.0 * own / typos:7.1f}" if fmt.has_check and typos else f"{'-':>7}"
        print(
            f"{fmt.id:<22}{len(numbers):>8}{_pct(right, len(numbers)):>8}{_pct(first, len(numbers)):>8}"
            f"{typos:>8}{rate:>7.1f}{100.0 * same / typos if typos else 0.0:>7.1f}{own_text}"
        )
        if fmt.has_check and rate > 2.0:
            worst.append(fmt.id)
    print(f"\n{'carrier':<16}{'numbers':>8}{'right%':>8}{'first%':>8}")
    below = []
    for carrier, (count, right, first) in per_carrier.items():
        print(f"{carrier:<16}{count:>8}{100.0 * right / count:>8.1f}{100.0 * first / count:>8.1f}")
        if right < 0.98 * count:
            below.append(carrier)
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    print(
        f"\n({time.perf_counter() - started:.0f} s; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f})"
    )
    print(
        "valid numbers read as the right carrier >= 98%: "
        + ("MET" if not below else "NOT MET for " + ", ".join(below))
    )
    print(
        f"typos accepted <= 2% (checked formats): {'MET' if not worst else 'NOT MET for ' + ', '.join(worst)}"
    )


if __name__ == "__main__":
    main()
