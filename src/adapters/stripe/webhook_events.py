"""A Stripe event (its JSON) read into the core's ``GatewayEvent``: the intent, its totals, a dispute's facts."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from core.payments.webhooks import DisputeFacts, GatewayEvent, GatewayTotals
from core.shared.errors import DomainError
from core.shared.money import Money

# PaymentIntent statuses with money authorised (``requires_capture``) or taken (``succeeded``); Stripe's final ones
_AUTHORIZED = {"requires_capture", "succeeded"}
_FINAL = {"succeeded", "canceled"}


def gateway_event(event: Mapping[str, Any]) -> GatewayEvent:
    """The core's view of a Stripe event. Raises ``KeyError``/``TypeError``/``ValueError`` for one that is not an
    event; figures it cannot read (an unknown currency) leave ``totals``/``dispute`` empty rather than refuse."""
    obj: Mapping[str, Any] = event["data"]["object"]
    kind = str(event["type"])
    intent_id, totals, dispute = None, None, None
    try:
        if kind.startswith("payment_intent."):
            intent_id, totals = str(obj["id"]), _intent_totals(obj)
        elif kind.startswith("charge.dispute."):
            intent_id, dispute = _optional(obj.get("payment_intent")), _dispute(obj)
        elif kind.startswith("charge."):
            intent_id = _optional(obj.get("payment_intent"))
            totals = _charge_totals(obj, intent_id) if intent_id else None
    except DomainError:  # a currency or amount the core does not take: acknowledged, nothing to apply
        totals, dispute = None, None
    metadata = obj.get("metadata") or {}
    return GatewayEvent(
        id=str(event["id"]),
        type=kind,
        created=datetime.fromtimestamp(int(event["created"]), UTC),
        intent_id=intent_id,
        booking_id=_optional(metadata.get("booking_id")),
        totals=totals,
        dispute=dispute,
    )


def _optional(value: Any) -> str | None:
    if isinstance(value, Mapping):  # an expanded object
        value = value.get("id")
    return None if value in (None, "") else str(value)


def _money(minor: Any, obj: Mapping[str, Any]) -> Money:
    return Money(int(minor or 0), str(obj["currency"]).upper())


def _intent_totals(obj: Mapping[str, Any]) -> GatewayTotals:
    status = str(obj.get("status", ""))
    authorized = _money(obj.get("amount") if status in _AUTHORIZED else 0, obj)
    captured = _money(obj.get("amount_received"), obj)
    return GatewayTotals(str(obj["id"]), authorized, captured, _money(0, obj), final=status in _FINAL)


def _charge_totals(obj: Mapping[str, Any], intent_id: str) -> GatewayTotals:
    captured = _money(obj.get("amount_captured"), obj)
    authorized = _money(obj.get("amount"), obj)
    refunded = _money(obj.get("amount_refunded"), obj)
    return GatewayTotals(intent_id, authorized, captured, refunded, final=bool(obj.get("captured")))


def _dispute(obj: Mapping[str, Any]) -> DisputeFacts:
    return DisputeFacts(str(obj["id"]), _money(obj.get("amount"), obj), str(obj.get("reason") or "general"),
                        str(obj.get("status") or "needs_response"))  # fmt: skip
