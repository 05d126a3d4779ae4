"""Webhook signatures: HMAC-SHA256 of the exact body bytes with the target's shared secret.

Header: ``X-ReturnStation-Signature: sha256=<64 lower-case hex digits>``. A receiver recomputes the HMAC
over the raw body it got (before parsing the JSON) and compares in constant time; ``verify_signature``
is that check, and the README shows the same few lines for receivers that do not use this package.
"""

from __future__ import annotations

import hashlib
import hmac

SIGNATURE_HEADER = "X-ReturnStation-Signature"
PREFIX = "sha256="


def sign(secret: str, body: bytes) -> str:
    return PREFIX + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def verify_signature(secret: str, body: bytes, header_value: str | None) -> bool:
    if not header_value or not header_value.startswith(PREFIX):
        return False
    return hmac.compare_digest(sign(secret, body), header_value.strip())
