"""Stripe's PaymentIntent as our ``PaymentIntent``, and gateway outcomes as the journal stores them."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from core.payments.errors import PaymentDeclined
from core.payments.model import OpenIntent, PaymentIntent, PaymentStatus
from core.shared.money import Money

# Stripe statuses that hold nothing: waiting for a method or a confirmation means an attempt failed.
_STATUSES = {
    "requires_action": PaymentStatus.REQUIRES_ACTION,
    "requires_capture": PaymentStatus.AUTHORIZED,
    "canceled": PaymentStatus.VOIDED,
    "requires_payment_method": PaymentStatus.FAILED,
    "requires_confirmation": PaymentStatus.FAILED,
    "processing": PaymentStatus.REQUIRES_ACTION,
}
KEY_METADATA = "rastup_key"  # every object we create carries the idempotency key it was created with


def intent_from_stripe(raw: Mapping[str, Any]) -> PaymentIntent:
    """Our view of a Stripe PaymentIntent (its ``latest_charge`` expanded)."""
    currency = str(raw["currency"]).upper()
    # Stripe cancels only an intent that never took money; localstripe may capture a cancelled one: it took none.
    captured, refunded = (0, 0) if raw["status"] == "canceled" else _charge_totals(raw.get("latest_charge"))
    status = _STATUSES.get(str(raw["status"]), PaymentStatus.FAILED)
    if raw["status"] == "succeeded":
        status = PaymentStatus.REFUNDED if 0 < captured <= refunded else PaymentStatus.CAPTURED
    metadata = raw.get("metadata") or {}
    return PaymentIntent(
        id=str(raw["id"]),
        status=status,
        amount=Money(int(raw["amount"]), currency),
        amount_captured=Money(captured, currency),
        amount_refunded=Money(refunded, currency),
        customer_ref=str(metadata.get("customer_ref", "")),
        method_ref=str(metadata.get("method_ref", "")),
        client_secret=str(raw["client_secret"]) if status is PaymentStatus.REQUIRES_ACTION else None,
    )


def open_intent_from_stripe(raw: Mapping[str, Any]) -> OpenIntent | None:
    """A listed PaymentIntent that still holds money or waits for the customer, with the key we created it with;
    ``None`` for any other (final, failed, or not created by us)."""
    key = (raw.get("metadata") or {}).get(KEY_METADATA)
    intent = intent_from_stripe(raw)
    if not key or intent.status not in (PaymentStatus.AUTHORIZED, PaymentStatus.REQUIRES_ACTION):
        return None
    return OpenIntent(intent, str(key), datetime.fromtimestamp(int(raw["created"]), UTC))


def _charge_totals(charge: Any) -> tuple[int, int]:
    """Captured and refunded minor units of the intent's charge.

    Stripe reports ``amount_captured``. localstripe has no such field and records a partial capture as a
    refund of the uncaptured rest (one we did not create, so it lacks our key): that rest is taken back out.
    """
    if not isinstance(charge, Mapping) or not charge.get("captured"):
        return 0, 0
    if "amount_captured" in charge:
        return int(charge["amount_captured"]), int(charge.get("amount_refunded") or 0)
    refunds = (charge.get("refunds") or {}).get("data") or []
    ours = sum(int(r["amount"]) for r in refunds if KEY_METADATA in (r.get("metadata") or {}))
    uncaptured = sum(int(r["amount"]) for r in refunds if KEY_METADATA not in (r.get("metadata") or {}))
    return int(charge["amount"]) - uncaptured, ours


def refund_keys(raw: Mapping[str, Any]) -> set[str]:
    """The idempotency keys of the refunds we made on the intent's charge."""
    charge = raw.get("latest_charge")
    refunds = ((charge.get("refunds") or {}).get("data") or []) if isinstance(charge, Mapping) else []
    return {str(r["metadata"][KEY_METADATA]) for r in refunds if KEY_METADATA in (r.get("metadata") or {})}


def outcome_of(answer: PaymentIntent | PaymentDeclined) -> dict[str, Any]:
    """What the journal keeps of an answer: enough to give the same answer again."""
    if isinstance(answer, PaymentDeclined):
        return {"declined": {"method_ref": answer.method_ref, "reason": answer.reason}}
    return {
        "intent": {
            "id": answer.id,
            "status": answer.status.value,
            "currency": answer.amount.currency,
            "amount": answer.amount.amount,
            "captured": answer.amount_captured.amount,
            "refunded": answer.amount_refunded.amount,
            "customer_ref": answer.customer_ref,
            "method_ref": answer.method_ref,
            "client_secret": answer.client_secret,
        }
    }


def answer_of(outcome: Mapping[str, Any]) -> PaymentIntent | PaymentDeclined:
    """The answer ``outcome_of`` stored."""
    if "declined" in outcome:
        declined = outcome["declined"]
        return PaymentDeclined(declined["method_ref"], declined["reason"])
    raw = outcome["intent"]
    currency = raw["currency"]
    return PaymentIntent(
        id=raw["id"],
        status=PaymentStatus(raw["status"]),
        amount=Money(raw["amount"], currency),
        amount_captured=Money(raw["captured"], currency),
        amount_refunded=Money(raw["refunded"], currency),
        customer_ref=raw["customer_ref"],
        method_ref=raw["method_ref"],
        client_secret=raw["client_secret"],
    )
