"""The printed summary: a valid PDF whose text shows the figures, with a numbered footer on each page."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from reports_fixtures import PERIOD, SPEC_CHANNELS, build_record, eight_records

from returnstation.pdf_fonts import report_fonts
from returnstation.reports.summary import DispositionSummary, summarize
from returnstation.reports.summary_pdf import EMPTY_MESSAGE, TABLE_ROW_LIMIT, write_summary_pdf

PRINTED_AT = datetime(2025, 3, 8, 7, 45)


def _pages_text(path: Path) -> list[str]:
    """Text of each page, with no-break spaces and line ends made plain for matching."""
    pdf = pdfium.PdfDocument(path)
    try:
        texts = []
        for index in range(len(pdf)):
            text = pdf[index].get_textpage().get_text_range()
            texts.append(re.sub(r"[ \xa0]+", " ", text.replace("\r\n", "\n")))
        return texts
    finally:
        pdf.close()


def _write(summary: DispositionSummary, tmp_path: Path, **kwargs: str) -> list[str]:
    path = write_summary_pdf(
        summary,
        tmp_path / "summary.pdf",
        generated_at=PRINTED_AT,
        filter_text=kwargs.get("filter_text", "Station BENCH-01, all inspectors"),
        station_name=kwargs.get("station_name", "BENCH-01"),
    )
    assert path == tmp_path / "summary.pdf"
    assert path.read_bytes().startswith(b"%PDF-")
    return _pages_text(path)


def test_pdf_shows_the_hand_computed_kpis(tmp_path: Path) -> None:
    pages = _write(summarize(eight_records(), *PERIOD, SPEC_CHANNELS), tmp_path)
    text = "\n".join(pages)

    assert "Disposition summary" in text
    assert "Station BENCH-01" in text
    assert "Period 2025-03-01 to 2025-03-07" in text
    assert "8\nItems dispositioned" in text
    assert "725.00\nOriginal value" in text
    assert "77.6 %\nCost recovered" in text  # 562.30 / 725
    assert "25.0 %\nItems recycled" in text
    assert "5.0 h\nMedian cycle time" in text
    assert "562.30 of 725.00" in text
    assert "median 5.0 h, p90 14.2 h" in text
    assert "median 60.0 h, p90 144.0 h" in text
    assert "Inspection time (6 of 8 timed)\nmedian 75 s, p90 180 s" in text
    assert "Rule overrides\n2 of 8 (25.0 %)" in text
    assert "Recycled items\n2 of 8" in text
    assert "Return to vendor 1 12.5 % 300.00 90.0 % 270.00" in text
    assert "Total 8 100.0 % 725.00 562.30" in text
    assert "refurbish 1 130.00 65.0 %" in text  # recovery by channel: 200.00 at 65 %
    assert "B / not graded 2 142.00 59.2 %" in text  # by grade x packaging: 200 x 0.65 + 40 x 0.3 of 240
    for heading in (
        "Items by disposition",
        "By reason",
        "By grade",
        "By category",
        "By inspector",
        "Recovery by channel",
        "Recovery by grade x packaging",
    ):
        assert heading in text


def test_every_page_has_the_footer_with_page_n_of_m(tmp_path: Path) -> None:
    # Enough categories and inspectors to need a second page.
    records = [
        build_record(
            i, category=f"Category {i % 30:02d}", inspector=f"inspector.{i % 25:02d}", reason_code=f"R{i % 9}"
        )
        for i in range(300)
    ]
    pages = _write(summarize(records, *PERIOD, SPEC_CHANNELS), tmp_path)

    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        footer = text.rstrip().splitlines()[-1]
        assert footer.startswith("Filter: Station BENCH-01, all inspectors")
        assert "Printed 2025-03-08 07:45" in footer
        assert footer.endswith(f"page {number} of {len(pages)}")


def test_long_breakdowns_end_with_one_other_row(tmp_path: Path) -> None:
    records = [build_record(i, category=f"Category {i:02d}") for i in range(TABLE_ROW_LIMIT + 8)]
    text = "\n".join(_write(summarize(records, *PERIOD, SPEC_CHANNELS), tmp_path))
    folded = TABLE_ROW_LIMIT + 8 - (TABLE_ROW_LIMIT - 1)
    assert f"Other ({folded} more) {folded} {folded / len(records) * 100:.1f} %" in text
    assert "Category 00" in text
    assert f"Category {TABLE_ROW_LIMIT + 7}" not in text  # folded into "Other"


def test_empty_period_prints_one_page_saying_so(tmp_path: Path) -> None:
    pages = _write(summarize([], *PERIOD, SPEC_CHANNELS), tmp_path)
    assert len(pages) == 1
    assert EMPTY_MESSAGE in pages[0]
    assert "Items by disposition" not in pages[0]
    assert "Period 2025-03-01 to 2025-03-07" in pages[0]
    assert pages[0].rstrip().endswith("page 1 of 1")


def test_user_text_is_printed_literally_not_as_markup(tmp_path: Path) -> None:
    records = eight_records()
    records[0] = replace(records[0], inspector="<b>Ann & Co</b>", category="Küche")
    pages = _write(
        summarize(records, *PERIOD, SPEC_CHANNELS),
        tmp_path,
        filter_text="grade <A> & more",
        station_name="R&D <1>",
    )
    text = "\n".join(pages)
    assert "<b>Ann & Co</b>" in text
    assert "Küche" in text
    assert "Filter grade <A> & more" in text
    assert "Station R&D <1>" in text


def test_names_outside_latin_1_print_when_a_unicode_font_is_available(tmp_path: Path) -> None:
    if report_fonts().source is None:
        pytest.skip("no Unicode TrueType font on this machine: the PDF falls back to Helvetica")
    records = eight_records()
    records[0] = replace(records[0], inspector="Łukasz Dvořák")
    text = "\n".join(_write(summarize(records, *PERIOD, SPEC_CHANNELS), tmp_path))
    assert "Łukasz Dvořák" in text


def test_a_long_filter_is_cut_in_the_footer_but_not_under_the_title(tmp_path: Path) -> None:
    long_filter = "Stations " + ", ".join(f"BENCH-{i:02d}" for i in range(40))
    pages = _write(summarize(eight_records(), *PERIOD, SPEC_CHANNELS), tmp_path, filter_text=long_filter)
    footer = pages[0].rstrip().splitlines()[-1]
    assert footer.startswith("Filter: Stations BENCH-00")
    assert "\u2026" in footer
    assert footer.endswith(f"page 1 of {len(pages)}")
    assert "BENCH-39" in pages[0].replace("\n", " ")


def test_the_same_summary_gives_the_same_bytes(tmp_path: Path) -> None:
    summary = summarize(eight_records(), *PERIOD, SPEC_CHANNELS)
    first = write_summary_pdf(
        summary, tmp_path / "a.pdf", generated_at=PRINTED_AT, filter_text="x"
    ).read_bytes()
    second = write_summary_pdf(
        summary, tmp_path / "b.pdf", generated_at=PRINTED_AT, filter_text="x"
    ).read_bytes()
    assert first == second
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf", "b.pdf"]  # no temporary files left


def test_a_key_too_long_for_its_column_is_cut_with_an_ellipsis(tmp_path: Path) -> None:
    long_reason = "CUSTOMER_CHANGED_MIND_AFTER_THE_RETURN_WINDOW_CLOSED_AND_ASKED_FOR_A_GOODWILL_EXCEPTION"
    records = [build_record(1, reason_code=long_reason), build_record(2, reason_code="DEFECTIVE")]
    text = "\n".join(_write(summarize(records, *PERIOD, SPEC_CHANNELS), tmp_path))
    cut = next(line for line in text.splitlines() if line.startswith("CUSTOMER_CHANGED"))
    assert "\u2026 1 50.0 % 10.00" in cut
    assert long_reason not in text
