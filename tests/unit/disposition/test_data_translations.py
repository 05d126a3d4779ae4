"""Data files carry their translations: a text is plain English or {en: ..., de: ..., pl: ...}."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from returnstation.disposition.checklist import load_checklist
from returnstation.disposition.errors import ConfigError
from returnstation.disposition.reasons import load_reasons
from returnstation.disposition.validate import translation_gaps
from returnstation.domain.messages import LocalText, localize
from returnstation.printing.templates import LabelTemplateError, parse_label_template
from returnstation.translation import Catalogue, missing_translations

ROOT = Path(__file__).resolve().parents[3]

CHECKLIST = """\
category: general
title: {en: General merchandise, de: Allgemeine Ware}
grade_scale: [A, B]
grade_meanings:
  A: {en: Like new, pl: Jak nowy}
checks:
  - id: packaging
    title: Packaging
    question: {en: What state is the packaging in?, de: In welchem Zustand ist die Verpackung?}
    answers:
      - {key: 1, value: sealed, label: {en: "Sealed, unopened", de: "Versiegelt, ungeöffnet"}, grade: A}
      - {key: 2, value: opened, label: Opened, grade: B}
"""


def test_a_text_is_english_to_the_code_and_translated_at_the_edge(tmp_path: Path) -> None:
    path = tmp_path / "general.yaml"
    path.write_text(CHECKLIST, encoding="utf-8")
    checklist = load_checklist(path)
    check = checklist.checks[0]
    sealed, opened = check.answers
    # The code, the rules and the stored data see English, exactly as before.
    assert checklist.title == "General merchandise"
    assert sealed.label == "Sealed, unopened"
    # The edge asks for a language: the translation, a regional variant falls back to its language,
    # a missing translation is English.
    assert localize(sealed.label, Catalogue("de")) == "Versiegelt, ungeöffnet"
    assert localize(sealed.label, Catalogue("de_AT")) == "Versiegelt, ungeöffnet"
    assert localize(sealed.label, Catalogue("pl")) == "Sealed, unopened"
    assert localize(opened.label, Catalogue("de")) == "Opened"
    assert localize(check.question, Catalogue("de")) == "In welchem Zustand ist die Verpackung?"
    assert localize(dict(checklist.grade_meanings)["A"], Catalogue("pl")) == "Jak nowy"
    # What is missing, per language, with file and line.
    missing = missing_translations(checklist, ["de", "pl"])
    assert sorted(str(t) for t in missing["de"]) == ["Like new", "Opened", "Packaging"]
    assert {str(t) for t in missing["pl"]} == {
        "General merchandise",
        "Packaging",
        "What state is the packaging in?",
        "Sealed, unopened",
        "Opened",
    }
    assert all(isinstance(t, LocalText) and t.origin.startswith(f"{path}:") for t in missing["pl"])


@pytest.mark.parametrize(
    ("label", "problem"),
    [
        ("{de: Defekt}", "the English text ('en: ...') is missing"),
        ("{en: Defective, german: Defekt}", "'german' is not a language code"),
        ("{en: Defective, de: [a, b]}", "(de): expected text"),
        ("{en: Defective, de: " + "x" * 61 + "}", "(de): 61 characters, at most 60 fit"),
    ],
)
def test_a_broken_translation_is_refused_with_its_line(tmp_path: Path, label: str, problem: str) -> None:
    path = tmp_path / "reasons.yaml"
    path.write_text(
        f"reasons:\n  no_longer_wanted: No longer wanted\n  defective: {label}\n", encoding="utf-8"
    )
    with pytest.raises(ConfigError) as err:
        load_reasons(path)
    assert f"{path}:3: " in str(err.value)
    assert problem in str(err.value)


def test_reason_labels_carry_translations(tmp_path: Path) -> None:
    path = tmp_path / "reasons.yaml"
    path.write_text("reasons:\n  defective: {en: Defective, de: Defekt, pl: Wadliwy}\n", encoding="utf-8")
    reasons = load_reasons(path)
    assert reasons == {"defective": "Defective"}
    assert [localize(reasons["defective"], Catalogue(lang)) for lang in ("en", "de", "pl", "fr")] == [
        "Defective",
        "Defekt",
        "Wadliwy",
        "Defective",
    ]
    assert translation_gaps(reasons, languages=["de", "pl"]) == [
        "Translations de: complete",
        "Translations pl: complete",
    ]


def _label(text: object) -> dict[str, object]:
    return {
        "width_in": 2,
        "height_in": 1,
        "elements": [
            {"type": "text", "text": text, "x": 0.1, "y": 0.1, "width": 1.5, "height": 0.3, "font_size": 10}
        ],
    }


def test_label_captions_carry_translations() -> None:
    template = parse_label_template(
        _label({"en": "Station {station}", "de": "Station {station}", "pl": "Stanowisko {station}"}),
        source="t.yaml",
        default_name="t",
    )
    caption = template.elements[0].text  # type: ignore[union-attr]
    assert caption == "Station {station}"
    assert localize(caption, Catalogue("pl")) == "Stanowisko {station}"
    with pytest.raises(LabelTemplateError, match="must use the same fields"):
        parse_label_template(
            _label({"en": "Station {station}", "de": "Station"}), source="t", default_name="t"
        )
    with pytest.raises(LabelTemplateError, match="needs its English"):
        parse_label_template(_label({"de": "Station"}), source="t", default_name="t")


def test_rules_check_lists_what_each_shipped_language_lacks() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "returnstation.cli", "rules-check", "returnstation/data/rules/default.yaml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    for lang in ("de", "pl"):
        assert f"Translations {lang}: " in out
    # Every text a person reads is listed until translated: checklists, rules, reasons, labels.
    lines = [line for line in out.splitlines() if line.startswith("  de: ")]
    untranslated = {line.split(": ", 2)[2] for line in lines}
    header = next(line for line in out.splitlines() if line.startswith("Translations de: "))
    assert header == (
        f"Translations de: {len(lines)} texts missing (shown in English)"
        if lines
        else "Translations de: complete"
    )
    for english in ("What state is the packaging in?", "Unopened: back to stock", "GO TO", "Defective"):
        assert english in untranslated or not lines  # none listed once the German translation is complete
