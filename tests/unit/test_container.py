"""The composition root picks adapters from settings, connects lazily, and readiness names what is down."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import pytest
from dependency_injector import providers
from litestar.testing import TestClient

from adapters.memory.payments import InMemoryPaymentGateway
from adapters.memory.rate_limiter import InMemoryRateLimiter
from adapters.outbox.senders import FileOutboxEmailSender
from adapters.sqlalchemy.migrate import upgrade
from adapters.system.fallbacks import ScopedFallbackRateLimiter
from config.container import build_container
from config.settings import Settings
from core.calendar.feed_urls import parse_feed_url
from core.calendar.feeds import FeedFetchFailed
from core.delivery.handlers import QueuedEmailSender
from core.identity.delivery import EmailMessage
from entrypoints.http.app import create_app


def test_embedded_defaults(tmp_path: Path) -> None:
    container = build_container(Settings(database_url=f"sqlite:///{tmp_path / 'c.db'}"))
    assert isinstance(container.rate_limiter(), InMemoryRateLimiter)
    assert container.rate_limiter() is container.rate_limiter()  # one limiter per process
    assert isinstance(container.payments(), InMemoryPaymentGateway)
    assert not (tmp_path / "c.db").exists()  # nothing connected yet: providers are lazy
    assert [probe.check().component for probe in container.health_probes()] == ["database (sqlite)"]


def test_stripe_backend_is_selected_on_its_own_client_without_connecting(tmp_path: Path) -> None:
    import stripe

    from adapters.stripe.gateway import StripePaymentGateway
    from adapters.system.timed_payments import TimedPaymentGateway

    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'c.db'}", payments_backend="stripe", stripe_api_key="sk_test_x",
        stripe_api_base="http://127.0.0.1:9",
    )  # fmt: skip
    container = build_container(settings)
    payments = container.payments()
    assert isinstance(payments, TimedPaymentGateway) and payments is container.payments()  # its calls on /metrics
    assert isinstance(payments.inner, StripePaymentGateway)
    assert stripe.api_key is None and stripe.api_base == "https://api.stripe.com"  # the module's globals untouched
    assert not (tmp_path / "c.db").exists()


def test_redis_backend_is_selected_and_an_unreachable_redis_degrades_readiness(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'c.db'}"
    upgrade(url)
    settings = Settings(database_url=url, rate_limit_backend="redis", redis_url="redis://127.0.0.1:1/0")
    container = build_container(settings)
    assert isinstance(container.rate_limiter(), ScopedFallbackRateLimiter)  # Redis, with a fallback per limit
    with TestClient(create_app(container)) as client:
        response = client.get("/readyz")
    assert response.status_code == 503
    components = {c["component"]: c["ok"] for c in response.json()["components"]}
    assert components == {"database (sqlite)": True, "redis (rate limits)": False}


def test_memory_limiter_from_the_container_limits() -> None:
    limiter = build_container(Settings()).rate_limiter()
    now = datetime(2026, 11, 23, tzinfo=UTC)
    decisions = [limiter.hit("login:ip:127.0.0.1", 2, 60, now) for _ in range(3)]
    assert [d.allowed for d in decisions] == [True, True, False] and decisions[-1].retry_after_s == 60


def test_the_outbox_directory_stays_synchronous(tmp_path: Path) -> None:
    container = build_container(Settings(outbox_dir=str(tmp_path / "outbox")))
    assert isinstance(container.email_sender(), FileOutboxEmailSender)  # tests read it right after a request


@pytest.mark.parametrize(("email_backend", "sms_backend"), [("smtp", "sns"), ("ses", "sns")])
def test_gateways_are_reached_through_the_durable_queue(email_backend: str, sms_backend: str, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'q.db'}"
    upgrade(url)
    settings = Settings(database_url=url, identity_key_dir=str(tmp_path), email_backend=email_backend,
                        sms_backend=sms_backend, smtp_port=1)  # fmt: skip
    container = build_container(settings)
    email = container.email_sender()
    assert isinstance(email, QueuedEmailSender) and email is container.email_sender()
    email.send(EmailMessage("a@example.com", "s", "t"))
    container.sms_codes().send_code("+33612345678", "123456")
    assert container.delivery_queue().summary(datetime.now(UTC)).due == 2  # durable: in the database
    container.shutdown_resources()  # the dispatcher never started here (no service): the messages wait
    again = build_container(settings)
    claimed = again.delivery_queue().claim(datetime.now(UTC), 10, datetime.now(UTC))
    assert [(c.message.channel, c.message.to) for c in claimed] == [("email", "a@example.com"), ("sms", "+33612345678")]


@pytest.mark.parametrize("allow_private", [False, True])
def test_feed_addresses_follow_the_private_feeds_setting(tmp_path: Path, allow_private: bool) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'c.db'}", calendar_feeds_allow_private=allow_private)
    container = build_container(settings)
    inward = parse_feed_url("http://127.0.0.1:9/cal.ics")  # the discard port: nothing answers there
    assert (container.feed_addresses().refusal(inward) is None) is allow_private
    fetched = container.feed_fetcher().fetch(inward.url, None, None)
    assert isinstance(fetched, FeedFetchFailed) and fetched.detail.startswith("refused:") is not allow_private


def test_every_singleton_is_built_once_however_many_threads_ask_at_once(tmp_path: Path) -> None:
    """The service's background rounds and its request threads resolve providers from the first moment: a plain
    ``Singleton`` asked by two threads at once builds two (one bus's availability marks unseen by the other's)."""
    container = build_container(Settings(database_url=f"sqlite:///{tmp_path / 'c.db'}", outbox_dir=str(tmp_path)))
    plain = [
        p for p in container.traverse(types=[providers.Singleton]) if not isinstance(p, providers.ThreadSafeSingleton)
    ]
    assert plain == []
    start = threading.Barrier(8)

    def resolve() -> tuple[object, object]:
        start.wait()
        return container.message_bus(), container.pending_availability()

    with ThreadPoolExecutor(8) as pool:
        built = list(pool.map(lambda _n: resolve(), range(8)))
    assert len({id(bus) for bus, _ in built}) == 1
    assert len({id(marks) for _, marks in built}) == 1
    container.shutdown_resources()
