"""Checkout: price a slot of a service, check its provider's calendar, place the hold; then pay and confirm.

The transaction id a client carries from start to confirm is the booking id. Start runs in one unit of
work (feasibility, pricing, the hold and its quote commit together or not at all), idempotent per key.
"""

from __future__ import annotations

from datetime import datetime

import attrs

from core.booking.access import OPERATOR_AS_STAFF, BookedProfile, client_of, operator_default, role_on
from core.booking.checkout_ports import CheckoutUnitOfWork
from core.booking.commands import BookingCommand, ConfirmBooking, RequestBooking
from core.booking.errors import NotBookingParty, QuoteExpired, SlotNotOffered, SlotUnavailable
from core.booking.handlers import booked_profile, confirm_booking, confirm_read
from core.booking.idempotent_commands import Effect, run_once
from core.booking.jurisdictions import jurisdiction_of_city
from core.booking.model import Booking, BookingRules
from core.booking.pricing import CheckoutQuote, PriceItem, PricingRules, RateCard, quote_checkout
from core.booking.states import ActorKind, ActorRef, BookingState
from core.calendar import Interval, Schedule, explain
from core.calendar.busy_time import reach_of
from core.calendar.errors import ScheduleUnreadable
from core.calendar.reasons import BookingConflict, BufferConflict
from core.cancellation.policies import POLICIES
from core.payments.model import PaymentStatus
from core.payments.ports import PaymentGateway
from core.profiles.model import ProfileDraft, ProfileKind, ServiceProfile
from core.profiles.studio import AddressView, visible_address
from core.shared.actor import Actor
from core.shared.clock import Clock, IdGenerator
from core.shared.commands import Command
from core.shared.errors import NotFound


@attrs.frozen
class PaymentAction:
    """What the client must do before its payment is held: authenticate the intent (3-D Secure) with the
    gateway's client-side library and its ``client_secret``, then confirm again."""

    intent_id: str
    client_secret: str
    kind: str = "authenticate"


@attrs.frozen
class CheckoutView:
    """A booking with the quote it was priced with (``None`` if it was made without checkout)."""

    booking: Booking
    quote: CheckoutQuote | None
    replayed: bool = False
    venue: AddressView | None = None  # a booked studio's address: exact once confirmed, its public area before
    payment_action: PaymentAction | None = None  # a confirmation waiting for the client's authentication


@attrs.frozen(kw_only=True)
class StartCheckout(BookingCommand, Command[CheckoutView]):
    """A signed-in user, as the client, asks to book ``[start, end)`` of a service with some of its packages
    (``extras``)."""

    actor: Actor
    idempotency_key: str | None = None
    service_profile_id: str
    start: datetime
    end: datetime
    extras: tuple[str, ...] = ()
    currency: str | None = None  # what the client expects to pay in; a different one is refused


@attrs.frozen(kw_only=True)
class ConfirmCheckout(Command[CheckoutView]):
    """The client pays for checkout ``txn_id`` (a booking id) with ``method_ref``."""

    actor: Actor
    idempotency_key: str | None = None
    txn_id: str
    method_ref: str


@attrs.frozen
class CheckoutRules:
    """Pricing and deadline knobs (injected from settings). The cancellation policy is the service's own."""

    pricing: PricingRules = attrs.Factory(PricingRules)
    booking: BookingRules = attrs.Factory(BookingRules)


def start_checkout(
    command: StartCheckout, uow: CheckoutUnitOfWork, clock: Clock, ids: IdGenerator, rules: CheckoutRules
) -> CheckoutView:
    """Quote the slot, check the calendar, and create the booking: held (Instant Book) or requested.

    Raises ``NotFound`` (service or profile, a profile not published, or an actor who is no signed-in user),
    ``InvalidInput`` (past, reversed, too long, unknown extra, untaxable city), ``CurrencyMismatch``,
    ``SlotNotOffered`` (the calendar says no), ``SlotUnavailable`` (another hold or booking has it),
    ``IdempotencyKeyReused``. Nothing is written unless all pass.
    """
    now = clock.now()
    placed: list[CheckoutView] = []

    def begin() -> tuple[ActorRef, Effect]:
        client = client_of(command.actor, command.service_profile_id)
        return client, lambda: place(client)

    def place(client: ActorRef) -> Booking:
        booking_id = ids.new_id("bkg")
        service = uow.services.get_service(command.service_profile_id)
        provider = uow.services.get(service.profile_id)
        if not provider.is_published:  # a draft, taken down or erased page offers nothing to book
            raise NotFound("service profile", service.id)
        quote = quote_checkout(
            quote_id=ids.new_id("qte"), rate=_rate_card(service, provider), start=command.start, end=command.end,
            item_codes=command.extras, jurisdiction=jurisdiction_of_city(provider.fields.city),
            policy=POLICIES[service.cancellation_policy], now=now, rules=rules.pricing, currency=command.currency,
        )  # fmt: skip
        schedule = _offered(uow, booking_id, service.profile_id, quote, now)
        request = RequestBooking(
            actor=command.actor, idempotency_key=command.idempotency_key, client_id=client.id,
            provider_id=service.profile_id, service_profile_id=service.id, quote=quote,
            buffer_before=schedule.buffer_before, buffer_after=schedule.buffer_after, instant_book=service.instant_book,
        )  # fmt: skip
        booking = Booking.request(request, booking_id, now, rules.booking, by=client)
        # every store refuses an overlapping hold itself (SlotUnavailable naming the booking in the way; on
        # PostgreSQL the exclusion constraint, which also decides races): no read of the overlap beforehand
        uow.bookings.add(booking)
        uow.quotes.add(booking.id, quote)
        placed.append(CheckoutView(booking, quote))
        return booking

    result = run_once(uow, "checkout.start", command, clock, begin)
    if placed and not result.replayed:
        return placed[-1]
    return checkout_view(uow, result.booking_id, replayed=True)


def confirm_checkout(
    command: ConfirmCheckout, uow: CheckoutUnitOfWork, clock: Clock, gateway: PaymentGateway
) -> CheckoutView:
    """Pay for a held checkout and confirm it; a request still awaiting the provider is returned as is
    (its action card says what happens next). Raises ``NotFound`` (no such booking, or one the actor has no
    part in), ``NotBookingParty`` (a party, but not its client), ``QuoteExpired`` (the hold lapsed: start
    again), ``PaymentDeclined`` (still held, nothing on the card), ``IllegalTransition``. While the client must
    authenticate the payment the booking stays held and the view's ``payment_action`` says how; confirming again
    resumes. The payment's own unit of work decides the actor's role again, with the change."""
    now = clock.now()
    with uow.reading():
        booking = uow.bookings.get(command.txn_id)
        provider = booked_profile(uow, booking)
        by, current = _seen_by(uow, booking, command.actor, operator_default(booking, ActorKind.CLIENT), provider)
        if by.kind is not ActorKind.CLIENT or by.id != booking.client_id:
            raise NotBookingParty(booking.id, by.kind, by.id)
        if booking.state is BookingState.REQUESTED:
            return current
        deadline = booking.hold_expires_at or booking.respond_by or booking.created_at
        if booking.state is BookingState.EXPIRED or (booking.state is BookingState.HELD and now >= deadline):
            raise QuoteExpired(booking.id, deadline)
        confirm = ConfirmBooking(
            actor=command.actor, idempotency_key=command.idempotency_key, booking_id=booking.id,
            method_ref=command.method_ref,
        )  # fmt: skip
        seen = confirm_read(uow, confirm, now, booking, provider)  # in this unit: one reading unit, not two
    result = confirm_booking(confirm, uow, clock, gateway, seen)
    with uow.reading():  # the booking as saved (read again after a replay); its quote never changes, and the
        # booked profile was just read
        booking = result.booking if result.booking is not None else uow.bookings.get(booking.id)
        view = CheckoutView(booking, current.quote, result.replayed, _venue(uow, booking, provider))
    return attrs.evolve(view, payment_action=_payment_action(booking, gateway))


def _payment_action(booking: Booking, gateway: PaymentGateway) -> PaymentAction | None:
    """What the client must still do for a held booking's payment, asked of the gateway (``None``: nothing)."""
    if booking.state is not BookingState.HELD or booking.payment_intent_id is None:
        return None
    intent = gateway.get(booking.payment_intent_id)
    if intent.status is not PaymentStatus.REQUIRES_ACTION or intent.client_secret is None:
        return None
    return PaymentAction(intent.id, intent.client_secret)


def checkout_view(uow: CheckoutUnitOfWork, booking_id: str, *, replayed: bool = False) -> CheckoutView:
    """The booking and its quote, read in one unit, whoever asks (the operator's view). Raises ``NotFound``."""
    with uow.reading():
        booking = uow.bookings.get(booking_id)
        venue = _venue(uow, booking, booked_profile(uow, booking))
        return CheckoutView(booking, uow.quotes.get(booking_id), replayed, venue)


def booking_for(uow: CheckoutUnitOfWork, booking_id: str, actor: Actor) -> CheckoutView:
    """``checkout_view`` for the booking's client, its provider (the booked profile's owner), staff or the
    operator, decided in the same unit. Raises ``NotFound`` for an unknown booking and for anyone else alike."""
    with uow.reading():
        return _seen_by(uow, uow.bookings.get(booking_id), actor, OPERATOR_AS_STAFF)[1]


def _seen_by(
    uow: CheckoutUnitOfWork, booking: Booking, actor: Actor, operator_as: ActorRef,
    provider: BookedProfile | None = None,
) -> tuple[ActorRef, CheckoutView]:  # fmt: skip
    """The role ``actor`` plays on ``booking`` and the view of it, read in ``uow`` (the booked profile once, or
    ``provider`` when the caller has its reader). Raises ``NotFound`` for anyone with no part in it."""
    provider = provider or booked_profile(uow, booking)
    by = role_on(booking, provider, actor, operator_as)
    return by, CheckoutView(booking, uow.quotes.get(booking.id), False, _venue(uow, booking, provider))


_ADDRESS_SHOWN = frozenset({BookingState.CONFIRMED, BookingState.COMPLETED})


def _venue(uow: CheckoutUnitOfWork, booking: Booking, provider: BookedProfile) -> AddressView | None:
    """Where the session takes place when a studio is booked (itself, or as the booking's studio): the exact
    address to a confirmed (or completed) booking, the public area otherwise; ``None`` for no studio."""
    try:
        place = provider() if booking.studio_id is None else uow.services.get(booking.studio_id)
    except NotFound:
        place = None
    if place is None:  # the profile was deleted since: the booking stays readable
        return None
    studio = place.fields.studio
    if place.kind is not ProfileKind.STUDIO or studio is None or studio.address is None:
        return None
    return visible_address(studio.address, confirmed_booking=booking.state in _ADDRESS_SHOWN)


def _rate_card(service: ServiceProfile, provider: ProfileDraft) -> RateCard:
    """The service's hourly rate; the provider's packages are the extras a client may add, by name."""
    packages = provider.fields.packages
    items = {p.name: PriceItem(p.name, p.name, p.price, included_minutes=p.duration_minutes) for p in packages}
    return RateCard(service.hourly_rate, items)


def _offered(uow: CheckoutUnitOfWork, booking_id: str, owner_id: str, quote: CheckoutQuote, now: datetime) -> Schedule:
    """The provider's schedule if it offers the quoted slot now; else ``SlotNotOffered`` (the calendar's
    reasons) or ``SlotUnavailable`` when only other bookings are in the way."""
    try:
        schedule = uow.schedules.get(owner_id).schedule
    except NotFound:
        raise SlotNotOffered(owner_id, ("no-schedule",)) from None
    except ScheduleUnreadable:  # stored before today's ranges: nothing is offered until it is saved again
        raise SlotNotOffered(owner_id, ("schedule-unreadable",)) from None
    reach = reach_of(schedule, quote.end - quote.start)
    low, high = quote.start - reach, quote.end + reach
    busy = [*uow.booked.busy_for(owner_id, Interval(low, high)), *uow.imported.busy_between(owner_id, low, high)]
    reasons = explain(schedule, sorted(busy, key=lambda b: (b.start, b.end)), quote.start, quote.end, now)
    taken = [r for r in reasons if isinstance(r, BookingConflict | BufferConflict)]
    if taken and len(taken) == len(reasons):
        raise SlotUnavailable(booking_id, taken[0].booking_id)
    if reasons:
        raise SlotNotOffered(owner_id, tuple(dict.fromkeys(r.code for r in reasons)))
    return schedule
