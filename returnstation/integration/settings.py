"""The ``[integration]`` section of the station's TOML file: inbox, optional API pull, outbound targets.

Parsed here rather than in ``returnstation/config.py`` (which reads the file once and keeps this table
unparsed in ``Settings.integration``) so the station opens even when this section is wrong: a broken
target stops the feeds, never the bench. Every problem is reported at once, with the
key it is about, as an ``IntegrationConfigError``.

    [integration]
    inbox_dir = "/srv/returns/inbox"     # default: <data_dir>/inbox
    stable_seconds = 5                   # a file must be unchanged this long before it is read
    poll_seconds = 10                    # `feeds watch`: pause between passes

    [integration.pull]                   # optional: fetch RMAs from the order system's API
    url = "https://oms.example.com/api/returns"
    auth_header = "Authorization: Bearer ..."   # or auth_header_env = "OMS_AUTH" (the whole header line)
    page_param = "page"                  # omit to follow the "next" link of each page
    every_seconds = 300

    [[integration.targets]]
    name = "oms"                         # letters, digits, - and _; the key of its deliveries
    kind = "webhook"                     # webhook | jsonl | csv | email
    url = "https://oms.example.com/hooks/returns"
    secret_env = "RS_OMS_SECRET"         # or secret = "..." (HMAC-SHA256 key)
    events = ["item.dispositioned", "rma.credit_triggered"]   # default: every public type

    [[integration.targets]]              # optional: status e-mails to the customers (issue #17)
    name = "customers"
    kind = "email"
    host = "smtp.example.com"            # port = 587; starttls = true (the default) is required to log in
    from = "Returns <returns@example.com>"
    username = "returns"
    password_env = "RS_SMTP_PASSWORD"    # or password = "..." (the env var keeps it out of the file)
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from returnstation.config import Settings
from returnstation.domain.backoff import Backoff

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
_HEADER_NAME = re.compile(r"^[A-Za-z0-9!#$%&'*+.^_`|~-]+$")  # an HTTP token (RFC 9110)


class IntegrationConfigError(ValueError):
    """The [integration] section cannot be used; ``problems`` lists every reason."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(f"{source} [integration]: " + "; ".join(problems))


class TargetKind(StrEnum):
    WEBHOOK = "webhook"
    JSONL = "jsonl"
    CSV = "csv"
    EMAIL = "email"


@dataclass(frozen=True, slots=True)
class TargetConfig:
    name: str
    kind: TargetKind
    url: str = ""  # webhook
    path: Path | None = None  # jsonl / csv
    secret: str = field(default="", repr=False)
    timeout_s: float = 10.0
    events: frozenset[str] | None = None  # None: every public event type
    max_attempts: int = 0  # 0: keep trying for ever (nothing is dropped)
    retry: Backoff = field(default_factory=Backoff)
    backfill: bool = True  # a new target also gets the events written before it was configured
    headers: tuple[tuple[str, str], ...] = field(default=(), repr=False)  # may carry credentials
    email: EmailSettings | None = None  # kind "email": the SMTP server (the password is ``secret``)


@dataclass(frozen=True, slots=True)
class EmailSettings:
    host: str
    port: int = 587
    sender: str = ""  # the From: line, "Returns <returns@example.com>"
    username: str = ""  # "": no login
    starttls: bool = True  # False only for a relay on the same host or a test server
    ca_file: Path | None = None  # a private CA for the server's certificate
    language: str = ""  # "": the station's `language` (then English)
    templates_dir: Path | None = None  # None: the shipped returnstation/data/email


@dataclass(frozen=True, slots=True)
class PullConfig:
    url: str
    headers: tuple[tuple[str, str], ...] = field(default=(), repr=False)
    page_param: str | None = None  # None: follow the "next" link
    every_s: float = 300.0
    timeout_s: float = 20.0
    max_pages: int = 1000


@dataclass(frozen=True, slots=True)
class IntegrationConfig:
    inbox_dir: Path
    stable_seconds: float = 2.0
    poll_seconds: float = 10.0
    targets: tuple[TargetConfig, ...] = ()
    pull: PullConfig | None = None
    gap_grace_s: float = 600.0  # how long an event id may stay missing before it counts as rolled back

    def target(self, name: str) -> TargetConfig:
        for t in self.targets:
            if t.name == name:
                return t
        raise KeyError(name)


def load_integration_config(settings: Settings, env: Mapping[str, str] | None = None) -> IntegrationConfig:
    """The [integration] section of the file ``settings`` came from (defaults when there is none).

    The file is not opened again: config.load_settings read it once and kept this table as is."""
    source = str(settings.config_path or "config")
    return parse_integration_config(settings.integration, settings.data_dir, source, env)


def parse_integration_config(
    table: Mapping[str, Any], data_dir: Path, source: str = "config", env: Mapping[str, str] | None = None
) -> IntegrationConfig:
    env = os.environ if env is None else env
    problems: list[str] = []
    if not isinstance(table, Mapping):
        raise IntegrationConfigError(source, ["[integration] must be a table"])
    known = {"inbox_dir", "stable_seconds", "poll_seconds", "pull", "targets", "gap_grace_seconds"}
    problems += [f"unknown key '{k}'" for k in table if k not in known]
    inbox = Path(str(table.get("inbox_dir") or data_dir / "inbox")).expanduser()
    stable = _number(table, "stable_seconds", 2.0, problems, minimum=0)
    poll = _number(table, "poll_seconds", 10.0, problems, minimum=0.1)
    grace = _number(table, "gap_grace_seconds", 600.0, problems, minimum=0)
    pull = None
    if "pull" in table:
        pull = _pull(table["pull"], env, problems)
    targets: list[TargetConfig] = []
    raw_targets = table.get("targets", [])
    if not isinstance(raw_targets, list):
        problems.append("targets must be an array of tables ([[integration.targets]])")
        raw_targets = []
    for i, raw in enumerate(raw_targets):
        target = _target(raw, f"targets[{i}]", env, problems)
        if target is not None:
            if any(t.name == target.name for t in targets):
                problems.append(f"targets[{i}]: the name '{target.name}' is used twice")
            targets.append(target)
    if problems:
        raise IntegrationConfigError(source, problems)
    return IntegrationConfig(
        inbox_dir=inbox,
        stable_seconds=stable,
        poll_seconds=poll,
        targets=tuple(targets),
        pull=pull,
        gap_grace_s=grace,
    )


def _number(table: Mapping[str, Any], key: str, default: float, problems: list[str], minimum: float) -> float:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < minimum:
        problems.append(f"{key} must be a number >= {minimum}, got {value!r}")
        return default
    return float(value)


def _secret(raw: Mapping[str, Any], key: str, env: Mapping[str, str], where: str, problems: list[str]) -> str:
    """A secret straight from the file, or (better) the name of an environment variable holding it."""
    if raw.get(f"{key}_env"):
        name = str(raw[f"{key}_env"])
        if name not in env:
            problems.append(f"{where}: environment variable {name} ({key}_env) is not set")
            return ""
        return env[name]
    value = raw.get(key, "")
    return str(value) if value else ""


def _header_line(line: str, where: str, problems: list[str]) -> tuple[str, str] | None:
    name, sep, value = line.partition(":")
    if not sep or not _HEADER_NAME.match(name.strip()) or "\n" in value or "\r" in value:
        problems.append(f"{where}: a header must look like 'Name: value'")
        return None
    return name.strip(), value.strip()


def _headers(
    raw: Mapping[str, Any], env: Mapping[str, str], where: str, problems: list[str]
) -> list[tuple[str, str]]:
    headers: list[tuple[str, str]] = []
    extra = raw.get("headers", {})
    if not isinstance(extra, Mapping):
        problems.append(f"{where}: headers must be a table of name = value")
        extra = {}
    for name, value in extra.items():
        parsed = _header_line(f"{name}: {value}", f"{where}.headers", problems)
        if parsed:
            headers.append(parsed)
    auth = _secret(raw, "auth_header", env, where, problems)
    if auth:
        parsed = _header_line(auth, f"{where}.auth_header", problems)
        if parsed:
            headers.append(parsed)
    return headers


def _http_url(value: object, where: str, problems: list[str]) -> str:
    url = str(value or "")
    if not url.startswith(("http://", "https://")):
        problems.append(f"{where}: url must start with http:// or https://")
    return url


def _pull(raw: object, env: Mapping[str, str], problems: list[str]) -> PullConfig | None:
    if not isinstance(raw, Mapping):
        problems.append("pull must be a table ([integration.pull])")
        return None
    known = {
        "url",
        "auth_header",
        "auth_header_env",
        "headers",
        "page_param",
        "every_seconds",
        "timeout_s",
        "max_pages",
    }
    problems += [f"pull: unknown key '{k}'" for k in raw if k not in known]
    url = _http_url(raw.get("url"), "pull", problems)
    page_param = raw.get("page_param")
    if page_param is not None and (not isinstance(page_param, str) or not _NAME.match(page_param)):
        problems.append("pull: page_param must be a query parameter name such as 'page'")
        page_param = None
    return PullConfig(
        url=url,
        headers=tuple(_headers(raw, env, "pull", problems)),
        page_param=page_param,
        every_s=_number(raw, "every_seconds", 300.0, problems, minimum=1),
        timeout_s=_number(raw, "timeout_s", 20.0, problems, minimum=0.1),
        max_pages=int(_number(raw, "max_pages", 1000, problems, minimum=1)),
    )


_HTTP_AND_FILE_KEYS = frozenset(
    {"url", "path", "secret", "secret_env", "headers", "auth_header", "auth_header_env"}
)
_EMAIL_KEYS = frozenset(
    {"host", "port", "from", "username", "password", "password_env", "starttls", "ca_file", "language",
     "templates_dir"}
)  # fmt: skip


def _email(raw: Mapping[str, Any], where: str, env: Mapping[str, str], problems: list[str]) -> EmailSettings:
    """The SMTP part of an ``email`` target; its templates are checked now, not when a customer waits."""
    from email.utils import parseaddr

    from returnstation.integration.customer_mail import SHIPPED_TEMPLATES, check_templates

    host = str(raw.get("host") or "")
    if not host:
        problems.append(f"{where}: host (the SMTP server) is required for an email target")
    sender = str(raw.get("from") or "")
    if "@" not in parseaddr(sender)[1]:
        problems.append(f'{where}: from must be an address such as "Returns <returns@example.com>"')
    starttls = raw.get("starttls", True)
    if not isinstance(starttls, bool):
        problems.append(f"{where}: starttls must be true or false")
        starttls = True
    username = str(raw.get("username") or "")
    if username and not starttls:
        problems.append(f"{where}: a username needs starttls = true (the password must not travel in clear)")
    ca_file = Path(str(raw["ca_file"])).expanduser() if raw.get("ca_file") else None
    if ca_file is not None and not ca_file.is_file():
        problems.append(f"{where}: ca_file {ca_file} is not a file")
    templates = Path(str(raw["templates_dir"])).expanduser() if raw.get("templates_dir") else None
    problems += [f"{where}: {p}" for p in check_templates(templates or SHIPPED_TEMPLATES)]
    return EmailSettings(
        host=host,
        port=int(_number(raw, "port", 587, problems, minimum=1)),
        sender=sender,
        username=username,
        starttls=starttls,
        ca_file=ca_file,
        language=str(raw.get("language") or ""),
        templates_dir=templates,
    )


def _target(raw: object, where: str, env: Mapping[str, str], problems: list[str]) -> TargetConfig | None:
    from returnstation.integration.public_events import CUSTOMER_EVENT_TYPES, PUBLIC_EVENT_TYPES

    if not isinstance(raw, Mapping):
        problems.append(f"{where} must be a table")
        return None
    known = {
        "name",
        "kind",
        "url",
        "path",
        "secret",
        "secret_env",
        "timeout_s",
        "events",
        "max_attempts",
        "first_delay_s",
        "max_delay_s",
        "backoff_factor",
        "jitter",
        "backfill",
        "headers",
        "auth_header",
        "auth_header_env",
    }
    if raw.get("kind") == TargetKind.EMAIL.value:
        known = {*(known - _HTTP_AND_FILE_KEYS), *_EMAIL_KEYS}
    problems += [f"{where}: unknown key '{k}'" for k in raw if k not in known]
    name = str(raw.get("name", ""))
    if not _NAME.match(name):
        problems.append(f"{where}: name '{name}' must be letters, digits, - and _ (up to 64)")
    try:
        kind = TargetKind(str(raw.get("kind", "")))
    except ValueError:
        problems.append(f"{where}: kind must be one of {', '.join(k.value for k in TargetKind)}")
        return None
    where = f"{where} ({name})"
    url, path, email = "", None, None
    if kind is TargetKind.WEBHOOK:
        url = _http_url(raw.get("url"), where, problems)
    elif kind is TargetKind.EMAIL:
        email = _email(raw, where, env, problems)
    elif not raw.get("path"):
        problems.append(f"{where}: path is required for a {kind.value} target")
    else:
        path = Path(str(raw["path"])).expanduser()
    events = raw.get("events")
    wanted: frozenset[str] | None = None
    if events is not None:
        if not isinstance(events, list) or not all(isinstance(e, str) for e in events):
            problems.append(f"{where}: events must be a list of public event types")
        else:
            unknown = sorted(set(events) - set(PUBLIC_EVENT_TYPES))
            if unknown:
                problems.append(
                    f"{where}: unknown event type(s) {', '.join(unknown)} "
                    f"(known: {', '.join(sorted(PUBLIC_EVENT_TYPES))})"
                )
            wanted = frozenset(events)
    if kind is TargetKind.EMAIL:  # customers hear about their return, never about the bench's internals
        internal = sorted((wanted or set()) - set(CUSTOMER_EVENT_TYPES))
        if internal:
            problems.append(
                f"{where}: an email target sends only {', '.join(CUSTOMER_EVENT_TYPES)}, "
                f"not {', '.join(internal)}"
            )
        wanted = (
            frozenset(CUSTOMER_EVENT_TYPES) & wanted
            if wanted is not None
            else frozenset(CUSTOMER_EVENT_TYPES)
        )
    try:
        retry = Backoff(
            first_delay_s=_number(raw, "first_delay_s", 5.0, problems, minimum=0),
            max_delay_s=_number(raw, "max_delay_s", 600.0, problems, minimum=0),
            factor=_number(raw, "backoff_factor", 2.0, problems, minimum=1),
            jitter=_number(raw, "jitter", 0.2, problems, minimum=0),
        )
    except ValueError as exc:
        problems.append(f"{where}: {exc}")
        retry = Backoff()
    # An email target starts with the events after its first pass: customers whose returns were
    # finished before it was configured are not written to out of the blue.
    backfill = raw.get("backfill", kind is not TargetKind.EMAIL)
    if not isinstance(backfill, bool):
        problems.append(f"{where}: backfill must be true or false")
        backfill = kind is not TargetKind.EMAIL
    secret = _secret(raw, "password" if kind is TargetKind.EMAIL else "secret", env, where, problems)
    if kind is TargetKind.WEBHOOK and not secret:
        problems.append(f'{where}: a webhook needs a secret (secret_env = "VAR" or secret = "...")')
    return TargetConfig(
        name=name,
        kind=kind,
        url=url,
        path=path,
        secret=secret,
        timeout_s=_number(raw, "timeout_s", 10.0, problems, minimum=0.05),
        events=wanted,
        max_attempts=int(_number(raw, "max_attempts", 0, problems, minimum=0)),
        retry=retry,
        backfill=backfill,
        headers=tuple(_headers(raw, env, where, problems)),
        email=email,
    )
