"""Hostile text for the fuzz tests: what a confused scanner, a wrong keyboard layout or a bad export sends.

Plain ``st.text()`` leaves out lone surrogates and rarely builds anything long or SQL-shaped, so the
strategies here mix random unicode (surrogates included) with hand-picked nasties and real codes.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# How many examples each fuzz test draws. The suite runs the "quick" counts; RETURNSTATION_TEST_FUZZ=thorough
# (a nightly run, before a release) draws the counts the fault run of issue 19 used. Examples are
# derandomised, so a quick run draws the same inputs every time, and every explicit @example (the
# regressions) runs in both.
THOROUGH = os.environ.get("RETURNSTATION_TEST_FUZZ", "").strip().lower() == "thorough"


def fuzz_settings(quick: int, thorough: int, *, shared_fixture: bool = False) -> settings:
    """Settings of one fuzz test: ``quick`` examples normally, ``thorough`` under RETURNSTATION_TEST_FUZZ.
    ``shared_fixture``: the test takes a database fixture its examples share (they assert only what
    each call changed)."""
    checks = [HealthCheck.too_slow, *([HealthCheck.function_scoped_fixture] if shared_fixture else [])]
    return settings(
        max_examples=thorough if THOROUGH else quick,
        derandomize=True,
        deadline=None,
        suppress_health_check=checks,
    )


NASTY = (
    "",
    " ",
    "\r\n",
    "\n\n\n",
    "\t",
    "\x00",
    "\x00RMA-100001",
    "RMA-100001\x00",
    "\x1d01040123400001",  # a GS before an element string
    "\x04",
    "\x1b[2J",  # a terminal escape
    "\ud800",  # lone surrogate
    "RMA-\udfff100001",
    "\ufeffRMA-100001",  # BOM in front
    "RMA-100001\u200b",  # zero-width space
    "\u202eRMA-100001",  # right-to-left override
    "ＲＭＡ－１００００１",  # full-width
    "RMA-١٠٠٠٠١",  # Arabic-Indic digits
    "e\u0301\u0301\u0301",  # stacked combining marks
    "'; DROP TABLE rmas; --",
    "RMA-100001' OR '1'='1",
    '" OR 1=1 --',
    "%' AND 1=1 --",
    "\\",
    "%",
    "_",
    "NULL",
    "None",
    "CMD:",
    "CMD:\x00",
    "CMD:DROP TABLE",
    "]C1",
    "]C1\x1d\x1d",
    "]E0",
    "(01)",
    "(01)(01)(01)",
    "https://id.gs1.org/01/",
    "1Z",
    "1Z999AA1012345678",
    "🙂" * 10,
    "A" * 64,
    "A" * 65,
    "9" * 512,
    "9" * 513,
    "RMA-" + "9" * 10_000,
    "x" * 10_240,  # a 10 KB "scan": a stuck key or a pasted file
)


def unicode_text(max_size: int = 200) -> st.SearchStrategy[str]:
    """Any code point, lone surrogates and control characters included."""
    return st.text(st.characters(exclude_categories=()), max_size=max_size)


def hostile_text() -> st.SearchStrategy[str]:
    """Random unicode, nasties, and nasties glued to each other or to random text."""
    nasty = st.sampled_from(NASTY)
    return st.one_of(
        nasty,
        unicode_text(),
        st.builds(lambda a, b: a + b, nasty, unicode_text(40)),
        st.builds(lambda a, b: a + b, unicode_text(40), nasty),
        st.lists(nasty, min_size=2, max_size=4).map("".join),
        st.text(st.sampled_from("RMA-SO1Z0123456789 \t\r\n\x1d()"), max_size=40),
    )
