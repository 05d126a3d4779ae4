"""The receiving bench's conversation: what the station waits for between two scans.

Why a class of its own, free of Qt: the window (ui/receive_page.py) and dock mode (dock.py) must answer
the same scans the same way and record the same things. The services are one transaction per call and
remember nothing; the clerk's prompts do need memory: which parcel is open, which candidate RMAs an
item-first scan listed (number keys 1-9 or the RMA label choose), which RMA a mixed box was offered
(Enter adds it, anything else puts the item on HOLD), which item a quantity applies to, whether the box
photo of a damaged parcel is awaited, whether a DONE on a box with nothing received waits for its second
DONE (finishing it records every item MISSING, so one stray DONE must not do it). That memory lives
here, and every input is one method call that returns the one Feedback to show, print or speak.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from returnstation.domain.enums import ParcelStatus
from returnstation.domain.messages import msg
from returnstation.domain.scan import Scan
from returnstation.domain.text import is_ascii_digits
from returnstation.services.receiving import ReceivingService
from returnstation.services.results import Candidate, Feedback, Level, ParcelView
from returnstation.services.transit_damage import ASK_BOX_PHOTO, TransitDamageService

ASK_QUANTITY = "quantity"
_YES = frozenset({"Y", "YES", "1"})
_SEVERITY = {Level.SUCCESS: 0, Level.INFO: 1, Level.WARNING: 2, Level.ERROR: 3}


class ReceivingDesk:
    """One bench's receiving state. ``camera`` gives a PNG of the box (None: no camera here)."""

    def __init__(
        self,
        receiving: ReceivingService,
        damage: TransitDamageService,
        camera: Callable[[], bytes] | None = None,
    ) -> None:
        self.receiving = receiving
        self.damage = damage
        self.camera = camera
        self.parcel: ParcelView | None = None  # the open parcel
        self.shown: ParcelView | None = None  # the open one, or the last one received or marked
        self.candidates: tuple[Candidate, ...] = ()
        self.offer: str | None = None  # an RMA offered for this box, waiting for Enter
        self.asking: str | None = None  # ASK_QUANTITY or ASK_BOX_PHOTO
        self.last_customer: str | None = None
        self._pending: Scan | None = None  # the item scan a candidate choice or the offer is about
        self._last_item: int | None = None  # the item a quantity applies to
        self._empty_done: int | None = None  # the empty parcel a first DONE asked about; DONE again closes

    # -- inputs --------------------------------------------------------------------------------
    def scan(self, scan: Scan) -> Feedback:
        """Any scan or typed line: an answer to the open prompt, a command card, a parcel or an item."""
        text = scan.text.strip()
        armed, self._empty_done = self._empty_done, None  # anything but a second DONE asks again
        if self.candidates:
            chosen = self._candidate_named(text)
            if chosen is not None:
                return self.choose(chosen.key)
            self._forget_prompt()
        if self.offer is not None:
            if text.upper() in _YES:
                return self.accept_offer()
            declined = self.decline_offer()
            if not text:
                return declined
            return _together(declined, self.scan(scan))
        if self.asking == ASK_QUANTITY and is_ascii_digits(text):
            return self.quantity(int(text))
        if self.parcel is None:
            fb = self.receiving.scan_parcel(scan, self.last_customer)
        else:
            fb = self.receiving.scan_item(self.parcel.parcel_id, scan)
        if fb.command:
            if fb.command == "done":
                self._empty_done = armed
            return self.command(fb.command, fb)
        self.asking = None
        return self._took(fb, scan)

    def key(self, key: str) -> Feedback | None:
        """A key in the empty scan field: "1".."9" choose a candidate, "confirm" (Enter) answers yes or
        finishes a complete parcel. None: the key means nothing now."""
        self._empty_done = None
        if is_ascii_digits(key) and self.candidates:
            return self.choose(int(key))
        if key == "confirm" and self.offer is not None:
            return self.accept_offer()
        if key == "confirm" and len(self.candidates) == 1:
            return self.choose(1)
        if key == "confirm" and self.parcel is not None and self.parcel.all_received:
            return self.finish()
        return None

    def command(self, command: str, fb: Feedback | None = None) -> Feedback:
        """A command card (or its hotkey). ``done``, ``cancel`` and ``next`` come back with ``command``
        set, so a window can word them in its own language."""
        if command == "done":
            return replace(self.finish(), command="done")
        if command == "cancel":
            number = self.parcel.rma_number if self.parcel else None
            self._forget_prompt()
            self.parcel = None
            self.shown = None
            said = (
                msg("{number} stays open: scan its label again to carry on with it.", number=number)
                if number
                else msg("Nothing to cancel.")
            )
            return Feedback(Level.INFO, said, command="cancel", kind="command")
        if command == "damaged":
            return self.mark_damaged()
        if command == "photo" and self.asking == ASK_BOX_PHOTO:
            return self.box_photo()
        if command == "qty":
            if self._last_item is None or self.parcel is None:
                return Feedback(
                    Level.INFO, msg("Scan one of the identical items first, then QTY."), kind="command"
                )
            self.asking = ASK_QUANTITY
            return Feedback(
                Level.INFO,
                msg("How many identical units in hand, this one included? Type the number and press Enter."),
                ask=ASK_QUANTITY,
                kind="command",
            )
        if command.startswith("qty:"):
            return self.quantity(int(command.removeprefix("qty:")))
        if command == "answer:yes" and self.offer is not None:
            return self.accept_offer()
        if command == "next":
            text = (
                msg("Finish this parcel first: scan DONE.")
                if self.parcel
                else msg("Scan the next parcel label.")
            )
            return Feedback(Level.INFO, text, command="next", kind="command")
        base = fb or Feedback(Level.INFO, "")
        return replace(base, message=base.message or "That command is for the Inspect tab.", kind="command")

    # -- what the inputs do --------------------------------------------------------------------
    def choose(self, key: int) -> Feedback:
        """Open the candidate RMA shown beside ``key`` with the pending item counted on it."""
        chosen = next((c for c in self.candidates if c.key == key), None)
        if chosen is None or self._pending is None:
            return Feedback(Level.INFO, msg("No RMA has the number {key}.", key=key), kind="key")
        pending = self._pending
        self._forget_prompt()
        return self._took(self.receiving.open_for_item(chosen.rma_number, pending), pending)

    def accept_offer(self) -> Feedback:
        if self.offer is None or self._pending is None or self.parcel is None:
            return Feedback(Level.INFO, msg("Nothing to add."), kind="key")
        number, pending = self.offer, self._pending
        self._forget_prompt()
        return self._took(self.receiving.add_rma_to_parcel(self.parcel.parcel_id, number, pending), pending)

    def decline_offer(self) -> Feedback:
        """The item is not part of the offered RMA after all: it goes on HOLD as a wrong item."""
        pending = self._pending
        self._forget_prompt()
        if pending is None or self.parcel is None:
            return Feedback(Level.INFO, "", kind="key")
        return self._took(
            self.receiving.scan_item(self.parcel.parcel_id, pending, offer_other_rmas=False), pending
        )

    def quantity(self, total: int) -> Feedback:
        self.asking = None
        if self._last_item is None or self.parcel is None:
            return Feedback(
                Level.INFO, msg("Scan one of the identical items first, then QTY."), kind="quantity"
            )
        fb = self.receiving.receive_quantity(self.parcel.parcel_id, self._last_item, total)
        self._last_item = None  # a second QTY would count the same units again
        if fb.parcel is not None:
            self._show(fb.parcel)
        return fb

    def finish(self) -> Feedback:
        if self.parcel is None:
            return Feedback(Level.INFO, msg("No parcel is open. Scan a parcel label first."), kind="command")
        if not any(line.received for line in self.parcel.lines) and self._empty_done != self.parcel.parcel_id:
            self._empty_done = self.parcel.parcel_id
            title = " + ".join(self.parcel.rma_numbers) or self.parcel.scanned_code
            return Feedback(
                Level.WARNING,
                msg(
                    "Nothing was received in {title}: finishing it now records every item MISSING. "
                    "Scan DONE again to finish it so, or scan the items.",
                    title=title,
                ),
                parcel=self.parcel,
                kind="command",
            )
        self._empty_done = None
        fb = self.receiving.finish_parcel(self.parcel.parcel_id)
        self._forget_prompt()
        self.last_customer = self.parcel.customer
        self.parcel = None
        self._last_item = None
        if fb.parcel is not None:
            self.shown = fb.parcel
        return replace(fb, kind="command")

    def mark_damaged(self) -> Feedback:
        target = self.parcel or self.shown
        if target is None:
            return Feedback(Level.INFO, msg("Scan the parcel label first, then DAMAGED."), kind="command")
        fb = self.damage.mark_damaged(target.parcel_id)
        self.asking = fb.ask
        return replace(fb, parcel=self.receiving.parcel_view(target.parcel_id))

    def box_photo(self, png: bytes | None = None) -> Feedback:
        """A photo of the damaged box: ``png`` from the caller's camera, else from ``camera``."""
        target = self.parcel or self.shown
        if target is None:
            return Feedback(Level.INFO, msg("Scan the parcel label first, then DAMAGED."), kind="command")
        if png is None and self.camera is None:  # a window takes it from its camera panel (command "photo")
            return Feedback(
                Level.WARNING,
                msg("No camera here: take the photo of the box at a bench (F7 on the Receive tab)."),
                kind="command",
                command="photo",
                ask=ASK_BOX_PHOTO,
            )
        picture = png if png is not None else self.camera() if self.camera is not None else b""
        fb = self.damage.add_box_photo(target.parcel_id, picture)
        if fb.level is Level.SUCCESS:
            self.asking = None
        return fb

    def left_open(self) -> tuple[ParcelView, str] | None:
        """The parcel this station left open (a restart): carried on with, if any."""
        found = self.receiving.left_open()
        if found is not None and self.parcel is None:
            self._show(found[0])
        return found

    # -- memory --------------------------------------------------------------------------------
    def _took(self, fb: Feedback, scan: Scan) -> Feedback:
        """Remember what this answer opened, listed or offered."""
        if fb.candidates:
            self.candidates, self._pending = fb.candidates, scan
        elif fb.offer_rma is not None:
            self.offer, self._pending = fb.offer_rma, scan
        if fb.parcel is not None:
            if fb.parcel.status == ParcelStatus.OPEN.value:
                self._show(fb.parcel)
            elif self.parcel is not None and fb.parcel.parcel_id == self.parcel.parcel_id:
                self.parcel = None  # closed meanwhile at another bench
        if fb.item_id is not None and fb.level is Level.SUCCESS:
            self._last_item = fb.item_id
        return fb

    def _show(self, view: ParcelView) -> None:
        self.parcel = view
        self.shown = view

    def _forget_prompt(self) -> None:
        self.candidates = ()
        self.offer = None
        self._pending = None

    def _candidate_named(self, text: str) -> Candidate | None:
        """The candidate a typed number or a scanned RMA label names, if any."""
        if is_ascii_digits(text):
            return next((c for c in self.candidates if c.key == int(text)), None)
        return next((c for c in self.candidates if c.rma_number == text.upper()), None)


def _together(first: Feedback, second: Feedback) -> Feedback:
    """Two answers to one scan (a declined offer, then the scan itself): both said, the louder level."""
    level = max(first.level, second.level, key=_SEVERITY.__getitem__)
    message = " ".join(m for m in (first.message, second.message) if m)
    return replace(second, level=level, message=message, problem=second.problem or first.problem)
