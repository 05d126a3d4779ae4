"""What-if: read past decisions from the database and replay them under another rules file.

The comparison itself is pure (disposition/replay.py); this module only chooses the decisions (by the
day they were decided) and turns stored rows into replayable ones. Given the checklists, decisions
recorded before packaging was graded apart (issue #16) are graded again from their stored answers,
so a rules file that tests ``packaging`` is judged on them as the bench would judge them today. It
reads and never writes, so it is safe to run against the live database while the benches work.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from sqlalchemy.orm import Session, sessionmaker

from returnstation.disposition.checklist import ChecklistSet
from returnstation.disposition.facts import facts_from_json, regrade_packaging_apart
from returnstation.disposition.replay import DEFAULT_EXAMPLES, PastDecision, ReplayReport, replay
from returnstation.disposition.rules import RuleSet
from returnstation.domain.enums import Disposition
from returnstation.domain.item_code import item_code
from returnstation.store.errors import guard_database
from returnstation.store.ports import InspectionStore
from returnstation.store.uow import UnitOfWork

BATCH = 500


@guard_database
class WhatIfService:
    def __init__(
        self, session_factory: sessionmaker[Session], checklists: ChecklistSet | None = None
    ) -> None:
        self._sf = session_factory
        self._checklists = checklists

    def replay(
        self,
        rules: RuleSet,
        start: date | None = None,
        end: date | None = None,
        examples: int = DEFAULT_EXAMPLES,
        *,
        site: str | None = None,
        market: str | None = None,
    ) -> ReplayReport:
        """Every decision from ``start`` to ``end`` (whole days, both included) decided again by ``rules``;
        ``site``/``market``: only the items of that site and/or market."""
        skipped: list[int] = []
        regraded: list[int] = []
        with UnitOfWork(self._sf, read_only=True) as uow:
            past = list(self._past(uow.inspections, start, end, skipped, regraded))
        return replay(
            past,
            rules,
            examples=examples,
            skipped=len(skipped),
            site=site,
            market=market,
            regraded=len(regraded),
        )

    def _past(
        self,
        inspections: InspectionStore,
        start: date | None,
        end: date | None,
        skipped: list[int],
        regraded: list[int],
    ) -> Iterator[PastDecision]:
        lo = datetime.combine(start, time.min) if start is not None else None
        hi = datetime.combine(end + timedelta(days=1), time.min) if end is not None else None
        for row in inspections.decided_between(lo, hi, BATCH):
            if row.facts is None:
                skipped.append(row.id)
                continue
            try:
                facts = facts_from_json(row.facts)
            except ValueError:
                skipped.append(row.id)
                continue
            if self._checklists is not None and facts.packaging is None:
                again = regrade_packaging_apart(facts, self._checklists.for_category(facts.category))
                if again is not None:
                    facts = again
                    regraded.append(row.id)
            yield PastDecision(
                item_code=item_code(row.item_id),
                decided_at=row.decided_at,
                facts=facts,
                disposition=Disposition(row.rule_disposition or row.disposition),
                destination=row.rule_destination or row.destination,
                rule_id=row.rule_id,
                overridden=row.overridden,
            )
