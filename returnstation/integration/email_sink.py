"""The ``email`` outbox target: each customer event as one e-mail to the RMA's customer, over SMTP.

Delivery rides on the outbox like every other target (order, retry with back-off, lease, parking):
this module only turns one message into one SMTP transaction and says how it went.

- **At least once.** SMTP has no idempotency key: if the connection breaks after the server took the
  message but before its "250 OK" reached us, the outbox sends it again. Every attempt of an event
  carries the same ``Message-ID`` (``<idempotency key@sender domain>``, the key being stable per
  database, target and event), so a mail system or client that de-duplicates by Message-ID shows it
  once, and a person can recognise the copy.
- **Secure by default.** ``starttls = true`` (the default) refuses to go on without STARTTLS, so the
  password and the customer's data never cross the network in clear; the server's certificate is
  checked (``ca_file`` adds a private CA).
- **What retrying cannot fix is parked.** A recipient or a message the server refuses with a 5xx (no
  such mailbox, content rejected) is a permanent failure: that one e-mail is parked and the next
  customer's goes. Anything else (server down, 4xx greylisting, a wrong password or sender, which would
  refuse every e-mail alike) is retried, and the target waits, visibly in ``outbox status``.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formataddr, formatdate, parseaddr
from pathlib import Path

from returnstation.integration.customer_mail import SHIPPED_TEMPLATES, TemplateProblem, render
from returnstation.integration.sinks import OutboundMessage, SendResult


class EmailSink:
    def __init__(
        self,
        host: str,
        port: int,
        sender: str,
        *,
        username: str = "",
        password: str = "",
        starttls: bool = True,
        ca_file: Path | None = None,
        timeout_s: float = 10.0,
        templates: Path | None = None,
    ) -> None:
        self.host = host
        self.port = port
        self.sender = sender
        self.username = username
        self._password = password
        self.starttls = starttls
        self.ca_file = ca_file
        self.timeout_s = timeout_s
        self.templates = templates or SHIPPED_TEMPLATES

    def message_id(self, message: OutboundMessage) -> str:
        domain = parseaddr(self.sender)[1].rpartition("@")[2] or "returnstation.invalid"
        return f"<{message.key}@{domain}>"

    def build(self, message: OutboundMessage) -> EmailMessage:
        """The e-mail for one outbound message (raises TemplateProblem for a broken template)."""
        recipient = message.recipient
        assert recipient is not None, "the outbox gives an e-mail target only messages with a recipient"
        mail = render(message.event, recipient, self.templates)
        msg = EmailMessage()
        msg["From"] = self.sender
        msg["To"] = formataddr((recipient.name, recipient.address))
        msg["Subject"] = mail.subject
        msg["Date"] = formatdate(usegmt=True)
        msg["Message-ID"] = self.message_id(message)
        msg["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies to this
        msg["X-ReturnStation-Event"] = str(message.event["type"])
        msg["X-ReturnStation-Event-Id"] = str(message.event["id"])
        msg.set_content(mail.body)
        msg["Content-Language"] = mail.language.replace("_", "-")  # after set_content, which clears Content-*
        return msg

    def send(self, message: OutboundMessage) -> SendResult:
        try:
            msg = self.build(message)
        except (TemplateProblem, OSError, KeyError, ValueError) as exc:
            return SendResult(False, f"cannot write the e-mail: {exc}")
        where = f"{self.host}:{self.port}"
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout_s) as smtp:
                smtp.ehlo()
                if self.starttls:
                    if not smtp.has_extn("starttls"):
                        return SendResult(False, f"{where} offers no STARTTLS (starttls = true): not sent")
                    smtp.starttls(context=ssl.create_default_context(cafile=self.ca_file))
                    smtp.ehlo()
                if self.username:
                    smtp.login(self.username, self._password)
                smtp.send_message(msg)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            detail = "; ".join(
                f"{code} {text.decode(errors='replace')}" for code, text in exc.recipients.values()
            )
            return SendResult(False, f"{where} refused the recipient: {detail}", permanent=min(codes) >= 500)
        except smtplib.SMTPDataError as exc:  # the server read this message and refused it
            text = (
                exc.smtp_error.decode(errors="replace")
                if isinstance(exc.smtp_error, bytes)
                else exc.smtp_error
            )
            return SendResult(
                False, f"{where} refused the message: {exc.smtp_code} {text}", exc.smtp_code >= 500
            )
        except smtplib.SMTPResponseException as exc:
            text = (
                exc.smtp_error.decode(errors="replace")
                if isinstance(exc.smtp_error, bytes)
                else exc.smtp_error
            )
            return SendResult(False, f"{where} answered {exc.smtp_code} {text}")
        except (smtplib.SMTPException, ssl.SSLError, OSError) as exc:
            return SendResult(False, f"cannot send through {where}: {type(exc).__name__}: {exc}")
        return SendResult(True)
