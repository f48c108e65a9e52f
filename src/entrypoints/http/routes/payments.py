"""The gateway's webhooks: ``POST /api/payments/webhooks/stripe``, verified by signature, applied once per event id."""

from __future__ import annotations

from typing import Annotated, Any

import anyio
import structlog
from litestar import Request, Router, post
from litestar.params import HeaderParameter

from core.booking.payment_commands import ReceiveGatewayEvent
from core.shared.actor import ANONYMOUS
from entrypoints.http.dependencies import CommandsDep

log = structlog.get_logger("rastup.payments")
MAX_WEBHOOK_BYTES = 262_144  # Stripe's events are far smaller


@post("/stripe", tags=["payments"], status_code=200, request_max_body_size=MAX_WEBHOOK_BYTES)
async def stripe_webhook(
    request: Request[Any, Any, Any], commands: CommandsDep,
    signature: Annotated[str, HeaderParameter(name="Stripe-Signature")] = "",
) -> dict[str, str]:  # fmt: skip
    """A Stripe event: 400 problem+json (and no change) unless signed with our secret within 300 s; otherwise 200,
    whether it was applied, already applied (a duplicate), or of a type that moves no money (logged).

    Async only to read the raw bytes the signature covers; the command runs in a thread."""
    command = ReceiveGatewayEvent(actor=ANONYMOUS, payload=await request.body(), signature=signature)
    received = await anyio.to_thread.run_sync(commands.handle, command)
    event = received.event
    log.info("payment_webhook", event_id=event.id, type=event.type, outcome=received.outcome.value)
    return {"received": event.id, "outcome": received.outcome.value}


router = Router("/api/payments/webhooks", route_handlers=[stripe_webhook])
