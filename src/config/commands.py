"""The command bus's wiring: each context's command map, and which provider makes each port a handler names.

A handler names its ports by type (``uow: ProfilesUnitOfWork``); this map says which of the container's
providers makes one. Providers are looked up when a command runs, so a test's override is seen at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from core.booking.checkout import CheckoutRules, StartCheckout
from core.booking.checkout_ports import CheckoutUnitOfWork
from core.booking.money_ports import MoneyUnitOfWork
from core.booking.on_commands import COMMANDS as BOOKING
from core.booking.payment_commands import COMMANDS as PAYMENTS
from core.booking.payout_commands import COMMANDS as PAYOUTS
from core.booking.staff_refund_records import RefundRules
from core.booking.staff_refunds import COMMANDS as STAFF_REFUNDS
from core.calendar.on_commands import COMMANDS as CALENDAR
from core.calendar.ports import BusyParserForZone, CalendarUnitOfWork, ExportTokens, FeedAddressPolicy, FeedFetcher
from core.flags.handlers import CommandGuard, Guarded, Switchboard
from core.flags.model import Flag
from core.flags.on_commands import COMMANDS as FLAGS
from core.identity.commands import SignUp
from core.identity.oidc import IdTokenVerifier
from core.identity.on_commands import COMMANDS as IDENTITY
from core.identity.ports import ExportSource, IdentityUnitOfWork, OpenCommitments
from core.identity.service_ports import CaptchaVerifier
from core.identity.services import IdentityServices
from core.media.commands import StartUpload
from core.media.on_commands import COMMANDS as MEDIA
from core.media.ports import MediaUnitOfWork
from core.media.rendering import MediaServices
from core.messaging.attachments import AttachmentRules
from core.messaging.commands import PostMessage, StartInquiry, UploadAttachment
from core.messaging.on_commands import COMMANDS as MESSAGING
from core.messaging.ports import ContactDetector, MessagingUnitOfWork, Parties, Restrictions
from core.messaging.sending import MessagingRules
from core.messaging.unsubscribe import UnsubscribeLinks
from core.moderation.on_commands import COMMANDS as MODERATION
from core.moderation.ports import ModerationUnitOfWork, Offenders
from core.moderation.strikes import StrikePolicy
from core.moderation.takedowns import TakedownLimits, TakedownSla
from core.onboarding.commands import SetInstantBook
from core.onboarding.eligibility import Thresholds
from core.onboarding.on_commands import COMMANDS as ONBOARDING
from core.onboarding.ports import DigestsUnitOfWork, ListingRestrictions, OnboardingUnitOfWork, VerificationProvider
from core.payments.payout_ports import PayoutDestinations, PayoutFiles, Payouts
from core.payments.ports import PaymentGateway
from core.payments.webhooks import WebhookVerifier
from core.profiles.on_commands import COMMANDS as PROFILES
from core.profiles.ports import ProfilesUnitOfWork
from core.reviews.handlers import ReviewRules
from core.reviews.on_commands import COMMANDS as REVIEWS
from core.reviews.ports import ReviewsUnitOfWork
from core.search.on_commands import COMMANDS as SEARCH
from core.search.ports import SearchIndex, SynonymStore
from core.shared.clock import Clock, IdGenerator
from core.shared.commands import CommandBus, joined_commands
from core.shared.health import HealthProbe
from core.shared.rate_limit import RateLimiter

if TYPE_CHECKING:
    from config.container import Container

# The commands a kill switch refuses while it is off (core.flags.model.EFFECTS says what each switch does).
SWITCHED: dict[type, Guarded] = {
    SignUp: Flag.SIGNUPS,
    SetInstantBook: (Flag.INSTANT_BOOK, lambda command: command.enabled),  # switching it off stays possible
    StartUpload: Flag.MEDIA_UPLOADS,
    StartCheckout: Flag.CHECKOUT,
    StartInquiry: Flag.MESSAGING,
    PostMessage: Flag.MESSAGING,
    UploadAttachment: Flag.MESSAGING,
}


def command_bus(container: Container) -> CommandBus:
    """Every context's command handlers, with the container's providers as their ports."""
    provide: dict[Any, Any] = {
        Clock: container.clock,
        IdGenerator: container.ids,
        ProfilesUnitOfWork: container.profiles_uow,
        Switchboard: container.flags,
        IdentityUnitOfWork: container.identity_uow,
        IdentityServices: container.identity_services,
        IdTokenVerifier: container.identity_edge.provided.oidc,
        Sequence[ExportSource]: container.identity_edge.provided.export_sources,  # the other contexts' shares
        Sequence[OpenCommitments]: container.identity_edge.provided.commitments,
        OnboardingUnitOfWork: container.onboarding_uow,
        DigestsUnitOfWork: container.digests_uow,
        VerificationProvider: container.verification_provider,
        Thresholds: container.onboarding_thresholds,
        MediaUnitOfWork: container.media_uow,
        MediaServices: container.media_services,
        CalendarUnitOfWork: container.calendar_uow,
        FeedFetcher: container.feed_fetcher,
        FeedAddressPolicy: container.feed_addresses,
        BusyParserForZone: container.busy_parser_for,
        ExportTokens: container.export_tokens,
        CheckoutUnitOfWork: container.booking_uow,
        CheckoutRules: container.checkout_rules,
        PaymentGateway: container.payments,
        MoneyUnitOfWork: container.booking_uow,
        WebhookVerifier: container.webhook_verifier,
        Payouts: container.payouts,
        RefundRules: container.refund_rules,
        PayoutDestinations: container.payout_destinations,
        PayoutFiles: container.payout_files,
        ReviewsUnitOfWork: container.reviews_uow,
        ReviewRules: container.review_rules,
        ModerationUnitOfWork: container.moderation_uow,
        Offenders: container.offenders,
        StrikePolicy: container.strike_policy,
        TakedownSla: container.takedown_sla,
        TakedownLimits: container.takedown_limits,
        CaptchaVerifier: container.captcha,
        Restrictions: container.restrictions,
        ListingRestrictions: container.restrictions,
        MessagingUnitOfWork: container.messaging_uow,
        Parties: container.messaging_parties,
        MessagingRules: container.messaging_rules,
        ContactDetector: container.contact_detector,
        AttachmentRules: container.attachment_rules,
        UnsubscribeLinks: container.unsubscribe_links,
        RateLimiter: container.rate_limiter,
        SearchIndex: container.search.provided.index,
        SynonymStore: container.search.provided.synonyms,
    }
    guard = CommandGuard(container.flags(), SWITCHED)
    handlers = joined_commands(FLAGS, PROFILES, ONBOARDING, IDENTITY, MEDIA, CALENDAR, BOOKING, PAYMENTS, PAYOUTS,
                               STAFF_REFUNDS, REVIEWS, MODERATION, MESSAGING, SEARCH)  # fmt: skip
    return CommandBus(handlers, provide, guard)


def flattened(*groups: list[HealthProbe]) -> list[HealthProbe]:
    """One list of health probes from several (the database's, Redis's when it is used, ...)."""
    return [probe for group in groups for probe in group]
