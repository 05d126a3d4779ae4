"""Nothing typed is lost: a station process killed with SIGKILL mid-inspection, then the item reopened.

The child is a real Python process using the services exactly as the station window does: it receives
a parcel, answers the checklist one check at a time (each answer saved as a draft), and keeps saving
until the test kills it with SIGKILL (no clean-up, no atexit, no flush: what a power cut or a crash
does). Another station then opens the same database, finds the item still waiting, resumes the
answers with where and when they were saved, and finishes the inspection.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

CHILD = textwrap.dedent(
    """
    from returnstation.config import load_settings
    from returnstation.domain.scan import Scan
    from returnstation.bootstrap import open_station

    st = open_station(load_settings())
    pid = st.receiving.scan_parcel(Scan("RMA-100005")).parcel.parcel_id
    for code in ("VIT-C-500", "VIT-C-500", "TEA-GRN-100"):
        st.receiving.scan_item(pid, Scan(code))
    st.receiving.finish_parcel(pid)
    item = next(p for p in st.inspection.pending() if p.sku == "VIT-C-500")
    started = st.inspection.now()
    answers, captured = {}, {}
    steps = [("packaging", "sealed"), ("tamper_seal", "intact"), ("lot", "L-4711"), ("expiry", "2028-05-31")]
    for n, (check, value) in enumerate(steps, start=1):
        if check in ("lot", "expiry"):
            captured[check] = value
        else:
            answers[check] = value
        assert st.inspection.save_draft(item.item_id, answers, captured, n, started)
        print(f"SAVED {n} {item.item_id}", flush=True)
    while True:  # still at work when the power goes: the same state written again and again
        st.inspection.save_draft(item.item_id, answers, captured, len(steps), started)
    """
)


def _camera_png() -> bytes:
    """A real PNG picture, as the bench camera gives one."""
    import cv2
    import numpy as np

    frame = np.full((120, 160, 3), (40, 90, 160), dtype=np.uint8)
    cv2.putText(frame, "pack", (20, 70), cv2.FONT_HERSHEY_SIMPLEX, 1.2, (255, 255, 255), 2)
    ok, encoded = cv2.imencode(".png", frame)
    assert ok
    return bytes(encoded.tobytes())


def env_for(tmp_path: Path, station: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        RETURNSTATION_DATA_DIR=str(tmp_path / "data"),
        RETURNSTATION_CONFIG=str(tmp_path / "none.toml"),
        RETURNSTATION_STATION=station,
        RETURNSTATION_USER="ana" if station == "bench-1" else "bo",
        RETURNSTATION_DEMO_DATA="1",
    )
    env.pop("RETURNSTATION_DATABASE_URL", None)
    return env


@pytest.mark.e2e
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX only")
def test_a_killed_station_loses_no_answer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD],
        env=env_for(tmp_path, "bench-1"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        lines: list[str] = []
        deadline = time.monotonic() + 120
        while not (lines and lines[-1].startswith("SAVED 4")):
            line = child.stdout.readline()
            assert line, f"the child stopped early: {child.stderr.read() if child.stderr else ''}"
            lines.append(line.strip())
            assert time.monotonic() < deadline, "the child took too long"
        time.sleep(0.2)  # let it be in the middle of further saves
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(timeout=30)
        for stream in (child.stdout, child.stderr):
            if stream is not None:
                stream.close()
    item_id = int(lines[-1].split()[2])

    database = tmp_path / "data" / "returnstation.db"
    with sqlite3.connect(database) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)

    for key, value in env_for(tmp_path, "bench-2").items():
        monkeypatch.setenv(key, value)
    from returnstation.bootstrap import open_station
    from returnstation.config import load_settings

    station = open_station(load_settings())
    try:
        assert item_id in [p.item_id for p in station.inspection.pending()]  # killed before deciding
        form = station.inspection.form(item_id)
        draft = form.draft
        assert draft is not None
        assert dict(draft.answers) == {"packaging": "sealed", "tamper_seal": "intact"}
        assert dict(draft.captured) == {"lot": "L-4711", "expiry": "2028-05-31"}
        assert (draft.current_step, draft.station, draft.user) == (4, "bench-1", "ana")
        assert form.checklist.checks[draft.current_step].id == "storage"  # the one still to answer

        answers = dict(draft.answers) | {"storage": "ambient"}
        code = form.item.item_code
        assert station.settings.require_photos  # the default: the pharma checks need their photos
        for check_id in station.photos.missing_required(code):
            station.photos.take(code, check_id, _camera_png())
        assert station.photos.missing_required(code) == []
        decided = station.inspection.decide(item_id, answers, captured=dict(draft.captured))
        assert decided.facts is not None and decided.facts.lot == "L-4711"
        from sqlalchemy import func, select

        from returnstation.store.models_inspection import InspectionDraftRow

        with station.session_factory() as session:  # the decision took the draft with it
            assert session.scalar(select(func.count()).select_from(InspectionDraftRow)) == 0
    finally:
        station.close()
