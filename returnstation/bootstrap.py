"""The composition root: settings -> database -> rules -> services, wired in one place.

Only the entry points import this module (``cli.py``, ``ui/app.py``, ``selftest.py`` and the tests):
every other module gets the objects it uses handed in, so no layer reaches for a global or builds its
own engine or printer. ``open_station`` returns a ``Station``: the services of one bench, ready to use.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from returnstation.config import Settings
from returnstation.disposition.checklist import ChecklistSet
from returnstation.disposition.concern_reasons import load_concern_reasons
from returnstation.disposition.outcomes import load_outcomes
from returnstation.disposition.rules import RuleSet
from returnstation.disposition.validate import load_disposition
from returnstation.domain.clock import Clock, utcnow
from returnstation.services.concerns import ConcernService
from returnstation.services.demo import add_demo_users, demo_rma_csv
from returnstation.services.discrepancies import DiscrepancyService
from returnstation.services.holds import HoldService
from returnstation.services.inspection import InspectionService, RulesReload
from returnstation.services.integration import Integration
from returnstation.services.lot_inspection import LotInspectionService
from returnstation.services.photos import PhotoService
from returnstation.services.printing import PrintService, make_printer
from returnstation.services.quarantine import QuarantineService
from returnstation.services.receiving import ReceivingService
from returnstation.services.reporting import ReportService
from returnstation.services.results import SignedIn, StationContext
from returnstation.services.retention import RetentionService
from returnstation.services.rma_import import ImportReport, RmaImportService
from returnstation.services.rtv import RtvService
from returnstation.services.transit_damage import TransitDamageService
from returnstation.services.users import UserService
from returnstation.store.db import make_engine, make_session_factory
from returnstation.store.health import probe_database
from returnstation.store.migrate import upgrade_to_head
from returnstation.store.uow import UnitOfWork
from returnstation.store.warm import warm_in_background

DEMO_LOADED_KEY = "demo_data_loaded"


@dataclass
class Station:
    settings: Settings
    engine: Engine
    session_factory: sessionmaker[Session]
    ctx: StationContext
    rules: RuleSet
    checklists: ChecklistSet
    reasons: dict[str, str]
    receiving: ReceivingService
    inspection: InspectionService
    lots: LotInspectionService  # a lot of identical sealed items decided from a sample (supervisor)
    printing: PrintService
    reports: ReportService
    imports: RmaImportService
    users: UserService
    integration: Integration  # order-system feeds in, events out (configured from [integration])
    photos: PhotoService  # inspection evidence: files under settings.photo_root, a row per photo
    damage: TransitDamageService  # boxes damaged in transit: photos under photo_root, carrier claims
    holds: HoldService  # the hold shelf workbench: match, accept, refuse, dispose
    quarantine: QuarantineService  # final dispositions of quarantined items
    concerns: ConcernService  # suspected fraud or abuse: raised at the bench, decided by a supervisor
    discrepancies: DiscrepancyService  # open discrepancies resolved or written off
    retention: RetentionService  # erases customer data of returns finished `retention_days` ago
    rtv: RtvService  # return-to-vendor lists (PDF) per vendor and shipment

    def close(self) -> None:
        self.engine.dispose()

    def start_bench(self) -> None:
        """The window is a shared bench: with ``login`` on nobody is signed in until a badge and PIN, so
        the services refuse everything until then; with it off everyone there acts as the configured
        ``user`` with the configured ``role``. A station opened otherwise (CLI, scripts) stays as
        ``open_station`` made it: the machine's admin, since whoever runs it can read the database anyway.
        """
        if self.settings.login:
            self.ctx.sign_out()
        else:
            self.ctx.sign_in(SignedIn(None, self.settings.user, self.settings.role))

    def warm_caches(self) -> None:
        """Read the scan lookups' indexes into memory on a thread of its own (store/warm.py): the first
        parcels after a reboot are then as quick as the rest. Returns at once; never takes a write lock."""
        warm_in_background(self.engine)

    def probe_database(self) -> None:
        """Raise `DatabaseUnavailable` unless a write transaction can be started right now (the window's
        offline mode asks this every few seconds until the database is back)."""
        probe_database(self.session_factory)

    def reload_rules(self) -> RulesReload:
        """Take the rules file again if it is valid; a broken file leaves the rules in use untouched."""
        result = self.inspection.reload_rules()
        self.rules = result.rules
        return result


def open_station(settings: Settings, clock: Clock = utcnow, migrate: bool = True) -> Station:
    """Open (and migrate) the database and build every service. Raises ConfigError on a broken rules file."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.database_url)
    if migrate:
        upgrade_to_head(engine)
    sf = make_session_factory(engine)
    ctx = StationContext(  # admin until start_bench()
        station=settings.station, user=settings.user, language=settings.language
    )
    # The same loading `rules-check` runs: rules checked against these checklists and reason codes,
    # so typos in answer values, check ids and reason codes fail here instead of never matching.
    disposition = load_disposition(settings.rules_path, settings.checklists_dir)
    checklists, reasons, rules = disposition.checklists, disposition.reasons, disposition.rules
    printer = make_printer(settings.printer, settings.label_dir)
    concern_reasons = load_concern_reasons()  # data/concern_reasons.yaml, validated on load
    outcomes = load_outcomes()  # data/outcomes.yaml: fault tests, extra labels, vendors; validated on load
    users = UserService(sf, ctx, clock=clock)
    inspection = InspectionService(
        sf,
        ctx,
        checklists,
        rules,
        clock=clock,
        users=users,
        reasons=reasons,
        override_policy=disposition.overrides,
        require_photos=settings.require_photos,
        camera_configured=bool(settings.camera.strip()),
        site=settings.site,
        outcomes=outcomes,
        channels=disposition.channels,
        deductions=disposition.deductions,
    )
    station = Station(
        settings=settings,
        engine=engine,
        session_factory=sf,
        ctx=ctx,
        rules=rules,
        checklists=checklists,
        reasons=reasons,
        receiving=ReceivingService(sf, ctx, clock=clock, concern_reasons=concern_reasons),
        inspection=inspection,
        lots=LotInspectionService(sf, inspection),
        printing=PrintService(sf, ctx, printer, clock=clock),
        reports=ReportService(sf, settings.station, clock=clock, ctx=ctx, channels=disposition.channels),
        imports=RmaImportService(sf, ctx, known_reasons=reasons, clock=clock),
        users=users,
        integration=Integration(settings, sf, ctx, known_reasons=reasons, clock=clock),
        photos=PhotoService(sf, ctx, settings.photo_root, checklists, clock=clock),
        damage=TransitDamageService(sf, ctx, settings.photo_root, clock=clock),
        holds=HoldService(sf, ctx, clock=clock),
        quarantine=QuarantineService(
            sf, ctx, clock=clock, override_policy=disposition.overrides, outcomes=outcomes
        ),
        concerns=ConcernService(sf, ctx, concern_reasons, clock=clock),
        discrepancies=DiscrepancyService(sf, ctx, clock=clock),
        retention=RetentionService(sf, ctx, settings.photo_root, settings.retention_days, clock=clock),
        rtv=RtvService(sf, ctx, outcomes.vendors, reasons, settings.report_dir, clock=clock),
    )
    if settings.load_demo_data:
        load_demo_once(station, clock)
    return station


def load_demo_once(station: Station, clock: Clock = utcnow) -> ImportReport | None:
    """Demo RMAs on the first run of an empty database only, never into a database with real RMAs."""
    with UnitOfWork(station.session_factory) as uow:
        if uow.meta.get(DEMO_LOADED_KEY) or uow.rmas.count() > 0:
            return None
    report = station.imports.import_text(demo_rma_csv(clock().date()), source="demo data")
    if report.ok:
        add_demo_users(station.users)
        with UnitOfWork(station.session_factory) as uow:
            uow.meta.set(DEMO_LOADED_KEY, clock().isoformat())
            uow.commit()
    return report
