"""Stripe-shaped events for tests, and Stripe's signature scheme (``t=...,v1=HMAC-SHA256("t.payload")``)."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from datetime import datetime
from typing import Any


def new_secret() -> str:
    return "whsec_" + secrets.token_hex(16)


def signed(event: dict[str, Any], secret: str, at: datetime | float) -> tuple[bytes, str]:
    """The payload and its ``Stripe-Signature`` header, signed at ``at``."""
    stamp = int(at.timestamp() if isinstance(at, datetime) else at)
    payload = json.dumps(event).encode()
    signature = hmac.new(secret.encode(), f"{stamp}.".encode() + payload, hashlib.sha256).hexdigest()
    return payload, f"t={stamp},v1={signature}"


def event(event_id: str, kind: str, obj: dict[str, Any], created: int = 1_764_604_800) -> dict[str, Any]:
    return {"id": event_id, "object": "event", "type": kind, "created": created, "data": {"object": obj}}


def intent(intent_id: str, status: str, amount: int, received: int = 0, currency: str = "usd",
           booking_id: str | None = None) -> dict[str, Any]:  # fmt: skip
    return {"id": intent_id, "object": "payment_intent", "status": status, "amount": amount,
            "amount_received": received, "currency": currency,
            "metadata": {"booking_id": booking_id} if booking_id else {}}  # fmt: skip


def charge(intent_id: str, amount: int, refunded: int, currency: str = "usd") -> dict[str, Any]:
    return {"id": "ch_" + intent_id, "object": "charge", "payment_intent": intent_id, "amount": amount,
            "amount_captured": amount, "amount_refunded": refunded, "captured": True, "currency": currency}  # fmt: skip


def dispute(dispute_id: str, intent_id: str, amount: int, status: str, currency: str = "usd") -> dict[str, Any]:
    return {"id": dispute_id, "object": "dispute", "payment_intent": intent_id, "charge": "ch_" + intent_id,
            "amount": amount, "currency": currency, "reason": "product_not_received", "status": status}  # fmt: skip
