"""Applying one feed (a file or one API pull): checked whole, written in one transaction, never twice.

A feed with any error (bad JSON, a missing field, an unknown reason code, a cancel for an RMA nobody
sent) changes nothing and every problem is listed with its line number. A feed whose exact bytes were
applied before is recognised by its SHA-256 (table ``feed_files``) and changes nothing either; a feed
with different bytes but the same content changes nothing because upserts compare content (see
``feed_apply``). Refusals that protect received goods do not fail the feed: they are listed as such.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from returnstation.domain.access import open_to_all, requires
from returnstation.domain.clock import Clock, utcnow
from returnstation.domain.messages import msg
from returnstation.domain.roles import Permission
from returnstation.integration.feed_records import (
    FeedFormat,
    FeedRecord,
    feed_format,
    record_from_json,
    records_from_csv,
    records_from_jsonl,
)
from returnstation.integration.pull import fetch_all
from returnstation.integration.rma_csv import MAX_FILE_BYTES, RowError
from returnstation.integration.settings import PullConfig
from returnstation.services.feed_apply import apply_records
from returnstation.services.results import StationContext
from returnstation.store.applied_files import applied_file, content_digest, record_applied
from returnstation.store.errors import guard_database
from returnstation.store.rma_staging import discard_abandoned
from returnstation.store.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class FeedReport:
    source: str
    created: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    cancelled: tuple[str, ...] = ()
    refused: tuple[RowError, ...] = ()  # applied around: protected received goods (reported back)
    notes: tuple[RowError, ...] = ()
    errors: tuple[RowError, ...] = ()  # nothing of the feed was applied
    duplicate_of: str | None = None  # the earlier feed with the same bytes ("name, applied at")

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        if self.errors:
            shown = "\n".join(str(e) for e in self.errors[:50])
            more = msg("\n... and {n} more", n=len(self.errors) - 50) if len(self.errors) > 50 else ""
            return msg(
                "Nothing applied from {source}: {n_errors} problem(s).\n{shown}{more}",
                source=self.source,
                n_errors=len(self.errors),
                shown=shown,
                more=more,
            )
        if self.duplicate_of is not None:
            return msg(
                "{source}: already applied ({duplicate_of}); nothing changed.",
                source=self.source,
                duplicate_of=self.duplicate_of,
            )
        counts = msg(
            "{n_created} new, {n_updated} updated, {n_cancelled} cancelled, {n_unchanged} "
            "unchanged, {n_refused} refused",
            n_created=len(self.created),
            n_updated=len(self.updated),
            n_cancelled=len(self.cancelled),
            n_unchanged=len(self.unchanged),
            n_refused=len(self.refused),
        )
        lines = [f"Applied {self.source}: {counts}."]
        lines += [str(e) for e in (*self.refused, *self.notes)]
        return "\n".join(lines)


def sha256_hex(data: bytes) -> str:
    return content_digest(data)


@guard_database
class FeedService:
    def __init__(
        self,
        session_factory: sessionmaker[Session],
        ctx: StationContext,
        known_reasons: Iterable[str] | None = None,
        clock: Clock = utcnow,
    ) -> None:
        self._sf = session_factory
        self.ctx = ctx
        self._reasons = list(known_reasons) if known_reasons is not None else None
        self._now = clock

    @property
    def known_reasons(self) -> list[str] | None:
        return self._reasons

    @requires(Permission.IMPORT_RMAS)
    def apply_file(self, path: Path, source: str = "cli", name: str | None = None) -> FeedReport:
        """Apply a .csv or .jsonl/.ndjson file (the format is taken from the name). ``name``: how the
        file is named in reports and events (default: its file name)."""
        name = name or path.name
        fmt = feed_format(name)
        if fmt is None:
            return FeedReport(
                name, errors=(RowError(0, msg("not a feed file: use .csv, .jsonl or .ndjson")),)
            )
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                return FeedReport(name, errors=(RowError(1, msg("file is larger than 50 MB")),))
            raw = path.read_bytes()
        except OSError as exc:
            return FeedReport(
                name, errors=(RowError(0, msg("cannot read the file: {strerror}", strerror=exc.strerror)),)
            )
        return self.apply_bytes(raw, fmt, name, source)

    @requires(Permission.IMPORT_RMAS)
    def apply_bytes(self, raw: bytes, fmt: FeedFormat, name: str, source: str) -> FeedReport:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            return FeedReport(name, errors=(RowError(line, msg("not UTF-8 text (save the file as UTF-8)")),))
        digest = sha256_hex(raw)
        earlier = self.applied_before(digest)
        if earlier is not None:
            return FeedReport(name, duplicate_of=earlier)
        parse = records_from_csv if fmt is FeedFormat.CSV else records_from_jsonl
        records, errors = parse(text, name, self._reasons)
        return self.apply_records(records, errors, name, source, digest)

    @open_to_all("whether a file's hash was applied; changes nothing")
    def applied_before(self, digest: str) -> str | None:
        with UnitOfWork(self._sf) as uow:
            row = applied_file(uow.session, digest)
            return None if row is None else f"{row.name}, {row.applied_at:%Y-%m-%d %H:%M} at {row.station}"

    @requires(Permission.IMPORT_RMAS)
    def apply_records(
        self, records: list[FeedRecord], errors: list[RowError], name: str, source: str, digest: str
    ) -> FeedReport:
        """Apply parsed records in one transaction, recording ``digest`` with them (all or nothing)."""
        if errors:
            return FeedReport(name, errors=tuple(sorted(errors, key=lambda e: e.line)))
        now = self._now()
        discard_abandoned(self._sf, now)  # a killed CSV import's staged RMAs would block their numbers
        try:
            with UnitOfWork(self._sf) as uow:
                out = apply_records(uow, records, self.ctx, now, f"{source}:{name}"[:200])
                if out.errors:
                    return FeedReport(name, errors=tuple(sorted(out.errors, key=lambda e: e.line)))
                report = FeedReport(
                    name,
                    created=tuple(out.created),
                    updated=tuple(out.updated),
                    unchanged=tuple(out.unchanged),
                    cancelled=tuple(out.cancelled),
                    refused=tuple(out.refused),
                    notes=tuple(out.notes),
                )
                record_applied(
                    uow.session, digest, name, source, self.ctx.station, now, len(records), report.summary()
                )
                uow.commit()
                return report
        except IntegrityError:
            # Another station applied the same bytes a moment ago (unique sha256): nothing of ours stays.
            earlier = self.applied_before(digest)
            if earlier is None:
                raise
            return FeedReport(name, duplicate_of=earlier)


def pull_rmas(config: PullConfig, feeds: FeedService) -> FeedReport:
    """Fetch every page and apply all records as one feed. Raises PullError when the API cannot be read."""
    pages = fetch_all(config)  # the HTTP side is an adapter (integration/pull.py)
    records: list[FeedRecord] = []
    errors: list[RowError] = []
    number = 0
    for page_no, (_url, items) in enumerate(pages, start=1):
        for index, obj in enumerate(items):
            number += 1
            record, problems = record_from_json(obj, number, f"page {page_no}", feeds.known_reasons)
            errors.extend(
                RowError(
                    e.line,
                    msg("page {page} item {index}: {message}", page=page_no, index=index, message=e.message),
                )
                for e in problems
            )
            if record is not None:
                records.append(record)
    canonical = json.dumps([items for _u, items in pages], sort_keys=True, separators=(",", ":"))
    digest = sha256_hex(canonical.encode("utf-8"))
    name = urllib.parse.urlsplit(config.url)._replace(query="").geturl()[:200]
    earlier = feeds.applied_before(digest)
    if earlier is not None:
        return FeedReport(name, duplicate_of=earlier)
    if not records and not errors:
        return FeedReport(name)
    return feeds.apply_records(records, errors, name, "http", digest)
