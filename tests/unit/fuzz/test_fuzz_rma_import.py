"""Any text into the RMA import: always an ImportReport, never an exception, nothing written unless ok.

Random text alone almost never gets past the header check, so most examples are CSV-shaped: a real
header and rows whose cells are valid values, hostile text or the two glued together, written with
either delimiter and sometimes with broken quoting. Free-text columns (customer, description) take
hostile text in otherwise valid files so the write path itself is fuzzed, not just the validation.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from fuzz_strategies import fuzz_settings, hostile_text, unicode_text
from hypothesis import example, given
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from returnstation.disposition.reasons import load_reasons
from returnstation.integration.rma_csv import OPTIONAL, REQUIRED, parse_rma_csv
from returnstation.services.results import StationContext
from returnstation.services.rma_import import ImportReport, RmaImportService
from returnstation.store.db import make_engine, make_session_factory
from returnstation.store.migrate import upgrade_to_head
from returnstation.store.models import EventRow, RmaLineRow, RmaRow

COLUMNS = (*REQUIRED, *OPTIONAL)
REASONS = load_reasons()
GOOD = {
    "rma_number": "RMA-300001",
    "order_number": "SO-900001",
    "customer": "Kim Fuzz",
    "authorized_at": "2026-11-01",
    "expires_at": "2026-12-31",
    "tracking_number": "1Z999AA10123456784",
    "line_no": "1",
    "sku": "FZ-001",
    "gtin": "4061234000128",
    "description": "Fuzzed widget",
    "category": "general",
    "quantity": "2",
    "unit_value": "12.50",
    "reason_code": "no_longer_wanted",
    "expected_serials": "",
}
ODD_VALUES = st.sampled_from(
    [
        "9999-12-31T23:59:59-14:00",  # overflows when turned into UTC
        "0001-01-01T00:00:00+14:00",
        "2026-02-30",
        "1e999999",
        "NaN",
        "sNaN",
        "-0",
        "Infinity",
        "0.000000000000000000000000001",
        "999999",
        "0",
        "01",
        "١٢",  # non-ASCII digits
        "4061234000128 ",
        "=cmd|' /C calc'!A0",  # spreadsheet formula injection
    ]
)


HOSTILE = hostile_text()
CELLS = {
    c: st.one_of(st.just(GOOD[c]), ODD_VALUES, HOSTILE, st.builds(lambda t, c=c: GOOD[c] + t, HOSTILE))
    for c in COLUMNS
}


def cell(column: str) -> st.SearchStrategy[str]:
    return CELLS[column]


@st.composite
def csv_like(draw: st.DrawFn) -> str:
    header = draw(
        st.one_of(st.just(list(COLUMNS)), st.permutations(COLUMNS), st.lists(st.sampled_from(COLUMNS)))
    )
    rows = draw(st.lists(st.tuples(*(cell(c) for c in header)), max_size=3))
    delimiter = draw(st.sampled_from([",", ";"]))
    if draw(st.booleans()):
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
        return buf.getvalue()
    return "\n".join(delimiter.join(r) for r in [header, *rows])  # quoting as it comes


@st.composite
def valid_with_hostile_free_text(draw: st.DrawFn) -> str:
    """A file that passes validation except perhaps for what the free-text columns hold."""
    n = draw(st.integers(min_value=1, max_value=3))
    base = draw(st.integers(min_value=0, max_value=10**8))
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(COLUMNS)
    for i in range(n):
        row = dict(GOOD, rma_number=f"RMA-{base + i:08d}")
        row["customer"] = draw(unicode_text(200).filter(lambda s: s.strip() != ""))
        row["description"] = draw(HOSTILE.filter(lambda s: 0 < len(s.strip()) <= 300))
        writer.writerow([row[c] for c in COLUMNS])
    return buf.getvalue()


@st.composite
def one_cell_off(draw: st.DrawFn) -> str:
    """A valid one-line file with a single odd cell: reaches the checks a random file never gets to."""
    column = draw(st.sampled_from(COLUMNS))
    row = dict(GOOD, rma_number=f"RMA-{draw(st.integers(min_value=0, max_value=10**8)):08d}")
    row[column] = draw(cell(column))
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=draw(st.sampled_from([",", ";"])))
    writer.writerow(COLUMNS)
    writer.writerow([row[c] for c in COLUMNS])
    return buf.getvalue()


ANY_IMPORT_TEXT = st.one_of(HOSTILE, csv_like(), valid_with_hostile_free_text(), one_cell_off())


@fuzz_settings(80, 200)
@given(ANY_IMPORT_TEXT)
@example(
    "rma_number,order_number,customer,authorized_at,line_no,sku,description,quantity,unit_value,reason_code\n"
    "RMA-40000002,SO-1,Kim,9999-12-31T23:59:59-14:00,1,SKU-1,x,1,1.00,no_longer_wanted\n"
)
def test_parser_answers_any_text_with_rows_or_line_numbered_errors(text: str) -> None:
    parsed, errors = parse_rma_csv(text, known_reasons=REASONS)
    for e in errors:
        assert e.line >= 1 and e.message.strip()
    if not errors:
        assert parsed and all(p.lines for p in parsed)


@pytest.fixture(scope="module")
def sf(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sessionmaker[Session]]:
    path: Path = tmp_path_factory.mktemp("fuzz-import") / "station.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade_to_head(engine)
    try:
        yield make_session_factory(engine)
    finally:
        engine.dispose()


def _counts(sf: sessionmaker[Session]) -> tuple[int, int, int]:
    with sf() as s:
        return tuple(
            int(s.scalar(select(func.count()).select_from(m)) or 0) for m in (RmaRow, RmaLineRow, EventRow)
        )  # type: ignore[return-value]


@fuzz_settings(30, 80)
@given(ANY_IMPORT_TEXT)
@example(
    "rma_number,order_number,customer,authorized_at,line_no,sku,description,quantity,unit_value,reason_code\n"
    "RMA-40000001,SO-1,\ud800 Bad,2026-01-01,1,SKU-1,x,1,1.00,no_longer_wanted\n"
)
def test_import_never_raises_and_writes_all_or_nothing(sf: sessionmaker[Session], text: str) -> None:
    service = RmaImportService(sf, StationContext("bench-fuzz", "fuzz"), known_reasons=REASONS)
    before = _counts(sf)
    report = service.import_text(text, source="fuzz.csv")
    assert isinstance(report, ImportReport)
    assert report.summary()
    after = _counts(sf)
    if report.ok:
        assert after == (before[0] + report.rmas, before[1] + report.lines, before[2] + report.rmas)
    else:
        assert after == before, "a refused file must leave nothing behind"
