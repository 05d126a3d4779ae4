"""Time label rendering: PDF and ZPL, per shipped template, at 203 and 300 dpi.

Each label gets fresh field values (a new item code and description per run), so caches for one value
do not flatter the figures. Prints the first (cold) render separately, then median and p95 over N
renders. Target: <= 50 ms per label.

Usage: .venv/bin/python bench/bench_labels.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from returnstation.printing.label_pdf import render_label_pdf
from returnstation.printing.label_zpl import render_label_zpl
from returnstation.printing.templates import LabelTemplate, list_label_templates, load_label_template

TARGET_MS = 50.0


def sample_fields(name: str, i: int) -> dict[str, str]:
    code = f"RSI-{i:06d}"
    if name == "routing_4x6":
        return {
            "item_code": code,
            "rma_number": f"RMA-{100000 + i}",
            "sku": f"HDX-{4400 + i % 97}-BLK",
            "description": f"Cordless drill 18V kit number {i} with two batteries, charger and carry case",
            "grade": "B - Good",
            "disposition": ["Restock", "Refurbish", "Return to vendor"][i % 3],
            "destination": f"Refurb cell B, tote R-{i % 40}",
            "reason": "Defective",
            "station": "bench-7",
            "printed_at": "2026-11-23 09:14",
        }
    if name == "item_2x1":
        return {"sku": f"HDX-{i:05d}", "description": f"Cordless drill 18V kit {i}", "serial": f"SN{i:08d}"}
    if name == "tote_bin":
        return {
            "location_code": f"TOTE-R-{i:04d}",
            "location_name": f"Refurb tote {i}",
            "disposition": "Refurbish",
            "note": "Batteries go to the battery recycling stream",
        }
    raise SystemExit(f"no sample fields for template {name!r}: add them to bench/bench_labels.py")


def time_ms(
    render: Callable[[LabelTemplate, dict[str, str]], object], template: LabelTemplate, runs: int
) -> tuple[float, list[float]]:
    samples = []
    for i in range(runs + 1):
        fields = sample_fields(template.name, i)
        start = time.perf_counter()
        render(template, fields)
        samples.append((time.perf_counter() - start) * 1000)
    return samples[0], samples[1:]


Renderer = Callable[[LabelTemplate, dict[str, str]], object]


def pdf_renderer(dpi: int) -> Renderer:
    def render(template: LabelTemplate, fields: dict[str, str]) -> bytes:
        return render_label_pdf(template, fields, dpi=dpi)

    return render


def zpl_renderer(dpi: int) -> Renderer:
    def render(template: LabelTemplate, fields: dict[str, str]) -> str:
        return render_label_zpl(template, fields, dpi=dpi)

    return render


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 2 else values[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()

    print(f"{'template':<12} {'format':<4} {'dpi':>4} {'cold ms':>8} {'median ms':>10} {'p95 ms':>8}  target")
    worst = 0.0
    for name in list_label_templates():
        template = load_label_template(name)
        for dpi in (203, 300):
            renderers = {"PDF": pdf_renderer(dpi), "ZPL": zpl_renderer(dpi)}
            for fmt, render in renderers.items():
                cold, warm = time_ms(render, template, args.runs)
                worst = max(worst, p95(warm))
                verdict = "ok" if p95(warm) <= TARGET_MS else "SLOW"
                print(
                    f"{name:<12} {fmt:<4} {dpi:>4} {cold:>8.1f} {statistics.median(warm):>10.2f} "
                    f"{p95(warm):>8.2f}  {verdict}"
                )
    print(f"worst p95: {worst:.2f} ms (target <= {TARGET_MS:.0f} ms per label)")


if __name__ == "__main__":
    main()
