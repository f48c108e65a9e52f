"""Moderation's strikes meet the other contexts: who answers for a reported target (``ResponsibleAccounts``, the
moderation ``Offenders`` port), whether an account may still send messages (``StrikeRestrictions``, messaging's
``Restrictions`` port), a restricted account's listings taken down and a suspended one's future bookings cancelled
with full refunds (``restriction_handlers``, on ``AccountRestricted``)."""

from __future__ import annotations

from collections.abc import Callable

import attrs

from core.accounts.sources import owned_profiles
from core.booking.account import PartiesUnitOfWork, bookings_of
from core.booking.checkout_ports import CheckoutUnitOfWork
from core.booking.commands import CancelBooking
from core.booking.handlers import cancel_booking
from core.booking.refunds import StaffOverride
from core.booking.states import TERMINAL_STATES
from core.cancellation.policies import FULL_BPS
from core.media.ports import MediaUnitOfWork
from core.moderation.events import AccountRestricted
from core.moderation.handlers import account_restriction
from core.moderation.model import TargetKind
from core.moderation.ports import ModerationUnitOfWork, Offenders
from core.moderation.strikes import Restriction, StrikePolicy, restricts
from core.onboarding.commands import UnpublishProfile
from core.onboarding.handlers import unpublish_profile
from core.onboarding.ports import OnboardingUnitOfWork
from core.payments.ports import PaymentGateway
from core.profiles.ports import ProfilesUnitOfWork
from core.reviews.ports import ReviewsUnitOfWork
from core.shared.actor import OPERATOR
from core.shared.clock import Clock
from core.shared.errors import DomainError, NotFound
from core.shared.messagebus import Handlers


@attrs.frozen
class ResponsibleAccounts:
    """``Offenders``: a profile's owner, a media item's profile's owner, a review's author; a message's sender as
    messaging answers it (``messages``: messaging sits beside this context, not below it)."""

    profiles_uow: Callable[[], ProfilesUnitOfWork]
    media_uow: Callable[[], MediaUnitOfWork]
    reviews_uow: Callable[[], ReviewsUnitOfWork]
    messages: Offenders

    def account_of(self, target_kind: TargetKind, target_id: str) -> str | None:
        try:
            return self._account_of(target_kind, target_id)
        except NotFound:
            return None

    def _account_of(self, target_kind: TargetKind, target_id: str) -> str | None:
        if target_kind is TargetKind.PROFILE:
            profiles = self.profiles_uow()
            with profiles.reading():
                return profiles.profiles.get(target_id).owner_user_id
        if target_kind is TargetKind.MEDIA:
            media = self.media_uow()
            with media.reading():
                return media.profiles.get(media.media.get(target_id).profile_id).owner_user_id
        if target_kind is TargetKind.REVIEW:
            reviews = self.reviews_uow()
            with reviews.reading():
                window = reviews.reviews.holding(target_id)
            return next((r.author_id for r in window.reviews.values() if r.id == target_id), None)
        return self.messages.account_of(target_kind, target_id)


@attrs.frozen
class StrikeRestrictions:
    """Messaging's ``Restrictions`` and onboarding's ``ListingRestrictions``: the account's active strikes, under
    the policy, at the clock's now."""

    moderation_uow: Callable[[], ModerationUnitOfWork]
    policy: StrikePolicy
    clock: Clock

    def level(self, user_id: str) -> Restriction:
        return account_restriction(self.moderation_uow(), self.policy, user_id, self.clock.now())

    def messaging_restricted(self, user_id: str) -> bool:
        return restricts(self.level(user_id), Restriction.MESSAGING)

    def listings_hidden(self, user_id: str) -> bool:
        return restricts(self.level(user_id), Restriction.LISTINGS_HIDDEN)


SUSPENSION_REFUND = StaffOverride(FULL_BPS, "the other party's account was suspended")


def restriction_handlers(
    profiles_uow: Callable[[], ProfilesUnitOfWork],
    onboarding_uow: Callable[[], OnboardingUnitOfWork],
    booking_uow: Callable[[], CheckoutUnitOfWork],
    parties_uow: Callable[[], PartiesUnitOfWork],
    gateway: PaymentGateway,
    clock: Clock,
) -> Handlers:
    """The message bus's handlers of ``AccountRestricted``: from ``listings_hidden`` up, each published profile of
    the account is unpublished by the operator (``ProfileUnpublished`` takes it out of search and the public page
    answers 404); once ``suspended``, every booking of theirs not yet begun nor ended is cancelled by staff with a
    full refund to the client. Idempotent: a draft stays a draft, a cancellation is keyed per booking."""

    def hide_listings(event: AccountRestricted) -> list[str]:
        if not restricts(Restriction[event.restriction.upper()], Restriction.LISTINGS_HIDDEN):
            return []
        hidden = []
        for profile_id in owned_profiles(event.user_id, profiles_uow()):
            uow = profiles_uow()
            with uow.reading():
                profile = uow.profiles.get(profile_id)
            if profile.is_published:
                unpublish_profile(UnpublishProfile(OPERATOR, profile_id, profile.version), onboarding_uow(), clock)
                hidden.append(profile_id)
        return hidden

    def cancel_future_bookings(event: AccountRestricted) -> dict[str, str]:
        if not restricts(Restriction[event.restriction.upper()], Restriction.SUSPENDED):
            return {}
        now = clock.now()
        _, found = bookings_of(event.user_id, parties_uow())
        done: dict[str, str] = {}
        for booking in found:
            if booking.state in TERMINAL_STATES or booking.start <= now:
                continue
            command = CancelBooking(actor=OPERATOR, booking_id=booking.id, override=SUSPENSION_REFUND,
                                    idempotency_key=f"suspension:{booking.id}")  # fmt: skip
            try:
                done[booking.id] = cancel_booking(command, booking_uow(), clock, gateway).state.value
            except DomainError as refused:  # one booking refused (a payment failure) must not stop the others
                done[booking.id] = f"refused: {refused.code}"
        return done

    return {AccountRestricted: [hide_listings, cancel_future_bookings]}
