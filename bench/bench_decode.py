"""Camera decoding, side by side: the station pipeline vs raw zxing-cpp vs raw pyzbar vs OpenCV's own
decoders, on the zxing-cpp sample photos and on synthetic 1080p bench frames, in one run.

Per symbology: how many images each reads ("read%"), how many give a text that is not the label's
("wrong": a read when the expected text is not among the reads; any read for an image with no code),
and the median/p95 time per image. "held" shows the station as a camera runs it: each image is held
for --hold frames (sensor noise and a sub-pixel wobble, like a hand-held label) through ReadConfirmer;
"acc%" is how often the right code became a scan, "wrong" how many wrong codes did. The synthetic set
is also broken down by degradation. Targets: the station reads at least as many as the best single
decoder on every symbology, zero wrong accepted reads, median <= 30 ms per 1080p frame. Times depend
on the machine's load, which is printed first.

--seeds N (issue 15) runs only the held-label simulation, under N noise seeds, on the same photos and
frames: wrong accepted reads per seed (target 0 for every seed), the right code's acceptance per
symbology (mean and range over the seeds) and the median time per 1080p frame as the camera alternates
thorough and light frames. ITF is accepted only at a site's configured lengths: ITF-14 for the
synthetic frames, the lengths of the photos' own labels for the photo set.

Usage: .venv/bin/python bench/bench_decode.py [--corpus DIR] [--synth-n N] [--size WxH] [--hold K]
       [--no-synth] [--no-corpus] [--seed S] [--seeds N] [--cpu-time]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from returnstation.scan import checkdigits
from returnstation.scan.confirm import ConfirmPolicy, ReadConfirmer
from returnstation.scan.decode import (
    DEFAULT_FORMATS,
    DEFAULT_OPTIONS,
    DecodeOptions,
    decode_frame,
    decoder_status,
    light_options,
)

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "zxing-samples"
# The repository's copy of ../shared/tools/synth_frames.py, and the runner the tests use too.
SYNTH = ROOT / "tests" / "data" / "tools" / "synth_frames.py"
RUN_SYNTH = SYNTH.with_name("run_synth.py")  # runs it without the `qrcode` package
IMAGE_SUFFIXES = {".png", ".webp", ".jpg", ".jpeg"}
TARGET_MS = 30.0
CLOCK = time.perf_counter
DECODERS = ("station", "zxing-cpp", "pyzbar", "opencv")

# Not misses: the station reads Code 39 as standard Code 39 on purpose (Extended turns "RMA+A12" into
# "RMAa12"), so extended-mode samples and the Code 39 variants Code 32 / PZN have other expected texts.
BY_DESIGN = ("code39-2/", "code39-1/code32-1", "code39-1/pzn-1")
# Two ean13-2 photos show another book than their .txt names: these are the digits printed under the
# bars (checked by eye), which every decoder that reads them agrees with.
CORRECTIONS = {"ean13-2/23.webp": "9784872348880", "ean13-2/28.webp": "9784872348880"}
# A "double QR" photo: an outer QR code around the inner one its .txt names. Reading it is not wrong.
ALSO_ON_LABEL = {"qrcode-2/16.webp": ("[外側QRコード]\n \n*ﾀﾞﾌﾞﾙQR*\nhttp://d-qr.net/ex/",)}


@dataclass(frozen=True)
class Sample:
    group: str  # symbology row of the table
    degradation: str
    name: str
    image: Any
    expected: str | None  # None: no code in the picture
    also: tuple[str, ...] = ()  # other real codes in the picture


@dataclass
class Tally:
    n: int = 0
    hits: int = 0
    wrong: int = 0
    times: list[float] = field(default_factory=list)
    accepted: int = 0
    wrong_accepted: int = 0
    held_times: list[float] = field(default_factory=list)  # per frame, as the camera alternates


# --- comparing texts ----------------------------------------------------------------------------


def canonical(text: str) -> str:
    """Same code, same string: line ends unified, EAN/UPC as GTIN-14 (zbar and OpenCV give UPC-A as
    12 digits and UPC-E as 8 where zxing-cpp gives 13)."""
    text = text.replace("\r\n", "\n").strip(" ")
    if checkdigits.is_ascii_digits(text):
        if len(text) == 8 and checkdigits.expand_upc_e(text) and not checkdigits.is_valid_gtin(text):
            return checkdigits.to_gtin14(checkdigits.expand_upc_e(text) or text)
        if len(text) in (12, 13) and checkdigits.is_valid_gtin(text):
            return checkdigits.to_gtin14(text)
    return text


def judge(texts: list[str], sample: Sample) -> tuple[bool, bool]:
    """(hit, wrong) for one image's reads: wrong when something was read but not the label's code."""
    got = {canonical(t) for t in texts if t} - {canonical(t) for t in sample.also}
    if sample.expected is None:
        return False, bool(got)
    hit = canonical(sample.expected) in got
    return hit, bool(got) and not hit


# --- the four decoders --------------------------------------------------------------------------


def raw_zxing() -> Callable[[Any], list[str]]:
    import zxingcpp

    names = {"Code39": "Code39Std", "QRCode": "QRCode"}
    formats = zxingcpp.barcode_formats_from_str(
        ",".join(names.get(f.value, f.value) for f in sorted(DEFAULT_FORMATS.formats))
    )

    def run(gray: Any) -> list[str]:
        results = zxingcpp.read_barcodes(gray, formats=formats, text_mode=zxingcpp.TextMode.Plain)
        return [r.text for r in results]

    return run


def raw_pyzbar() -> Callable[[Any], list[str]] | None:
    try:
        from pyzbar import pyzbar
    except (ImportError, OSError):
        return None
    symbols = [getattr(pyzbar.ZBarSymbol, s) for s in ("CODE128", "CODE39", "EAN13", "EAN8", "I25", "QRCODE")]
    symbols += [pyzbar.ZBarSymbol.DATABAR, pyzbar.ZBarSymbol.DATABAR_EXP]

    def run(gray: Any) -> list[str]:
        out = []
        for result in pyzbar.decode(gray, symbols=symbols):
            try:
                out.append(result.data.decode("utf-8"))
            except UnicodeDecodeError:
                out.append(result.data.decode("latin-1"))
        return out

    return run


def raw_opencv() -> Callable[[Any], list[str]]:
    barcodes = cv2.barcode.BarcodeDetector()
    qr = cv2.QRCodeDetector()

    def run(gray: Any) -> list[str]:
        texts: list[str] = []
        try:
            ok, infos, _types, _points = barcodes.detectAndDecodeWithType(gray)
            if ok:
                texts += [t for t in infos if t]
        except cv2.error:
            pass
        try:
            ok, infos, _points, _straight = qr.detectAndDecodeMulti(gray)
            if ok:
                texts += [t for t in infos if t]
        except (cv2.error, UnicodeDecodeError):  # OpenCV's binding fails on non-UTF-8 QR payloads
            pass
        return texts

    return run


def station(options: DecodeOptions = DEFAULT_OPTIONS) -> Callable[[Any], list[str]]:
    return lambda gray: [r.text for r in decode_frame(gray, DEFAULT_FORMATS, options)]


# --- the held-label simulation ------------------------------------------------------------------


def held_frames(image: Any, count: int, rng: np.random.Generator) -> Iterator[Any]:
    """The image as `count` camera frames: the first as is, the rest with a sub-pixel wobble
    (shift <= 0.6 px, turn <= 0.3 degrees) and sensor noise (sigma 2)."""
    yield image
    height, width = image.shape[:2]
    for _ in range(count - 1):
        turn = cv2.getRotationMatrix2D((width / 2, height / 2), rng.uniform(-0.3, 0.3), 1.0)
        turn[0, 2] += float(rng.uniform(-0.6, 0.6))
        turn[1, 2] += float(rng.uniform(-0.6, 0.6))
        moved = cv2.warpAffine(image, turn, (width, height), borderMode=cv2.BORDER_REPLICATE)
        noisy = moved.astype(np.float32) + rng.normal(0, 2, moved.shape)
        yield np.clip(noisy, 0, 255).astype(np.uint8)


@dataclass(frozen=True)
class HeldResult:
    """One held label: right code accepted?, the wrong codes accepted (text, stage), why the last read
    was refused, and ms per frame."""

    hit: bool
    wrong: tuple[tuple[str, str], ...]
    refused: str | None
    times: list[float]


def held(
    sample: Sample, hold: int, rng: np.random.Generator, policy: ConfirmPolicy | None = None
) -> HeldResult:
    """The label held under the camera for `hold` frames, decoded as CameraWorker does (thorough and
    light frames in turn) and confirmed by ReadConfirmer under `policy`."""
    confirmer = ReadConfirmer(policy)
    light = light_options(DEFAULT_OPTIONS)
    accepted: list[tuple[str, str]] = []
    times: list[float] = []
    for i, frame in enumerate(held_frames(sample.image, hold, rng)):
        options = light if i % 2 else DEFAULT_OPTIONS
        started = CLOCK()
        reads = decode_frame(frame, DEFAULT_FORMATS, options)
        times.append((CLOCK() - started) * 1000.0)
        accepted += [(r.text, str(r.decoder)) for r in confirmer.offer(reads, now=i * 0.125)]
    real = {canonical(t) for t in (sample.expected, *sample.also) if t is not None}
    hit = sample.expected is not None and canonical(sample.expected) in {canonical(t) for t, _ in accepted}
    wrong = tuple((t, stage) for t, stage in accepted if canonical(t) not in real)
    return HeldResult(hit, wrong, confirmer.stats.last_rejection, times)


# --- data sets ----------------------------------------------------------------------------------


def corpus_samples(root: Path) -> Iterator[Sample]:
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        group = folder.name.rsplit("-", 1)[0]
        for path in sorted(folder.iterdir()):
            if path.suffix.lower() not in IMAGE_SUFFIXES:
                continue
            rel = f"{folder.name}/{path.name}"
            if rel.startswith(BY_DESIGN):
                continue
            image = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE)
            if image is None or min(image.shape) < 8:
                continue
            text_file = path.with_suffix(".txt")
            if group == "falsepositives":
                expected = None
            elif rel in CORRECTIONS:
                expected = CORRECTIONS[rel]
            elif text_file.exists():
                expected = text_file.read_text(encoding="utf-8")
            else:
                continue  # a sample without an expected text cannot be scored
            yield Sample(group, "photo", rel, image, expected, ALSO_ON_LABEL.get(rel, ()))


def synth_samples(size: str, n: int, seed: int, out: Path) -> Iterator[Sample]:
    return synth_load(synth_generate(size, n, seed, out))


def synth_generate(size: str, n: int, seed: int, out: Path) -> Path:
    args = ["--out", str(out), "--size", size, "--n", str(n), "--seed", str(seed)]
    started = time.perf_counter()
    subprocess.run([sys.executable, str(RUN_SYNTH), str(SYNTH), *args], check=True, capture_output=True)
    print(f"generated synthetic {size} frames in {time.perf_counter() - started:.0f} s")
    return out / size


def synth_load(folder: Path) -> Iterator[Sample]:
    items = json.loads((folder / "manifest.json").read_text())["items"]
    for item in items:
        image = cv2.imread(str(folder / item["file"]), cv2.IMREAD_GRAYSCALE)
        yield Sample(item["sym"], item["deg"], item["file"], image, item["expected"])


# --- ITF lengths a site configures (issue 15) ------------------------------------------------------

# ITF has no check character; a station accepts it only at the lengths of the site's own labels.
SYNTH_ITF_LENGTHS = frozenset({14})


def photo_itf_lengths(root: Path) -> frozenset[int]:
    """The photo set's "site": the lengths of the ITF labels in it (ITF-14 always)."""
    lengths = {14}
    for path in root.glob("itf-*/*.txt"):
        text = path.read_text(encoding="utf-8").strip()
        if checkdigits.is_ascii_digits(text) and len(text) % 2 == 0 and len(text) >= 6:
            lengths.add(len(text))
    return frozenset(lengths)


# --- several noise seeds (issue 15) -----------------------------------------------------------------


@dataclass
class SeedTally:
    runs: int = 0
    hits: int = 0
    wrong: list[str] = field(default_factory=list)


def held_over_seeds(
    name: str, load: Callable[[], Iterator[Sample]], seeds: list[int], hold: int, policy: ConfirmPolicy
) -> tuple[dict[int, dict[str, SeedTally]], list[float]]:
    """Every sample held under every seed: per seed and symbology, runs/hits/wrong accepted reads."""
    per_seed: dict[int, dict[str, SeedTally]] = {}
    times: list[float] = []
    for seed in seeds:
        rng = np.random.default_rng(seed)
        rows: dict[str, SeedTally] = defaultdict(SeedTally)
        started = time.perf_counter()
        for sample in load():
            result = held(sample, hold, rng, policy)
            row = rows[sample.group]
            row.runs += sample.expected is not None
            row.hits += result.hit
            row.wrong += [f"{sample.name}: {text!r} ({stage})" for text, stage in result.wrong]
            times += result.times
        per_seed[seed] = rows
        wrong = sum(len(r.wrong) for r in rows.values())
        print(
            f"  {name}, seed {seed:>3}: wrong accepted {wrong} ({time.perf_counter() - started:.0f} s)",
            flush=True,
        )
    return per_seed, times


def print_seeds(name: str, per_seed: dict[int, dict[str, SeedTally]], times: list[float], hold: int) -> int:
    seeds = sorted(per_seed)
    groups = sorted({g for rows in per_seed.values() for g in rows})
    print(f"\n{name}: held x{hold} under {len(seeds)} noise seeds ({', '.join(map(str, seeds))})")
    print(
        "wrong accepted reads per seed: "
        + " ".join(f"{seed}:{sum(len(r.wrong) for r in per_seed[seed].values())}" for seed in seeds)
    )
    print(f"{'symbology':<16}{'runs/seed':>10}{'acc% mean':>11}{'min':>7}{'max':>7}{'wrong':>7}")
    total_wrong = 0
    for group in groups:
        rates = []
        wrong = 0
        runs = 0
        for seed in seeds:
            row = per_seed[seed].get(group, SeedTally())
            runs = row.runs
            wrong += len(row.wrong)
            if row.runs:
                rates.append(100.0 * row.hits / row.runs)
        total_wrong += wrong
        if rates:
            line = f"{statistics.mean(rates):11.1f}{min(rates):7.1f}{max(rates):7.1f}"
        else:
            line = f"{'-':>11}{'-':>7}{'-':>7}"
        print(f"{group:<16}{runs:>10}{line}{wrong:>7}")
    p95 = float(np.percentile(times, 95)) if times else 0.0
    median = statistics.median(times) if times else 0.0
    print(f"time per frame (camera mix): median {median:.1f} ms, p95 {p95:.1f} ms over {len(times)} frames")
    for seed in seeds:
        for row in per_seed[seed].values():
            for note in row.wrong:
                print(f"  wrong, seed {seed}: {note}")
    return total_wrong


def run_seeds(args: argparse.Namespace) -> None:
    seeds = list(range(args.seed, args.seed + args.seeds))
    total = 0
    if not args.no_corpus and args.corpus.is_dir():
        policy = ConfirmPolicy(itf_lengths=photo_itf_lengths(args.corpus))
        print(f"photos: ITF lengths {sorted(policy.itf_lengths or ())}")
        per_seed, times = held_over_seeds(
            "photos", lambda: corpus_samples(args.corpus), seeds, args.hold, policy
        )
        total += print_seeds(f"zxing-cpp sample photos ({args.corpus})", per_seed, times, args.hold)
    if not args.no_synth and SYNTH.is_file():
        policy = ConfirmPolicy(itf_lengths=SYNTH_ITF_LENGTHS)
        with tempfile.TemporaryDirectory(prefix="rs-synth-") as tmp:
            folder = synth_generate(args.size, args.synth_n, args.seed, Path(tmp))
            per_seed, times = held_over_seeds(
                f"synthetic {args.size}", lambda: synth_load(folder), seeds, args.hold, policy
            )
        total += print_seeds(f"synthetic {args.size} frames", per_seed, times, args.hold)
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    print(f"\nload average at the end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"wrong accepted reads over all seeds: {total} -> {'MET' if total == 0 else 'NOT MET'} (target 0)")


# --- measuring and printing ---------------------------------------------------------------------


Table = dict[str, dict[str, Tally]]


def measure(
    samples: Iterator[Sample],
    decoders: dict[str, Callable[[Any], list[str]]],
    hold: int,
    seed: int,
    policy: ConfirmPolicy | None = None,
) -> tuple[Table, Table, list[str]]:
    by_group: Table = defaultdict(lambda: defaultdict(Tally))
    by_degradation: Table = defaultdict(lambda: defaultdict(Tally))
    wrong_notes: list[str] = []
    rng = np.random.default_rng(seed)
    for sample in samples:
        for name, decode in decoders.items():
            started = CLOCK()
            texts = decode(sample.image)
            elapsed = (CLOCK() - started) * 1000.0
            hit, wrong = judge(texts, sample)
            for table in (by_group[sample.group][name], by_degradation[sample.degradation][name]):
                table.n += 1
                table.hits += hit
                table.wrong += wrong
                table.times.append(elapsed)
            if wrong and name == "station":
                wrong_notes.append(f"station, one frame, {sample.name}: {texts!r}, label {sample.expected!r}")
        if hold > 0:
            result = held(sample, hold, rng, policy)
            for table in (by_group[sample.group]["station"], by_degradation[sample.degradation]["station"]):
                table.accepted += result.hit
                table.wrong_accepted += len(result.wrong)
                table.held_times += result.times
            if result.wrong:
                wrong_notes.append(f"station held, {sample.name}: wrong code(s) accepted {result.wrong!r}")
            if result.refused and not result.hit and sample.expected is not None:
                wrong_notes.append(f"station held, {sample.name}: not accepted, refused: {result.refused}")
    return by_group, by_degradation, wrong_notes


def _pct(part: int, whole: int) -> str:
    return f"{100.0 * part / whole:5.1f}" if whole else "    -"


def _ms(times: list[float]) -> str:
    if not times:
        return "    -/-    "
    p95 = float(np.percentile(times, 95))
    return f"{statistics.median(times):5.1f}/{p95:<6.1f}"


def _median(times: list[float]) -> str:
    return f"{statistics.median(times):6.1f}" if times else "     -"


def _best_single(cells: dict[str, Tally], decoders: list[str]) -> int:
    return max((cells[d].hits for d in decoders[1:] if d in cells), default=0)


def verdict(sets: dict[str, Table], decoders: list[str], frame_set: str | None) -> list[str]:
    """The three targets, checked on the tables just printed."""
    short = [
        f"{label} {group} ({cells['station'].hits} < {_best_single(cells, decoders)})"
        for label, rows in sets.items()
        for group, cells in sorted(rows.items())
        if cells["station"].hits < _best_single(cells, decoders)
    ]
    lines = ["station >= best single decoder per symbology: " + ("MET" if not short else "NOT MET: ")]
    lines[0] += ", ".join(short)
    wrong = sum(cells["station"].wrong_accepted for rows in sets.values() for cells in rows.values())
    lines.append(f"wrong accepted reads (held): {wrong} -> {'MET' if wrong == 0 else 'NOT MET'}")
    if frame_set is not None:
        rows = sets[frame_set]
        one = [t for cells in rows.values() for t in cells["station"].times]
        mix = [t for cells in rows.values() for t in cells["station"].held_times]
        median = statistics.median(one)
        line = f"median station time per {frame_set} frame: {median:.1f} ms (thorough, every frame)"
        if mix:
            line += f", {statistics.median(mix):.1f} ms (camera mix, thorough/light in turn)"
        lines.append(line + f" -> {'MET' if median <= TARGET_MS else 'NOT MET'} (target {TARGET_MS:.0f} ms)")
    return lines


def print_table(title: str, rows: Table, decoders: list[str], hold: int) -> None:
    print(f"\n{title}")
    head = f"{'':14}{'n':>4} |"
    head += f" {'station':^30} | {'held x' + str(hold) + ', camera mix':^20} |"
    for name in decoders[1:]:
        head += f" {name:^25} |"
    print(head)
    sub = f"{'symbology':14}{'':>4} | {'read%':>5} {'wrong':>5} {'med/p95 ms':>12}      |"
    sub += f" {'acc%':>5} {'wrong':>5} {'med ms':>6} |"
    for _ in decoders[1:]:
        sub += f" {'read%':>5} {'wrong':>5} {'med/p95 ms':>12} |"
    print(sub)
    total: dict[str, Tally] = defaultdict(Tally)
    for group in sorted(rows):
        cells = rows[group]
        n = cells["station"].n
        line = f"{group:14}{n:>4} |"
        best = max((cells[d].hits for d in decoders[1:] if d in cells), default=0)
        st = cells["station"]
        flag = " " if st.hits >= best else "<"
        line += f" {_pct(st.hits, n)}{flag}{st.wrong:>5} {_ms(st.times):>12}    "
        line += f" | {_pct(st.accepted, n)} {st.wrong_accepted:>5} {_median(st.held_times)} |"
        for name in decoders[1:]:
            cell = cells.get(name, Tally())
            line += f" {_pct(cell.hits, n)} {cell.wrong:>5} {_ms(cell.times):>12} |"
        print(line)
        for name in decoders:
            cell = cells.get(name, Tally())
            agg = total[name]
            agg.n += cell.n
            agg.hits += cell.hits
            agg.wrong += cell.wrong
            agg.times += cell.times
            agg.accepted += cell.accepted
            agg.wrong_accepted += cell.wrong_accepted
            agg.held_times += cell.held_times
    n = total["station"].n
    st = total["station"]
    line = f"{'ALL':14}{n:>4} | {_pct(st.hits, n)} {st.wrong:>5} {_ms(st.times):>12}    "
    line += f" | {_pct(st.accepted, n)} {st.wrong_accepted:>5} {_median(st.held_times)} |"
    for name in decoders[1:]:
        cell = total[name]
        line += f" {_pct(cell.hits, n)} {cell.wrong:>5} {_ms(cell.times):>12} |"
    print(line)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--size", default="1920x1080")
    parser.add_argument("--synth-n", type=int, default=5, help="frames per symbology x degradation")
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument("--hold", type=int, default=5, help="frames each label is held (0: skip)")
    parser.add_argument(
        "--cpu-time", action="store_true", help="time with process CPU time (for a busy machine)"
    )
    parser.add_argument("--no-synth", action="store_true")
    parser.add_argument("--no-corpus", action="store_true")
    parser.add_argument("--seeds", type=int, default=0, help="held-only run under N noise seeds from --seed")
    args = parser.parse_args()
    global CLOCK
    if args.cpu_time:
        CLOCK = time.process_time
    print(f"times: {'process CPU time' if args.cpu_time else 'wall clock'}")

    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    print(f"machine: {os.cpu_count()} CPUs, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    status = decoder_status()
    print(f"pipeline: {status.zxing}; locate: {status.locate}; fallback: {status.pyzbar}")
    for note in status.notes:
        print(f"  note: {note}")
    if args.seeds > 0:
        run_seeds(args)
        return
    decoders: dict[str, Callable[[Any], list[str]]] = {"station": station(), "zxing-cpp": raw_zxing()}
    zbar = raw_pyzbar()
    if zbar is not None:
        decoders["pyzbar"] = zbar
    decoders["opencv"] = raw_opencv()
    names = list(decoders)
    notes: list[str] = []
    tables: dict[str, Table] = {}
    frame_set: str | None = None

    if not args.no_corpus:
        if args.corpus.is_dir():
            policy = ConfirmPolicy(itf_lengths=photo_itf_lengths(args.corpus))
            groups, _, wrong = measure(corpus_samples(args.corpus), decoders, args.hold, args.seed, policy)
            print_table(f"zxing-cpp sample photos ({args.corpus})", groups, names, args.hold)
            tables["photos"] = groups
            notes += wrong
        else:
            print(f"corpus {args.corpus} not found: skipped")
    if not args.no_synth:
        if SYNTH.is_file():
            with tempfile.TemporaryDirectory(prefix="rs-synth-") as tmp:
                samples = synth_samples(args.size, args.synth_n, args.seed, Path(tmp))
                policy = ConfirmPolicy(itf_lengths=SYNTH_ITF_LENGTHS)
                groups, degradations, wrong = measure(samples, decoders, args.hold, args.seed, policy)
            print_table(f"synthetic {args.size} frames, by symbology", groups, names, args.hold)
            print_table(f"synthetic {args.size} frames, by degradation", degradations, names, args.hold)
            frame_set = f"synthetic {args.size}"
            tables[frame_set] = groups
            notes += wrong
        else:
            print(f"{SYNTH} not found: synthetic frames skipped")
    print("\n'<' after read% marks a row where the station reads fewer than the best single decoder.")
    print(f"target: station >= best single decoder, 0 wrong accepted, median <= {TARGET_MS:.0f} ms (1080p)")
    for note in notes:
        print(f"  {note}")
    if tables:
        load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
        print(f"\nverdict (load average at the end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}):")
        for line in verdict(tables, names, frame_set):
            print(f"  {line}")


if __name__ == "__main__":
    main()
