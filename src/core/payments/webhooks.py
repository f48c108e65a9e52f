"""What a gateway tells us on its own (a webhook), as plain values; and the port proving it came from the gateway."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol

import attrs

from core.shared.errors import DomainError
from core.shared.money import Money


class GatewayEventKind(StrEnum):
    INTENT_SUCCEEDED = "payment_intent.succeeded"
    INTENT_FAILED = "payment_intent.payment_failed"
    INTENT_CANCELED = "payment_intent.canceled"
    INTENT_REQUIRES_ACTION = "payment_intent.requires_action"
    CHARGE_REFUNDED = "charge.refunded"
    DISPUTE_CREATED = "charge.dispute.created"
    DISPUTE_UPDATED = "charge.dispute.updated"
    DISPUTE_CLOSED = "charge.dispute.closed"
    DISPUTE_FUNDS = "charge.dispute.funds_withdrawn"
    OTHER = "other"


CLOSED_DISPUTE_STATUSES = frozenset({"won", "lost", "warning_closed"})  # the gateway decided: nothing more to come


@attrs.frozen
class GatewayTotals:
    """Where the gateway says an intent stands: authorised, captured and refunded so far; ``final`` once it can
    hold nothing more (captured, or cancelled). Totals only grow: a smaller figure is an older report."""

    intent_id: str
    authorized: Money
    captured: Money
    refunded: Money
    final: bool


@attrs.frozen
class DisputeFacts:
    """A dispute as the gateway reports it; ``status`` ``won``/``lost`` once closed."""

    dispute_id: str
    amount: Money
    reason: str
    status: str


@attrs.frozen
class GatewayEvent:
    """One verified gateway event. ``booking_id`` comes from the intent's metadata when the gateway has it."""

    id: str
    type: str
    created: datetime
    intent_id: str | None = None
    booking_id: str | None = None
    totals: GatewayTotals | None = None
    dispute: DisputeFacts | None = None

    @property
    def kind(self) -> GatewayEventKind:
        try:
            return GatewayEventKind(self.type)
        except ValueError:
            return GatewayEventKind.OTHER


@attrs.frozen
class DisputeRecord:
    """A dispute against a booking's charge and the evidence pack assembled when it opened (a JSON document)."""

    dispute_id: str
    booking_id: str
    intent_id: str | None
    amount: Money
    reason: str
    status: str
    opened_at: datetime
    evidence: dict[str, Any]

    @property
    def is_open(self) -> bool:
        """Still before the gateway: not yet won, lost or closed with a warning."""
        return self.status not in CLOSED_DISPUTE_STATUSES


class WebhookSignatureInvalid(DomainError):
    """The payload was not signed with our webhook secret, or its signature is older than the tolerance."""

    code = "webhook-signature-invalid"


class WebhookVerifier(Protocol):
    """Proves a webhook came from the gateway and reads it into a ``GatewayEvent``."""

    def verify(self, payload: bytes, signature_header: str) -> GatewayEvent:
        """The event in ``payload`` if ``signature_header`` signs it with our secret within the tolerance.
        Raises ``WebhookSignatureInvalid`` otherwise (and for a payload that is not an event). Pure: no effect."""
        ...
