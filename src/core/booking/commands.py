"""Booking commands: imperative, carrying who acts (an ``Actor``) and the idempotency key of the request.

Who acts is not yet the role a command is applied by: whether the actor is the booking's client, its provider
(the owner of the booked profile) or staff is decided inside the command's own unit of work
(``core.booking.access``), and the aggregate, its events and timeline see that role (an ``ActorRef``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from core.booking.pricing import CheckoutQuote
from core.booking.refunds import RefundQuote, StaffOverride
from core.booking.states import ActorKind, ActorRef, BookingState
from core.shared.actor import Actor
from core.shared.commands import Command

if TYPE_CHECKING:  # the model imports these commands
    from core.booking.model import Booking

# Not part of what makes two requests "the same": who sent it is the role the core derived, not the session.
_UNPRINTED = ("actor", "acting_for", "idempotency_key")


@attrs.frozen
class BookingResult:
    """What a command did: the booking and the state it left it in; ``replayed`` for a retried key.

    ``refund`` is the quote applied by a cancellation (``None`` for other commands).
    """

    booking_id: str
    state: BookingState
    refund: RefundQuote | None = None
    replayed: bool = False
    booking: Booking | None = attrs.field(default=None, eq=False, repr=False)  # as saved; None when replayed


@attrs.frozen(kw_only=True)
class BookingCommand:
    """Base of what moves a booking through the transition table."""

    def fingerprint_body(self, by: ActorRef) -> Mapping[str, Any]:
        """What makes two requests "the same": the command, the role it is applied by, and its fields."""
        body = attrs.asdict(self, recurse=True)
        for name in _UNPRINTED:
            body.pop(name, None)
        return {"command": type(self).__name__, "actor": attrs.asdict(by), **body}


@attrs.frozen(kw_only=True)
class PartyCommand(BookingCommand, Command[BookingResult]):
    """A command someone issues on a booking: ``actor`` says who; the core decides the role it acts in.

    Only the operator (the CLI) may name the party it acts for (``acting_for``); without one it acts in
    ``operator_acts_as``, the role its command needs.
    """

    actor: Actor
    idempotency_key: str | None = None  # required by the handlers that clients call; sweeps need none
    acting_for: ActorRef | None = None

    operator_acts_as: ClassVar[ActorKind] = ActorKind.STAFF


@attrs.frozen(kw_only=True)
class RequestBooking(BookingCommand, Command[BookingResult]):
    """A client asks for a slot priced by ``quote``; ``instant_book`` skips the provider's accept.

    The handler assigns the booking id; ``actor`` must be the client itself.
    """

    actor: Actor
    idempotency_key: str | None = None
    client_id: str
    provider_id: str
    service_profile_id: str
    quote: CheckoutQuote
    studio_id: str | None = None
    buffer_before: timedelta = timedelta(0)
    buffer_after: timedelta = timedelta(0)
    instant_book: bool = False

    def fingerprint_body(self, by: ActorRef) -> Mapping[str, Any]:
        # A retried checkout is priced again (new quote id, new expiry): only the client's intent counts.
        body = dict(super().fingerprint_body(by))
        body["quote"] = {"start": self.quote.start, "end": self.quote.end, "items": self.quote.item_codes}
        return body


@attrs.frozen(kw_only=True)
class AcceptBooking(PartyCommand):
    """The provider accepts a request; this places the hold the client then pays for."""

    booking_id: str

    operator_acts_as = ActorKind.PROVIDER


@attrs.frozen(kw_only=True)
class DeclineBooking(PartyCommand):
    booking_id: str
    reason: str = ""

    operator_acts_as = ActorKind.PROVIDER


@attrs.frozen(kw_only=True)
class ConfirmBooking(PartyCommand):
    """The client pays for a held booking with ``method_ref``; the handler charges through the gateway."""

    booking_id: str
    method_ref: str

    operator_acts_as = ActorKind.CLIENT


@attrs.frozen(kw_only=True)
class ExpireRequest(BookingCommand):
    """The system expires a request the provider did not answer in time."""

    booking_id: str


@attrs.frozen(kw_only=True)
class ExpireHold(BookingCommand):
    """The system expires a hold that was not paid by its deadline, freeing its time."""

    booking_id: str


@attrs.frozen(kw_only=True)
class CancelBooking(PartyCommand):
    """A client, the provider or staff cancels; staff must pass ``override`` (refund rate and reason)."""

    booking_id: str
    override: StaffOverride | None = None


@attrs.frozen(kw_only=True)
class CompleteBooking(PartyCommand):
    """The session took place: the booking completes once its end has passed."""

    booking_id: str
