"""Item-first receiving: the open RMAs that expect an item scanned with no parcel open, ready to show.

The order is domain/item_first.py's; here the few queries that find them stay few whatever the
database holds (ids from the covering indexes, then the shown RMAs and their received counts in one
query each: bench/bench_item_first.py).
"""

from __future__ import annotations

from returnstation.domain.item_first import MAX_SHOWN, CandidateFacts, rank_candidates
from returnstation.domain.messages import msg
from returnstation.scan.classify import Classified, CodeKind
from returnstation.services.receiving_box import item_code_of, scanned_serial
from returnstation.services.results import Candidate, Feedback, Level
from returnstation.store.ports import UnitOfWorkPort
from returnstation.store.repositories import to_domain


def candidates_for(uow: UnitOfWorkPort, code: Classified, last_customer: str | None) -> list[Candidate]:
    """The open RMAs that expect this item, best match first (domain/item_first.py), with how many
    of the item each expects and has received."""
    item_code = item_code_of(code)
    serial = scanned_serial(code) or (item_code.upper()[:64] if code.kind is CodeKind.ITEM else None)
    serial_ids = set(uow.rmas.open_expecting_serial(serial)) if serial else set()
    ids = [*serial_ids, *uow.rmas.open_expecting(item_code, MAX_SHOWN)]
    if last_customer:
        ids += uow.rmas.open_expecting(item_code, MAX_SHOWN, last_customer)
    rows = {r.rma_number: r for r in uow.rmas.by_ids(list(dict.fromkeys(ids)))}
    facts = [
        CandidateFacts(r.rma_number, r.customer, r.authorized_at, r.id in serial_ids) for r in rows.values()
    ]
    ranked = [rows[f.rma_number] for f in rank_candidates(facts, last_customer)]
    counts = uow.parcels.received_counts_for([r.id for r in ranked])
    shown: list[Candidate] = []
    for key, r in enumerate(ranked, start=1):
        lines = [
            ln for ln in to_domain(r).lines if ln.matches(item_code) or bool(serial and ln.matches(serial))
        ]
        shown.append(
            Candidate(
                key=key,
                rma_number=r.rma_number,
                customer=r.customer,
                order_number=r.order_number,
                authorized=f"{r.authorized_at:%Y-%m-%d}",
                expected=sum(ln.quantity for ln in lines),
                received=sum(counts[r.id].get(ln.line_no, 0) for ln in lines),
                serial_match=r.id in serial_ids,
            )
        )
    return shown


def candidates_feedback(item_code: str, found: list[Candidate]) -> Feedback:
    if len(found) == 1:
        c = found[0]
        said = msg(
            "{item_code} is expected by {rma_number} ({customer}, order {order_number}). "
            "Press 1 or scan the RMA label to open it with this item counted.",
            item_code=item_code,
            rma_number=c.rma_number,
            customer=c.customer,
            order_number=c.order_number,
        )
    else:
        said = msg(
            "{item_code} is expected by {n_found} open RMAs. Press the number shown beside "
            "the RMA of this box, or scan its RMA label; the item is counted on it.",
            item_code=item_code,
            n_found=len(found),
        )
    return Feedback(Level.INFO, said, candidates=tuple(found))
