"""Authorizations nobody heard of: an ``authorize`` call that reached the gateway but whose answer was lost (a
timeout), from a client who never retried. The gateway holds the money; the booking and the ledger never knew.

Such an intent is found by the key it was created with, which names its booking. It is let go only once the booking
can no longer use it: a requested or held booking keeps it, since its client may still confirm with the same key and
must then get this very authorization."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

import attrs

from core.booking.checkout_payment import booking_of_authorization
from core.booking.model import Booking
from core.booking.money_ports import MoneyUnitOfWork
from core.booking.money_postings import ledger_of
from core.booking.states import BookingState
from core.payments.ports import PaymentGateway
from core.shared.errors import NotFound

# The client may still confirm these (with the same key, getting the same authorization back).
STILL_PAYABLE = frozenset({BookingState.REQUESTED, BookingState.HELD})
NO_BOOKING = "no-booking"


@attrs.frozen
class OrphanHold:
    """An intent holding money (or waiting for the customer) for a booking that cannot use it, and why: the
    booking's state (``expired``, ``cancelled``, ``confirmed`` with another intent...) or ``no-booking``."""

    booking_id: str
    intent_id: str
    reason: str


def orphan_reason(booking: Booking | None, intent_id: str, on_ledger: Collection[str]) -> str | None:
    """Why ``intent_id``, authorized for ``booking`` (``None``: no such booking), holds money for nothing; ``None``
    when the booking may still use it (requested or held) or knows it (its recorded intent, or one on its ledger:
    the ledger pass answers for those)."""
    if booking is None:
        return NO_BOOKING
    if booking.state in STILL_PAYABLE or intent_id == booking.payment_intent_id or intent_id in on_ledger:
        return None
    return booking.state.value


def orphan_holds(uow: MoneyUnitOfWork, gateway: PaymentGateway, since: datetime) -> list[OrphanHold]:
    """The intents created since ``since`` that still hold money or wait, that our ``authorize`` created, and
    whose booking cannot use them; oldest first. Reads only (each booking in its own unit). Raises the gateway's
    ``PaymentError`` when it cannot list them."""
    found = []
    for listed in gateway.open_since(since):
        booking_id = booking_of_authorization(listed.key)
        if booking_id is None:  # not an authorization of ours: not ours to let go
            continue
        with uow.reading():
            try:
                booking: Booking | None = uow.bookings.get(booking_id)
            except NotFound:
                booking = None
            on_ledger = ledger_of(uow, booking).intents() if booking is not None else []
        reason = orphan_reason(booking, listed.intent.id, on_ledger)
        if reason is not None:
            found.append(OrphanHold(booking_id, listed.intent.id, reason))
    return found
