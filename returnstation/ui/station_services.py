"""What the station window is given to work with: the services it hands to its pages, and nothing more.

Why a bundle of its own instead of the composition root's ``Station``: the window would otherwise be
handed the engine and the session factory too, and everything below it could reach for them. Here the
list is short and typed, so what the UI can touch is written down in one place; ``ui/app.py`` (an entry
point, the only UI module that imports ``bootstrap``) fills it from the ``Station``. The window gives each
page only the services that page uses.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from returnstation.config import Settings
from returnstation.domain.context import StationContext
from returnstation.services.concerns import ConcernService
from returnstation.services.discrepancies import DiscrepancyService
from returnstation.services.holds import HoldService
from returnstation.services.inspection import InspectionService, RulesReload
from returnstation.services.lot_inspection import LotInspectionService
from returnstation.services.photos import PhotoService
from returnstation.services.printing import PrintService
from returnstation.services.quarantine import QuarantineService
from returnstation.services.receiving import ReceivingService
from returnstation.services.reporting import ReportService
from returnstation.services.rma_import import RmaImportService
from returnstation.services.rtv import RtvService
from returnstation.services.transit_damage import TransitDamageService
from returnstation.services.users import UserService


@dataclass(frozen=True, slots=True)
class StationServices:
    settings: Settings
    ctx: StationContext  # who is signed in: the window shows them and locks the bench
    receiving: ReceivingService
    damage: TransitDamageService  # boxes damaged in transit (Receive tab: DAMAGED, box photos)
    holds: HoldService  # the hold shelf: every page shows its count, the supervisor resolves it
    quarantine: QuarantineService
    concerns: ConcernService  # raised at Receive/Inspect, decided by a supervisor
    discrepancies: DiscrepancyService
    inspection: InspectionService
    lots: LotInspectionService  # lot inspection of identical sealed items (the Inspect tab, Alt+L)
    printing: PrintService
    reports: ReportService
    imports: RmaImportService
    users: UserService
    photos: PhotoService
    rtv: RtvService  # return-to-vendor lists (Supervisor tab)
    reasons: Mapping[str, str]  # return reason code -> words
    start_bench: Callable[[], None]  # sign everyone out (login on) or in as the configured user
    reload_rules: Callable[[], RulesReload]  # take the rules file again; a broken one is refused
    probe_database: Callable[[], None]  # raises DatabaseUnavailable unless the database can be written
