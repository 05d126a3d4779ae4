"""Label printing as a persistent job list: a job is written with the decision, then sent by a worker.

Writing the job in the same transaction as the disposition means a crash or an offline printer can
never lose a label: the job stays 'queued' or 'failed' until it is printed, and can be sent again.

How the queue runs (what a background print worker does; ``returnstation label`` does it once):

1. At start, ``recover_interrupted()`` puts back to 'queued' this station's jobs that a crash left
   'sending' (the process died between taking the job and recording the printer's answer).
2. Then, every few seconds, ``run_due_jobs()`` sends what is due: every 'queued' job at once
   (including the ones a crash left queued before they were ever sent), and 'failed' jobs when their
   back-off time has come (``RetryPolicy``). After ``max_auto_attempts`` a failed job waits for a
   person (``retry_failed()`` or ``reprint()``); it is never dropped.

A job is 'printed' only when the printer accepted all of its bytes (see ``printing.printers``). Sending
is at least once: a crash after the printer took the bytes but before the outcome was written sends
that label again on the next start; a duplicate label is better than a missing one. Such a label says
so: ``attempts`` counts every hand-over to the printer (taken when the job is claimed, so a crash
mid-send still counts) and ``_failed_sends`` the ones the printer refused; when an earlier hand-over
may have printed (printed, or its outcome never saved) the label carries "COPY - attempt N" in its
``copy`` field, and the job keeps that marking (``_copy``) for the label history.

Each job is claimed ('sending') in its own short transaction before the slow send, so the bench's
"print now" and the background worker never send the same job twice. Only this station's jobs are
sent by this station's worker (several benches may share one PostgreSQL database, each with its own
printer).

The job table has no columns for routing or reprint notes, so reserved keys ride in the job's
``fields`` (label templates never use names starting with "_"): ``_station`` (the bench whose worker
prints a reprint), ``_reprint_of`` (the job it repeats), ``_failed_sends`` and ``_copy`` (above).
The next attempt time is not stored: it follows from ``updated_at``, ``attempts`` and the policy.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session, sessionmaker

from returnstation.disposition.checklist import packaging_words
from returnstation.domain.access import open_to_all, requires
from returnstation.domain.backoff import Backoff, stable_fraction
from returnstation.domain.clock import Clock, utcnow
from returnstation.domain.messages import msg
from returnstation.domain.roles import Permission
from returnstation.domain.text import is_ascii_digits
from returnstation.services.results import StationContext
from returnstation.store.models import PrintJobRow
from returnstation.store.ports import UnitOfWorkPort
from returnstation.store.uow import UnitOfWorkFactory, uow_factory_for
from returnstation.translation import localize, translator

if TYPE_CHECKING:
    from returnstation.domain.inspection import Decision
    from returnstation.printing.printers import LabelPrinter
    from returnstation.services.results import PendingItem

ROUTING_TEMPLATE = "routing_4x6"
DEFAULT_DPI = 203
STATION_KEY = "_station"
REPRINT_OF_KEY = "_reprint_of"
FAILED_SENDS_KEY = "_failed_sends"
COPY_KEY = "_copy"
COPY_FIELD = "copy"  # what label templates show: "COPY - attempt 2"
SENDING_LEASE = timedelta(minutes=5)  # longer than any printer timeout: a 'sending' job older is stale


class JobStatus(StrEnum):
    QUEUED = "queued"  # waiting to be sent (new, asked again by a person, or interrupted)
    SENDING = "sending"  # claimed by a worker that is talking to the printer right now
    PRINTED = "printed"  # the printer (or the label folder) accepted every byte
    FAILED = "failed"  # not printed; ``message`` says why; sent again after the back-off


@dataclass(frozen=True, slots=True)
class RetryPolicy(Backoff):
    """Back-off for failed jobs: 15 s, 30 s, 1 min, 2 min ... capped at 10 min, for 10 attempts.

    A printer that is out of paper for an hour costs a handful of attempts, not one every few seconds,
    and is printed within ten minutes of being fixed (or at once with "retry failed"). The schedule and
    its jitter are the integration outbox's (``domain.backoff``); each job's jitter comes from its id,
    so benches sharing a printer that went away do not all resend at the same second, and the time a
    job shows stays the same on every read.
    """

    first_delay_s: float = 15.0
    max_auto_attempts: int = 10

    def next_attempt_at(
        self, status: str, attempts: int, updated_at: datetime, job_id: str
    ) -> datetime | None:
        """When the worker sends the job next; None when nothing is planned (printed, or a person's turn)."""
        if status == JobStatus.QUEUED:
            return updated_at
        if status == JobStatus.SENDING:
            return updated_at + SENDING_LEASE
        if status == JobStatus.FAILED and attempts < self.max_auto_attempts:
            return updated_at + self.delay(attempts, stable_fraction(job_id))
        return None


DEFAULT_RETRY_POLICY = RetryPolicy()


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
    updated_at: datetime | None = None
    printer: str = ""
    station: str = ""
    next_attempt_at: datetime | None = None  # None: printed, or waiting for a person
    reprint_of: str | None = None
    fields: tuple[tuple[str, str], ...] = ()  # the label's fields, without the reserved "_" keys
    item_code: str = ""  # as printed on the label ("" for a label of no item)
    rma_number: str = ""
    copy_mark: str = ""  # "COPY - attempt N" when the last label sent may be a duplicate, else ""

    @property
    def printed_at(self) -> datetime | None:
        """When the printer last accepted this label (None while it is not printed)."""
        return self.updated_at if self.status == JobStatus.PRINTED else None

    @property
    def last_error(self) -> str:
        """Why the last attempt failed ("" when it has not failed)."""
        if self.attempts and self.status in (JobStatus.FAILED, JobStatus.QUEUED, JobStatus.SENDING):
            return self.message
        return ""

    @property
    def needs_attention(self) -> bool:
        """Failed and no longer retried automatically: a person has to act."""
        return self.status == JobStatus.FAILED and self.next_attempt_at is None


@dataclass(frozen=True, slots=True)
class SendOutcome:
    """What a "print again" or "send failed labels now" did: jobs queued, and the answers of those sent at
    once. The bench's history panel and the CLI both report from it."""

    queued: tuple[str, ...]
    sent: tuple[JobView, ...]

    @property
    def printed(self) -> tuple[JobView, ...]:
        return tuple(j for j in self.sent if j.status == JobStatus.PRINTED)

    @property
    def refused(self) -> JobView | None:
        """The job the printer refused (sending stops there: the rest would only wait for the same error)."""
        return next((j for j in self.sent if j.status == JobStatus.FAILED), None)


@dataclass(frozen=True, slots=True)
class PrinterCheck:
    """Answer of ``check_printer``: ``ready`` is None when this kind of printer cannot be asked."""

    ready: bool | None
    message: str


def traceability_fields(item: PendingItem, lot: str | None, expiry: date | None) -> dict[str, str]:
    """The lot and expiry captured at inspection, for the routing label of a medicine or food: in words,
    and as GS1 element data "(01)<GTIN-14>(17)<YYMMDD>(10)<lot>" (what the station itself reads from a
    pack), so the pharmacist can scan them from the label. Empty when neither was captured."""
    lot = (lot or "").strip()
    if not lot and expiry is None:
        return {}
    fields: dict[str, str] = {}
    gs1 = ""
    gtin = (item.gtin or "").strip()
    if is_ascii_digits(gtin) and 8 <= len(gtin) <= 14:
        gs1 += f"(01){gtin.zfill(14)}"
    if expiry is not None:
        fields["expiry"] = expiry.isoformat()
        gs1 += f"(17){expiry:%y%m%d}"
    if lot:
        fields["lot"] = lot
        gs1 += f"(10){lot}"
    fields["gs1_data"] = gs1
    return fields


def queue_routing_label(
    uow: UnitOfWorkPort,
    item: PendingItem,
    grade: str,
    decision: Decision,
    ctx: StationContext,
    now: datetime,
    *,
    lot: str | None = None,
    expiry: date | None = None,
    packaging: str | None = None,
) -> str:
    # the packaging condition only when the checklist graded one (the label's BOX line is optional)
    words = translator(ctx.language)
    boxed = {"packaging": localize(packaging_words(packaging), words)} if packaging else {}
    fields = {
        "item_code": item.item_code,
        "rma_number": item.rma_number,
        "sku": item.sku,
        "description": item.description,
        "grade": grade,
        "disposition": localize(decision.disposition.label, words).upper(),
        "destination": decision.destination,
        "reason": localize(decision.reason, words),
        "station": ctx.station,
        "printed_at": now.strftime("%Y-%m-%d %H:%M UTC"),
        **traceability_fields(item, lot, expiry),
        **boxed,
    }
    return queue_label(uow, item.item_id, ROUTING_TEMPLATE, fields, ctx, now)


def queue_label(
    uow: UnitOfWorkPort,
    item_id: int | None,
    template: str,
    fields: dict[str, str],
    ctx: StationContext,
    now: datetime,
) -> str:
    """Queue one label job (in the caller's transaction) with its ``label_queued`` event; its job id.
    The one way a decision's labels (routing, return-to-customer, item) enter the print queue."""
    job_id = uuid.uuid4().hex
    uow.print_jobs.add(
        PrintJobRow(
            job_id=job_id,
            item_id=item_id,
            template=template,
            fields=fields,
            status=JobStatus.QUEUED.value,
            printer="",
            created_at=now,
            updated_at=now,
        )
    )
    uow.events.record(
        ctx,
        now,
        "label_queued",
        ("item", item_id),
        payload={"job": job_id, "template": template},
    )
    return job_id


@dataclass(frozen=True, slots=True)
class _Outcome:
    view: JobView
    printer_failed: bool  # the printer (not the template) refused: later jobs would fail too


class PrintService:
    def __init__(
        self,
        session_factory: sessionmaker[Session] | None,
        ctx: StationContext,
        printer: LabelPrinter,
        labels_dir: Path | None = None,
        clock: Clock = utcnow,
        retry: RetryPolicy = DEFAULT_RETRY_POLICY,
        *,
        uow_factory: UnitOfWorkFactory | None = None,
    ) -> None:
        self._uow = uow_factory_for(session_factory, uow_factory)  # an in-memory one in unit tests
        self.ctx = ctx
        self.printer = printer
        self._labels_dir = labels_dir
        self._now = clock
        self.retry = retry

    # -- sending ---------------------------------------------------------------------------------
    @requires(Permission.PRINT_LABELS)  # and REPRINT for a label printed before (checked inside)
    def run(self, job_id: str) -> JobView:
        """Render and send one job now, and record the outcome. Slow: call it from a worker thread.

        Also for a printed job (the bench's "print again"), which needs the REPRINT permission like
        ``reprint``. A job another worker is sending right now is left alone and returned as it is.
        Raises KeyError for an unknown job id.
        """
        with self._uow(read_only=True) as uow:
            row = uow.print_jobs.by_job_id(job_id)
            status = row.status if row is not None else None
        if status == JobStatus.PRINTED:
            self.ctx.require(Permission.REPRINT)
        return self._run(job_id).view

    @open_to_all("the bench's print worker: labels queued by a decision print whoever is signed in")
    def run_due_jobs(
        self, now: datetime | None = None, limit: int = 50, min_age_s: float = 0.0
    ) -> list[JobView]:
        """Send this station's due jobs, oldest first; what the background worker calls every few seconds.

        Stops at the first job the printer refuses: the others would only wait for the same timeout,
        and stay due for the next round. ``min_age_s`` leaves jobs that only just became due to the
        bench that created them (it prints a new label at once itself), so the background worker
        picks up only what that first attempt did not finish.
        """
        moment = (now or self._now()) - timedelta(seconds=min_age_s)
        done: list[JobView] = []
        for job in self.due_jobs(moment)[:limit]:
            outcome = self._run(job.job_id)
            done.append(outcome.view)
            if outcome.printer_failed:
                break
        return done

    @open_to_all("the bench's print worker at start, before anyone signs in")
    def recover_interrupted(self) -> list[str]:
        """Put this station's 'sending' jobs back to 'queued'; call once at start, before the worker runs.

        Only a crash (or a database that went away while the outcome was being written) leaves a job
        'sending', so at start every such job of this station was interrupted.
        """
        why = {"why": msg("interrupted while sending")}
        return self._requeue(JobStatus.SENDING, "label_requeued", lambda _: why)

    @requires(Permission.PRINT_LABELS)
    def retry_failed(self) -> list[str]:
        """Queue every failed job of this station to be sent at once (a person pressed "retry").

        Fast (database only), so the UI may call it directly; the worker then sends the jobs. The last
        error stays in the job's message until the next attempt replaces it.
        """

        def details(row: PrintJobRow) -> dict[str, Any]:
            return {"attempts": row.attempts, "last_error": row.message}

        return self._requeue(JobStatus.FAILED, "label_retry_requested", details)

    def _requeue(
        self, status: JobStatus, event: str, details: Callable[[PrintJobRow], dict[str, Any]]
    ) -> list[str]:
        """Queue again this station's jobs in ``status``, each with an ``event`` (the job id and
        ``details`` of the row as its payload); their job ids, oldest first."""
        now = self._now()
        with self._uow() as uow:
            rows = [r for r in uow.print_jobs.with_status([status]) if self._mine(r)]
            for row in rows:
                row.status = JobStatus.QUEUED.value
                row.updated_at = now
                payload = {"job": row.job_id, **details(row)}
                uow.events.record(self.ctx, now, event, ("item", row.item_id), payload=payload)
            uow.commit()
            return [r.job_id for r in rows]

    @requires(Permission.REPRINT)
    def reprint(self, job_or_item: str | int) -> str:
        """Queue a new job with the same label as an earlier one; returns the new job id.

        ``job_or_item`` is a job id, or an item id (int) whose latest label is repeated. The new job is
        printed by this station's worker and remembers which job it repeats; the original stays as it
        was, so the history shows both. Raises KeyError when there is no such job or label.
        """
        now = self._now()
        with self._uow() as uow:
            if isinstance(job_or_item, int):
                original = uow.print_jobs.latest_for_item(job_or_item)
            else:
                original = uow.print_jobs.by_job_id(job_or_item)
            if original is None:
                raise KeyError(job_or_item)
            job_id = uuid.uuid4().hex
            fields = {k: v for k, v in original.fields.items() if not k.startswith("_")}
            fields[STATION_KEY] = self.ctx.station
            fields[REPRINT_OF_KEY] = original.job_id
            uow.print_jobs.add(
                PrintJobRow(
                    job_id=job_id,
                    item_id=original.item_id,
                    template=original.template,
                    fields=fields,
                    status=JobStatus.QUEUED.value,
                    printer="",
                    message=msg("Reprint of label {job_id}", job_id=original.job_id),
                    created_at=now,
                    updated_at=now,
                )
            )
            uow.events.record(
                self.ctx,
                now,
                "label_reprint_queued",
                ("item", original.item_id),
                payload={"job": job_id, "reprint_of": original.job_id, "template": original.template},
            )
            uow.commit()
            return job_id

    @requires(Permission.REPRINT)
    def print_again(self, jobs_or_items: Sequence[str | int]) -> SendOutcome:
        """The reprint use case, for the bench and the CLI alike: a new job for each label (job id, or
        item id for its latest label; see ``reprint``), sent now in the order given.

        Sending stops at the first label the printer refuses: the rest would only wait for the same
        error, and stay queued for the print worker. Raises KeyError, before anything is queued, when a
        job or label does not exist, so a typo never prints half a batch.
        """
        with self._uow(read_only=True) as uow:
            for wanted in jobs_or_items:
                found = (
                    uow.print_jobs.latest_for_item(wanted)
                    if isinstance(wanted, int)
                    else uow.print_jobs.by_job_id(wanted)
                )
                if found is None:
                    raise KeyError(wanted)
        queued = tuple(self.reprint(wanted) for wanted in jobs_or_items)
        return SendOutcome(queued, self.send_in_turn(queued))

    @requires(Permission.PRINT_LABELS)
    def send_failed_now(self) -> SendOutcome:
        """This bench's failed labels queued again and sent now, stopping at the first refusal."""
        queued = tuple(self.retry_failed())
        return SendOutcome(queued, self.send_in_turn(queued))

    @requires(Permission.PRINT_LABELS)
    def send_in_turn(self, job_ids: Sequence[str]) -> tuple[JobView, ...]:
        """Send jobs one by one until the printer refuses one; the rest stay queued for the print worker."""
        sent: list[JobView] = []
        for job_id in job_ids:
            job = self.run(job_id)
            sent.append(job)
            if job.status == JobStatus.FAILED:
                break
        return tuple(sent)

    @open_to_all("asks the printer for its status; changes nothing")
    def check_printer(self) -> PrinterCheck:
        """Ask the printer whether it can print now, where it can be asked. Slow: use a worker thread."""
        import socket

        from returnstation.printing.printers import Tcp9100Printer
        from returnstation.printing.zebra_status import ZebraTcpPrinter

        printer = self.printer
        if isinstance(printer, ZebraTcpPrinter):
            reply = printer.status()
            if reply.status is None:
                return PrinterCheck(False, reply.problem)
            if reply.status.ready:
                return PrinterCheck(True, msg("{printer_name} is ready", printer_name=printer.name))
            return PrinterCheck(
                False,
                msg(
                    "{printer_name} cannot print: {problems}",
                    printer_name=printer.name,
                    problems="; ".join(reply.status.problems),
                ),
            )
        if isinstance(printer, Tcp9100Printer):
            try:
                socket.create_connection((printer.host, printer.port), timeout=printer.timeout_s).close()
            except OSError as exc:
                return PrinterCheck(
                    False,
                    msg(
                        "Printer {address} is offline ({error})",
                        address=printer.address,
                        error=exc.strerror or exc,
                    ),
                )
            return PrinterCheck(
                True,
                msg(
                    "{printer_name} answers (its paper is not checked: add ?status=1)",
                    printer_name=printer.name,
                ),
            )
        return PrinterCheck(
            None, msg("{printer_name} cannot be asked for its status", printer_name=printer.name)
        )

    # -- reading ---------------------------------------------------------------------------------
    @open_to_all("label job states; no personal data")
    def jobs(self, status: str | None = None, limit: int = 200) -> list[JobView]:
        with self._uow(read_only=True) as uow:
            return [self._view(r) for r in uow.print_jobs.newest(limit, statuses=[status] if status else ())]

    @open_to_all("label job states; no personal data")
    def pending_jobs(self, all_stations: bool = False) -> list[JobView]:
        """Jobs not printed yet ('queued', 'sending', 'failed'), oldest first; this station's by default."""
        with self._uow(read_only=True) as uow:
            return [
                self._view(r)
                for r in uow.print_jobs.with_status([JobStatus.QUEUED, JobStatus.SENDING, JobStatus.FAILED])
                if all_stations or self._mine(r)
            ]

    @open_to_all("label job states; no personal data")
    def due_jobs(self, now: datetime | None = None) -> list[JobView]:
        """This station's jobs whose next attempt time has come, oldest first."""
        moment = now or self._now()
        return [
            j for j in self.pending_jobs() if j.next_attempt_at is not None and j.next_attempt_at <= moment
        ]

    @open_to_all("label job states; reprinting from it needs REPRINT")
    def history(
        self,
        limit: int = 200,
        item_id: int | None = None,
        *,
        status: str | Collection[str] | None = None,
        search: str = "",
    ) -> list[JobView]:
        """Every station's jobs, newest first: the list a supervisor reprints from.

        ``status`` keeps one status or any of several (the screen's "queued" means queued or sending);
        ``search`` keeps the jobs whose item code, RMA number or template name contains the text (case
        does not matter; "RSI-000123" or a bare 123 finds that item's labels). Templates are searched
        by the names this station knows (``known_templates``).
        """
        from returnstation.domain.item_code import parse_item_code

        wanted = [status] if isinstance(status, str) else list(status or ())
        templates = self.known_templates()
        with self._uow(read_only=True) as uow:
            rows = uow.print_jobs.newest(
                limit,
                item_id=item_id,
                statuses=wanted,
                search=search,
                search_item_id=parse_item_code(search.strip().upper()),
                templates=templates,
            )
            return [self._view(r) for r in rows]

    @open_to_all("names of label templates")
    def known_templates(self) -> list[str]:
        """The label templates this station can print (what a template search is matched against)."""
        from returnstation.printing.templates import list_label_templates

        return sorted({ROUTING_TEMPLATE, *list_label_templates(self._labels_dir)})

    @open_to_all("label job state of one item; no personal data")
    def latest_for_item(self, item_id: int) -> JobView | None:
        with self._uow(read_only=True) as uow:
            row = uow.print_jobs.latest_for_item(item_id)
            return self._view(row) if row else None

    @open_to_all("a count for the status bar")
    def failed_count(self, all_stations: bool = False) -> int:
        return sum(1 for j in self.pending_jobs(all_stations) if j.status == JobStatus.FAILED)

    # -- internals -------------------------------------------------------------------------------
    def _claim(self, job_id: str) -> tuple[PrintJobRow, bool]:
        """Mark the job 'sending' unless another worker holds it; (row, claimed). Own short transaction."""
        now = self._now()
        with self._uow() as uow:
            claimed = uow.print_jobs.claim(job_id, now, stale_before=now - SENDING_LEASE)
            uow.commit()
            row = uow.print_jobs.detached(job_id)
            if row is None:
                raise KeyError(job_id)
            return row, claimed

    def _run(self, job_id: str) -> _Outcome:
        from returnstation.printing.label_pdf import render_label_pdf
        from returnstation.printing.label_zpl import render_label_zpl
        from returnstation.printing.printers import PrintJob
        from returnstation.printing.templates import load_label_template

        row, claimed = self._claim(job_id)
        if not claimed:
            view = self._view(row)
            busy = msg("Label {job_id} is being sent by another worker right now", job_id=job_id)
            return _Outcome(replace(view, message=busy), printer_failed=False)
        fields = {k: str(v) for k, v in row.fields.items() if not k.startswith("_")}
        mark = copy_mark(row.attempts, int(row.fields.get(FAILED_SENDS_KEY) or 0))
        if mark:
            fields[COPY_FIELD] = mark
        job = PrintJob(job_id=row.job_id, template=row.template, fields=fields)
        printer_failed = False
        message: str  # a Message when the station says it, the printer's own words otherwise
        try:
            dpi = int(getattr(self.printer, "dpi", DEFAULT_DPI))
            template = load_label_template(job.template, self._labels_dir)
            pdf = render_label_pdf(template, job.fields, dpi=dpi, language=self.ctx.language)
            zpl = render_label_zpl(template, job.fields, dpi=dpi, language=self.ctx.language)
        except Exception as exc:  # a broken template must become a visible failed job, not a crash
            ok, message, output = False, msg("Label could not be rendered: {exc}", exc=exc), ""
        else:
            try:
                result = self.printer.send(job, pdf, zpl)
                ok, message, output = result.ok, result.message, str(result.output or "")
            except Exception as exc:  # printers report problems as results; anything else is a bug
                ok, message, output = False, msg("{name} failed: {exc}", name=self.printer.name, exc=exc), ""
            printer_failed = not ok
        return _Outcome(self._record(job_id, ok, message, output, mark), printer_failed)

    def _record(self, job_id: str, ok: bool, message: str, output: str, mark: str = "") -> JobView:
        now = self._now()
        with self._uow() as uow:
            row = uow.print_jobs.by_job_id(job_id)
            assert row is not None
            row.status = JobStatus.PRINTED.value if ok else JobStatus.FAILED.value
            row.message = message
            row.output = output
            row.printer = self.printer.name
            fields = dict(row.fields or {})
            fields[COPY_KEY] = mark
            if not ok:
                fields[FAILED_SENDS_KEY] = int(fields.get(FAILED_SENDS_KEY) or 0) + 1
            row.fields = fields
            row.updated_at = now
            view = self._view(row)
            payload: dict[str, Any] = {
                "job": job_id,
                "printer": self.printer.name,
                "message": message,
                "attempts": row.attempts,
            }
            if mark:
                payload["copy"] = mark
            if not ok:
                retry_at = view.next_attempt_at
                payload["next_attempt_at"] = retry_at.isoformat() if retry_at else None
            uow.events.record(
                self.ctx,
                now,
                "label_printed" if ok else "label_failed",
                ("item", row.item_id),
                payload=payload,
            )
            uow.commit()
            return view

    def _view(self, row: PrintJobRow) -> JobView:
        return _view(row, self.retry)

    def _mine(self, row: PrintJobRow) -> bool:
        """This station's worker prints the job (see ``station_of_job``)."""
        return station_of_job(row) == self.ctx.station


def copy_mark(attempts: int, failed_sends: int) -> str:
    """The marking for the label handed over as attempt ``attempts``: "" unless an earlier hand-over
    may have printed (it printed, or it crashed before its outcome was saved); refusals do not count."""
    return msg("COPY - attempt {attempts}", attempts=attempts) if attempts - 1 > failed_sends else ""


def station_of_job(row: PrintJobRow) -> str:
    """The bench whose worker prints this job: a reprint's requester, else the deciding station."""
    fields = row.fields or {}
    return str(fields.get(STATION_KEY) or fields.get("station") or "")


def _item_code_of(row: PrintJobRow, fields: dict[str, Any]) -> str:
    code = fields.get("item_code")
    if code:
        return str(code)
    if row.item_id is None:
        return ""
    from returnstation.domain.item_code import item_code

    return item_code(row.item_id)


def _view(row: PrintJobRow, retry: RetryPolicy = DEFAULT_RETRY_POLICY) -> JobView:
    fields = row.fields or {}
    reprint_of = fields.get(REPRINT_OF_KEY)
    return JobView(
        job_id=row.job_id,
        item_id=row.item_id,
        template=row.template,
        status=row.status,
        message=row.message,
        output=row.output,
        attempts=row.attempts,
        created_at=row.created_at,
        updated_at=row.updated_at,
        printer=row.printer,
        station=station_of_job(row),
        next_attempt_at=retry.next_attempt_at(row.status, row.attempts, row.updated_at, row.job_id),
        reprint_of=str(reprint_of) if reprint_of else None,
        fields=tuple((str(k), str(v)) for k, v in fields.items() if not str(k).startswith("_")),
        item_code=_item_code_of(row, fields),
        rma_number=str(fields.get("rma_number") or ""),
        copy_mark=str(fields.get(COPY_KEY) or ""),
    )


def make_printer(spec: str, label_dir: Path) -> LabelPrinter:
    """Printer from the station setting: 'pdf-folder' (default), 'zpl-folder', 'tcp://host[:port]',
    'cups:QUEUE', 'system' or 'system:NAME' (see ``printer_from_setting``)."""
    from returnstation.printing.factory import printer_from_setting

    return printer_from_setting(spec, label_dir)
