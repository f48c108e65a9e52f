"""Who may act on a booking, decided in the core inside each command's unit of work: its client, its provider
(the booked profile's owner), staff and the operator keep their rights; anyone else gets the 404 of an unknown
booking, learns nothing from a key, and changes nothing."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import timedelta

import attrs
import pytest

from adapters.memory.booking import InMemoryBookingUnitOfWork
from adapters.memory.payments import InMemoryPaymentGateway
from core.booking import handlers
from core.booking.access import OPERATOR_AS_STAFF, BookedProfile, acting_role, client_of, role_on
from core.booking.checkout import (
    CheckoutRules,
    ConfirmCheckout,
    StartCheckout,
    booking_for,
    confirm_checkout,
    start_checkout,
)
from core.booking.commands import AcceptBooking, BookingResult, CancelBooking, CompleteBooking, DeclineBooking
from core.booking.errors import IllegalTransition, NotBookingParty
from core.booking.refunds import StaffOverride
from core.booking.states import ActorKind, ActorRef, BookingState
from core.profiles.model import ProfileDraft, ProfileFields, ProfileKind, Role
from core.shared.actor import ANONYMOUS, OPERATOR, Actor, StaffOnly
from core.shared.errors import NotFound
from tests.unit.booking.booking_builders import NOW, PROVIDER, RULES, new_booking, request
from tests.unit.booking.in_memory_bookings import CountingIds, FakeClock

CLIENT = Actor("cli_1")  # the builders' client
PAT = Actor("usr_pat")  # owns prv_1, the builders' provider
KIM = Actor("usr_kim", ("support",))
EVE = Actor("usr_eve")  # signed in, no part in any booking
OUTSIDERS = (EVE, ANONYMOUS)
OVERRIDE = StaffOverride(2_500, "no-show")


def provider(owner: str | None) -> BookedProfile:
    """A reader of prv_1, owned by ``owner``."""
    fields = ProfileFields.validated(kind=ProfileKind.PROVIDER, display_name="Pat", roles=(Role.PHOTOGRAPHER,),
                                     city="los-angeles")  # fmt: skip
    profile = ProfileDraft.new(profile_id="prv_1", kind=ProfileKind.PROVIDER, slug="pat", fields=fields, now=NOW)
    owned = attrs.evolve(profile, owner_user_id=owner)
    return lambda: owned


def gone() -> ProfileDraft | None:
    return None


def unread() -> ProfileDraft | None:
    raise AssertionError("the client and the operator cost no read of the profile")


def test_the_role_is_client_then_provider_then_staff_and_strangers_are_not_told() -> None:
    booking, pats = new_booking(), provider("usr_pat")
    assert role_on(booking, unread, CLIENT, OPERATOR_AS_STAFF) == ActorRef(ActorKind.CLIENT, "cli_1")
    assert role_on(booking, pats, PAT, OPERATOR_AS_STAFF) == PROVIDER
    assert role_on(booking, pats, KIM, OPERATOR_AS_STAFF) == ActorRef(ActorKind.STAFF, "usr_kim")
    assert role_on(booking, unread, Actor("cli_1", ("admin",)), OPERATOR_AS_STAFF).kind is ActorKind.CLIENT
    assert role_on(booking, gone, KIM, OPERATOR_AS_STAFF).kind is ActorKind.STAFF  # the profile is gone
    assert role_on(booking, unread, OPERATOR, PROVIDER) == PROVIDER
    for outsider, profile in ((EVE, pats), (ANONYMOUS, pats), (ANONYMOUS, provider(None)), (PAT, gone)):
        with pytest.raises(NotFound) as refused:  # PAT, once the profile is gone, is no provider of it
            role_on(booking, profile, outsider, OPERATOR_AS_STAFF)
        assert (refused.value.kind, refused.value.key) == ("booking", booking.id)


def test_the_operator_acts_for_the_party_it_names_or_the_one_its_command_needs() -> None:
    booking = new_booking()
    accept = AcceptBooking(actor=OPERATOR, booking_id=booking.id)
    assert acting_role(booking, unread, accept) == PROVIDER
    assert acting_role(booking, unread, CancelBooking(actor=OPERATOR, booking_id=booking.id)) == OPERATOR_AS_STAFF
    named = ActorRef(ActorKind.CLIENT, "cli_1")
    assert acting_role(booking, unread, attrs.evolve(accept, acting_for=named)) == named
    for anyone_else in (PAT, KIM, EVE):  # only the operator names a party
        with pytest.raises(StaffOnly):
            acting_role(booking, provider("usr_pat"), attrs.evolve(accept, actor=anyone_else, acting_for=named))
    assert client_of(CLIENT, "spf_1") == ActorRef(ActorKind.CLIENT, "cli_1")
    for nobody in (ANONYMOUS, OPERATOR):
        with pytest.raises(NotFound) as refused:
            client_of(nobody, "spf_1")
        assert (refused.value.kind, refused.value.key) == ("service profile", "spf_1")


class World:
    """Bookings of prv_1 (owned by usr_pat) by cli_1, on the in-memory checkout unit of work."""

    def __init__(self) -> None:
        self.uow, self.clock = InMemoryBookingUnitOfWork(), FakeClock(NOW)
        self.ids, self.gateway = CountingIds(), InMemoryPaymentGateway(CountingIds())
        profile = provider("usr_pat")()
        assert profile is not None
        with self.uow:
            self.uow.services.add(profile)
            self.uow.commit()

    def booking(self, *, instant: bool = False, key: str = "req") -> str:
        result = handlers.request_booking(request(instant=instant, key=key), self.uow, self.clock, self.ids, RULES)
        return result.booking_id

    def run(self, verb: str, actor: Actor, booking_id: str, key: str = "k") -> BookingResult:
        uow, clock, gateway = self.uow, self.clock, self.gateway
        calls: dict[str, Callable[[], BookingResult]] = {
            "accept": lambda: handlers.accept_booking(AcceptBooking(actor=actor, idempotency_key=key,
                                                                    booking_id=booking_id), uow, clock),
            "decline": lambda: handlers.decline_booking(DeclineBooking(actor=actor, idempotency_key=key,
                                                                       booking_id=booking_id), uow, clock),
            "cancel": lambda: handlers.cancel_booking(CancelBooking(actor=actor, idempotency_key=key,
                                                                    booking_id=booking_id,
                                                                    override=OVERRIDE if actor.is_staff else None),
                                                      uow, clock, gateway),
            "complete": lambda: handlers.complete_booking(CompleteBooking(actor=actor, idempotency_key=key,
                                                                          booking_id=booking_id), uow, clock),
        }  # fmt: skip
        return calls[verb]()


@pytest.mark.parametrize("verb", ["accept", "decline", "cancel", "complete"])
def test_outsiders_get_the_404_of_an_unknown_booking_and_change_nothing(verb: str) -> None:
    world = World()
    booking_id = world.booking()
    world.uow.collect_events()
    with pytest.raises(NotFound) as unknown:
        world.run(verb, PAT, "bkg_nope")
    before = copy.deepcopy(world.uow.committed_bookings)
    for outsider in OUTSIDERS:
        with pytest.raises(NotFound) as refused:
            world.run(verb, outsider, booking_id, key="shared")
        assert type(refused.value) is type(unknown.value)
        assert (refused.value.kind, refused.value.key) == ("booking", booking_id)
        assert unknown.value.members() == {"kind": "booking", "key": "bkg_nope"}
    assert world.uow.committed_bookings == before and world.uow.collect_events() == []
    party = {"accept": PAT, "decline": PAT, "cancel": CLIENT}.get(verb)  # completing a request is no one's
    if party is not None:  # the outsiders stored nothing under the key they sent
        assert not world.run(verb, party, booking_id, key="shared").replayed


def test_parties_staff_and_the_operator_keep_the_rights_they_had() -> None:
    world = World()
    asked = world.booking()
    for not_the_provider in (CLIENT, KIM):
        with pytest.raises(IllegalTransition):
            world.run("accept", not_the_provider, asked)
    assert world.run("accept", PAT, asked).state is BookingState.HELD
    assert world.run("cancel", KIM, asked, key="cxl").state is BookingState.CANCELLED
    assert world.uow.committed(asked).cancelled_by == ActorRef(ActorKind.STAFF, "usr_kim")
    by_operator = world.booking(key="req-2")
    assert world.run("accept", OPERATOR, by_operator, key="k-2").state is BookingState.HELD  # as its provider
    assert world.run("cancel", OPERATOR, by_operator, key="cxl-2").state is BookingState.CANCELLED
    assert world.uow.committed(by_operator).cancelled_by == OPERATOR_AS_STAFF  # "staff:cli", as the CLI wrote
    by_client = world.booking(instant=True, key="req-3")
    assert world.run("cancel", CLIENT, by_client, key="cxl-3").state is BookingState.CANCELLED


def test_an_outsider_sending_a_partys_key_learns_nothing_from_it() -> None:
    world = World()
    booking_id = world.booking()
    world.run("decline", PAT, booking_id, key="dec")
    with pytest.raises(NotFound):  # neither the replay nor a 409 for another body under the key
        world.run("decline", EVE, booking_id, key="dec")
    assert world.run("decline", PAT, booking_id, key="dec").replayed


def test_reads_and_payments_check_the_actor_in_the_core() -> None:
    world = World()
    booking_id = world.booking(instant=True)
    for reader in (CLIENT, PAT, KIM, OPERATOR):
        assert booking_for(world.uow, booking_id, reader).booking.id == booking_id
    for outsider in OUTSIDERS:
        with pytest.raises(NotFound) as refused:
            booking_for(world.uow, booking_id, outsider)
        assert (refused.value.kind, refused.value.key) == ("booking", booking_id)
    pay = ConfirmCheckout(actor=EVE, idempotency_key="pay", txn_id=booking_id, method_ref="pm_card_visa")
    with pytest.raises(NotFound):
        confirm_checkout(pay, world.uow, world.clock, world.gateway)
    with pytest.raises(NotBookingParty):  # a party, but not the one who pays
        confirm_checkout(attrs.evolve(pay, actor=PAT), world.uow, world.clock, world.gateway)
    assert world.uow.committed(booking_id).state is BookingState.HELD
    paid = confirm_checkout(attrs.evolve(pay, actor=CLIENT), world.uow, world.clock, world.gateway)
    assert paid.booking.state is BookingState.CONFIRMED
    start = NOW + timedelta(days=3)
    checkout = StartCheckout(actor=ANONYMOUS, idempotency_key="k", service_profile_id="spf_1", start=start,
                             end=start + timedelta(hours=1))  # fmt: skip
    with pytest.raises(NotFound):
        start_checkout(checkout, world.uow, world.clock, world.ids, CheckoutRules())
    assert len(world.uow.committed_bookings) == 1
