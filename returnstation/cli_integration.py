"""The `feeds` and `outbox` subcommands of `returnstation` (registered by cli.py).

    returnstation feeds watch [--once] [--no-pull] [--no-deliver]   # the inbox, the API pull, the outbox
    returnstation feeds pull                                        # one pull from the API now
    returnstation outbox run                                        # queue new events, send what is due
    returnstation outbox status                                     # per target: waiting, parked, last error
    returnstation outbox retry [--target NAME]                      # parked/waiting deliveries: due now

Exit status 1 when a feed file failed, the pull failed, the database was unreachable, or a target did
not accept an event (`outbox run` and `feeds watch` alike); a scheduler then reports the run. Kept
free of heavy imports: the parser is built on every start of the station.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from returnstation.services.integration import Integration, PassReport

EXIT_OK, EXIT_FAILED = 0, 1
COMMANDS = ("feeds", "outbox")


def add_subcommands(sub: Any) -> None:
    """Add `feeds` and `outbox` to the `returnstation` subparsers."""
    feeds = sub.add_parser("feeds", help="RMA feeds from the order system (watched folder, API pull)")
    feeds_sub = feeds.add_subparsers(dest="feeds_command", required=True)
    watch = feeds_sub.add_parser("watch", help="apply inbox files, pull the API, deliver events; repeat")
    watch.add_argument("--once", action="store_true", help="one pass, then exit (for schedulers)")
    watch.add_argument("--no-pull", action="store_true", help="do not pull from the API")
    watch.add_argument("--no-deliver", action="store_true", help="do not deliver outbound events")
    feeds_sub.add_parser("pull", help="pull RMAs from the order system's API now")
    outbox = sub.add_parser("outbox", help="outbound events to the order system (webhooks, files)")
    outbox_sub = outbox.add_subparsers(dest="outbox_command", required=True)
    outbox_sub.add_parser("run", help="queue new events and send what is due, once")
    outbox_sub.add_parser("status", help="per target: waiting, parked and delivered events, last error")
    retry = outbox_sub.add_parser("retry", help="send parked and waiting deliveries at the next run")
    retry.add_argument("--target", help="only this target")


def run(integration: Integration, args: argparse.Namespace) -> int:
    from returnstation.integration.settings import IntegrationConfigError

    try:
        if args.command == "feeds":
            return _feeds(integration, args)
        return _outbox(integration, args)
    except IntegrationConfigError as exc:
        print("Configuration error in [integration]:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return EXIT_FAILED


def _feeds(integration: Integration, args: argparse.Namespace) -> int:
    from returnstation.integration.pull import PullError
    from returnstation.store.errors import DatabaseUnavailable

    if args.feeds_command == "pull":
        try:
            report = integration.pull_now()
        except (PullError, ValueError, DatabaseUnavailable) as exc:
            print(f"Pull failed: {exc}", file=sys.stderr)
            return EXIT_FAILED
        print(report.summary(), file=sys.stdout if report.ok else sys.stderr)
        return EXIT_OK if report.ok else EXIT_FAILED
    status = EXIT_OK
    cfg = integration.config
    if not args.once:
        print(f"Watching {cfg.inbox_dir} ({len(cfg.targets)} target(s)); Ctrl+C stops.", file=sys.stderr)

    def show(report: PassReport) -> None:
        nonlocal status
        if _print_pass(report):
            status = EXIT_FAILED

    with contextlib.suppress(KeyboardInterrupt):  # Ctrl+C: each step is one transaction, nothing half-done
        integration.watch(once=args.once, on_pass=show, pull=not args.no_pull, deliver=not args.no_deliver)
    return status


def _print_pass(report: PassReport) -> bool:
    """Print one pass; True when something failed that a person must look at."""
    failed = False
    for r in report.inbox:
        bad = r.outcome.value in ("failed", "retry")
        failed |= bad
        where = f" -> {r.moved_to}" if r.moved_to else ""
        print(
            f"{r.name}: {r.outcome.value}{where}\n  " + r.message.replace("\n", "\n  "),
            file=sys.stderr if bad else sys.stdout,
        )
    if report.pulled is not None:
        print(report.pulled.summary(), file=sys.stdout if report.pulled.ok else sys.stderr)
        failed |= not report.pulled.ok
    if report.pull_error:
        print(f"Pull failed: {report.pull_error}", file=sys.stderr)
        failed = True
    for d in report.dispatched:
        if d.busy:
            print(f"outbox {d.target}: another dispatcher is sending it", file=sys.stderr)
        elif d.queued or d.delivered or d.failed:
            retry = f", next try {d.next_attempt_at:%H:%M:%S}" if d.failed and d.next_attempt_at else ""
            error = f": {d.error}" if d.error else ""
            print(
                f"outbox {d.target}: {d.queued} queued, {d.delivered} delivered"
                f"{' (failed' + retry + ')' if d.failed else ''}{error}"
            )
            failed |= d.failed  # a target that did not take an event: exit 1, as `outbox run` does
    for p in report.problems:
        print(p, file=sys.stderr)
        failed = True
    return failed


def _outbox(integration: Integration, args: argparse.Namespace) -> int:
    from returnstation.store.errors import DatabaseUnavailable

    outbox = integration.outbox
    if not outbox.targets:
        print("No targets configured ([[integration.targets]] in the config file).", file=sys.stderr)
        return EXIT_FAILED if args.outbox_command == "run" else EXIT_OK
    try:
        if args.outbox_command == "status":
            for s in outbox.status():
                head = ""
                if s.head_event_id is not None:
                    when = s.next_attempt_at.isoformat(timespec="seconds") if s.next_attempt_at else "now"
                    head = f"; next: event {s.head_event_id}, tried {s.head_attempts} time(s), again {when}"
                counts = f"{s.pending} waiting, {s.parked} parked, {s.delivered} delivered"
                print(f"{s.target} ({s.kind}): {counts}{head}")
                if s.last_error:
                    print(f"  last error: {s.last_error}")
            return EXIT_OK
        if args.outbox_command == "retry":
            if args.target and args.target not in {t.name for t in outbox.targets}:
                print(f"No target named {args.target}", file=sys.stderr)
                return EXIT_FAILED
            print(f"{outbox.retry_now(args.target)} delivery(ies) will be sent at the next run.")
            return EXIT_OK
        from returnstation.services.integration import PassReport

        results = outbox.run_once()
        _print_pass(PassReport(dispatched=tuple(results)))
        for d in results:
            if not (d.busy or d.queued or d.delivered or d.failed):
                print(f"outbox {d.target}: nothing to send")
        return EXIT_FAILED if any(d.failed for d in results) else EXIT_OK
    except DatabaseUnavailable as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_FAILED
