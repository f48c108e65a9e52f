"""The payments side of bookings as commands: a gateway event received, and the reconciliation run."""

from __future__ import annotations

from datetime import datetime

import attrs

from core.booking.money_ports import MoneyUnitOfWork
from core.booking.payment_webhooks import WebhookOutcome, apply_gateway_event
from core.booking.reconciliation import ReconcileReport, reconcile
from core.payments.ports import PaymentGateway
from core.payments.webhooks import GatewayEvent, WebhookVerifier
from core.shared.actor import Actor
from core.shared.clock import Clock
from core.shared.commands import Command, CommandHandlers


@attrs.frozen
class GatewayEventReceived:
    """What receiving a gateway event did: the event as read and the outcome."""

    event: GatewayEvent
    outcome: WebhookOutcome


@attrs.frozen(kw_only=True)
class ReceiveGatewayEvent(Command[GatewayEventReceived]):
    """A webhook delivery: its raw payload and signature header. The signature, not the (anonymous) actor, says
    it came from the gateway."""

    actor: Actor
    payload: bytes
    signature: str


@attrs.frozen(kw_only=True)
class ReconcilePayments(Command[ReconcileReport]):
    """Ask the gateway about every intent not final (and every intent with money since ``since``); repair ours.
    With ``since``, void the authorizations created since then that nobody heard of and no booking can use."""

    actor: Actor
    since: datetime | None = None


def receive_gateway_event(
    command: ReceiveGatewayEvent, verifier: WebhookVerifier, uow: MoneyUnitOfWork, clock: Clock
) -> GatewayEventReceived:
    """Verify, then apply once. Raises ``WebhookSignatureInvalid`` (nothing changes)."""
    event = verifier.verify(command.payload, command.signature)
    return GatewayEventReceived(event, apply_gateway_event(event, uow, clock))


def reconcile_payments(
    command: ReconcilePayments, uow: MoneyUnitOfWork, gateway: PaymentGateway, clock: Clock
) -> ReconcileReport:
    return reconcile(uow, gateway, clock, command.since)


COMMANDS: CommandHandlers = {ReceiveGatewayEvent: receive_gateway_event, ReconcilePayments: reconcile_payments}
