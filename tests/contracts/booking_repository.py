"""The contract every booking store keeps: repository, quotes, booked time, and the unit of work around them.

Subclass and provide ``new_uow``: a callable returning a fresh unit of work over one shared, initially
empty store. The in-memory twin runs it in tests/unit/booking, SQLAlchemy on SQLite and PostgreSQL in
tests/integration/test_sqlalchemy_booking.py.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from core.booking.commands import AcceptBooking, CancelBooking, ConfirmBooking, RequestBooking
from core.booking.errors import SlotUnavailable
from core.booking.model import Booking
from core.booking.states import ActorKind, ActorRef, BookingState
from core.calendar.model import BusyKind, Interval
from core.payments.model import PaymentIntent, PaymentStatus
from core.shared.errors import AlreadyExists, NotFound, VersionConflict
from core.shared.money import Money
from tests.unit.booking.booking_builders import CLIENT, CLIENT_USER, NOW, PROVIDER, PROVIDER_USER, RULES, quote, request

NewUow = Callable[[], Any]  # a BookingUnitOfWork that also carries ``quotes`` and ``booked``
START = NOW + timedelta(days=10)


def booking(
    n: int,
    *,
    instant: bool = True,
    starts_in: timedelta = timedelta(days=10),
    minutes: int = 120,
    provider: str = "prv_1",
    studio: str | None = None,
    buffer: timedelta = timedelta(0),
    client: str = "cli_1",
) -> Booking:
    checkout = quote(starts_in=starts_in, minutes=minutes, quote_id=f"qte_{n}")
    command: RequestBooking = request(
        checkout, instant=instant, provider=provider, studio=studio, buffer=buffer, client=client
    )
    return Booking.request(command, f"bkg_{n:03d}", NOW, RULES, by=ActorRef(ActorKind.CLIENT, client))


def stored(new_uow: NewUow, *items: Booking) -> None:
    with new_uow() as uow:
        for item in items:
            uow.bookings.add(item)
        uow.commit()


def read(new_uow: NewUow, booking_id: str) -> Booking:
    with new_uow() as uow:
        found: Booking = uow.bookings.get(booking_id)
        return found


class BookingRepositoryContract:
    @pytest.fixture
    def new_uow(self) -> NewUow:
        raise NotImplementedError

    def test_a_booking_reads_back_equal_at_version_one(self, new_uow: NewUow) -> None:
        original = booking(1, studio="prf_studio", buffer=timedelta(minutes=15))
        stored(new_uow, original)
        assert original.version == 1
        assert read(new_uow, original.id) == original

    def test_every_field_survives_confirm_and_cancel(self, new_uow: NewUow) -> None:
        item = booking(1)
        stored(new_uow, item)
        total = item.amounts.total
        paid = PaymentIntent("pi_1", PaymentStatus.CAPTURED, total, total, Money.zero("USD"), "cli_1", "pm_card_visa")
        item.apply(
            ConfirmBooking(actor=CLIENT_USER, booking_id=item.id, method_ref="pm_card_visa"),
            NOW,
            payment=paid,
            by=CLIENT,
        )
        with new_uow() as uow:
            uow.bookings.save(item)
            uow.commit()
        item.apply(CancelBooking(actor=PROVIDER_USER, booking_id=item.id), NOW + timedelta(hours=1), by=PROVIDER)
        with new_uow() as uow:
            uow.bookings.save(item)
            uow.commit()
        again = read(new_uow, item.id)
        assert again == item and again.version == 3 and again.refund is not None
        assert [card.state for card in again.timeline] == [BookingState.HELD, BookingState.CONFIRMED,
                                                           BookingState.CANCELLED]  # fmt: skip

    def test_a_booking_read_in_the_unit_that_wrote_it_equals_what_was_stored(self, new_uow: NewUow) -> None:
        item = booking(1, studio="prf_studio", buffer=timedelta(minutes=15))
        total = item.amounts.total
        paid = PaymentIntent("pi_1", PaymentStatus.CAPTURED, total, total, Money.zero("USD"), "cli_1", "pm_card_visa")
        with new_uow() as uow:
            uow.bookings.add(item)
            added = uow.bookings.get(item.id)
            held = uow.bookings.get(item.id)  # the booking as read (not the added object): the held move saves
            held.apply(ConfirmBooking(actor=CLIENT_USER, booking_id=item.id, method_ref="pm_card_visa"), NOW,
                       payment=paid, by=CLIENT)  # fmt: skip
            uow.bookings.save(held)
            held.decline_reason = "changed after the save, never saved"  # a later read does not see it
            confirmed = uow.bookings.get(item.id)
            uow.commit()
        assert added == item and added is not item
        stored_again = read(new_uow, item.id)
        assert confirmed == stored_again and confirmed.state is BookingState.CONFIRMED and confirmed.version == 2
        assert confirmed.decline_reason is None and confirmed.timeline == stored_again.timeline

    def test_ids_are_unique_and_unknown_ids_are_not_found(self, new_uow: NewUow) -> None:
        stored(new_uow, booking(1))
        with new_uow() as uow, pytest.raises(AlreadyExists):
            uow.bookings.add(booking(1, starts_in=timedelta(days=20)))
        with new_uow() as uow, pytest.raises(NotFound):
            uow.bookings.get("bkg_none")
        with new_uow() as uow, pytest.raises(NotFound):
            uow.bookings.save(booking(9))

    def test_a_stale_save_is_a_version_conflict(self, new_uow: NewUow) -> None:
        stored(new_uow, booking(1, instant=False))
        first, second = read(new_uow, "bkg_001"), read(new_uow, "bkg_001")
        first.apply(AcceptBooking(actor=PROVIDER_USER, booking_id=first.id), NOW, by=PROVIDER)
        with new_uow() as uow:
            uow.bookings.save(first)
            uow.commit()
        second.apply(AcceptBooking(actor=PROVIDER_USER, booking_id=second.id), NOW, by=PROVIDER)
        with new_uow() as uow, pytest.raises(VersionConflict) as conflict:
            uow.bookings.save(second)
        assert conflict.value.current == 2

    def test_the_store_refuses_an_overlapping_hold_of_the_same_provider_or_studio(self, new_uow: NewUow) -> None:
        stored(new_uow, booking(1, studio="prf_studio", buffer=timedelta(minutes=30)))
        clashes = [
            booking(2, starts_in=timedelta(days=10, hours=1)),  # same provider, overlapping
            booking(3, provider="prv_2", studio="prf_studio", starts_in=timedelta(days=10, hours=2, minutes=15)),
        ]  # the second only overlaps the first's buffer after, at the shared studio
        for clash in clashes:
            with new_uow() as uow, pytest.raises(SlotUnavailable) as refused:
                uow.bookings.add(clash)
            assert refused.value.conflicting_id == "bkg_001"
        with new_uow() as uow:  # nothing half-written: the refused ones are not there
            found = uow.bookings.find_overlapping("prv_2", "prf_studio", START, START + timedelta(days=1))
            assert [b.id for b in found] == ["bkg_001"]
            with pytest.raises(NotFound):
                uow.bookings.get("bkg_002")

    def test_touching_other_owners_and_mere_requests_do_not_clash(self, new_uow: NewUow) -> None:
        stored(
            new_uow,
            booking(1),
            booking(2, starts_in=timedelta(days=10, hours=2)),  # starts when the first ends
            booking(3, provider="prv_2"),
            booking(4, instant=False),  # requested: occupies nothing yet
        )
        with new_uow() as uow:
            ids = [b.id for b in uow.bookings.find_overlapping("prv_1", None, START, START + timedelta(hours=3))]
        assert sorted(ids) == ["bkg_001", "bkg_002"]

    def test_accepting_into_a_taken_slot_is_refused(self, new_uow: NewUow) -> None:
        stored(new_uow, booking(1, instant=False), booking(2))
        pending = read(new_uow, "bkg_001")
        pending.apply(AcceptBooking(actor=PROVIDER_USER, booking_id=pending.id), NOW, by=PROVIDER)
        with new_uow() as uow, pytest.raises(SlotUnavailable):
            uow.bookings.save(pending)
        assert read(new_uow, "bkg_001").state is BookingState.REQUESTED

    def test_an_expired_hold_frees_its_time(self, new_uow: NewUow) -> None:
        stored(new_uow, booking(1))
        held = read(new_uow, "bkg_001")
        assert held.expire_if_due(NOW + RULES.hold_ttl) is not None
        with new_uow() as uow:
            assert [b.id for b in uow.bookings.find_due(NOW + RULES.hold_ttl, 10)] == ["bkg_001"]
            uow.bookings.save(held)
            uow.commit()
        stored(new_uow, booking(2))
        with new_uow() as uow:
            assert [b.id for b in uow.bookings.find_due(NOW + RULES.hold_ttl, 10)] == ["bkg_002"]  # not the expired
            ids = [b.id for b in uow.bookings.find_overlapping("prv_1", None, START, START + timedelta(hours=2))]
        assert ids == ["bkg_002"]

    def test_due_lists_unanswered_requests_and_unpaid_holds_oldest_first(self, new_uow: NewUow) -> None:
        stored(new_uow, booking(1, instant=False), booking(2, starts_in=timedelta(days=11)))
        with new_uow() as uow:
            assert uow.bookings.find_due(NOW, 10) == []
            assert [b.id for b in uow.bookings.find_due(NOW + timedelta(days=2), 10)] == ["bkg_002", "bkg_001"]
            assert len(uow.bookings.find_due(NOW + timedelta(days=2), 1)) == 1

    def test_ended_lists_confirmed_bookings_by_end_earliest_first(self, new_uow: NewUow) -> None:
        later, earlier, held = (
            booking(1, starts_in=timedelta(days=3)),
            booking(2, starts_in=timedelta(days=2)),
            booking(3),
        )
        stored(new_uow, later, earlier, held)
        for item in (later, earlier):  # confirmed; the third stays held
            total = item.amounts.total
            paid = PaymentIntent(f"pi_{item.id}", PaymentStatus.CAPTURED, total, total, Money.zero("USD"), "cli_1",
                                 "pm_card_visa")  # fmt: skip
            item.apply(
                ConfirmBooking(actor=CLIENT_USER, booking_id=item.id, method_ref="pm_card_visa"),
                NOW,
                payment=paid,
                by=CLIENT,
            )
            with new_uow() as uow:
                uow.bookings.save(item)
                uow.commit()
        with new_uow() as uow:
            assert uow.bookings.find_ended(earlier.end - timedelta(seconds=1), 10) == []
            assert [b.id for b in uow.bookings.find_ended(earlier.end, 10)] == ["bkg_002"]  # the end itself counts
            assert [b.id for b in uow.bookings.find_ended(NOW + timedelta(days=30), 10)] == ["bkg_002", "bkg_001"]
            assert [b.id for b in uow.bookings.find_ended(NOW + timedelta(days=30), 1)] == ["bkg_002"]

    def test_involving_finds_a_users_bookings_as_client_provider_or_studio(self, new_uow: NewUow) -> None:
        stored(
            new_uow,
            booking(1, client="usr_ann", starts_in=timedelta(days=12)),  # Ann books someone
            booking(2, provider="prf_ann", starts_in=timedelta(days=11)),  # Ann's profile is booked
            booking(3, provider="prf_bo", studio="prf_ann_studio", starts_in=timedelta(days=13)),  # at Ann's studio
            booking(4, provider="prf_bo", client="usr_cy", starts_in=timedelta(days=14)),  # nothing of Ann's
        )
        with new_uow() as uow:
            found = uow.bookings.involving("usr_ann", ["prf_ann", "prf_ann_studio"])
            assert [b.id for b in found] == ["bkg_002", "bkg_001", "bkg_003"]  # earliest start first
            assert [b.id for b in uow.bookings.involving("usr_ann", [])] == ["bkg_001"]
            assert uow.bookings.involving("usr_nobody", ["prf_nobody"]) == []

    def test_booked_time_lists_held_and_confirmed_bookings_of_each_owner(self, new_uow: NewUow) -> None:
        stored(new_uow, booking(1, studio="prf_studio", buffer=timedelta(minutes=15)), booking(2, instant=False,
               starts_in=timedelta(days=12)))  # fmt: skip
        window = Interval(START - timedelta(days=1), START + timedelta(days=5))
        with new_uow() as uow:
            for owner in ("prv_1", "prf_studio"):
                (busy,) = uow.booked.busy_for(owner, window)
                assert (busy.start, busy.end, busy.kind, busy.reference) == (
                    START,
                    START + timedelta(hours=2),
                    BusyKind.BOOKING,
                    "bkg_001",
                )  # own time, no buffers
            assert uow.booked.busy_for("prv_9", window) == []
            bulk = uow.booked.busy_of_owners(["prv_1", "prf_studio", "prv_9"], window)
            assert bulk.get("prv_9", []) == []
            assert {owner: [b.reference for b in busy] for owner, busy in bulk.items() if busy} == {
                "prv_1": ["bkg_001"],
                "prf_studio": ["bkg_001"],
            }

    def test_quotes_round_trip_and_a_rolled_back_unit_leaves_nothing(self, new_uow: NewUow) -> None:
        checkout = quote(items=("half-day",), minutes=300)
        stored(new_uow, booking(1))
        with new_uow() as uow:
            uow.quotes.add("bkg_001", checkout)
            uow.commit()
        with new_uow() as uow:
            assert uow.quotes.get("bkg_001") == checkout
            assert uow.quotes.get("bkg_404") is None
            with pytest.raises(AlreadyExists):
                uow.quotes.add("bkg_001", checkout)
        with new_uow() as uow:
            uow.bookings.add(booking(2, starts_in=timedelta(days=30)))
        with new_uow() as uow, pytest.raises(NotFound):
            uow.bookings.get("bkg_002")
