"""A completed booking to review, put in any reviews unit of work: its client cli_1 and prv_1, owned by usr_pat."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import attrs

from core.booking.model import Booking
from core.booking.states import BookingState
from core.booking.timeline import ActionCard
from core.profiles.model import ProfileDraft, ProfileFields, ProfileKind, Role
from core.reviews.rating import Rating
from core.shared.actor import Actor
from tests.unit.booking.booking_builders import NOW, new_booking

COMPLETED_AT = NOW + timedelta(days=11)  # the builders' session starts 10 days after NOW
CLIENT = Actor("cli_1")
PAT = Actor("usr_pat")  # owns prv_1
EVE = Actor("usr_eve")  # signed in, no part in the booking
CLIENT_RATING = Rating(5, (("communication", 5), ("punctuality", 4), ("quality", 5)))
PROVIDER_RATING = Rating(4, would_work_again=True)


def booking_in(state: BookingState, booking_id: str = "bkg_1", at: datetime = COMPLETED_AT,
               client: str = "cli_1") -> Booking:  # fmt: skip
    """The builders' booking, moved to ``state`` at ``at`` (as its transitions would leave it)."""
    booking = attrs.evolve(new_booking(), id=booking_id, client_id=client)
    booking.state = state
    booking.timeline.append(ActionCard(state, None, f"nothing further: the booking is {state.value}", None, at))
    return booking


def provider_profile(profile_id: str = "prv_1", owner: str | None = "usr_pat") -> ProfileDraft:
    fields = ProfileFields.validated(kind=ProfileKind.PROVIDER, display_name="Pat", roles=(Role.PHOTOGRAPHER,),
                                     city="los-angeles")  # fmt: skip
    profile = ProfileDraft.new(profile_id=profile_id, kind=ProfileKind.PROVIDER, slug=profile_id.replace("_", "-"),
                               fields=fields, now=NOW)  # fmt: skip
    return attrs.evolve(profile, owner_user_id=owner)


AddBooking = Callable[[Booking], None]
AddProfile = Callable[[ProfileDraft], None]
