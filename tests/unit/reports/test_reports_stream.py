"""The streaming summary: records fed one at a time in decision order give what the list gives."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from reports_fixtures import PERIOD, SPEC_CHANNELS, eight_records, fixture_records

from returnstation.reports.productivity import ProductivityTally
from returnstation.reports.summary import SummaryBuilder, summarize
from returnstation.reports.summary_csv import write_records_csv, write_records_csv_chunks


def test_a_stream_in_decision_order_gives_the_summary_of_the_shuffled_list() -> None:
    records = fixture_records() + eight_records()
    shuffled = records[:]
    random.Random(7).shuffle(shuffled)
    builder = SummaryBuilder(*PERIOD, SPEC_CHANNELS)
    for record in sorted(records, key=lambda r: r.decided_at):
        builder.add(record)
    assert builder.finish() == summarize(shuffled, *PERIOD, SPEC_CHANNELS)


def test_productivity_refuses_items_out_of_decision_order() -> None:
    first, second = sorted(fixture_records()[:2], key=lambda r: r.decided_at)
    tally = ProductivityTally(30)
    tally.add(replace(second, inspector="x"))
    with pytest.raises(ValueError, match="decision order"):
        tally.add(replace(first, inspector="x", decided_at=second.decided_at - timedelta(seconds=1)))


def test_records_csv_written_by_chunks_is_the_same_file(tmp_path: Path) -> None:
    records = eight_records() * 3
    whole = write_records_csv(records, tmp_path / "whole.csv").read_bytes()
    chunks = (records[i : i + 5] for i in range(0, len(records), 5))
    assert write_records_csv_chunks(chunks, tmp_path / "chunks.csv").read_bytes() == whole
