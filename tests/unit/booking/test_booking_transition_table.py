"""The transition table: every pair it does not list is refused with a typed error; guards bite."""

from __future__ import annotations

import copy
from datetime import timedelta

import pytest

from core.booking.commands import (
    AcceptBooking,
    BookingCommand,
    CancelBooking,
    CompleteBooking,
    ConfirmBooking,
    DeclineBooking,
    ExpireHold,
    ExpireRequest,
    RequestBooking,
)
from core.booking.errors import GuardRejected, IllegalTransition, NotBookingParty
from core.booking.model import Booking
from core.booking.refunds import StaffOverride
from core.booking.states import ActorKind, ActorRef, BookingState
from core.booking.transitions import COMMANDS, GUARDS, TRANSITIONS, render_mermaid, rows_for
from core.shared.actor import OPERATOR
from tests.unit.booking.booking_builders import CLIENT, NOW, PROVIDER, RULES, SYSTEM, new_booking, request

ACTORS = {
    ActorKind.CLIENT: CLIENT,
    ActorKind.PROVIDER: PROVIDER,
    ActorKind.STAFF: ActorRef(ActorKind.STAFF, "stf_1"),
    ActorKind.SYSTEM: SYSTEM,
}


def command(kind: type[BookingCommand], by: ActorRef) -> BookingCommand:
    """``kind`` as the operator would send it for the party ``by`` (the table sees only the role)."""
    if kind is RequestBooking:
        return request()
    if kind in (ExpireRequest, ExpireHold):
        return kind(booking_id="bkg_1")  # type: ignore[call-arg]  # the system's own: no actor, no key
    extra: dict[str, object] = {}
    if kind is ConfirmBooking:
        extra["method_ref"] = "pm_card_visa"
    if kind is CancelBooking and by.kind is ActorKind.STAFF:
        extra["override"] = StaffOverride(10_000, "test")
    return kind(actor=OPERATOR, acting_for=by, idempotency_key="k", booking_id="bkg_1", **extra)  # type: ignore[call-arg]


def booking_in(state: BookingState) -> Booking:
    booking = new_booking()
    booking.state = state
    return booking


ILLEGAL = [
    (state, kind, actor)
    for state in BookingState
    for kind in COMMANDS
    for actor in ActorKind
    if not rows_for(state, kind, actor)
]


def test_the_table_is_consistent() -> None:
    assert set(COMMANDS) == {
        RequestBooking,
        AcceptBooking,
        DeclineBooking,
        ConfirmBooking,
        ExpireRequest,
        ExpireHold,
        CancelBooking,
        CompleteBooking,
    }
    assert all(row.guard in GUARDS for row in TRANSITIONS)
    assert len(set(TRANSITIONS)) == len(TRANSITIONS)
    terminal = {BookingState.COMPLETED, BookingState.DECLINED, BookingState.EXPIRED, BookingState.CANCELLED}
    assert not any(row.from_state in terminal for row in TRANSITIONS)
    assert {row.to_state for row in TRANSITIONS} == set(BookingState)


@pytest.mark.parametrize(("state", "kind", "actor"), ILLEGAL)
def test_every_pair_outside_the_table_raises_illegal_transition(
    state: BookingState, kind: type[BookingCommand], actor: ActorKind
) -> None:
    booking = booking_in(state)
    before = copy.deepcopy(booking)
    with pytest.raises(IllegalTransition) as raised:
        booking.apply(command(kind, ACTORS[actor]), NOW + timedelta(days=30), by=ACTORS[actor])
    assert (raised.value.state, raised.value.command, raised.value.actor) == (state, kind.__name__, actor)
    assert booking == before


@pytest.mark.parametrize("actor", [ActorKind.PROVIDER, ActorKind.STAFF, ActorKind.SYSTEM])
def test_only_clients_request_bookings(actor: ActorKind) -> None:
    with pytest.raises(IllegalTransition) as raised:
        Booking.request(request(), "bkg_1", NOW, RULES, by=ActorRef(actor, "cli_1"))
    assert raised.value.state is None


def test_a_client_may_not_act_on_someone_elses_booking() -> None:
    someone_else = ActorRef(ActorKind.CLIENT, "cli_2")
    with pytest.raises(NotBookingParty):
        new_booking().apply(command(CancelBooking, someone_else), NOW, by=someone_else)
    with pytest.raises(NotBookingParty):
        Booking.request(request(), "bkg_1", NOW, RULES, by=someone_else)


def test_guards_reject_out_of_time_commands() -> None:
    requested = new_booking()
    assert requested.respond_by is not None
    with pytest.raises(GuardRejected) as raised:
        requested.apply(command(AcceptBooking, PROVIDER), requested.respond_by, by=PROVIDER)
    assert raised.value.guards == ("before_response_deadline",)
    with pytest.raises(GuardRejected):
        requested.apply(command(ExpireRequest, SYSTEM), requested.respond_by - timedelta(seconds=1), by=SYSTEM)
    held = new_booking(instant=True)
    assert held.hold_expires_at is not None
    with pytest.raises(GuardRejected):
        held.apply(command(ExpireHold, SYSTEM), held.hold_expires_at - timedelta(seconds=1), by=SYSTEM)
    with pytest.raises(GuardRejected):
        held.apply(command(ConfirmBooking, CLIENT), held.hold_expires_at, by=CLIENT)
    confirmed = booking_in(BookingState.CONFIRMED)
    with pytest.raises(GuardRejected):
        confirmed.apply(command(CompleteBooking, PROVIDER), confirmed.end - timedelta(seconds=1), by=PROVIDER)
    with pytest.raises(GuardRejected):
        confirmed.apply(command(CancelBooking, CLIENT), confirmed.end, by=CLIENT)


def test_mermaid_diagram_draws_every_row_and_ends_terminal_states() -> None:
    diagram = render_mermaid()
    lines = diagram.splitlines()
    assert lines[0] == "stateDiagram-v2"
    assert "    [*] --> held : RequestBooking by client when instant_book" in lines
    assert "    requested --> declined : DeclineBooking by provider" in lines
    assert len([line for line in lines if " : " in line]) == len(TRANSITIONS)
    for terminal in ("completed", "declined", "expired", "cancelled"):
        assert f"    {terminal} --> [*]" in lines
