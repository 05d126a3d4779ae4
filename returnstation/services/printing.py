"""Label printing as a persistent job list: a job is written with the decision, then sent by a worker.

Writing the job in the same transaction as the disposition means a crash or an offline printer can
never lose a label: the job stays 'queued' or 'failed' until it is printed, and can be sent again.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from returnstation.domain.clock import Clock, utcnow
from returnstation.services.results import StationContext
from returnstation.store.models import PrintJobRow
from returnstation.store.uow import UnitOfWork

if TYPE_CHECKING:
    from returnstation.domain.inspection import Decision
    from returnstation.printing.printers import LabelPrinter
    from returnstation.services.inspection import PendingItem

ROUTING_TEMPLATE = "routing_4x6"


class JobStatus:
    QUEUED = "queued"
    PRINTED = "printed"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class JobView:
    job_id: str
    item_id: int | None
    template: str
    status: str
    message: str
    output: str
    attempts: int
    created_at: datetime


def queue_routing_label(
    uow: UnitOfWork, item: PendingItem, grade: str, decision: Decision, ctx: StationContext, now: datetime
) -> str:
    job_id = uuid.uuid4().hex
    fields = {
        "item_code": item.item_code,
        "rma_number": item.rma_number,
        "sku": item.sku,
        "description": item.description,
        "grade": grade,
        "disposition": decision.disposition.label.upper(),
        "destination": decision.destination,
        "reason": decision.reason,
        "station": ctx.station,
        "printed_at": now.strftime("%Y-%m-%d %H:%M UTC"),
    }
    uow.session.add(
        PrintJobRow(
            job_id=job_id,
            item_id=item.item_id,
            template=ROUTING_TEMPLATE,
            fields=fields,
            status=JobStatus.QUEUED,
            printer="",
            created_at=now,
            updated_at=now,
        )
    )
    uow.events.append(
        "label_queued",
        station=ctx.station,
        user=ctx.user,
        at=now,
        subject_type="item",
        subject_id=item.item_id,
        payload={"job": job_id, "template": ROUTING_TEMPLATE},
    )
    return job_id


class PrintService:
    def __init__(
        self,
        session_factory: sessionmaker[Session],
        ctx: StationContext,
        printer: LabelPrinter,
        labels_dir: Path | None = None,
        clock: Clock = utcnow,
    ) -> None:
        self._sf = session_factory
        self.ctx = ctx
        self.printer = printer
        self._labels_dir = labels_dir
        self._now = clock

    def run(self, job_id: str) -> JobView:
        """Render and send one job, and record the outcome. Slow: call it from a worker thread."""
        from returnstation.printing.label_pdf import render_label_pdf
        from returnstation.printing.label_zpl import render_label_zpl
        from returnstation.printing.printers import PrintJob
        from returnstation.printing.templates import load_label_template

        with UnitOfWork(self._sf) as uow:
            row = uow.session.scalar(select(PrintJobRow).where(PrintJobRow.job_id == job_id))
            if row is None:
                raise KeyError(job_id)
            job = PrintJob(job_id=row.job_id, template=row.template, fields=dict(row.fields))
        try:
            template = load_label_template(job.template, self._labels_dir)
            pdf = render_label_pdf(template, job.fields)
            zpl = render_label_zpl(template, job.fields)
            result = self.printer.send(job, pdf, zpl)
            ok, message, output = result.ok, result.message, str(result.output or "")
        except Exception as exc:  # a broken template must become a visible failed job, not a crash
            ok, message, output = False, f"Label could not be rendered: {exc}", ""
        now = self._now()
        with UnitOfWork(self._sf) as uow:
            row = uow.session.scalar(select(PrintJobRow).where(PrintJobRow.job_id == job_id))
            assert row is not None
            row.status = JobStatus.PRINTED if ok else JobStatus.FAILED
            row.message = message
            row.output = output
            row.printer = self.printer.name
            row.attempts += 1
            row.updated_at = now
            uow.events.append(
                "label_printed" if ok else "label_failed",
                station=self.ctx.station,
                user=self.ctx.user,
                at=now,
                subject_type="item",
                subject_id=row.item_id,
                payload={"job": job_id, "printer": self.printer.name, "message": message},
            )
            uow.commit()
            return _view(row)

    def jobs(self, status: str | None = None, limit: int = 200) -> list[JobView]:
        with UnitOfWork(self._sf) as uow:
            stmt = select(PrintJobRow).order_by(PrintJobRow.id.desc()).limit(limit)
            if status:
                stmt = stmt.where(PrintJobRow.status == status)
            return [_view(r) for r in uow.session.scalars(stmt)]

    def latest_for_item(self, item_id: int) -> JobView | None:
        with UnitOfWork(self._sf) as uow:
            stmt = select(PrintJobRow).where(PrintJobRow.item_id == item_id).order_by(PrintJobRow.id.desc())
            row = uow.session.scalars(stmt).first()
            return _view(row) if row else None


def _view(row: PrintJobRow) -> JobView:
    return JobView(
        job_id=row.job_id,
        item_id=row.item_id,
        template=row.template,
        status=row.status,
        message=row.message,
        output=row.output,
        attempts=row.attempts,
        created_at=row.created_at,
    )


def make_printer(spec: str, label_dir: Path) -> LabelPrinter:
    """Printer from the station setting: 'pdf-folder' (default), 'zpl-folder' or 'tcp://host[:port]'."""
    from returnstation.printing.printers import printer_from_setting

    return printer_from_setting(spec, label_dir)
