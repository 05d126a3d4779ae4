"""Text fitting: the biggest size that fits wins; wrapping before shrinking too far; '...' only at the end."""

from __future__ import annotations

import pytest

from returnstation.printing.text_fit import fit_text, font_name, printable_text, text_width

FONT = "Helvetica-Bold"


def test_short_text_keeps_the_template_size() -> None:
    fitted = fit_text(
        "RESTOCK", width_pt=330, height_pt=75, font=FONT, font_size=64, min_font_size=18, max_lines=2
    )
    assert fitted.lines == ("RESTOCK",) and fitted.font_size == 64 and not fitted.truncated


def test_long_word_shrinks_until_it_fits_one_line() -> None:
    fitted = fit_text(
        "REFURBISHMENT", width_pt=270, height_pt=75, font=FONT, font_size=64, min_font_size=18, max_lines=1
    )
    assert len(fitted.lines) == 1 and 18 <= fitted.font_size < 64 and not fitted.truncated
    assert text_width(fitted.lines[0], FONT, fitted.font_size) <= 270
    # Half a point bigger would not fit: the largest size was chosen.
    assert text_width(fitted.lines[0], FONT, fitted.font_size + 0.5) > 270


def test_two_words_wrap_onto_two_lines_at_a_bigger_size_than_one_line_allows() -> None:
    one = fit_text(
        "RETURN TO VENDOR", width_pt=270, height_pt=75, font=FONT, font_size=64, min_font_size=18, max_lines=1
    )
    two = fit_text(
        "RETURN TO VENDOR", width_pt=270, height_pt=75, font=FONT, font_size=64, min_font_size=18, max_lines=2
    )
    assert len(two.lines) == 2 and two.font_size > one.font_size


def test_text_too_long_even_at_the_smallest_size_is_cut_with_dots() -> None:
    fitted = fit_text(
        "word " * 200,
        width_pt=100,
        height_pt=30,
        font="Helvetica",
        font_size=11,
        min_font_size=7,
        max_lines=2,
    )
    assert fitted.truncated and fitted.font_size == 7
    assert len(fitted.lines) == 2 and fitted.lines[-1].endswith("...")
    assert all(text_width(line, "Helvetica", 7) <= 100 for line in fitted.lines)


def test_a_token_too_wide_even_at_the_smallest_size_is_cut_with_dots_never_continued() -> None:
    fitted = fit_text(
        "X" * 80, width_pt=60, height_pt=40, font="Helvetica", font_size=10, min_font_size=8, max_lines=3
    )
    assert all(text_width(line, "Helvetica", fitted.font_size) <= 60 for line in fitted.lines)
    assert fitted.truncated and len(fitted.lines) == 1 and fitted.lines[0].endswith("...")


def test_a_bin_code_shrinks_to_one_line_rather_than_breaking_mid_word() -> None:
    """Issue #14: 40 pt on two lines gave "REFURB-OPENBO" / "X"; the picker reads the whole code."""
    width = 3.76 * 72
    for code in ("REFURB-OPENBOX", "HAZMAT-LI-DAMAGED", "QUARANTINE-SERIAL", "SCRAP-PHARMA"):
        fitted = fit_text(
            code, width_pt=width, height_pt=0.7 * 72, font=FONT, font_size=40, min_font_size=12, max_lines=2
        )
        assert fitted.lines == (code,) and not fitted.truncated
        assert text_width(code, FONT, fitted.font_size) <= width


def test_words_wrap_whole_between_lines() -> None:
    text = "Refurb cell B, tote R-12 next to QUARANTINE-SERIAL"
    fitted = fit_text(text, width_pt=200, height_pt=60, font=FONT, font_size=40, min_font_size=8, max_lines=3)
    assert not fitted.truncated
    assert " ".join(fitted.lines).split() == text.split()  # every word on a line of its own, whole


def test_polish_letters_print_with_the_unicode_font_and_become_question_marks_without_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import returnstation.pdf_fonts as pdf_fonts

    assert pdf_fonts.report_fonts().source is not None  # DejaVu Sans: installed by the README's setup
    assert printable_text("Grüße\tŁódź ✓") == "Grüße Łódź ✓"
    assert font_name(bold=True) == pdf_fonts.BOLD_NAME
    helvetica = pdf_fonts.ReportFonts(regular="Helvetica", bold="Helvetica-Bold", source=None)
    monkeypatch.setattr(pdf_fonts, "report_fonts", lambda: helvetica)  # no Unicode font on this machine
    assert printable_text("Grüße\tŁódź ✓") == "Grüße ?ód? ?"
    assert font_name(bold=False) == "Helvetica"
