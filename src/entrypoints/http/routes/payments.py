"""The gateway's webhooks: ``POST /api/payments/webhooks/stripe``, verified by signature, applied once per event id;
staff refunds (``POST /api/staff/bookings/{id}/refunds``), several per booking, dual control above a threshold; and
payouts held for review (``GET /api/staff/payouts/held``, ``POST /api/staff/payouts/{booking id}/release``)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import anyio
import structlog
from litestar import Request, Router, get, post
from litestar.params import FromPath, HeaderParameter, JSONBody

from core.booking.payment_commands import ReceiveGatewayEvent
from core.booking.payout_commands import ReleasePayout, held_payouts
from core.booking.staff_refunds import ApproveRefund, RefundBooking
from core.identity.handlers.sessions import authenticate
from core.shared.actor import ANONYMOUS
from entrypoints.http.caller import CurrentUserDep
from entrypoints.http.dependencies import BookingUow, CommandsDep, IdentityServicesDep, IdentityUow
from entrypoints.http.identity_session import session_token
from entrypoints.shapes.payments import HeldPayoutOut, RefundIn, RefundOut, ReleaseIn

log = structlog.get_logger("rastup.payments")
MAX_WEBHOOK_BYTES = 262_144  # Stripe's events are far smaller
REFUND_PROBLEMS = ("staff-only", "step-up-required", "not-found", "refund-exceeds-capture", "refund-approval",
                   "idempotency-key-reused", "payment-gateway-unavailable")  # fmt: skip


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


@post("/staff/bookings/{booking_id:str}/refunds", tags=["payments"], status_code=201, sync_to_thread=True,
      problems=REFUND_PROBLEMS)  # fmt: skip
def staff_refund(
    booking_id: FromPath[str], data: JSONBody[RefundIn], request: Request[Any, Any, Any], commands: CommandsDep,
    identity_uow: IdentityUow, identity_services: IdentityServicesDep, current_user: CurrentUserDep,
    idempotency_key: Annotated[str | None, HeaderParameter(name="Idempotency-Key")] = None,
) -> RefundOut:  # fmt: skip
    """Staff (admin, support; second factor within 5 minutes): give back part of what the booking's client paid.
    Several per booking, never above what is still refundable (409); above the dual-control threshold it waits
    for a second staff member's approval (``status: awaiting-approval``). Same ``Idempotency-Key``: same refund."""
    command = RefundBooking(actor=current_user, booking_id=booking_id, amount=data.amount, reason=data.reason,
                            currency=data.currency, idempotency_key=idempotency_key,
                            second_factor_at=_second_factor_at(request, identity_uow, identity_services))  # fmt: skip
    return RefundOut.of(commands.handle(command))


@post("/staff/bookings/{booking_id:str}/refunds/{seq:int}/approve", tags=["payments"], status_code=200,
      sync_to_thread=True, problems=REFUND_PROBLEMS)  # fmt: skip
def approve_staff_refund(
    booking_id: FromPath[str], seq: FromPath[int], request: Request[Any, Any, Any], commands: CommandsDep,
    identity_uow: IdentityUow, identity_services: IdentityServicesDep, current_user: CurrentUserDep,
) -> RefundOut:  # fmt: skip
    """Staff: approve (and send) another staff member's refund above the threshold (409 for your own)."""
    command = ApproveRefund(actor=current_user, booking_id=booking_id, seq=seq,
                            second_factor_at=_second_factor_at(request, identity_uow, identity_services))  # fmt: skip
    return RefundOut.of(commands.handle(command))


def _second_factor_at(
    request: Request[Any, Any, Any], identity_uow: IdentityUow, identity_services: IdentityServicesDep
) -> datetime | None:
    """When the caller's session last proved its second factor (the core decides whether that is recent)."""
    return authenticate(
        session_token(request, identity_services.pepper), identity_uow, identity_services
    ).second_factor_at


@get("/staff/payouts/held", tags=["payments"], sync_to_thread=True, problems=("staff-only",))
def held(booking_uow: BookingUow, current_user: CurrentUserDep) -> list[HeldPayoutOut]:
    """Admins: payouts held for review (a destination changed in the last 72 h, or none set), oldest first."""
    return [HeldPayoutOut.of(p) for p in held_payouts(booking_uow, current_user)]


@post("/staff/payouts/{booking_id:str}/release", tags=["payments"], status_code=200, sync_to_thread=True,
      problems=("staff-only", "step-up-required", "not-found", "invalid-input"))  # fmt: skip
def release(
    booking_id: FromPath[str], data: JSONBody[ReleaseIn], request: Request[Any, Any, Any], commands: CommandsDep,
    identity_uow: IdentityUow, identity_services: IdentityServicesDep, current_user: CurrentUserDep,
) -> HeldPayoutOut:  # fmt: skip
    """Admins (second factor within 5 minutes): the held payout was reviewed; the next payout run sends it to the
    provider's destination as it is now. ``reason`` (1-500 characters) says why it may go: kept with the payout
    and in the audit log."""
    command = ReleasePayout(actor=current_user, booking_id=booking_id, reason=data.reason,
                            second_factor_at=_second_factor_at(request, identity_uow, identity_services))  # fmt: skip
    return HeldPayoutOut.of(commands.handle(command))


staff_router = Router("/api", route_handlers=[staff_refund, approve_staff_refund, held, release])
