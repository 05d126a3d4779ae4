"""How many scans per second the classifier handles, per kind of code, and the first-scan cost.

Why: a wedge scanner can fire several codes a second and the UI thread classifies each one; this shows
the headroom and which paths (biip for GS1) cost most. Prints figures only, no pass/fail.

    .venv/bin/python bench/bench_classify.py [seconds-per-case]
"""

from __future__ import annotations

import argparse
import time

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
    seconds = parser.parse_args().seconds
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


if __name__ == "__main__":
    main()
