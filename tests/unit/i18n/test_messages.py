"""Messages as data (domain/messages.py) rendered at the edge (translation.py): English unchanged,
translations from the catalogues, numbers and dates in the language's way."""

from __future__ import annotations

import copy
import json
import pickle
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from returnstation.domain.enums import Disposition
from returnstation.domain.messages import LocalText, Message, join, localize, message_of, msg, msg_n
from returnstation.reports import display
from returnstation.services.results import ActionRefused
from returnstation.translation import Catalogue, say, shipped_languages, speaking, translator

GERMAN = Catalogue(
    "de",
    {
        "Hold #{hold} was released to {rma}.": "Ablage #{hold} wurde {rma} zugeordnet.",
        "{n} item": ("{n} Artikel", "{n} Artikel"),
        "Expired on {when:%Y-%m-%d}, {value:.2f} EUR": "Abgelaufen am {when:%Y-%m-%d}, {value:.2f} EUR",
        "Broken {oops}": "Kaputt {nothing_like_it}",
    },
)
POLISH = Catalogue(
    "pl",
    {"{n} item": ("{n} sztuka", "{n} sztuki", "{n} sztuk")},
    plural=lambda n: 0 if n == 1 else 1 if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14) else 2,
)


def test_a_message_is_its_english_to_everything_but_the_edge() -> None:
    m = msg("Hold #{hold} was released to {rma}.", hold=7, rma="RMA-1000")
    assert m == "Hold #7 was released to RMA-1000." and isinstance(m, str)
    assert (m.id, dict(m.params)) == ("Hold #{hold} was released to {rma}.", {"hold": 7, "rma": "RMA-1000"})
    assert json.dumps({"m": m}) == '{"m": "Hold #7 was released to RMA-1000."}'
    assert f"{m}" == str(m) == "Hold #7 was released to RMA-1000."
    assert localize(m, GERMAN) == "Ablage #7 wurde RMA-1000 zugeordnet."
    assert localize(m, Catalogue("fr")) == localize(m, None) == str(m)  # no catalogue: English
    # copies and pickles (worker threads, queues) keep it translatable
    for again in (copy.deepcopy(m), pickle.loads(pickle.dumps(m))):
        assert (
            isinstance(again, Message) and localize(again, GERMAN) == "Ablage #7 wurde RMA-1000 zugeordnet."
        )


def test_parameters_are_translated_too_and_composition_keeps_each_part() -> None:
    reason = LocalText("Defective", {"de": "Defekt"})
    m = msg("Hold #{hold} was released to {rma}.", hold=1, rma=reason)
    assert localize(m, GERMAN) == "Ablage #1 wurde Defekt zugeordnet."
    both = join([m, msg("{n} item", n=2)], " ")
    assert both == "Hold #1 was released to Defective. 2 item"
    assert localize(both, GERMAN) == "Ablage #1 wurde Defekt zugeordnet. 2 item"
    assert localize(join(["a", "", None, reason], "; "), GERMAN) == "a; Defekt"


def test_plurals_follow_the_language() -> None:
    assert [str(msg_n("{n} item", "{n} items", n)) for n in (1, 2)] == ["1 item", "2 items"]
    assert [localize(msg_n("{n} item", "{n} items", n), POLISH) for n in (1, 3, 5, 22, 25)] == [
        "1 sztuka",
        "3 sztuki",
        "5 sztuk",
        "22 sztuki",
        "25 sztuk",
    ]


def test_numbers_and_dates_in_the_language_english_untouched() -> None:
    m = msg("Expired on {when:%Y-%m-%d}, {value:.2f} EUR", when=date(2027, 5, 31), value=Decimal("1234.5"))
    assert m == "Expired on 2027-05-31, 1234.50 EUR"
    assert localize(m, GERMAN) == "Abgelaufen am 31.05.2027, 1234,50 EUR"
    assert GERMAN.fmt(Decimal("1234.5"), ",.2f") == "1.234,50"
    assert POLISH.fmt(0.125, ".1%") == "12,5%"
    assert Catalogue("en").fmt(Decimal("1234.5"), ",.2f") == "1,234.50"
    assert GERMAN.format_value(100001, "") is None  # ids and counts are never grouped
    assert GERMAN.format_value(datetime(2026, 12, 5, 14, 30), "%H:%M") == "14:30"


def test_a_broken_translation_shows_the_english_rather_than_failing() -> None:
    assert localize(msg("Broken {oops}", oops="x"), GERMAN) == "Broken x"


def test_an_exception_carries_its_message() -> None:
    exc = ActionRefused(msg("Hold #{hold} was released to {rma}.", hold=2, rma="RMA-9"))
    assert str(exc) == "Hold #2 was released to RMA-9."
    assert localize(message_of(exc), GERMAN) == "Ablage #2 wurde RMA-9 zugeordnet."
    assert message_of(ValueError("plain")) == "plain"


def test_the_shipped_catalogues_are_read(tmp_path: Path) -> None:
    assert set(shipped_languages()) >= {"de", "pl"}
    assert localize(Disposition.RESTOCK.label, translator("de")) == "Einlagern"
    assert localize(Disposition.RESTOCK.label, translator("de_AT")) == "Einlagern"  # region -> language
    assert Disposition.RESTOCK.label == "Restock"
    (tmp_path / "de.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: de\\n"\n\n#, fuzzy\nmsgid "Restock"\nmsgstr "Zurück"\n',
        encoding="utf-8",
    )
    assert localize(Disposition.RESTOCK.label, Catalogue.load("de", tmp_path)) == "Restock"  # fuzzy: English


def test_reports_speak_the_language_they_are_written_in() -> None:
    assert display.money(Decimal("1234.5")) == "1,234.50"
    with speaking("de"):
        assert display.money(Decimal("1234.5")) == "1.234,50"
        assert display.percent(42.5) == "42,5\u00a0%"
        assert display.disposition_label("restock") == "Einlagern"
        assert say("Restock") == "Einlagern"
    assert display.disposition_label("restock") == "Restock"
