"""Start-up of the real station window: process start -> first window shown, -> station ready, idle RSS.

Each run starts `returnstation gui` as its own process (the way a clerk's double-click does) on a
station set up once beforehand (SQLite in a scratch folder, schema at head, demo data loaded), with
QT_QPA_PLATFORM=offscreen or, with --xvfb, on a virtual X screen (xvfb-run). The window logs two
markers (ui/opening_window.py): "first window shown" when the first window is exposed (the opening
window, or the station window itself), "station window ready" when the station window has replaced it.
The figures are wall time from this script's spawn to each line, the app's own count from its process
start (/proc), the process's CPU time at that moment, and RSS after --idle seconds at rest. Each run is
repeated --runs times (warm disk cache after the first set-up start); --self-test also times
`returnstation --self-test`. The load average is printed beside every figure: figures, no pass/fail.

    .venv/bin/python bench/bench_startup.py [--runs 2] [--idle 5] [--xvfb] [--self-test]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHOWN, READY = "first window shown", "station window ready"
RUN_CLI = "import sys; from returnstation.cli import main; sys.exit(main(sys.argv[1:]))"


def load() -> str:
    return "load " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def station_env(data: Path) -> dict[str, str]:
    return dict(
        os.environ,
        QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        RETURNSTATION_DATA_DIR=str(data),
        RETURNSTATION_CONFIG=str(data / "no-config.toml"),
        RETURNSTATION_SKIP_SETUP="1",
        RETURNSTATION_DATABASE_URL=f"sqlite:///{data / 'station.db'}",
        RETURNSTATION_STATION="bench-startup",
        PYTHONPATH=str(ROOT),
    )


def command(xvfb: bool, *args: str) -> list[str]:
    cmd = [sys.executable, "-c", RUN_CLI, *args]
    if xvfb:
        if shutil.which("xvfb-run") is None:
            sys.exit("--xvfb: xvfb-run is not installed")
        return ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", *cmd]
    return cmd


def proc_cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def proc_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def station_pid(proc: subprocess.Popen[str], xvfb: bool) -> int:
    """The Python process (under xvfb-run it is a grandchild)."""
    if not xvfb:
        return proc.pid
    for _ in range(200):
        found = subprocess.run(["pgrep", "-f", "-P", "0", RUN_CLI], capture_output=True, text=True).stdout
        for pid in found.split():
            if Path(f"/proc/{pid}/cmdline").read_bytes().startswith(sys.executable.encode()):
                return int(pid)
        time.sleep(0.05)
    return proc.pid


def one_start(data: Path, xvfb: bool, idle_s: float, timeout_s: float = 120) -> dict[str, float | str]:
    seen: dict[str, float | str] = {}
    spawn = time.perf_counter()
    proc = subprocess.Popen(
        command(xvfb, "gui"),
        env=station_env(data),
        cwd=ROOT,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    ready = threading.Event()

    def read() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            now = time.perf_counter() - spawn
            for marker, key in ((SHOWN, "shown"), (READY, "ready")):
                if marker in line and key not in seen:
                    seen[key] = now
                    seen[f"{key}_app"] = line.split(f"{marker}: ", 1)[1].split(" s ", 1)[0]
                    seen[f"{key}_load"] = load()
                    with contextlib.suppress(OSError, ValueError):
                        seen[f"{key}_cpu"] = proc_cpu_s(station_pid(proc, xvfb))
                    if key == "ready":
                        ready.set()
            if "Traceback" in line or "ERROR" in line:
                seen.setdefault("error", line.strip())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        if not ready.wait(timeout_s):
            seen["error"] = str(seen.get("error", f"no '{READY}' line within {timeout_s} s"))
            return seen
        time.sleep(idle_s)
        pid = station_pid(proc, xvfb)
        seen["rss_idle_mb"] = proc_rss_mb(pid)
        seen["cpu_idle"] = proc_cpu_s(pid)
        seen["idle_load"] = load()
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return seen


def figure(r: dict[str, float | str], key: str) -> str:
    cpu = float(r.get(f"{key}_cpu", 0.0))
    return f"{float(r[key]):.2f} s (app's own count {r[f'{key}_app']} s, CPU {cpu:.2f} s, {r[f'{key}_load']})"


def self_test(data: Path, xvfb: bool) -> tuple[float, int, str]:
    start = time.perf_counter()
    done = subprocess.run(
        command(xvfb, "--self-test"), env=station_env(data), cwd=ROOT, capture_output=True, text=True
    )
    return time.perf_counter() - start, done.returncode, load()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--idle", type=float, default=5.0, help="seconds at rest before RSS is read")
    ap.add_argument("--xvfb", action="store_true", help="a virtual X screen instead of offscreen")
    ap.add_argument("--self-test", action="store_true", help="also time `returnstation --self-test`")
    args = ap.parse_args()
    screen = "xvfb" if args.xvfb else "offscreen"
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, {screen}, {load()}")
    with tempfile.TemporaryDirectory(prefix="bench_startup_") as tmp:
        data = Path(tmp)
        first = one_start(data, args.xvfb, 0.5)  # creates, migrates and fills the database: not counted
        print(f"set-up start (new database, migrations, demo data): ready {first.get('ready', -1):.2f} s")
        for run in range(1, args.runs + 1):
            r = one_start(data, args.xvfb, args.idle)
            if "error" in r and "ready" not in r:
                print(f"run {run}: FAILED {r['error']}")
                continue
            print(f"run {run}: first window shown {figure(r, 'shown')}")
            print(f"       station window ready {figure(r, 'ready')}")
            idle = f"CPU {r['cpu_idle']:.2f} s, {r['idle_load']}"
            print(f"       idle RSS {r['rss_idle_mb']:.0f} MB after {args.idle:g} s ({idle})")
        if args.self_test:
            for run in range(1, args.runs + 1):
                took, code, at = self_test(data, args.xvfb)
                print(f"self-test {run}: {took:.2f} s, exit {code}  {at}")


if __name__ == "__main__":
    main()
