"""Demo RMAs for a new bench, dated relative to today so they never go stale.

They go through the same CSV import as real feeds, so the demo also proves the import path. The
README's five-minute demo uses them: RMA-100001 and RMA-100007 are one customer's two RMAs for one box
(a mixed box), RMA-100008's three pairs of socks arrive two now and one later (a short receipt and its
late box, or QTY), and RMA-100009's speaker is found by its serial with no RMA label (item-first).
"""

from __future__ import annotations

import contextlib
import csv
import io
from datetime import date, timedelta

from stdnum import ean

from returnstation.integration.rma_csv import OPTIONAL, REQUIRED, WARRANTY_COLUMNS
from returnstation.services.users import UserError, UserService
from returnstation.store.models import ADDRESS_COLUMNS


def _gtin(body12: str) -> str:
    return body12 + ean.calc_check_digit(body12)


# rma, order, customer, days_ago, expires_in_days, tracking,
#   [(sku, gtin12, description, category, qty, value, reason)]
_DEMO: list[tuple[str, str, str, int, int, str, list[tuple[str, str, str, str, int, str, str]]]] = [
    (
        "RMA-100001",
        "SO-500101",
        "Alex Martin",
        3,
        27,
        "1Z999AA10123456784",
        [
            (
                "HP-BT200",
                "406123400012",
                "Bluetooth headphones BT200",
                "electronics",
                1,
                "79.90",
                "no_longer_wanted",
            ),
            ("CBL-USBC-1M", "406123400029", "USB-C cable 1 m", "electronics", 2, "9.90", "ordered_in_error"),
        ],
    ),
    (
        "RMA-100002",
        "SO-500102",
        "Sam Lee",
        5,
        25,
        "",
        [
            ("TSH-BLU-M", "406123400036", "T-shirt blue M", "apparel", 1, "19.00", "no_longer_wanted"),
            ("JNS-32-34", "406123400043", "Jeans 32/34", "apparel", 1, "59.00", "incorrect_shipment"),
        ],
    ),
    (
        "RMA-100003",
        "SO-500103",
        "Robin Diaz",
        2,
        28,
        "",
        [
            ("LAP-14-PRO", "406123400050", "Laptop 14 Pro", "electronics", 1, "1199.00", "defective"),
        ],
    ),
    (
        "RMA-100004",
        "SO-500104",
        "Kim Novak",
        1,
        29,
        "",
        [
            (
                "BAT-LI-18650",
                "406123400067",
                "Li-ion battery pack 18650",
                "batteries",
                1,
                "24.50",
                "defective",
            ),
            ("DRL-18V", "406123400074", "Cordless drill 18 V", "electronics", 1, "129.00", "warranty_claim"),
        ],
    ),
    (
        "RMA-100005",
        "SO-500105",
        "Jo Evans",
        4,
        10,
        "",
        [
            (
                "VIT-C-500",
                "406123400081",
                "Vitamin C 500 mg, 60 tabs",
                "pharma",
                2,
                "8.90",
                "no_longer_wanted",
            ),
            ("TEA-GRN-100", "406123400098", "Green tea, 100 bags", "food", 1, "6.50", "damaged_in_transit"),
        ],
    ),
    (
        "RMA-100006",
        "SO-500106",
        "Pat Kowalski",
        45,
        -15,
        "",
        [
            ("MUG-CER-01", "406123400104", "Ceramic mug", "general", 1, "12.00", "damaged_in_transit"),
        ],
    ),
    (
        "RMA-100007",
        "SO-500101",
        "Alex Martin",
        3,
        27,
        "",
        [
            ("PHN-CASE-S", "406123400111", "Phone case S", "electronics", 1, "14.90", "no_longer_wanted"),
        ],
    ),
    (
        "RMA-100008",
        "SO-500108",
        "Casey Brown",
        2,
        28,
        "",
        [
            ("SCK-WOOL-L", "406123400128", "Wool socks L, pair", "apparel", 3, "11.00", "no_longer_wanted"),
        ],
    ),
    (
        "RMA-100009",
        "SO-500109",
        "Noor Haddad",
        6,
        24,
        "",
        [
            ("SPK-MINI", "406123400135", "Mini speaker", "electronics", 1, "39.00", "defective"),
        ],
    ),
]

# sku -> the serial numbers its RMA line expects (RMA-100009's speaker: scanned without its RMA label).
_SERIALS: dict[str, str] = {"SPK-MINI": "SPK-7731"}


# sku -> (bought this many days before today, warranty months): shows the warranty and DOA rules.
_PURCHASES: dict[str, tuple[int, int]] = {
    "HP-BT200": (40, 24),
    "LAP-14-PRO": (12, 24),
    "DRL-18V": (400, 24),
    "BAT-LI-18650": (30, 12),
    "PHN-CASE-S": (20, 12),
}

# rma -> postal address (the ADDRESS_COLUMNS): RMA-100004's drill is a valid warranty claim, so its
# repair prints the return-to-customer label with it.
_ADDRESSES: dict[str, tuple[str, str, str, str, str, str]] = {
    "RMA-100004": ("7 Harbour Lane", "", "LS1 4AP", "Leeds", "West Yorkshire", "United Kingdom"),
}

# The demo's person (README "Process a demo parcel"): signs in at the bench and approves overrides. A
# real site creates its own with `returnstation users add`. Demo data only: never in a production database.
DEMO_SUPERVISOR_NAME = "Sam Rivera"
DEMO_SUPERVISOR_BADGE = "SUP-0001"
DEMO_SUPERVISOR_PIN = "246810"


def add_demo_users(users: UserService) -> None:
    """The demo supervisor, unless a user with that name or badge exists already."""
    with contextlib.suppress(UserError):
        users.create_user(DEMO_SUPERVISOR_NAME, DEMO_SUPERVISOR_BADGE, "supervisor", DEMO_SUPERVISOR_PIN)


def demo_rma_csv(today: date) -> str:
    out = io.StringIO()
    cols = [*REQUIRED, *OPTIONAL, *WARRANTY_COLUMNS, *ADDRESS_COLUMNS]
    w = csv.DictWriter(out, fieldnames=cols, lineterminator="\n")
    w.writeheader()
    for rma, order, customer, ago, expires_in, tracking, lines in _DEMO:
        for n, (sku, gtin12, desc, cat, qty, value, reason) in enumerate(lines, start=1):
            w.writerow(
                {
                    "rma_number": rma,
                    "order_number": order,
                    "customer": customer,
                    "authorized_at": (today - timedelta(days=ago)).isoformat(),
                    "expires_at": (today + timedelta(days=expires_in)).isoformat(),
                    "tracking_number": tracking,
                    "line_no": n,
                    "sku": sku,
                    "gtin": _gtin(gtin12),
                    "description": desc,
                    "category": cat,
                    "quantity": qty,
                    "unit_value": value,
                    "reason_code": reason,
                    "expected_serials": _SERIALS.get(sku, ""),
                    "purchased_at": (
                        (today - timedelta(days=_PURCHASES[sku][0])).isoformat() if sku in _PURCHASES else ""
                    ),
                    "warranty_months": _PURCHASES[sku][1] if sku in _PURCHASES else "",
                    **dict(zip(ADDRESS_COLUMNS, _ADDRESSES.get(rma, ("",) * 6), strict=True)),
                }
            )
    return out.getvalue()
