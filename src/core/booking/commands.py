"""Booking commands: imperative, carrying the actor and the idempotency key of the request."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

import attrs

from core.booking.pricing import CheckoutQuote
from core.booking.refunds import StaffOverride
from core.booking.states import ActorRef


@attrs.frozen(kw_only=True)
class BookingCommand:
    """Base of booking commands. ``fingerprint_body`` is what makes two requests "the same"."""

    actor: ActorRef
    idempotency_key: str | None = None  # required by the handlers that clients call; sweeps need none

    def fingerprint_body(self) -> Mapping[str, Any]:
        body = attrs.asdict(self, recurse=True)
        body.pop("idempotency_key")
        return {"command": type(self).__name__, **body}


@attrs.frozen(kw_only=True)
class RequestBooking(BookingCommand):
    """A client asks for a slot priced by ``quote``; ``instant_book`` skips the provider's accept.

    The handler assigns the booking id; ``actor`` must be the client itself.
    """

    client_id: str
    provider_id: str
    service_profile_id: str
    quote: CheckoutQuote
    studio_id: str | None = None
    buffer_before: timedelta = timedelta(0)
    buffer_after: timedelta = timedelta(0)
    instant_book: bool = False

    def fingerprint_body(self) -> Mapping[str, Any]:
        # A retried checkout is priced again (new quote id, new expiry): only the client's intent counts.
        body = dict(super().fingerprint_body())
        body["quote"] = {"start": self.quote.start, "end": self.quote.end, "items": self.quote.item_codes}
        return body


@attrs.frozen(kw_only=True)
class AcceptBooking(BookingCommand):
    """The provider accepts a request; this places the hold the client then pays for."""

    booking_id: str


@attrs.frozen(kw_only=True)
class DeclineBooking(BookingCommand):
    booking_id: str
    reason: str = ""


@attrs.frozen(kw_only=True)
class ConfirmBooking(BookingCommand):
    """The client pays for a held booking with ``method_ref``; the handler charges through the gateway."""

    booking_id: str
    method_ref: str


@attrs.frozen(kw_only=True)
class ExpireRequest(BookingCommand):
    """The system expires a request the provider did not answer in time."""

    booking_id: str


@attrs.frozen(kw_only=True)
class ExpireHold(BookingCommand):
    """The system expires a hold that was not paid by its deadline, freeing its time."""

    booking_id: str


@attrs.frozen(kw_only=True)
class CancelBooking(BookingCommand):
    """A client, the provider or staff cancels; staff must pass ``override`` (refund rate and reason)."""

    booking_id: str
    override: StaffOverride | None = None


@attrs.frozen(kw_only=True)
class CompleteBooking(BookingCommand):
    """The session took place: the booking completes once its end has passed."""

    booking_id: str
