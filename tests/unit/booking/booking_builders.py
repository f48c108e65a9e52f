"""Builders for booking tests: a rate card, quotes, request commands, the usual roles and who plays them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from core.booking.commands import RequestBooking
from core.booking.model import Booking, BookingRules
from core.booking.pricing import CheckoutQuote, PriceItem, RateCard, quote_checkout
from core.booking.states import ActorKind, ActorRef
from core.cancellation.policies import MODERATE, CancellationPolicy
from core.shared.actor import Actor
from core.shared.money import Money

NOW = datetime(2030, 1, 7, 9, 0, tzinfo=UTC)
RULES = BookingRules(response_window=timedelta(hours=24), hold_ttl=timedelta(minutes=15))
CLIENT = ActorRef(ActorKind.CLIENT, "cli_1")
PROVIDER = ActorRef(ActorKind.PROVIDER, "prv_1")
STAFF = ActorRef(ActorKind.STAFF, "stf_1")
SYSTEM = ActorRef.system()
# Who plays each role (the aggregate sees only the role; the handlers derive it from the actor).
CLIENT_USER = Actor("cli_1")  # a client's id is its user id
PROVIDER_USER = Actor("usr_pat")  # would own the profile prv_1
STAFF_USER = Actor("stf_1", ("support",))


def rate_card(currency: str = "USD") -> RateCard:
    return RateCard(
        Money.of_major(100, currency),
        {
            "makeup": PriceItem("makeup", "Makeup artist", Money.of_major(40, currency)),
            "half-day": PriceItem("half-day", "Half-day package", Money.of_major(350, currency), included_minutes=240),
        },
    )


def quote(
    *,
    starts_in: timedelta = timedelta(days=10),
    minutes: int = 120,
    now: datetime = NOW,
    policy: CancellationPolicy = MODERATE,
    currency: str = "USD",
    items: tuple[str, ...] = (),
    quote_id: str = "qte_1",
) -> CheckoutQuote:
    start = now + starts_in
    return quote_checkout(
        quote_id=quote_id,
        rate=rate_card(currency),
        start=start,
        end=start + timedelta(minutes=minutes),
        item_codes=items,
        jurisdiction="US-CA",
        policy=policy,
        now=now,
    )


def request(
    checkout: CheckoutQuote | None = None,
    *,
    instant: bool = False,
    key: str = "req-1",
    client: str = "cli_1",
    provider: str = "prv_1",
    studio: str | None = None,
    buffer: timedelta = timedelta(0),
) -> RequestBooking:
    return RequestBooking(
        actor=Actor(client),
        idempotency_key=key,
        client_id=client,
        provider_id=provider,
        service_profile_id="spf_1",
        quote=checkout or quote(),
        studio_id=studio,
        buffer_before=buffer,
        buffer_after=buffer,
        instant_book=instant,
    )


def new_booking(*, instant: bool = False, now: datetime = NOW, **quote_args: object) -> Booking:
    checkout = quote(now=now, **quote_args)  # type: ignore[arg-type]  # test builder passes through
    return Booking.request(request(checkout, instant=instant), "bkg_1", now, RULES, by=CLIENT)
