"""The Litestar application factory: routes, dependencies from the container, errors, logs, metrics."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from litestar import Litestar, Request, Response, get
from litestar.datastructures import State
from litestar.di import Provide
from litestar.middleware import DefineMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.params import SkipValidation
from litestar.plugins.attrs import AttrsSchemaPlugin
from litestar.plugins.prometheus import PrometheusConfig, PrometheusController
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest, multiprocess

from adapters.sqlalchemy.replica import ReplicaReads
from adapters.system.delivery_gauges import DeliveryGauges
from adapters.system.outbox_relay import OutboxGauges
from adapters.system.payment_metrics import observed
from adapters.system.payout_gauges import PayoutGauges
from adapters.system.takedown_gauges import TakedownGauges
from config.container import Container
from config.logging import configure_logging
from config.settings import Settings
from config.tracing import Tracing, install_tracing
from core.booking.handlers import sweep_bookings
from core.booking.reconciliation import reconcile
from core.messaging.unread_mail import SWEEP as UNREAD_SWEEP
from core.messaging.unread_mail import notify_unread
from core.reviews.handlers import publish_due_reviews
from core.reviews.reminding import send_review_reminders
from core.shared.actor import Actor
from entrypoints.http.bodies import StrictBody, validate_body
from entrypoints.http.caller import CURRENT_USER, later_page_viewer, quick_viewer, quick_viewer_of
from entrypoints.http.client_address import ForwardedClient, GeoHeaders
from entrypoints.http.dependencies import CalendarReadDesk, ProfileReadDesk, PublicPageDesk
from entrypoints.http.hold_expiry import ROUNDS, HoldExpiry, led
from entrypoints.http.middleware import request_id_middleware
from entrypoints.http.openapi_links import document_links
from entrypoints.http.openapi_problems import document_problems
from entrypoints.http.problems import EXCEPTION_HANDLERS
from entrypoints.http.routes import booking as booking_routes
from entrypoints.http.routes import calendar as calendar_routes
from entrypoints.http.routes import flags as flag_routes
from entrypoints.http.routes import identity as identity_routes
from entrypoints.http.routes import identity_account as identity_account_routes
from entrypoints.http.routes import media as media_routes
from entrypoints.http.routes import messaging as messaging_routes
from entrypoints.http.routes import moderation as moderation_routes
from entrypoints.http.routes import onboarding, ops, profiles, public_pages, search, search_page, services
from entrypoints.http.routes import payments as payment_routes
from entrypoints.http.routes import reviews as review_routes
from entrypoints.http.routes import staff_console as staff_console_routes
from entrypoints.http.routes import staff_report_page as staff_report_routes
from entrypoints.http.routes import staff_review_queues as staff_review_queue_routes
from entrypoints.http.routes import staff_sign_in as staff_sign_in_routes
from entrypoints.http.routes import staff_user_page as staff_user_routes
from entrypoints.http.routes import takedowns as takedown_routes
from entrypoints.http.security_headers import page_policy, security_headers
from entrypoints.http.tracing import request_tracing

# prometheus_client's default buckets plus 0.15 and 0.6 s: each latency SLO's threshold (ops/slo.yaml: search
# 150 ms, checkout 600 ms) must be a bucket boundary for its rules to count the requests slower than it.
LATENCY_BUCKETS: list[str | float] = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 0.6, 0.75, 1.0, 2.5,
                                      5.0, 7.5, 10.0]  # fmt: skip


class MetricsController(PrometheusController):
    path = "/metrics"
    include_in_schema = False

    @get(sync_to_thread=True)
    def get(  # type: ignore[override]  # the same route, gauges read first
        self, outbox_gauges: SkipValidation[OutboxGauges], delivery_gauges: SkipValidation[DeliveryGauges],
        takedown_gauges: SkipValidation[TakedownGauges], payout_gauges: SkipValidation[PayoutGauges],
        replica_reads: SkipValidation[ReplicaReads],
    ) -> Response:  # fmt: skip
        """Prometheus text; the outbox's, the delivery queue's, the takedown SLA's and the held payouts' backlog and
        oldest age, and the payouts due but unsent, are read at each scrape."""
        outbox_gauges.refresh()
        delivery_gauges.refresh()
        takedown_gauges.refresh()
        payout_gauges.refresh()
        if replica_reads.configured:  # the replica's lag and where reads go (DATABASE_REPLICA_URL)
            replica_reads.refresh()
        registry = REGISTRY
        if "PROMETHEUS_MULTIPROC_DIR" in os.environ:  # several workers (see `rastup serve`)
            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]  # untyped in prometheus-client
        return Response(generate_latest(registry), headers={"Content-Type": CONTENT_TYPE_LATEST})


def _dependencies(container: Container) -> dict[str, Provide]:
    """Bridge the dependency-injector container into Litestar's per-request dependencies."""

    def provider(factory: Any) -> Provide:
        return Provide(lambda: factory(), sync_to_thread=False, use_cache=False)

    return {
        "commands": provider(container.commands),
        "switchboard": provider(container.flags),
        "profiles_uow": provider(container.profiles_uow),
        "calendar_uow": provider(container.calendar_uow),
        "calendar_read_uow": provider(container.calendar_read_uow),  # on the replica while it keeps up
        "replica_reads": provider(container.replica_reads),
        "onboarding_uow": provider(container.onboarding_uow),
        "thresholds": provider(container.onboarding_thresholds),
        "verification_provider": provider(container.verification_provider),
        "public_sources": provider(container.public_sources),
        "booking_uow": provider(container.booking_uow),
        "clock": provider(container.clock),
        "ids": provider(container.ids),
        "health_probes": provider(container.health_probes),
        "media_uow": provider(container.media_uow),
        "reviews_uow": provider(container.reviews_uow),
        "moderation_uow": provider(container.moderation_uow),
        "report_evidence": provider(container.report_evidence),
        "strike_policy": provider(container.strike_policy),
        "parties_uow": provider(container.booking_uow),
        "media_store": provider(container.media_store),
        "identity_uow": provider(container.identity_uow),
        "identity_services": provider(container.identity_services),
        "identity_edge": provider(container.identity_edge),
        "outbox_gauges": provider(container.outbox_gauges),
        "delivery_gauges": provider(container.delivery_gauges),
        "takedown_gauges": provider(container.takedown_gauges),
        "payout_gauges": provider(container.payout_gauges),
        "takedown_sla": provider(container.takedown_sla),
        "outbox_relay": provider(container.outbox_relay),
        "search": provider(container.search),
        "live_feed": provider(container.live_feed),
        "new_messaging_uow": Provide(lambda: container.messaging_uow, sync_to_thread=False, use_cache=False),
        "public_base_url": Provide(lambda: container.settings().public_base_url, sync_to_thread=False),
        "current_user": CURRENT_USER,
        "viewer": quick_viewer(container.identity_uow, container.identity_services),
        "public_page_desk": Provide(_public_page_desk(container), sync_to_thread=False),
        "profile_read_desk": _with_viewer(
            container,
            lambda actor: ProfileReadDesk(container.profiles_uow, actor, container.clock(), container.public_reads()),
        ),
        "calendar_read_desk": _with_viewer(
            container,
            lambda actor: CalendarReadDesk(
                container.calendar_read_uow, container.clock(), actor, container.public_reads()
            ),
        ),
    }


def _with_viewer(container: Container, build: Callable[[Actor], object]) -> Provide:
    """A hot read's dependencies as one, built around its caller (``quick_viewer_of``)."""

    async def provide(request: Request[Any, Any, Any]) -> object:
        return build(await quick_viewer_of(request, container.identity_uow, container.identity_services))

    return Provide(provide)


def _public_page_desk(container: Container) -> Callable[[Request[Any, Any, Any]], PublicPageDesk]:
    def provide(request: Request[Any, Any, Any]) -> PublicPageDesk:
        viewer = later_page_viewer(request, container.identity_uow, container.identity_services)
        return PublicPageDesk(container.public_reads(), container.clock(), viewer)

    return provide


def swept(container: Container, complete_after: timedelta) -> list[str]:
    """One booking sweep, the review windows that closed (their lone reviews publish) and the review reminders due
    (day 2 and day 10), when this process leads the round; then, whoever led, the availability index rows of every
    owner whose busy time this process saw change (this sweep's expiries and completions, and its requests' holds
    and cancellations: the marks are the process's own)."""
    moved: list[str] = []
    with container.sweep_leadership().round("booking-sweep") as leading:
        ROUNDS.labels("booking-sweep", "led" if leading else "skipped").inc()
        if leading:
            moved = sweep_bookings(container.booking_uow(), container.clock(), complete_after)
            publish_due_reviews(container.reviews_uow(), container.clock())
            send_review_reminders(container.reviews_uow(), container.digests_uow, container.identity_uow,
                                  container.email_sender(), container.clock(), container.review_rules())  # fmt: skip
    container.pending_availability().refresh_pending()
    return moved


def reconciled(container: Container) -> list[str]:
    """One reconciliation pass (what ``rastup payments reconcile`` runs without ``--since``, voiding the orphan
    holds of the last PAYMENTS_ORPHAN_WINDOW_S too), counted on /metrics; returns the intents it repaired or voided.
    Like the booking sweep, the service's own work: no command, no request."""
    clock, window_s = container.clock(), container.settings().payments_orphan_window_s
    orphans_since = clock.now() - timedelta(seconds=window_s) if window_s else None
    report = observed(reconcile(container.booking_uow(), container.payments(), clock, orphans_since=orphans_since))
    return [*report.repaired, *(f"voided {orphan.intent_id}" for orphan in report.voided)]


def rolled_over(container: Container) -> list[str]:
    """The day's rollover (``core.search.rollover``); what it did, for the log, when it moved any document."""
    done = container.search().roll_over()
    return [f"{done.calendar_rows} rows", f"{done.documents} documents"] if done.documents or done.failed else []


def unread_noticed(container: Container) -> list[str]:
    """One unread-message sweep (what ``rastup messages notify-unread`` runs): emails queued, for the log."""
    run = notify_unread(container.messaging_uow, container.message_directory(), container.email_sender(),
                        container.clock(), container.contact_detector(),
                        links=container.unsubscribe_links())  # fmt: skip
    return [f"{run.emailed} emails", f"{run.threads} threads"] if run.emailed else []


def _sweeps(container: Container, settings: Settings) -> list[HoldExpiry]:
    """The service's periodic tasks: the booking sweep, the availability rows bookings marked (so a booking
    reaches search within about a second), the day's rollover of availability rows and documents, the payments
    reconciliation and the unread-message emails."""
    complete_after = timedelta(hours=settings.booking_complete_after_hours)
    leadership = container.sweep_leadership()  # one process at a time per round of a sweep over shared rows
    return [
        HoldExpiry(lambda: swept(container, complete_after), settings.booking_expiry_interval_s),
        HoldExpiry(lambda: container.pending_availability().refresh_pending(), settings.availability_refresh_interval_s,
                   name="availability-refresh", done="availability_refreshed"),  # this process's own marks
        HoldExpiry(led(leadership, "search-rollover", lambda: rolled_over(container)),
                   settings.search_rollover_interval_s, name="search-rollover", done="availability_rolled_over"),
        HoldExpiry(led(leadership, "payments-reconcile", lambda: reconciled(container)),
                   settings.payments_reconcile_interval_s, name="payments-reconcile", done="payments_reconciled"),
        HoldExpiry(led(leadership, UNREAD_SWEEP, lambda: unread_noticed(container)),
                   settings.messaging_unread_notice_interval_s, name="unread-message-notices",
                   done="unread_messages_noticed"),
    ]  # fmt: skip


def _forwarded_client(settings: Settings) -> list[DefineMiddleware]:
    """Behind trusted proxies, the forwarded client (see ``client_address``); otherwise nothing to add."""
    if not settings.trusted_proxies:
        return []
    return [DefineMiddleware(ForwardedClient, trusted_proxies=settings.trusted_proxies)]


def _image_hosts(settings: Settings) -> list[str]:
    """Where public pages' images come from: this service (local media) and the media CDN, if any."""
    return [settings.public_base_url, settings.media_public_base_url]


def create_app(container: Container, tracing: Tracing | None = None) -> Litestar:
    """Build the app around ``container``; nothing connects until the first request needs it. Tracing is
    installed as ``TRACING`` says, unless a test gives its own (``install_tracing`` with an in-memory exporter)."""
    settings = container.settings()
    tracing = tracing or install_tracing(container)
    configure_logging(settings.log_level, settings.log_json, [tracing.log_ids] if tracing else [])
    metrics = PrometheusConfig(
        app_name="rastup", prefix="rastup", group_path=True, exclude=["/metrics"], buckets=LATENCY_BUCKETS
    )
    expiry, *others = _sweeps(container, settings)  # booking: unpaid holds free their time; ended bookings complete
    app = Litestar(
        route_handlers=[
            ops.healthz,
            ops.readyz,
            ops.problem_type,
            flag_routes.router,
            profiles.router,
            identity_routes.router,
            identity_account_routes.auth_router,
            identity_account_routes.account_router,
            calendar_routes.router,
            booking_routes.checkout_router,
            booking_routes.bookings_router,
            calendar_routes.public_router,
            onboarding.router,
            services.router,
            public_pages.pages,
            public_pages.api,
            media_routes.router,
            media_routes.uploads,
            media_routes.files,
            search.router,
            payment_routes.router,
            payment_routes.staff_router,
            review_routes.router,
            moderation_routes.router,
            takedown_routes.router,
            messaging_routes.router,
            search_page.search_page,
            staff_console_routes.report_queue_page,
            staff_sign_in_routes.sign_in_page,
            staff_sign_in_routes.sign_in,
            staff_sign_in_routes.step_up,
            staff_sign_in_routes.sign_out,
            *staff_report_routes.route_handlers,
            *staff_review_queue_routes.route_handlers,
            staff_user_routes.user_page,
            MetricsController,
        ],
        dependencies=_dependencies(container),
        exception_handlers=EXCEPTION_HANDLERS,
        before_request=validate_body,
        dto=StrictBody,  # every body structured once, by the strict converter
        return_dto=None,  # answers are encoded as they are
        before_send=[security_headers(page_policy(public_pages.page_styles(), _image_hosts(settings)))],
        middleware=[*_forwarded_client(settings), request_id_middleware, *request_tracing(tracing), metrics.middleware],
        plugins=[AttrsSchemaPlugin()],
        request_max_body_size=settings.max_body_bytes,
        openapi_config=OpenAPIConfig(title="RastUp core API", version="0.1.0", path="/schema"),
        lifespan=[expiry.lifespan, *(sweep.lifespan for sweep in others)],
        state=State(
            {"hold_expiry": expiry, "geo_headers": GeoHeaders(settings.geo_country_header, settings.geo_asn_header)}
        ),
        on_startup=[  # queued email and SMS go out from here, and outbound events the fast path left
            lambda: container.delivery_dispatcher().start(),
            lambda: container.outbox_relay().start(),
        ],
        on_shutdown=[lambda: container.shutdown_resources()],
        logging_config=None,
        debug=False,
    )
    document_problems(app)  # every route's problem+json answers, in its OpenAPI operation
    document_links(app)  # what may follow a create: the id in its answer fills the next call's path
    return app
