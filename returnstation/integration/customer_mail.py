"""The customer's status e-mail, rendered from a public event and a template file per language.

Why files: the words to customers belong to the business (tone, legal lines, the shop's name) and to
translators, not to the code. ``returnstation/data/email/<language>/<type>.txt`` holds one template per
customer event (``rma_received``, ``rma_inspected`` and ``rma_inspected_under_review``,
``rma_credit_triggered``, ``rma_credit_held``); a target's ``templates_dir`` replaces the shipped folder.
A language without its own file falls back to ``de_AT`` -> ``de`` -> ``en``.

Template format (UTF-8): the first line is ``Subject: ...``, then a blank line, then the body.
``${name}`` is replaced (``string.Template``); a line starting ``?name:`` is kept (without that prefix)
only when ``name`` is not empty, e.g. the "these items were missing" paragraph. Names:
``rma_number``, ``order_number``, ``customer_name``, ``items`` (one ``- ...`` line per item),
``missing`` (the same for items not in the parcel), ``expected_credit_by`` (a date in the
language's usual form). An unknown ``${name}`` is refused when the target is loaded, not when a
customer is waiting.

The customer's name and address come from the RMA at send time, never from the public event (which
the order system gets too and which never carries them): an RMA whose customer data was erased
(services/retention.py) gets no e-mail.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from returnstation.integration.public_events import CUSTOMER_EVENT_TYPES, UNDER_REVIEW
from returnstation.integration.sinks import Recipient
from returnstation.store.models import EventRow, RmaRow

SHIPPED_TEMPLATES = Path(__file__).resolve().parent.parent / "data" / "email"
FALLBACK_LANGUAGE = "en"
PLACEHOLDERS = frozenset(
    {"rma_number", "order_number", "customer_name", "items", "missing", "expected_credit_by"}
)
_CONDITIONAL = re.compile(r"^\?([a-z_]+):[ ]?(.*)$")
_EN_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True, slots=True)
class RenderedMail:
    subject: str
    body: str
    language: str  # the language of the template actually used


def template_names() -> tuple[str, ...]:
    """Every template a language folder may hold (the English folder must hold all of them)."""
    names = [t.replace(".", "_") for t in CUSTOMER_EVENT_TYPES]
    return (*names, "rma_inspected_under_review")


def template_name(event: dict[str, Any]) -> str:
    name = str(event["type"]).replace(".", "_")
    if event["type"] == "rma.inspected" and event["data"].get("outcome") == UNDER_REVIEW:
        return "rma_inspected_under_review"
    return name


def language_chain(language: str) -> list[str]:
    """``de_AT`` -> [de_AT, de, en]: the most specific folder first, English last."""
    chain: list[str] = []
    code = language.replace("-", "_").split(".")[0]
    if code:
        chain.append(code)
        if "_" in code:
            chain.append(code.split("_")[0])
    if FALLBACK_LANGUAGE not in chain:
        chain.append(FALLBACK_LANGUAGE)
    return chain


class TemplateProblem(ValueError):
    pass


def check_templates(folder: Path) -> list[str]:
    """Everything wrong with a templates folder: missing English files, unreadable or bad templates."""
    problems: list[str] = []
    for name in template_names():
        if not (folder / FALLBACK_LANGUAGE / f"{name}.txt").is_file():
            problems.append(f"{folder / FALLBACK_LANGUAGE / (name + '.txt')} is missing")
    for path in sorted(folder.glob("*/*.txt")):
        try:
            _parse(path.read_text(encoding="utf-8"), str(path))
        except (OSError, UnicodeDecodeError, TemplateProblem) as exc:
            problems.append(str(exc))
    return problems


def _parse(text: str, where: str) -> tuple[string.Template, string.Template]:
    first, _, body = text.partition("\n")
    if not first.startswith("Subject:"):
        raise TemplateProblem(f"{where}: the first line must be 'Subject: ...'")
    subject = string.Template(first.removeprefix("Subject:").strip())
    template = string.Template(body.lstrip("\n"))
    for t in (subject, template):
        if not t.is_valid():
            raise TemplateProblem(f"{where}: a '$' that is not ${{name}} (write $$ for a dollar sign)")
        unknown = sorted(set(t.get_identifiers()) - PLACEHOLDERS)
        if unknown:
            known = ", ".join(sorted(PLACEHOLDERS))
            raise TemplateProblem(f"{where}: unknown placeholder(s) {', '.join(unknown)} (known: {known})")
    for line in body.splitlines():
        m = _CONDITIONAL.match(line)
        if m and m.group(1) not in PLACEHOLDERS:
            raise TemplateProblem(f"{where}: '?{m.group(1)}:' names no placeholder")
    return subject, template


def render(event: dict[str, Any], recipient: Recipient, folder: Path = SHIPPED_TEMPLATES) -> RenderedMail:
    """The subject and body for ``event`` in the recipient's language (or the nearest one shipped)."""
    name = template_name(event)
    for language in language_chain(recipient.language):
        path = folder / language / f"{name}.txt"
        if path.is_file():
            break
    else:
        raise TemplateProblem(f"no template {name}.txt in {folder} for {recipient.language or 'en'}")
    subject, body = _parse(path.read_text(encoding="utf-8"), str(path))
    values = _values(event, recipient, language)
    kept = []
    for line in body.template.splitlines():  # the optional lines first, so no value is read as one
        m = _CONDITIONAL.match(line)
        if m is None:
            kept.append(line)
        elif values.get(m.group(1)):
            kept.append(m.group(2))
    text = string.Template("\n".join(kept)).substitute(values).strip("\n") + "\n"
    return RenderedMail(" ".join(subject.substitute(values).split()), text, language)


def _values(event: dict[str, Any], recipient: Recipient, language: str) -> dict[str, str]:
    data = event["data"]
    due = data.get("expected_credit_by")
    return {
        "rma_number": str(data.get("rma_number") or ""),
        "order_number": str(data.get("order_number") or ""),
        "customer_name": recipient.name,
        "items": "\n".join(_item_lines(event)),
        "missing": "\n".join(
            f"- {m['quantity']} x {m.get('description') or m['sku']}" for m in data.get("missing", [])
        ),
        "expected_credit_by": format_date(date.fromisoformat(due), language) if due else "",
    }


def _item_lines(event: dict[str, Any]) -> list[str]:
    data = event["data"]
    kind = event["type"]
    if kind == "rma.received":
        return [f"- {i['quantity']} x {i.get('description') or i['sku']}" for i in data.get("items", [])]
    if kind == "rma.inspected":
        return [f"- {i.get('description') or i.get('sku')} ({i['item_code']})" for i in data.get("items", [])]
    if kind == "rma.credit_triggered":
        return [
            f"- {ln['received_quantity']} x {ln.get('description') or ln['sku']}"
            for ln in data.get("lines", [])
            if ln.get("received_quantity")
        ]
    return []


def format_date(day: date, language: str) -> str:
    """A date as the language writes it in a letter (no Babel on the bench: the few shipped ones)."""
    base = language.split("_")[0]
    if base in ("de", "pl", "ru", "cs", "sk"):
        return day.strftime("%d.%m.%Y")
    if base == "en":
        return f"{day.day} {_EN_MONTHS[day.month - 1]} {day.year}"
    return day.isoformat()


def customer_recipient(session: Session, event: dict[str, Any], language: str) -> Recipient | str:
    """Who gets the e-mail for a public customer event: the RMA's customer; else why nobody does.

    A credit held again for other reasons (a quarantine released while a concern is still open) is
    news for the order system, not for the customer, who was told to wait already."""
    number = event["data"].get("rma_number")
    row = (
        session.execute(
            select(RmaRow.id, RmaRow.customer, RmaRow.customer_email).where(RmaRow.rma_number == number)
        ).first()
        if isinstance(number, str)
        else None
    )
    if row is None or not row.customer_email:
        return "not sent: the RMA has no customer e-mail address"
    if event["type"] == "rma.credit_held" and session.scalar(
        select(EventRow.id)
        .where(
            EventRow.subject_type == "rma",
            EventRow.subject_id == row.id,
            EventRow.type == "credit_held",
            EventRow.id < event["sequence"],
        )
        .limit(1)
    ):
        return "not sent: the customer was told of the held credit already"
    return Recipient(row.customer_email, row.customer, language)
