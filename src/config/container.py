"""The one composition root: which adapter serves each port, chosen from settings.

Nothing here connects at import time; providers build adapters on first use. Entrypoints are the only
code that asks the container for things.
Every singleton is ``config.singleton.Singleton`` (thread-safe: its docstring says why).
"""

from __future__ import annotations

import operator
from datetime import timedelta

from dependency_injector import containers, providers

from adapters.breach.offline_range import OfflineRangeBreachedPasswords
from adapters.breach.zxcvbn_strength import ZxcvbnStrengthEstimator
from adapters.contacts.detector import LibraryContactDetector
from adapters.crypto.argon2_hasher import Argon2idPasswordHasher
from adapters.crypto.bounded_hasher import BoundedPasswordHasher
from adapters.crypto.pyotp_totp import PyotpTotpVerifier
from adapters.crypto.secret_tokens import SecretsTokenGenerator
from adapters.crypto.segno_qr import SegnoQrCodeRenderer
from adapters.filesystem.payout_files import LocalPayoutFiles, ManualPayouts
from adapters.ics.addresses import ResolvingFeedAddressPolicy
from adapters.ics.fetch import HttpFeedFetcher
from adapters.ics.parse import IcsBusyParser
from adapters.memory.identity import InMemoryLoginTelemetry
from adapters.memory.payments import InMemoryPaymentGateway
from adapters.memory.payouts import InMemoryPayouts
from adapters.memory.rate_limiter import InMemoryRateLimiter
from adapters.pillow.image_processor import PillowImageProcessor
from adapters.redis.client import redis_client
from adapters.redis.health import RedisProbe
from adapters.redis.login_telemetry import RedisLoginTelemetry
from adapters.redis.rate_limiter import RedisRateLimiter
from adapters.sqlalchemy.booking import SqlAlchemyBookedTime, SqlAlchemyBookingUnitOfWork
from adapters.sqlalchemy.calendar import SqlAlchemyCalendarUnitOfWork
from adapters.sqlalchemy.calendar_preview import CalendarAvailabilityPreview
from adapters.sqlalchemy.delivery import SqlAlchemyDeliveryQueue
from adapters.sqlalchemy.engine import database_engine
from adapters.sqlalchemy.flags import SqlAlchemyFlagStore
from adapters.sqlalchemy.health import DatabaseProbe
from adapters.sqlalchemy.identity import SqlAlchemyIdentityUnitOfWork
from adapters.sqlalchemy.leadership import AdvisoryLockSweepLeadership
from adapters.sqlalchemy.media import SqlAlchemyMediaUnitOfWork
from adapters.sqlalchemy.messaging import SqlAlchemyMessagingUnitOfWork
from adapters.sqlalchemy.notifications import SqlAlchemyDigestsUnitOfWork
from adapters.sqlalchemy.onboarding import SqlAlchemyOnboardingUnitOfWork
from adapters.sqlalchemy.outbox import SqlAlchemyOutbox
from adapters.sqlalchemy.profiles import SqlAlchemyProfilesUnitOfWork
from adapters.sqlalchemy.public_views import SqlAlchemyPublicViews
from adapters.staff.manual_moderation import ManualReviewModerator
from adapters.staff.manual_verification import ManualVerificationProvider
from adapters.system import message_log
from adapters.system.background_rounds import running
from adapters.system.clock import SystemClock, UlidIds
from adapters.system.delivery_dispatcher import DeliveryDispatcher
from adapters.system.delivery_gauges import DeliveryGauges
from adapters.system.fallbacks import FailOpenLoginTelemetry, ScopedFallbackRateLimiter
from adapters.system.outbox_relay import OutboxGauges, OutboxRelayWorker
from adapters.system.payout_gauges import PayoutGauges
from adapters.system.security_signals import LoggedSecuritySignals
from adapters.system.takedown_gauges import TakedownGauges
from adapters.system.timed_payments import TimedPaymentGateway
from config import commands as commands_wiring
from config import gateways
from config import identity as identity_wiring
from config import live_feed as live_feed_wiring
from config import media as media_wiring
from config import messaging as messaging_wiring
from config import payments as payments_wiring
from config import replica as replica_wiring
from config import reviews as reviews_wiring
from config import search as search_wiring
from config.settings import Settings
from config.singleton import Singleton
from config.tracing import traced_peer
from core.accounts.cleanup import AccountCleanup, cleanup_consumer
from core.accounts.evidence import ReportedTargets
from core.accounts.restrictions import ResponsibleAccounts, StrikeRestrictions, restriction_handlers
from core.accounts.sources import BookingsOfUser, ProfilesOfUser, digest_preferences_of_user, media_of_user
from core.accounts.takedown_effects import takedown_handlers
from core.booking.checkout import CheckoutRules
from core.booking.mails import booking_mail_consumers
from core.booking.money_postings import post_money_event
from core.booking.on_events import booking_handlers
from core.booking.payout_run import AccountPayoutDestinations
from core.booking.staff_refund_records import RefundRules
from core.calendar.on_events import PendingAvailability, calendar_handlers
from core.delivery.handlers import QueuedEmailSender, QueuedSmsSender, email_via, sms_via
from core.flags.handlers import Switchboard
from core.flags.model import Flag
from core.identity.delivery import MailingAccountNotifier, SmsCodeSender
from core.identity.handlers.password_reset import reset_code_consumer
from core.identity.on_events import identity_handlers
from core.identity.services import IdentityServices
from core.media.gallery import MediaGallery
from core.media.rendering import MediaServices
from core.messaging.account import MessagingOfUser, messaging_cleanup_consumer
from core.messaging.attachments import AttachmentRules
from core.messaging.booking_threads import BookingThreads
from core.messaging.circumvention import ReportRisk
from core.messaging.on_events import messaging_handlers
from core.messaging.parties import AccountDirectory, BookedParties, MessageSenders
from core.messaging.sending import MessagingRules
from core.moderation.strikes import StrikePolicy
from core.moderation.takedowns import TakedownLimits, TakedownSla
from core.onboarding.eligibility import Thresholds
from core.onboarding.public_page import PublicSources, platform_policies
from core.pages.on_events import pages_handlers
from core.pages.reads import PublicReads, RecentReads
from core.shared.messagebus import MessageBus, joined
from core.shared.relay import Relay
from core.shared.retry import RetryPolicy


class Container(containers.DeclarativeContainer):
    """Adapters wired from ``settings``. Override providers in tests (``container.clock.override``)."""

    __self__ = providers.Self()
    settings = providers.Dependency(instance_of=Settings)

    clock = Singleton(SystemClock)
    ids = Singleton(UlidIds)
    # tracing's span wrapper for peer adapters (``config.tracing``): None, so no wrapper at all, unless it is on
    peer_spans = providers.Object(None)
    # the message bus (issue 11): every unit of work made here hands what a `with` block committed to the bus once
    # the block is left (events to the handlers the contexts register, outbound messages to the relay's fast
    # path), so no edge publishes anything. Its handlers open units of their own: it is completed at the end.
    message_bus = Singleton(MessageBus, on_failure=message_log.handler_failed, on_handled=message_log.event_handled)
    after_commit = message_bus.provided.after_commit

    engine = providers.Resource(
        database_engine, url=settings.provided.database_url, limits=settings.provided.database_limits
    )
    # a streaming replica (issue 16): read-only units that may lag a moment (public pages, availability, search's SQL
    # index, calendar exports) open on the engine ``read_engine`` names when they are made: the replica while it keeps
    # up, else the primary. A unit that must see its own request's writes keeps ``engine``.
    replica_reads = Singleton(
        replica_wiring.replica_reads, settings, engine, providers.Resource(replica_wiring.replica_engine, settings)
    )
    read_engine = replica_reads.provided.engine.call()
    flags = Singleton(Switchboard, Singleton(SqlAlchemyFlagStore, engine=engine), clock)
    profiles_uow = providers.Factory(SqlAlchemyProfilesUnitOfWork, engine=engine, after_commit=after_commit)
    # Calendar; its busy time includes held and confirmed bookings, read on the calendar unit's connection.
    calendar_uow = providers.Factory(
        SqlAlchemyCalendarUnitOfWork, engine=engine, booked_time=providers.Object(SqlAlchemyBookedTime),
        after_commit=after_commit,
    )  # fmt: skip
    calendar_read_uow = providers.Factory(  # availability and export feeds: read-only, on the replica when it keeps up
        SqlAlchemyCalendarUnitOfWork, engine=read_engine, booked_time=providers.Object(SqlAlchemyBookedTime),
        after_commit=after_commit,
    )  # fmt: skip
    booking_uow = providers.Factory(  # bookings, quotes + checkout reads; each money event posted in its transaction
        SqlAlchemyBookingUnitOfWork, engine=engine, after_commit=after_commit,
        in_transaction=providers.Object(post_money_event),
    )  # fmt: skip
    # owners whose availability rows bookings changed: refreshed by the service's booking sweep, off the request path
    pending_availability = Singleton(
        PendingAvailability, calendar_uow.provider, clock, message_log.availability_refresh_failed
    )
    checkout_rules = Singleton(CheckoutRules)
    refund_rules = Singleton(RefundRules, dual_control_above=settings.provided.staff_refund_dual_control_above)
    feed_fetcher = Singleton(
        HttpFeedFetcher, max_bytes=5_000_000, timeout=10.0, proxy=settings.provided.calendar_feed_proxy,
        allow_private=settings.provided.calendar_feeds_allow_private,
    )  # fmt: skip
    feed_addresses = Singleton(ResolvingFeedAddressPolicy, allow_private=settings.provided.calendar_feeds_allow_private)
    busy_parser_for = providers.Object(IcsBusyParser)  # zone -> BusyParser
    export_tokens = Singleton(SecretsTokenGenerator)
    onboarding_uow = providers.Factory(SqlAlchemyOnboardingUnitOfWork, engine=engine, after_commit=after_commit)
    onboarding_thresholds = Singleton(
        Thresholds,
        publish_min=settings.provided.publish_min_score,
        instant_book_min=settings.provided.instant_book_min_score,
    )
    verification_provider = Singleton(ManualVerificationProvider)
    # media (issue 6): the object store (MEDIA_BACKEND), Pillow, the moderator (MEDIA_MODERATOR); fail closed
    media_uow = providers.Factory(SqlAlchemyMediaUnitOfWork, engine=engine, after_commit=after_commit)
    media_store = providers.Selector(
        settings.provided.media_backend,
        local=Singleton(media_wiring.local_store, settings),
        s3=Singleton(traced_peer, "s3", Singleton(media_wiring.s3_store, settings), settings,
                               peer_spans),
    )  # fmt: skip
    image_processor = Singleton(PillowImageProcessor)
    moderator = providers.Selector(
        settings.provided.media_moderator,
        manual=Singleton(ManualReviewModerator),
        nudenet=Singleton(media_wiring.nudenet_moderator),
    )
    media_services = providers.Factory(MediaServices, store=media_store, processor=image_processor, moderator=moderator)
    # reviews (issue 15): double-blind windows (swept with the bookings); reputation for the page and search
    reviews_uow = providers.Factory(reviews_wiring.reviews_uow, engine, after_commit)
    review_rules = Singleton(reviews_wiring.review_rules, settings)
    reviews_summary = Singleton(reviews_wiring.reviews_summary, reviews_uow.provider, settings)
    public_sources = Singleton(
        PublicSources,
        gallery=Singleton(MediaGallery, new_uow=media_uow.provider, store=media_store),
        reviews=reviews_summary,
        availability=Singleton(CalendarAvailabilityPreview, new_calendar_uow=calendar_uow.provider),
        policies=providers.Callable(platform_policies),
        base_url=settings.provided.public_base_url,
    )
    # the public page's read model (issue 18): one view per profile, rebuilt by the events below (core/pages)
    public_reads = Singleton(
        PublicReads, views=Singleton(SqlAlchemyPublicViews, engine, reads=replica_reads.provided.engine),
        new_uow=onboarding_uow.provider,
        sources=public_sources, slots=public_sources.provided.availability,
        recent=providers.Factory(
            RecentReads, keep=providers.Factory(timedelta, seconds=settings.provided.public_read_keep_s)
        ),
        shown=providers.Factory(
            RecentReads, keep=providers.Factory(timedelta, seconds=settings.provided.public_read_keep_s)
        ),
        inputs=providers.Factory(
            RecentReads, keep=providers.Factory(timedelta, seconds=settings.provided.public_read_keep_s)
        ),
    )  # fmt: skip
    payments = providers.Selector(
        settings.provided.payments_backend,
        test=Singleton(InMemoryPaymentGateway, ids=ids, clock=clock),
        stripe=Singleton(TimedPaymentGateway, Singleton(traced_peer, "stripe",  # its calls' seconds on /metrics
                                   Singleton(payments_wiring.stripe_gateway, settings, engine, clock),
                                   settings, peer_spans)),
    )  # fmt: skip
    webhook_verifier = providers.Selector(  # webhooks signed the Stripe way, with STRIPE_WEBHOOK_SECRET
        settings.provided.payments_backend,
        test=Singleton(payments_wiring.test_mode_verifier, settings, clock),
        stripe=Singleton(payments_wiring.stripe_verifier, settings),
    )

    # messaging (issue 14): threads, requests, screening; live updates reach every worker (LIVE_FEED_BACKEND)
    messaging_uow = providers.Factory(SqlAlchemyMessagingUnitOfWork, engine=engine, after_commit=after_commit)
    messaging_parties = Singleton(BookedParties, booking_uow.provider)
    messaging_rules = Singleton(
        MessagingRules,
        new_conversations_per_day=settings.provided.messaging_new_conversations_per_day,
        pair_limit=settings.provided.messaging_pair_limit,
        pair_window_s=settings.provided.messaging_pair_window_s,
        report_risk=Singleton(
            ReportRisk,
            reporters=settings.provided.messaging_risk_reporters,
            window_days=settings.provided.messaging_risk_window_days,
        ),
    )
    attachment_rules = Singleton(AttachmentRules, pdf_max_bytes=settings.provided.messaging_pdf_max_bytes)
    booking_threads = Singleton(BookingThreads, messaging_uow.provider, messaging_parties, ids)
    unsubscribe_links = Singleton(messaging_wiring.unsubscribe_links, settings)

    redis = providers.Resource(redis_client, url=settings.provided.redis_url,
                               connect_timeout_s=settings.provided.redis_connect_timeout_s,
                               timeout_s=settings.provided.redis_timeout_s)  # fmt: skip
    live_feed = live_feed_wiring.live_feed(settings, engine, redis)
    rate_limiter = providers.Selector(
        settings.provided.rate_limit_backend,
        memory=Singleton(InMemoryRateLimiter),
        redis=Singleton(
            ScopedFallbackRateLimiter, Singleton(RedisRateLimiter, client=redis), gateways.FAIL_OPEN_LIMITS
        ),
    )

    # identity (issue 5): accounts, sessions, MFA; secrets from the environment or ./var on first start
    identity_cipher = Singleton(identity_wiring.encryption_cipher, settings)
    identity_uow = providers.Factory(
        SqlAlchemyIdentityUnitOfWork, engine=engine, cipher=identity_cipher, after_commit=after_commit
    )
    password_hasher = Singleton(BoundedPasswordHasher, inner=Singleton(Argon2idPasswordHasher))
    # provider payouts (issue 13): one per booking, a Connect transfer or a line of the day's manual payout file
    payouts = providers.Selector(
        settings.provided.payments_backend,
        test=Singleton(InMemoryPayouts, fallback=Singleton(ManualPayouts)),
        stripe=Singleton(traced_peer, "stripe", Singleton(payments_wiring.stripe_payouts, settings),
                                   settings, peer_spans),
    )  # fmt: skip
    payout_destinations = Singleton(AccountPayoutDestinations, identity_uow.provider)
    payout_files = Singleton(LocalPayoutFiles, directory=settings.provided.payout_dir)
    # delivery: email for SMTP or SES and texts for SNS wait in a durable queue (a table) that each service
    # process's dispatcher thread empties, so an answer never waits on, nor reveals, the mail system, and a
    # crash loses nothing; the file outbox and the console are fast and synchronous, so they are used as is
    email_gateway = gateways.email_gateway(settings, peer_spans)
    sms_gateway = gateways.sms_gateway(settings)
    delivery_queue = Singleton(SqlAlchemyDeliveryQueue, engine=engine, cipher=identity_cipher, now=clock.provided.now)
    delivery_dispatcher = providers.Resource(
        running,
        Singleton(
            DeliveryDispatcher,
            queue=delivery_queue,
            gateways=providers.Dict(
                email=providers.Callable(email_via, email_gateway), sms=providers.Callable(sms_via, sms_gateway)
            ),
            clock=clock,
            poll_s=settings.provided.delivery_poll_s,
            paused=providers.Callable(gateways.paused_while_off, flags, Flag.OUTBOUND_MAIL),
        ),
    )
    queued_email = Singleton(QueuedEmailSender, delivery_queue, delivery_dispatcher.provided.wake)
    email_sender = providers.Selector(
        settings.provided.email_backend, outbox=email_gateway, smtp=queued_email, ses=queued_email
    )
    sms_codes = Singleton(
        SmsCodeSender,
        providers.Selector(
            settings.provided.sms_backend,
            console=sms_gateway,
            sns=Singleton(QueuedSmsSender, delivery_queue, delivery_dispatcher.provided.wake),
        ),
    )
    # digests are queued in the digest run's own transaction, whatever the email backend
    moderation_uow = providers.Factory(reviews_wiring.moderation_uow, engine, identity_cipher, after_commit)
    strike_policy = Singleton(StrikePolicy)
    takedown_sla = Singleton(TakedownSla)
    takedown_limits = Singleton(TakedownLimits, per_address=settings.provided.takedown_rate_limit)
    takedown_gauges = Singleton(TakedownGauges, moderation_uow.provider, takedown_sla, clock)
    # anti-circumvention (issue 14): phone numbers, links and e-mail addresses found by libraries, offline
    contact_detector = Singleton(LibraryContactDetector, regions=settings.provided.messaging_phone_regions)
    message_senders = Singleton(MessageSenders, messaging_uow.provider, contact_detector)
    offenders = Singleton(
        ResponsibleAccounts,
        profiles_uow.provider,
        media_uow.provider,
        reviews_uow.provider,
        message_senders,
    )
    restrictions = Singleton(StrikeRestrictions, moderation_uow.provider, strike_policy, clock)
    digests_uow = providers.Factory(
        SqlAlchemyDigestsUnitOfWork, engine=engine, cipher=identity_cipher, after_commit=after_commit
    )
    account_notifier = Singleton(MailingAccountNotifier, email=email_sender)
    message_directory = Singleton(AccountDirectory, identity_uow.provider, booking_uow.provider)
    captcha = gateways.captcha(settings)
    bookings_of_user = Singleton(BookingsOfUser, booking_uow.provider)
    profiles_read_uow = providers.Callable(replica_wiring.on_replica, profiles_uow.provider, replica_reads)
    account_cleanup = Singleton(
        AccountCleanup,
        profiles_uow.provider,
        digests_uow.provider,
        media_uow.provider,
        media_store,
        identity_uow.provider,
        clock,
    )
    identity_services = providers.Factory(  # a Factory, so an overridden clock is seen at once
        IdentityServices,
        clock=clock,
        ids=ids,
        hasher=password_hasher,
        strength=Singleton(ZxcvbnStrengthEstimator),
        breached=Singleton(OfflineRangeBreachedPasswords.shipped),
        tokens=export_tokens,
        totp=Singleton(PyotpTotpVerifier),
        qr=Singleton(SegnoQrCodeRenderer),
        rate_limiter=rate_limiter,
        captcha=captcha,
        telemetry=providers.Selector(  # the risk score's IP velocity: per worker in memory, shared in Redis
            settings.provided.rate_limit_backend,
            memory=Singleton(InMemoryLoginTelemetry),
            redis=Singleton(FailOpenLoginTelemetry, Singleton(RedisLoginTelemetry, client=redis)),
        ),
        notifier=account_notifier,
        pepper=Singleton(identity_wiring.code_pepper, settings),
        dummy_password_hash=Singleton(identity_wiring.dummy_password_hash, password_hasher),
        sms=sms_codes,
        settings=Singleton(identity_wiring.identity_settings, settings),
    )

    # the outbox (issue 11): outbound events reach these consumers at least once (fast path, then relay threads)
    outbox = Singleton(SqlAlchemyOutbox, engine=engine)
    relay = Singleton(  # the search indexer joins the consumers (config/search.py); then the booking mails
        Relay, outbox, providers.Callable(operator.add, providers.Callable(
            search_wiring.with_indexer, __self__,
            Singleton(cleanup_consumer, account_cleanup, profiles_uow.provider, clock),
            Singleton(reset_code_consumer, identity_uow.provider, identity_services.provider),
            Singleton(
                messaging_cleanup_consumer, messaging_uow.provider, media_store, profiles_uow.provider, clock
            ),
        ), providers.Callable(  # booking mails, off the request path; the booking unit's inbox marks them sent
            booking_mail_consumers, booking_uow.provider, identity_uow.provider, email_sender, booking_uow.provider,
            clock,
        )), clock, providers.Object(RetryPolicy()),
    )  # fmt: skip
    outbox_relay = providers.Resource(
        running, Singleton(OutboxRelayWorker, relay=relay, poll_s=settings.provided.delivery_poll_s)
    )
    outbox_gauges = Singleton(OutboxGauges, outbox, clock, search_wiring.WATCHED_CONSUMERS)
    # each round of a sweep over shared rows runs in one service process at a time (issue 16: several processes)
    sweep_leadership = Singleton(AdvisoryLockSweepLeadership, engine=engine)
    delivery_gauges = Singleton(DeliveryGauges, delivery_queue, clock)
    payout_gauges = Singleton(PayoutGauges, booking_uow.provider, clock)
    search = Singleton(search_wiring.search_services, __self__)  # SEARCH_BACKEND's index, the indexer
    identity_edge = Singleton(
        identity_wiring.IdentityEdge,
        oidc=Singleton(identity_wiring.oidc_verifier, settings),
        cookie_secure=settings.provided.session_cookie_secure,
        # the other contexts' share of a user's account: the data export, and what blocks deleting it
        # (read on the replica while it keeps up: an export may lag the primary by DATABASE_REPLICA_MAX_LAG_S)
        export_sources=providers.List(
            providers.Factory(ProfilesOfUser, profiles_read_uow),
            providers.Factory(
                BookingsOfUser, providers.Callable(replica_wiring.on_replica, booking_uow.provider, replica_reads)
            ),
            providers.Factory(
                media_of_user,
                profiles_read_uow,
                providers.Callable(replica_wiring.on_replica, media_uow.provider, replica_reads),
            ),
            providers.Factory(
                digest_preferences_of_user,
                profiles_read_uow,
                providers.Callable(replica_wiring.on_replica, digests_uow.provider, replica_reads),
            ),
            providers.Factory(
                MessagingOfUser, providers.Callable(replica_wiring.on_replica, messaging_uow.provider, replica_reads)
            ),
        ),
        commitments=providers.List(bookings_of_user),
    )
    # the bus's handlers, per context; and outbound messages to the relay's fast path
    message_bus.add_kwargs(
        handlers=providers.Callable(
            joined,
            providers.Callable(identity_handlers, account_notifier, identity_uow.provider, LoggedSecuritySignals()),
            providers.Callable(calendar_handlers, calendar_uow.provider, clock),
            providers.Callable(booking_handlers, pending_availability, payments),
            providers.Callable(
                reviews_wiring.handlers,
                reviews_uow.provider,
                identity_uow.provider,
                account_notifier,
                offenders,
                clock,
                review_rules,
            ),
            providers.Callable(messaging_handlers, live_feed, booking_threads),
            providers.Callable(pages_handlers, public_reads, clock.provided.now),
            providers.Callable(
                restriction_handlers,
                profiles_uow.provider,
                onboarding_uow.provider,
                booking_uow.provider,
                booking_uow.provider,
                payments,
                clock,
            ),
            providers.Callable(
                takedown_handlers,
                media_uow.provider,
                media_services.provider,
                profiles_uow.provider,
                onboarding_uow.provider,
                clock,
            ),
        ),
        deliver_now=outbox_relay.provided.deliver_now,
    )
    commands = Singleton(commands_wiring.command_bus, __self__)  # bus.handle(command), for both edges
    health_probes = providers.Callable(
        commands_wiring.flattened,
        providers.List(providers.Factory(DatabaseProbe, engine=engine)),
        providers.Selector(
            settings.provided.rate_limit_backend,
            memory=providers.List(),
            redis=providers.List(providers.Factory(RedisProbe, client=redis)),
        ),
        providers.Callable(search_wiring.search_probes, settings),
    )
    report_evidence = Singleton(  # what the staff console shows of a reported target
        ReportedTargets,
        profiles_uow.provider,
        media_uow.provider,
        reviews_uow.provider,
        message_senders,
        message_senders.provided.contact_masked,
    )


def build_container(settings: Settings | None = None) -> Container:
    """Build the container for ``settings`` (read from the environment when not given)."""
    return Container(settings=settings or Settings.from_env())
