"""Paying for a held booking: authorize, wait for the customer's authentication, capture; release what is not taken.

Every gateway key derives from the booking (and the method or the intent), so a retried command replays the
first call instead of making a second. A hold is an authorization only while its booking is held (at most
``BookingRules.hold_ttl``, never ``MAX_AUTHORIZATION_AGE``): captured on confirmation, voided otherwise.
"""

from __future__ import annotations

from core.booking.model import Booking
from core.payments.errors import (
    InvalidPaymentState,
    PaymentDeclined,
    PaymentError,
    PaymentGatewayUnavailable,
    PaymentNotFound,
)
from core.payments.model import PaymentIntent, PaymentStatus
from core.payments.ports import PaymentGateway

AUTHENTICATION_FAILED = "authentication_failed"  # the decline reason when the customer failed 3-D Secure
_AUTHORIZE = ":authorize:"


def authorize_key(booking_id: str, method_ref: str) -> str:
    """The key of the booking's authorization on ``method_ref``: a retry on the same method replays it."""
    return f"{booking_id}{_AUTHORIZE}{method_ref}"


def booking_of_authorization(key: str) -> str | None:
    """The booking an ``authorize_key`` names; ``None`` for any other key."""
    booking_id, found, method_ref = key.partition(_AUTHORIZE)
    return booking_id if found and booking_id and method_ref and ":" not in booking_id else None


def take_payment(gateway: PaymentGateway, booking: Booking, method_ref: str) -> PaymentIntent:
    """Authorize the booking total on ``method_ref`` and capture it; or return the intent while it still
    ``REQUIRES_ACTION`` (the customer must authenticate; confirming again resumes here).

    Raises ``PaymentDeclined`` with nothing held (a failed authentication is voided first), and the gateway's
    errors; an authorization whose capture is refused is voided before the error is raised.
    """
    key = authorize_key(booking.id, method_ref)
    intent = gateway.authorize(booking.amounts.total, key, booking.client_id, method_ref)
    if intent.status is PaymentStatus.REQUIRES_ACTION:
        return intent
    if intent.status is not PaymentStatus.AUTHORIZED:
        release(gateway, booking.id, intent.id)
        raise PaymentDeclined(method_ref, AUTHENTICATION_FAILED)
    try:
        return gateway.capture(intent.id, f"{booking.id}:capture:{intent.id}")
    except PaymentGatewayUnavailable:
        raise  # a retry of the command captures with the same keys: the hold must stay for it
    except PaymentError:
        release(gateway, booking.id, intent.id)
        raise


def settle_cancellation(gateway: PaymentGateway, booking: Booking) -> None:
    """Pay back what the cancellation's refund quote gives the client, or release a hold never captured."""
    assert booking.refund is not None  # every cancellation records its quote
    intent_id = booking.payment_intent_id
    if intent_id is None:
        return
    if booking.captured.amount == 0:
        release(gateway, booking.id, intent_id)
        return
    amount = booking.refund.refund_to_client
    if amount.amount > 0:
        gateway.refund(intent_id, amount, f"{booking.id}:refund:cancel")


def give_back(gateway: PaymentGateway, booking: Booking, payment: PaymentIntent) -> None:
    """Return ``payment``, taken for ``booking``, unless the booking kept it (confirmed with it): the booking
    moved on (lapsed, cancelled, paid otherwise) while the gateway answered."""
    if booking.payment_intent_id == payment.id and booking.captured.amount > 0:
        return
    if payment.status is PaymentStatus.CAPTURED:
        gateway.refund(payment.id, payment.refundable, f"{booking.id}:refund:unconfirmed:{payment.id}")
    else:
        release(gateway, booking.id, payment.id)


def release(gateway: PaymentGateway, booking_id: str, intent_id: str) -> PaymentIntent | None:
    """Void the authorization ``intent_id`` of ``booking_id``; ``None`` when nothing is held any more (voided,
    captured, failed or unknown to the gateway). Idempotent."""
    try:
        return gateway.void(intent_id, f"{booking_id}:void:{intent_id}")
    except (InvalidPaymentState, PaymentNotFound):
        return None
