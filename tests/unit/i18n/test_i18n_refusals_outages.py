"""Refusals, outages, channel labels, fault tests and deduction lines say themselves in the language."""

from __future__ import annotations

import sqlite3

from returnstation.disposition.validate import load_disposition
from returnstation.domain.errors import DatabaseUnavailable
from returnstation.domain.messages import localize, message_of
from returnstation.domain.roles import Permission, PermissionRefused, Role
from returnstation.store.errors import unavailable_reason
from returnstation.translation import translator


def test_a_refusal_is_english_as_before_and_german_and_polish_at_the_edge() -> None:
    refused = PermissionRefused(Permission.INSPECT, "Cleo Grant", Role.CLERK)
    assert str(refused) == "Inspecting items needs an inspector sign-in; Cleo Grant is signed in as a clerk."
    assert localize(message_of(refused), translator("de")) == (
        "Prüfen von Artikeln erfordert eine Anmeldung als Prüfer; "
        "Cleo Grant ist als Lagermitarbeiter angemeldet."
    )
    assert "kontroler" in localize(message_of(refused), translator("pl"))
    nobody = PermissionRefused(Permission.REPORTS, None, None)
    assert str(nobody) == "Sign in with your badge and PIN: writing reports needs a supervisor sign-in."
    assert localize(message_of(nobody), translator("de")) == (
        "Erstellen von Berichten erfordert eine Anmeldung als Schichtleitung: mit Ausweis und PIN anmelden."
    )


def test_an_outage_keeps_its_english_and_translates_with_its_reason() -> None:
    error = sqlite3.OperationalError("database is locked")
    error.sqlite_errorcode = sqlite3.SQLITE_BUSY  # type: ignore[attr-defined]
    error.sqlite_errorname = "SQLITE_BUSY"  # type: ignore[attr-defined]
    reason = unavailable_reason(error)
    assert reason is not None
    exc = DatabaseUnavailable(reason)
    assert str(exc).startswith("The database is not reachable: the database file is locked by another")
    assert exc.reason == reason
    german = localize(message_of(exc), translator("de"))
    assert german.startswith("Die Datenbank ist nicht erreichbar: die Datenbankdatei ist von einem anderen")
    assert localize(message_of(exc), translator("pl")).startswith("Baza danych jest nieosiągalna: plik bazy")


def test_channel_labels_and_deduction_lines_are_translated() -> None:
    config = load_disposition()
    assert localize(config.channels.label("open_box"), translator("de")) == "Geöffnete Verpackung"
    assert config.channels.label("open_box") == "Open box"
    labels = config.deductions.labels
    assert localize(labels["restocking_fee"], translator("pl")) == "opłata za przyjęcie na stan"
    assert labels["missing_parts"] == "missing parts"
    assert all(localize(labels[k], translator("de")) != str(labels[k]) for k in ("restocking_fee", "grade"))
