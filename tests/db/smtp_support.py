"""Helpers for the e-mail target tests (no tests here): a real SMTP server (aiosmtpd) on 127.0.0.1.

The server does what the test script tells it per message (``ok``, ``451`` = try again later), refuses
the recipients it is told to with 550, and keeps every message it accepted, parsed, in arrival order.
With ``tls`` it offers STARTTLS with a self-signed certificate made here (``cryptography``, or the
``openssl`` command) and requires it, and with ``auth`` it requires a login over TLS.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import shutil
import socket
import subprocess
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


@dataclass
class Inbox:
    script: deque[str] = field(default_factory=deque)
    refuse: set[str] = field(default_factory=set)
    messages: list[EmailMessage] = field(default_factory=list)
    recipients: list[list[str]] = field(default_factory=list)
    attempts: int = 0

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if address in self.refuse:
            return "550 5.1.1 no such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.attempts += 1
        mode = self.script.popleft() if self.script else "ok"
        if mode == "451":
            return "451 4.3.0 try again later"
        if mode == "554":
            return "554 5.7.1 message content rejected"
        msg = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(msg, EmailMessage)
        self.messages.append(msg)
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 2.0.0 accepted"

    def by_type(self, event_type: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["X-ReturnStation-Event"] == event_type]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def self_signed(folder: Path) -> tuple[Path, Path] | None:
    """A certificate for 127.0.0.1 and its key (the certificate is also the client's CA file), made
    with ``cryptography`` when installed, else the ``openssl`` command; None when neither is there."""
    cert_path, key_path = folder / "smtp.crt", folder / "smtp.key"
    try:
        _with_cryptography(cert_path, key_path)
        return cert_path, key_path
    except ImportError:
        pass
    openssl = shutil.which("openssl")
    if openssl is None:
        return None
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
         "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key_path), "-out", str(cert_path)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert_path, key_path


def _with_cryptography(cert_path: Path, key_path: Path) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )


@contextmanager
def smtp_server(
    inbox: Inbox, port: int, *, tls: tuple[Path, Path] | None = None, auth: tuple[str, str] | None = None
) -> Iterator[Inbox]:
    import ssl

    kwargs: dict[str, Any] = {}
    if tls is not None:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(*tls)
        kwargs.update(tls_context=context, require_starttls=True)
    if auth is not None:
        user, password = auth

        def check(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
            ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
                user.encode(),
                password.encode(),
            )
            return AuthResult(success=ok, handled=False)

        kwargs.update(authenticator=check, auth_required=True, auth_require_tls=True)
    controller = Controller(inbox, hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()


def email_target(port: int, **extra: Any) -> dict[str, Any]:
    return {
        "name": "customers",
        "kind": "email",
        "host": "127.0.0.1",
        "port": port,
        "from": "Returns <returns@shop.example>",
        "starttls": False,
        "timeout_s": 5,
        "backfill": True,  # the tests make their events before the target's first pass
        **extra,
    }
