"""`returnstation` entry point: the station GUI by default, plus subcommands for scheduled and admin work.

Subcommands act as the machine's admin, whatever the `login` setting: whoever can run them on the bench
PC can read the database file (or its password in the settings) anyway, so a PIN here would protect
nothing. Only the window, the shared bench, asks people to sign in (domain/roles.py says who may what).
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from returnstation.domain.roles import Role
from returnstation.domain.text import is_ascii_digits

if TYPE_CHECKING:  # the composition root is imported when a command runs, not for --help
    from returnstation.bootstrap import Station

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (use YYYY-MM-DD)") from exc


def _scope(text: str) -> str:
    from returnstation.domain.markets import code_problem, scope_code

    code = scope_code(text)
    if code is None:
        raise argparse.ArgumentTypeError(code_problem("site or market", text))
    return code


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="returnstation", description="ReturnStation: the returns bench.")
    p.add_argument("--db", help="database URL (default: SQLite in the user data dir)")
    p.add_argument("--data-dir", help="folder for the database, labels and reports")
    p.add_argument("--station", help="this station's name (default: host name)")
    p.add_argument("--user", help="who is working (default: login name)")
    p.add_argument("--self-test", action="store_true", help="check this installation on a scratch database")
    sub = p.add_subparsers(dest="command")
    sub.add_parser("gui", help="open the station window (the default)")
    imp = sub.add_parser("import-rmas", help="import RMAs from .csv or .jsonl files, all or nothing per file")
    imp.add_argument("files", nargs="+", type=Path)
    rep = sub.add_parser("report", help="disposition summary for a period (PDF, and CSV with --csv)")
    rep.add_argument("--from", dest="start", type=_date, help="first day, YYYY-MM-DD (default: 7 days ago)")
    rep.add_argument("--to", dest="end", type=_date, help="last day, YYYY-MM-DD (default: today)")
    rep.add_argument(
        "--station",
        "--station-filter",
        dest="station_filter",
        action="append",
        default=[],
        help="only these stations (repeatable)",
    )
    rep.add_argument("--out", type=Path, help="PDF path (default: reports folder in the data dir)")
    rep.add_argument("--csv", type=Path, help="also write one CSV row per item here")
    rep.add_argument("--summary-csv", type=Path, help="also write the summary figures as CSV here")
    rep.add_argument(
        "--sales",
        type=Path,
        help="CSV of actual sale prices (item_code,sale_price): sold items count with their price",
    )
    rep.add_argument(
        "--carrier-claims",
        action="store_true",
        help="instead: boxes damaged in transit (tracking, carrier, date, RMA, photos) to --csv",
    )
    rc = sub.add_parser("rules-check", help="validate a disposition rules file; --replay: what would change")
    rc.add_argument("file", type=Path)
    rc.add_argument("--replay", action="store_true", help="replay past inspections under FILE: what changes")
    rc.add_argument("--from", dest="start", type=_date, help="with --replay: first day decided, YYYY-MM-DD")
    rc.add_argument("--to", dest="end", type=_date, help="with --replay: last day decided, YYYY-MM-DD")
    rc.add_argument("--show", type=int, default=20, help="with --replay: list this many changed items")
    rc.add_argument("--site", type=_scope, help="with --replay: only the items of this site, e.g. BER")
    rc.add_argument("--market", type=_scope, help="with --replay: only the items of this market, e.g. CH")
    st = sub.add_parser("settings", help="the effective settings and where each comes from")
    st.add_argument("--json", action="store_true", help="as JSON: key -> value, source, environment variable")
    usr = sub.add_parser("users", help="people who sign in at the bench (badge + PIN): add or list")
    usr_sub = usr.add_subparsers(dest="users_command", required=True)
    usr_add = usr_sub.add_parser("add", help="add a user (the PIN is asked for, never given on the line)")
    usr_add.add_argument("name", nargs="?", help='the full name, e.g. "Ana Lima" (or --name)')
    usr_add.add_argument("--name", dest="name_option", metavar="NAME", help="the same as NAME")
    usr_add.add_argument("--badge", required=True, help="the code on the badge, e.g. SUP-0002")
    usr_add.add_argument(
        "--role",
        required=True,
        choices=[r.value for r in Role],
        help="clerk < inspector < supervisor < admin: each may do what those before it may",
    )
    pin_source = usr_add.add_mutually_exclusive_group()
    pin_source.add_argument("--pin-stdin", action="store_true", help="read the PIN from stdin's first line")
    pin_source.add_argument("--no-pin", action="store_true", help="no PIN (cannot sign in or approve)")
    usr_sub.add_parser("list", help="list users (never their PINs)")
    lab = sub.add_parser("label", help="print queued/failed labels again, or reprint an item's label")
    lab.add_argument(
        "item_code",
        nargs="?",
        help="reprint this item's label (e.g. RSI-000012); without it, send queued/failed jobs",
    )
    aud = sub.add_parser("audit", help="check the event log's hash chain, or export it for an auditor")
    aud_sub = aud.add_subparsers(dest="audit_command", required=True)
    aud_ver = aud_sub.add_parser("verify", help="recompute every event's hash: OK, or where it was tampered")
    aud_ver.add_argument(
        "--anchor",
        type=_anchor,
        action="append",
        default=[],
        metavar="SEQ:HASH",
        help="a head line kept elsewhere earlier (repeatable): that event must still match",
    )
    aud_exp = aud_sub.add_parser("export", help="every event with its hashes as JSON lines")
    aud_exp.add_argument("--out", type=Path, required=True)
    ret = sub.add_parser("retention", help="erase customer data of returns finished retention_days ago")
    ret_sub = ret.add_subparsers(dest="retention_command", required=True)
    ret_run = ret_sub.add_parser(
        "run", help="erase names, e-mails and photos of finished RMAs (audit chain kept)"
    )
    ret_run.add_argument("--dry-run", action="store_true", help="only list what would be erased")
    ret_run.add_argument("--days", type=int, default=None, help="instead of the retention_days setting")
    rtv = sub.add_parser(
        "rtv-list", help="return-to-vendor lists (PDF): what waits, make a vendor's list, write one again"
    )
    rtv_how = rtv.add_mutually_exclusive_group()
    rtv_how.add_argument("--vendor", help="make the list of this vendor's waiting items (a vendor code)")
    rtv_how.add_argument("--all", action="store_true", help="make a list for every vendor with items waiting")
    rtv_how.add_argument("--shipment", metavar="RTV-NNNNNN", help="write an existing list's PDF again")
    rtv.add_argument("--out", type=Path, default=None, help="folder for the PDF (default: report_dir)")
    hold = sub.add_parser("hold", help="the hold shelf: list what waits, resolve a parcel or an item")
    hold_sub = hold.add_subparsers(dest="hold_command", required=True)
    hold_list = hold_sub.add_parser("list", help="parcels and items on the hold shelf, oldest first")
    hold_list.add_argument("--json", action="store_true", help="as JSON, one object per hold")
    hold_res = hold_sub.add_parser("resolve", help="match, accept, refuse or dispose of a hold")
    hold_res.add_argument("hold_id", help="the hold number (#5 or 5) or a held item's code (RSI-000004)")
    how = hold_res.add_mutually_exclusive_group(required=True)
    how.add_argument("--match", metavar="RMA", help="it belongs to this RMA (RMA, order or tracking number)")
    how.add_argument("--accept", action="store_true", help="accept without RMA (an unauthorised ad-hoc RMA)")
    how.add_argument("--refuse", action="store_true", help="return to sender (a return label prints)")
    how.add_argument("--dispose", choices=["scrap", "recycle"], help="dispose of it")
    hold_res.add_argument("--reason", required=True, help="why: kept with the hold and in the audit log")
    from returnstation.cli_integration import add_subcommands

    add_subcommands(sub)  # feeds, outbox
    from returnstation.dock import add_parser as add_dock

    add_dock(sub)  # receiving without a window
    return p


def global_overrides(args: argparse.Namespace) -> dict[str, object]:
    """--db/--data-dir/--station/--user as setting overrides: the highest source (config.load_settings).

    Passed down explicitly, never written into os.environ, so `settings` and --self-test can say that a
    value came from the command line and nothing outlives this call."""
    given = {"database_url": args.db, "data_dir": args.data_dir, "station": args.station, "user": args.user}
    return {key: value for key, value in given.items() if value}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "dock":  # dock's own --station/--user act as the global ones
        args.station = args.dock_station or args.station
        args.user = args.badge or args.user
    overrides = global_overrides(args)
    if args.self_test:
        from returnstation.selftest import run_self_test

        return run_self_test(overrides=overrides)
    command = args.command or "gui"
    if command == "gui":
        from returnstation.ui.app import run_gui

        return run_gui(overrides=overrides)
    if command == "rules-check" and not args.replay:
        return _rules_check(args.file)
    from returnstation.bootstrap import open_station
    from returnstation.config import load_settings
    from returnstation.disposition.errors import ConfigError

    try:
        settings = load_settings(overrides=overrides)
    except (ValueError, OSError) as exc:
        print(f"Settings error:\n{exc}", file=sys.stderr)
        return EXIT_FAILED
    global _language
    _language = settings.language
    if command == "settings":
        return _settings(settings, args.json)
    try:
        station = open_station(settings)
    except ConfigError as exc:
        print(f"Configuration error:\n{exc}", file=sys.stderr)
        return EXIT_FAILED
    try:
        if command == "import-rmas":
            return _import(station, args.files)
        if command == "report" and args.carrier_claims:
            return _carrier_claims(station, args)
        if command == "report":
            return _report(station, args)
        if command == "dock":
            from returnstation import dock

            return dock.run(station, args, dock.stdin_lines(), sys.stdout)
        if command == "label":
            return _label(station, args.item_code)
        if command == "rules-check":
            return _rules_replay(station, args)
        if command == "users":
            return _users(station, args)
        if command == "audit":
            return _audit(station, args)
        if command == "retention":
            return _retention(station, args)
        if command == "hold":
            return _hold(station, args)
        if command == "rtv-list":
            return _rtv_list(station, args)
        if command in ("feeds", "outbox"):
            from returnstation.cli_integration import run as run_integration

            return run_integration(station.integration, args)
    finally:
        station.close()
    return EXIT_USAGE


_language = ""  # the `language` setting: service messages are printed in it


def _say(text: object) -> str:
    """A service's message (or an exception's) in the configured language; other text as it is."""
    from returnstation.domain.messages import message_of
    from returnstation.translation import localize, translator

    return localize(message_of(text) if isinstance(text, BaseException) else text, translator(_language))


def _settings(settings: object, as_json: bool) -> int:
    """Print every effective setting with its source; nothing is opened (the database may be down)."""
    import json

    from returnstation.config import Settings, describe_settings
    from returnstation.settings_schema import SettingLine, format_lines

    assert isinstance(settings, Settings)
    station, scanner = describe_settings(settings), []
    try:
        from returnstation.ui.station_prefs import station_scanner_lines

        scanner = station_scanner_lines(settings.station)
    except ImportError:  # no Qt here: no per-station scanner preferences either
        pass
    if as_json:

        def table(lines: list[SettingLine]) -> dict[str, dict[str, str]]:
            return {
                line.key: {
                    "value": line.value,
                    "source": line.origin.kind.value,
                    "where": line.origin.where,
                    "env": line.env,
                }
                for line in lines
            }

        doc = {"config_file": str(settings.config_path), "settings": table(station)}
        print(json.dumps({**doc, "scanner": table(scanner)}, indent=2))
    else:
        print(f"Settings file: {settings.config_path}")
        print(format_lines(station))
        if scanner:
            print("Scanner (Qt settings of this station):")
            print(format_lines(scanner))
    return EXIT_OK


def _rules_check(path: Path) -> int:
    """Check FILE exactly as a station would load it: with the configured checklists and reason codes."""
    from returnstation.config import load_settings
    from returnstation.disposition.errors import ConfigError
    from returnstation.disposition.validate import load_disposition, translation_gaps

    try:
        checklists_dir = load_settings().checklists_dir
    except ValueError as exc:  # a broken settings file: the checklists in use are unknown
        print(f"Configuration error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    try:
        config = load_disposition(path, checklists_dir)
    except ConfigError as exc:
        print(f"{path}: NOT valid\n{exc}", file=sys.stderr)
        return EXIT_FAILED
    print(f"{path}: OK, {config.summary()}")
    print("\n".join(translation_gaps(config, *_translatable_extras())))
    return EXIT_OK


def _translatable_extras() -> list[object]:
    """Concern reasons, outcomes and label layouts: checked at start elsewhere, their translations
    listed here (channels and deductions come with the disposition config)."""
    from returnstation.disposition.concern_reasons import load_concern_reasons
    from returnstation.disposition.errors import ConfigError
    from returnstation.disposition.outcomes import load_outcomes
    from returnstation.printing.templates import LabelTemplateError, list_label_templates, load_label_template

    extras: list[object] = []
    with contextlib.suppress(ConfigError):  # refused (with its lines) when the station starts
        extras.append(load_concern_reasons())
    with contextlib.suppress(ConfigError):
        extras.append(load_outcomes())
    for name in list_label_templates():
        with contextlib.suppress(LabelTemplateError):
            extras.append(load_label_template(name))
    return extras


def _import(station: Station, files: list[Path]) -> int:

    status = EXIT_OK
    for f in files:
        jsonl = f.suffix.lower() in (".jsonl", ".ndjson")  # upserts/cancels, by the feed rules
        report = station.integration.import_file(f) if jsonl else station.imports.import_file(f)
        print(_say(report.summary()), file=sys.stdout if report.ok else sys.stderr)
        if not report.ok:
            status = EXIT_FAILED
    return status


def _report(station: Station, args: argparse.Namespace) -> int:
    end = args.end or date.today()
    start = args.start or end - timedelta(days=7)
    if start > end:
        print(f"--from {start} is after --to {end}", file=sys.stderr)
        return EXIT_USAGE
    sales = None
    if args.sales is not None:
        from returnstation.reports.sales_csv import SalesFileError, read_sales

        try:
            sales = read_sales(args.sales)
        except SalesFileError as exc:
            count = len(exc.problems)
            print(f"The sales file was not used, no report written ({count} problem(s)):", file=sys.stderr)
            for problem in exc.problems:
                print(f"  {problem}", file=sys.stderr)
            return EXIT_USAGE
    out = args.out or station.settings.report_path(f"dispositions_{start}_{end}.pdf")
    stations = tuple(args.station_filter)
    # Every file and the counts below from one read of the period (a year is millions of rows: read
    # once, streamed, in one snapshot).
    run = station.reports.run_report(
        start, end, stations, pdf=out, records_csv=args.csv, summary_csv=args.summary_csv, sales=sales
    )
    for path in (out, args.csv, args.summary_csv):
        if path:
            print(f"Wrote {path}")
    if sales is not None:
        print(f"Sales: {run.summary.sold_items} of {len(sales)} sale price(s) matched an item of the period")
    settled = run.discrepancies
    print(
        f"Discrepancies {start} to {end}: {settled.opened} opened, {settled.resolved} resolved, "
        f"{settled.written_off} written off; {settled.open_now} open now"
    )
    for d in station.discrepancies.open_by_age(limit=20):  # the oldest first: what to settle next
        print(f"  open #{d.discrepancy_id:<6} {d.age:>11}  {_say(d.label)}: {_say(d.detail)}")
    return EXIT_OK


def _hold(station: Station, args: argparse.Namespace) -> int:
    import json

    from returnstation.domain.enums import HoldAction
    from returnstation.services.holds import HoldRefused

    if args.hold_command == "list":
        shelf = station.holds.shelf()
        if args.json:
            rows = [
                {
                    "hold": v.ref,
                    "parcel_id": v.parcel_id,
                    "item_code": v.ref if v.is_item else None,
                    "held_at": v.held_at.isoformat(timespec="seconds"),
                    "age": v.age,
                    "kind": v.kind,
                    "why": v.why,
                    "scanned_code": v.scanned_code,
                    "rma_number": v.rma_number,
                    "customer": v.customer,
                    "station": v.station,
                    "user": v.user,
                }
                for v in shelf
            ]
            print(json.dumps(rows, indent=2))
            return EXIT_OK
        print(f"{len(shelf)} on the hold shelf")
        for v in shelf:
            print(
                f"{v.ref:>11}  {v.age:>11}  {v.scanned_code:<24} {v.rma_number or 'no RMA':<12} {_say(v.why)}"
            )
        return EXIT_OK
    if args.match:
        action = HoldAction.MATCH
    elif args.accept:
        action = HoldAction.ACCEPT
    elif args.refuse:
        action = HoldAction.REFUSE
    else:
        action = HoldAction(args.dispose)
    try:
        outcome = station.holds.resolve(args.hold_id, action, args.reason, args.match)
    except HoldRefused as exc:
        print(_say(exc), file=sys.stderr)
        return EXIT_FAILED
    print(_say(outcome.message))
    if outcome.label_job:
        print(f"Return-to-sender label queued (job {outcome.label_job}): `returnstation label` prints it.")
    return EXIT_OK


def _carrier_claims(station: Station, args: argparse.Namespace) -> int:
    """The boxes noted damaged in transit in the period, as CSV for the carrier claim process."""
    if args.csv is None:
        print("--carrier-claims needs --csv FILE", file=sys.stderr)
        return EXIT_USAGE
    end = args.end or date.today()
    start = args.start or end - timedelta(days=7)
    path, count = station.damage.write_claims_csv(start, end, args.csv)
    print(f"Wrote {path}: {count} damaged box(es) from {start} to {end}")
    return EXIT_OK


def _label(station: Station, code: str | None) -> int:
    from returnstation.domain.item_code import parse_item_code

    printing = station.printing
    if code:  # a reprint is a new job (the history keeps both), sent at once
        item_id = parse_item_code(code)
        try:
            jobs = list(printing.print_again([item_id]).sent) if item_id is not None else []
        except KeyError:
            jobs = []
        if not jobs:
            print(f"No label found for {code}", file=sys.stderr)
            return EXIT_FAILED
    else:  # what the print worker does at start: interrupted and failed jobs go out again
        printing.recover_interrupted()
        printing.retry_failed()
        jobs = printing.run_due_jobs(limit=10_000)
        waiting = sum(1 for j in printing.pending_jobs() if j.status == "queued")  # not tried: printer down
        if waiting:
            print(f"{waiting} more label(s) wait for the printer", file=sys.stderr)
    status = EXIT_OK
    for done in jobs:
        print(f"{done.job_id}: {done.status}: {_say(done.message)}")
        if done.status != "printed":
            status = EXIT_FAILED
    return status


def _rules_replay(station: Station, args: argparse.Namespace) -> int:
    """Validate FILE against this station's checklists and reasons, then replay past decisions under it.

    Read-only: the station's own rules are never replaced by this command.
    """
    from returnstation.disposition.errors import ConfigError
    from returnstation.disposition.validate import check_rules
    from returnstation.services.whatif import WhatIfService

    path: Path = args.file
    try:
        rules = check_rules(path, station.checklists, station.reasons)
    except ConfigError as exc:
        print(f"{path}: NOT valid\n{exc}", file=sys.stderr)
        return EXIT_FAILED
    if args.start and args.end and args.start > args.end:
        print(f"--from {args.start} is after --to {args.end}", file=sys.stderr)
        return EXIT_USAGE
    print(f"{path}: OK, {len(rules.rules)} rules, version {rules.version} (in use: {station.rules.version})")
    whatif = WhatIfService(station.session_factory, station.checklists)
    report = whatif.replay(
        rules, args.start, args.end, max(args.show, 0), site=args.site, market=args.market
    )
    print(report.text())
    return EXIT_OK


def _users(station: Station, args: argparse.Namespace) -> int:
    from returnstation.services.users import UserError

    if args.users_command == "list":
        for u in station.users.list_users():
            state = "active" if u.active else "inactive"
            has_pin = "PIN set" if u.has_pin else "no PIN"
            locked = f", locked until {u.locked_until:%Y-%m-%d %H:%M} UTC" if u.locked_until else ""
            print(f"{u.id:>4}  {u.badge:<16} {u.name:<30} {u.role.value:<10} {state}, {has_pin}{locked}")
        return EXIT_OK
    name = args.name or args.name_option
    if not name or (args.name and args.name_option and args.name != args.name_option):
        print("Give the name once: returnstation users add NAME --badge B --role R", file=sys.stderr)
        return EXIT_USAGE
    pin: str | None = None
    if not args.no_pin:
        pin = _read_pin(args.pin_stdin)
        if pin is None:
            return EXIT_USAGE
    try:
        user = station.users.create_user(name, args.badge, args.role, pin)
    except UserError as exc:
        print(f"Not added: {_say(exc)}", file=sys.stderr)
        return EXIT_FAILED
    print(f"Added {user.name} ({user.role.value}), badge {user.badge}{'' if pin else ', no PIN'}")
    return EXIT_OK


def _anchor(text: str) -> tuple[int, str]:
    seq, _, digest = text.partition(":")
    if not (
        is_ascii_digits(seq) and len(digest) == 64 and all(c in "0123456789abcdefABCDEF" for c in digest)
    ):
        raise argparse.ArgumentTypeError(f"'{text}' is not SEQ:HASH (a number, a colon, 64 hex digits)")
    return int(seq), digest.lower()


def _audit(station: Station, args: argparse.Namespace) -> int:
    """Exit 1 when the chain is broken, so a scheduler notices (store/audit.py says what is checked)."""
    from returnstation.store.audit import export_jsonl, verify_database

    if args.audit_command == "export":
        count = export_jsonl(station.session_factory, args.out)
        print(f"Wrote {count} events to {args.out}")
    report = verify_database(station.session_factory, dict(getattr(args, "anchor", [])))
    print(report.text(), file=sys.stdout if report.ok else sys.stderr)
    return EXIT_OK if report.ok else EXIT_FAILED


def _retention(station: Station, args: argparse.Namespace) -> int:
    """Exit 1 when retention is off or a photo could not be deleted, so a scheduled run is noticed."""
    try:
        report = station.retention.run(dry_run=args.dry_run, days=args.days)
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_FAILED
    print(report.text())
    return EXIT_FAILED if report.problems else EXIT_OK


def _rtv_list(station: Station, args: argparse.Namespace) -> int:
    """Without options: the vendors with items waiting. Exit 1 when there is nothing to list or no such
    list, so a scheduled run notices."""
    from returnstation.services.rtv import RtvRefused

    try:
        if args.shipment:
            written = [station.rtv.write_again(args.shipment, args.out)]
        elif args.vendor or args.all:
            written = station.rtv.make_lists(args.vendor, args.out)
        else:
            waiting = station.rtv.waiting()
            for w in waiting:
                print(f"{w.vendor}\t{w.items} item(s)\t{w.vendor_name}")
            if not waiting:
                print("No items are waiting to go back to a vendor.")
            return EXIT_OK
    except RtvRefused as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_FAILED
    for done in written:
        print(done.summary())
    return EXIT_OK


def _read_pin(from_stdin: bool) -> str | None:
    """The PIN from stdin's first line (scripts) or typed twice without echo; never from the command line."""
    import getpass

    if from_stdin:
        return sys.stdin.readline().strip()
    first = getpass.getpass("PIN (6 to 12 digits): ")
    if getpass.getpass("PIN again: ") != first:
        print("The two PINs differ: nothing was added.", file=sys.stderr)
        return None
    return first


if __name__ == "__main__":
    raise SystemExit(main())
