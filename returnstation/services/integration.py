"""``station.integration``: the inbox, the API pull and the outbox, configured from ``[integration]``.

The configuration is read on first use, not when the station opens, so a mistake in the
``[integration]`` section stops the feeds (with a clear message) but never the bench.
One pass (``run_pass``) is what ``returnstation feeds watch`` repeats, and what a GUI worker thread can
call: apply the stable files of the inbox, pull from the API when it is due, then deliver events.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session, sessionmaker

from returnstation.config import Settings
from returnstation.domain.access import open_to_all, requires
from returnstation.domain.clock import Clock, utcnow
from returnstation.domain.messages import msg
from returnstation.domain.roles import Permission
from returnstation.integration.settings import IntegrationConfig, load_integration_config
from returnstation.services.feeds import FeedReport, FeedService
from returnstation.services.inbox import InboxResult, InboxWatcher
from returnstation.services.results import StationContext
from returnstation.store.errors import DatabaseUnavailable

if TYPE_CHECKING:  # the outbox pulls in urllib/http: imported when first used, so the bench starts fast
    from returnstation.integration.outbox import DispatchResult, OutboxDispatcher


@dataclass(frozen=True, slots=True)
class PassReport:
    inbox: tuple[InboxResult, ...] = ()
    pulled: FeedReport | None = None
    pull_error: str = ""
    dispatched: tuple[DispatchResult, ...] = ()
    problems: tuple[str, ...] = field(default=())  # e.g. the database was not reachable


class Integration:
    def __init__(
        self,
        settings: Settings,
        session_factory: sessionmaker[Session],
        ctx: StationContext,
        known_reasons: Iterable[str] | None = None,
        clock: Clock = utcnow,
        config: IntegrationConfig | None = None,
        wall_clock: Callable[[], float] = time.time,
        random_value: Callable[[], float] = random.random,
    ) -> None:
        self.settings = settings
        self._sf = session_factory
        self.ctx = ctx
        self._clock = clock
        self._wall = wall_clock
        self._random = random_value
        self._config = config
        self.feeds = FeedService(session_factory, ctx, known_reasons, clock=clock)
        self._inbox: InboxWatcher | None = None
        self._outbox: OutboxDispatcher | None = None
        self._last_pull: float | None = None

    @property
    def config(self) -> IntegrationConfig:
        """Raises IntegrationConfigError when the [integration] section is wrong."""
        if self._config is None:
            self._config = load_integration_config(self.settings)
        return self._config

    @property
    def inbox(self) -> InboxWatcher:
        if self._inbox is None:
            cfg = self.config
            self._inbox = InboxWatcher(
                self.feeds, cfg.inbox_dir, self.ctx.station, cfg.stable_seconds, wall_clock=self._wall
            )
        return self._inbox

    @property
    def outbox(self) -> OutboxDispatcher:
        from returnstation.integration.outbox import OutboxDispatcher

        if self._outbox is None:
            cfg = self.config
            self._outbox = OutboxDispatcher(
                self._sf,
                cfg.targets,
                self.ctx.station,
                clock=self._clock,
                random_value=self._random,
                gap_grace_s=cfg.gap_grace_s,
                ctx=self.ctx,
                language=self.settings.language,
                credit_days=self.settings.credit_processing_days,
            )
        return self._outbox

    @requires(Permission.IMPORT_RMAS)
    def import_file(self, path: Path) -> FeedReport:
        """A feed file by hand or from a scheduler (``returnstation import-rmas x.jsonl``)."""
        return self.feeds.apply_file(path, source="cli")

    @requires(Permission.IMPORT_RMAS)
    def pull_now(self) -> FeedReport:
        """Raises PullError when the API cannot be read, ValueError when no pull is configured."""
        from returnstation.services.feeds import pull_rmas

        if self.config.pull is None:
            raise ValueError(msg("no [integration.pull] section in the configuration"))
        self._last_pull = self._wall()
        return pull_rmas(self.config.pull, self.feeds)

    @open_to_all("compares the clock with the pull interval")
    def pull_due(self) -> bool:
        pull = self.config.pull
        if pull is None:
            return False
        return self._last_pull is None or self._wall() - self._last_pull >= pull.every_s

    @requires(Permission.RUN_FEEDS)
    def run_pass(self, pull: bool = True, deliver: bool = True) -> PassReport:
        """Inbox, then the API pull when due, then the outbox. Never raises for an unreachable database
        or receiver: the pass reports it and the next pass tries again."""
        from returnstation.integration.pull import PullError

        problems: list[str] = []
        inbox: list[InboxResult] = []
        pulled: FeedReport | None = None
        pull_error = ""
        dispatched: list[DispatchResult] = []
        try:
            inbox = self.inbox.run_once()
            if pull and self.pull_due():
                try:
                    pulled = self.pull_now()
                except PullError as exc:
                    pull_error = str(exc)
            if deliver:
                dispatched = self.outbox.run_once()
        except DatabaseUnavailable as exc:
            problems.append(str(exc))
        except OSError as exc:  # the inbox folder went away (network share)
            problems.append(f"inbox {self.config.inbox_dir}: {exc.strerror or exc}")
        return PassReport(tuple(inbox), pulled, pull_error, tuple(dispatched), tuple(problems))

    @requires(Permission.RUN_FEEDS)
    def watch(
        self,
        stop: threading.Event | None = None,
        once: bool = False,
        on_pass: Callable[[PassReport], None] | None = None,
        pull: bool = True,
        deliver: bool = True,
    ) -> None:
        """Run passes every ``poll_seconds`` until ``stop`` is set (or once). A GUI worker thread can
        run this and set ``stop`` when the window closes."""
        stop = stop or threading.Event()
        while not stop.is_set():
            report = self.run_pass(pull=pull, deliver=deliver)
            if on_pass is not None:
                on_pass(report)
            if once:
                return
            stop.wait(self.config.poll_seconds)
