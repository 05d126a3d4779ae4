"""The watched folder: feed files dropped by the order system are applied, then filed away.

    inbox/            the order system writes here (*.csv, *.jsonl, *.ndjson)
    inbox/processing/ a file being applied (claimed by renaming, so two watchers never take the same file)
    inbox/done/       applied, or already applied before (a `<file>.report.txt` lists refusals and notes)
    inbox/failed/     not applied: `<file>.errors.txt` says why, line by line

Files still being written are left alone, by two conventions (both apply):
- names ending in ``.tmp`` or ``.part``, or starting with ``.``, are never read: a writer that writes
  ``x.jsonl.tmp`` and renames it to ``x.jsonl`` when done is always safe (the rename is atomic);
- any other file is read only once its size and modification time have stayed the same for
  ``stable_seconds`` (default 2 s), for writers that write the final name directly.
Files are taken oldest first (modification time, then name), so a cancel written after its upsert is
applied after it. A name already present in done/ or failed/ gets a time stamp added, never overwritten.
When the database cannot be reached the file goes back to the inbox and is tried on the next pass.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from returnstation.domain.access import open_to_all
from returnstation.domain.messages import msg
from returnstation.integration.feed_records import feed_format
from returnstation.services.feeds import FeedReport, FeedService
from returnstation.store.errors import DatabaseUnavailable

IGNORED_SUFFIXES = (".tmp", ".part", ".partial", ".crdownload")
SUBFOLDERS = ("processing", "done", "failed")


class InboxOutcome(StrEnum):
    APPLIED = "applied"
    DUPLICATE = "duplicate"
    FAILED = "failed"
    RETRY = "retry"  # database unreachable: left in the inbox


@dataclass(frozen=True, slots=True)
class InboxResult:
    name: str
    outcome: InboxOutcome
    moved_to: Path | None
    report: FeedReport | None
    message: str = ""


class InboxWatcher:
    def __init__(
        self,
        feeds: FeedService,
        inbox_dir: Path,
        station: str,
        stable_seconds: float = 2.0,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self.feeds = feeds
        self.inbox = inbox_dir
        self.station = station
        self.stable_seconds = stable_seconds
        self._wall = wall_clock
        self._seen: dict[str, tuple[int, int, float]] = {}  # name -> (size, mtime_ns, first seen so)

    @open_to_all("creates the inbox folders")
    def ensure_folders(self) -> None:
        for sub in SUBFOLDERS:
            (self.inbox / sub).mkdir(parents=True, exist_ok=True)

    @open_to_all("lists the inbox folder")
    def waiting(self) -> list[Path]:
        """Feed candidates in the inbox, oldest first (not yet judged stable)."""
        if not self.inbox.is_dir():
            return []
        files = [
            p
            for p in self.inbox.iterdir()
            if p.is_file() and not p.name.startswith(".") and not p.name.lower().endswith(IGNORED_SUFFIXES)
        ]
        return sorted(files, key=lambda p: (_mtime_ns(p), p.name))

    @open_to_all("looks at a file's size and time")
    def is_stable(self, path: Path) -> bool:
        """Unchanged in size and mtime for ``stable_seconds`` (by the file's age, or between passes)."""
        try:
            st = path.stat()
        except FileNotFoundError:
            return False
        now = self._wall()
        key = (st.st_size, st.st_mtime_ns)
        earlier = self._seen.get(path.name)
        if earlier is None or earlier[:2] != key:
            self._seen[path.name] = (*key, now)
            first_seen = now
        else:
            first_seen = earlier[2]
        age = now - st.st_mtime_ns / 1e9
        return max(age, now - first_seen) >= self.stable_seconds

    @open_to_all("applies each file through FeedService.apply_file, which requires IMPORT_RMAS")
    def run_once(self) -> list[InboxResult]:
        """One pass over the inbox: every stable file is applied and filed. Returns what happened."""
        self.ensure_folders()
        self._recover_own_claims()
        results: list[InboxResult] = []
        for path in self.waiting():
            if not self.is_stable(path):
                continue
            result = self._process(path)
            if result is not None:
                results.append(result)
            if result is not None and result.outcome is InboxOutcome.RETRY:
                break  # the database is away: the next files would only fail the same way
        self._seen = {k: v for k, v in self._seen.items() if (self.inbox / k).exists()}
        return results

    def _claim_name(self, name: str) -> Path:
        return self.inbox / "processing" / f"{self.station}__{name}"

    def _recover_own_claims(self) -> None:
        """Files this station had claimed when it stopped go back to the inbox (applying them again is
        safe: an applied file is recognised by its hash)."""
        prefix = f"{self.station}__"
        for p in (self.inbox / "processing").iterdir():
            if p.name.startswith(prefix):
                os.replace(p, _free_name(self.inbox, p.name[len(prefix) :], self._wall()))

    def _process(self, path: Path) -> InboxResult | None:
        claimed = self._claim_name(path.name)
        try:
            st = path.stat()
            os.rename(path, claimed)
        except FileNotFoundError:
            return None  # another watcher took it
        try:
            if claimed.stat().st_mtime_ns != st.st_mtime_ns or claimed.stat().st_size != st.st_size:
                os.replace(claimed, path)  # written to meanwhile: not finished after all
                return None
            if feed_format(path.name) is None:
                return self._file_failed(
                    claimed, path.name, msg("not a feed file: use .csv, .jsonl or .ndjson")
                )
            report = self.feeds.apply_file(claimed, source="inbox", name=path.name)
        except DatabaseUnavailable as exc:
            os.replace(claimed, path)
            return InboxResult(path.name, InboxOutcome.RETRY, None, None, str(exc))
        except Exception as exc:  # a bug or a race must not lose the file: back to the inbox, said loudly
            os.replace(claimed, path)
            return InboxResult(path.name, InboxOutcome.RETRY, None, None, f"{type(exc).__name__}: {exc}")
        if not report.ok:
            text = report.summary() + "\n"
            moved = self._file_away(claimed, "failed", path.name, ".errors.txt", text)
            return InboxResult(path.name, InboxOutcome.FAILED, moved, report, report.summary())
        extra = report.summary() + "\n" if (report.refused or report.notes) else None
        moved = self._file_away(claimed, "done", path.name, ".report.txt", extra)
        outcome = InboxOutcome.DUPLICATE if report.duplicate_of else InboxOutcome.APPLIED
        return InboxResult(path.name, outcome, moved, report, report.summary())

    def _file_failed(self, claimed: Path, name: str, why: str) -> InboxResult:
        moved = self._file_away(claimed, "failed", name, ".errors.txt", f"{name}: {why}\n")
        return InboxResult(name, InboxOutcome.FAILED, moved, None, why)

    def _file_away(self, claimed: Path, folder: str, name: str, report_suffix: str, text: str | None) -> Path:
        target = _free_name(self.inbox / folder, name, self._wall())
        if text is not None:
            report = target.with_name(target.name + report_suffix)
            report.write_text(text, encoding="utf-8")
        os.replace(claimed, target)
        return target


def _free_name(folder: Path, name: str, now: float) -> Path:
    candidate = folder / name
    if not candidate.exists():
        return candidate
    stamp = datetime.fromtimestamp(now, UTC).strftime("%Y%m%dT%H%M%S")
    stem, dot, suffix = name.partition(".")
    for n in range(1, 10_000):
        extra = f"{stamp}" if n == 1 else f"{stamp}-{n}"
        candidate = folder / f"{stem}.{extra}{dot}{suffix}"
        if not candidate.exists():
            return candidate
    raise FileExistsError(f"no free name for {name} in {folder}")


def _mtime_ns(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except FileNotFoundError:
        return 0
