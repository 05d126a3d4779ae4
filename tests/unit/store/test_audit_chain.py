"""The audit chain's hashing and verification, without a database."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from returnstation.store.audit import (
    GENESIS,
    HASHED_FIELDS,
    ChainedEvent,
    ChainHead,
    EventFields,
    canonical_bytes,
    chain_hash,
    event_hash,
    verify_chain,
)
from returnstation.store.models import EventRow

T0 = datetime(2026, 11, 23, 9, 0, 0)


def fields(i: int = 0, **changes: Any) -> EventFields:
    base = EventFields(
        at=T0 + timedelta(seconds=i, microseconds=7),
        station="bench-7",
        user="ana",
        type="item_received",
        subject_type="item",
        subject_id=i,
        before_status=None,
        after_status="received",
        payload={"scan": f"k{i}", "code": "HP-BT200", "note": "Kühl – 冷蔵庫 😀"},
    )
    return replace(base, **changes)


def chain(n: int, start_id: int = 10) -> tuple[list[ChainedEvent], ChainHead]:
    rows, prev = [], GENESIS
    for seq in range(1, n + 1):
        f = fields(seq)
        digest = event_hash(f, seq=seq, prev_hash=prev)
        rows.append(ChainedEvent(start_id + seq, seq, prev, digest, f))
        prev = digest
    return rows, ChainHead(n, prev)


def auditor_hash(f: EventFields, seq: int, prev_hash: str) -> str:
    """The module docstring's recipe, written out independently of canonical_bytes."""
    doc = {
        "after_status": f.after_status,
        "at": f.at.strftime("%Y-%m-%dT%H:%M:%S.%f"),
        "before_status": f.before_status,
        "payload": f.payload,
        "prev_hash": prev_hash,
        "seq": seq,
        "station": f.station,
        "subject_id": f.subject_id,
        "subject_type": f.subject_type,
        "type": f.type,
        "user": f.user,
        "v": 1,
    }
    text = json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(f"{prev_hash}\n{text}".encode("ascii")).hexdigest()


# --- canonical form ---------------------------------------------------------------------------------


def test_hash_follows_the_documented_recipe() -> None:
    for f in (fields(1), fields(2, before_status="received", subject_id=None, payload={})):
        assert event_hash(f, seq=3, prev_hash="ab" * 32) == auditor_hash(f, 3, "ab" * 32)


def test_canonical_bytes_are_ascii_sorted_and_without_spaces() -> None:
    raw = canonical_bytes(fields(1, payload={"b": 1, "a": {"y": 2, "x": "é"}}), seq=1, prev_hash=GENESIS)
    assert raw.isascii() and b" " not in raw
    assert raw.startswith(b'{"after_status":"received","at":"2026-11-23T09:00:01.000007","before_status":')
    assert b'"payload":{"a":{"x":"\\u00e9","y":2},"b":1}' in raw


def test_a_known_vector_never_changes() -> None:
    """Changing the canonical form would make every stored chain fail: this pins version 1."""
    f = EventFields(datetime(2026, 1, 2, 3, 4, 5, 6), "s", "u", "t", "x", 1, None, "b", {"k": [1, "é"]})
    assert event_hash(f, seq=1, prev_hash=GENESIS) == auditor_hash(f, 1, GENESIS)
    # also what `printf '%s\n%s' PREV CANONICAL | sha256sum` prints for the documented bytes
    assert event_hash(f, seq=1, prev_hash=GENESIS) == (
        "03ca7b89d3e2c24e240aa56f6feb256a17334dc94d21320ceff4407dd49d3159"
    )


def test_every_column_of_events_is_hashed_except_id_and_hash() -> None:
    """The Odoo 9 bug: a column left out of the hashed string can be edited unnoticed."""
    assert set(EventRow.__table__.c.keys()) - {"id", "hash"} == set(HASHED_FIELDS)


CHANGES: dict[str, dict[str, Any]] = {
    "at": {"at": T0 + timedelta(seconds=1, microseconds=8)},
    "station": {"station": "bench-8"},
    "user": {"user": "bob"},
    "type": {"type": "item_held"},
    "subject_type": {"subject_type": "parcel"},
    "subject_id": {"subject_id": 2},
    "subject_id None": {"subject_id": None},
    "before_status": {"before_status": ""},
    "after_status": {"after_status": None},
    "payload value": {"payload": {"scan": "k1", "code": "HP-BT201", "note": "Kühl – 冷蔵庫 😀"}},
    "payload key dropped": {"payload": {"scan": "k1", "code": "HP-BT200"}},
    "payload type": {"payload": {"scan": "k1", "code": "HP-BT200", "note": "Kühl – 冷蔵庫 😀", "n": 1}},
}


@pytest.mark.parametrize("what", list(CHANGES))
def test_changing_any_field_changes_the_hash(what: str) -> None:
    original = event_hash(fields(1), seq=5, prev_hash=GENESIS)
    assert event_hash(fields(1, **CHANGES[what]), seq=5, prev_hash=GENESIS) != original


def test_seq_and_prev_hash_are_part_of_the_hash() -> None:
    original = event_hash(fields(1), seq=5, prev_hash=GENESIS)
    assert event_hash(fields(1), seq=6, prev_hash=GENESIS) != original
    assert event_hash(fields(1), seq=5, prev_hash="1" + GENESIS[1:]) != original


def test_payload_is_hashed_as_the_json_column_returns_it() -> None:
    """Key order does not matter; integer keys come back from the database as strings, 1 and 1.0 differ."""
    h = event_hash(fields(1, payload={"a": 1, "b": 2}), seq=1, prev_hash=GENESIS)
    assert event_hash(fields(1, payload={"b": 2, "a": 1}), seq=1, prev_hash=GENESIS) == h
    assert event_hash(fields(1, payload={1: "x"}), seq=1, prev_hash=GENESIS) == event_hash(
        fields(1, payload={"1": "x"}), seq=1, prev_hash=GENESIS
    )
    assert event_hash(fields(1, payload={"a": 1.0, "b": 2}), seq=1, prev_hash=GENESIS) != h


def test_an_aware_time_hashes_as_the_same_instant_in_naive_utc() -> None:
    aware = (T0 + timedelta(hours=1)).replace(tzinfo=timezone(timedelta(hours=1)))
    assert aware.astimezone(UTC).replace(tzinfo=None) == T0
    assert event_hash(fields(0, at=aware), seq=1, prev_hash=GENESIS) == event_hash(
        fields(0, at=T0), seq=1, prev_hash=GENESIS
    )


def test_chain_hash_folds_the_previous_hash_in_front() -> None:
    canon = canonical_bytes(fields(1), seq=1, prev_hash=GENESIS)
    assert chain_hash(GENESIS, canon) == hashlib.sha256(GENESIS.encode() + b"\n" + canon).hexdigest()
    assert chain_hash("f" * 64, canon) != chain_hash(GENESIS, canon)


# --- verification -----------------------------------------------------------------------------------


def test_an_intact_chain_verifies() -> None:
    rows, head = chain(5)
    report = verify_chain(rows, head)
    assert report.ok and report.checked == 5 and report.last_seq == 5 and report.head_hash == head.hash
    assert report.text() == f"OK: 5 events, chain intact up to seq 5, head {head.hash}"


def test_an_empty_log_verifies_against_an_empty_head() -> None:
    assert verify_chain([], ChainHead(0, GENESIS)).ok
    assert verify_chain([], None).ok  # nothing written yet, on a database made without the migration


def test_edited_content_is_reported_at_its_seq() -> None:
    rows, head = chain(5)
    rows[2] = replace(rows[2], fields=fields(3, user="mallory"))
    report = verify_chain(rows, head)
    assert (report.ok, report.first_bad_seq, report.first_bad_id, report.checked) == (False, 3, 13, 2)
    assert report.text() == "TAMPERED: event 13 (seq 3): hash does not match its content"


def test_a_missing_event_is_reported_as_a_gap() -> None:
    rows, head = chain(5)
    del rows[1]
    report = verify_chain(rows, head)
    assert report.problem == "missing event between seq 1 and 3" and report.first_bad_seq == 2


def test_missing_first_event_is_reported() -> None:
    rows, head = chain(3)
    report = verify_chain(rows[1:], head)
    assert report.problem == "missing event between seq 0 and 2"


def test_missing_newest_events_are_reported_by_the_head() -> None:
    rows, head = chain(5)
    report = verify_chain(rows[:3], head)
    assert report.problem == "missing event(s) after seq 3: the chain head says seq 5"
    assert report.first_bad_seq == 4


def test_renumbered_rows_after_a_deletion_break_the_link() -> None:
    """Deleting seq 2 and renumbering the rest: their hashes cover seq, so they no longer match."""
    rows, head = chain(4)
    renumbered = [rows[0]] + [replace(r, seq=(r.seq or 0) - 1) for r in rows[2:]]
    report = verify_chain(renumbered, ChainHead(3, head.hash))
    assert report.first_bad_seq == 2 and "hash does not match" in report.problem


def test_a_row_inserted_with_a_recomputed_hash_but_wrong_link_is_caught() -> None:
    rows, head = chain(3)
    forged_prev = "e" * 64
    forged = ChainedEvent(12, 2, forged_prev, event_hash(fields(9), seq=2, prev_hash=forged_prev), fields(9))
    rows[1] = forged
    report = verify_chain(rows, head)
    assert report.first_bad_seq == 2 and "does not follow seq 1" in report.problem


def test_ids_out_of_chain_order_are_reported_as_reordered() -> None:
    rows, head = chain(4)
    rows[1], rows[2] = replace(rows[1], id=rows[2].id), replace(rows[2], id=rows[1].id)
    report = verify_chain(rows, head)
    assert report.problem == "event 12 (seq 3): reordered: its id is below id 13 of seq 2"


def test_duplicate_seq_and_unchained_rows_are_reported() -> None:
    rows, head = chain(3)
    dup = verify_chain([rows[0], rows[1], replace(rows[1], id=99), rows[2]], head)
    assert dup.problem == "event 99 (seq 2): two events claim seq 2 (the other is event 12)"
    loose = verify_chain([*rows, ChainedEvent(50, None, None, None, fields(50))], head)
    assert loose.first_bad_id == 50 and loose.checked == 3 and "no chain position" in loose.problem


def test_an_event_beyond_the_head_is_reported() -> None:
    rows, _ = chain(4)
    report = verify_chain(rows, ChainHead(3, rows[2].hash or ""))
    assert report.first_bad_seq == 4 and "beyond the chain head (seq 3)" in report.problem


def test_a_missing_or_wrong_head_is_reported() -> None:
    rows, _ = chain(2)
    assert verify_chain(rows, None).problem == "the chain head record is missing"
    assert "head's hash differs" in verify_chain(rows, ChainHead(2, GENESIS)).problem


def test_anchors_catch_a_rewritten_chain() -> None:
    rows, head = chain(4)
    prev = rows[1].hash or ""
    rewritten = rows[:2]
    for r in rows[2:]:  # an attacker recomputing everything from seq 3 on
        f = replace(r.fields, user="mallory")
        digest = event_hash(f, seq=r.seq or 0, prev_hash=prev)
        rewritten.append(replace(r, prev_hash=prev, hash=digest, fields=f))
        prev = digest
    new_head = ChainHead(4, prev)
    assert verify_chain(rewritten, new_head).ok
    assert verify_chain(rewritten, new_head, {2: rows[1].hash or ""}).ok
    caught = verify_chain(rewritten, new_head, {4: head.hash})
    assert caught.first_bad_seq == 4 and "differs from its anchor" in caught.problem
    beyond = verify_chain(rows, head, {9: head.hash})
    assert beyond.problem == "anchored event seq 9 is missing (the chain ends at seq 4)"


EDITS: st.SearchStrategy[dict[str, Any]] = st.sampled_from(
    [
        {"user": "mallory"},
        {"station": "x"},
        {"at": T0},
        {"type": "forged"},
        {"subject_id": -1},
        {"after_status": "scrapped"},
        {"payload": {"forged": True}},
    ]
)


@given(n=st.integers(1, 12), data=st.data())
def test_any_single_edit_is_found_exactly_where_it_was_made(n: int, data: st.DataObject) -> None:
    rows, head = chain(n)
    at = data.draw(st.integers(0, n - 1))
    change = data.draw(EDITS)
    rows[at] = replace(rows[at], fields=replace(rows[at].fields, **change))
    report = verify_chain(rows, head)
    assert not report.ok and report.first_bad_seq == at + 1 and report.checked == at
