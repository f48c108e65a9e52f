"""A seeded marketplace behind the real app on SQLite, with a clock the test moves."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from dependency_injector import providers
from litestar.testing import TestClient

from adapters.memory.clock import FixedClock
from adapters.sqlalchemy.migrate import upgrade
from config.container import Container, build_container
from config.settings import Settings
from core.identity.staff import StaffRole
from core.profiles.model import ProfileKind
from entrypoints.cli.calendar_demo import seed_schedules
from entrypoints.cli.demo import DEMO, load_profiles, seed_profile
from entrypoints.http.app import create_app
from tests.unit.http.signed_in import bearer, own_profile, sign_in

NOW = datetime(2026, 12, 1, 16, 0, tzinfo=UTC)  # a Tuesday, 08:00 in Los Angeles
LOAD = "spf_load_001"  # Instant Book, open around the clock, no notice, 15-minute grid
ALICE = bearer("tok-alice-client")
BOB = bearer("tok-bob-client")
PROVIDER = bearer("tok-pat-provider")  # owns prf_load_001 and prf_demo_photographer_la
STAFF = bearer("tok-sam-support")


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def slot(hours_from_now: float, minutes: int = 60) -> dict[str, Any]:
    start = NOW + timedelta(hours=hours_from_now)
    return {"serviceProfileId": LOAD, "startTs": iso(start), "endTs": iso(start + timedelta(minutes=minutes))}


def seeded_container(tmp_path: Path, **settings: Any) -> tuple[Container, FixedClock]:
    url = f"sqlite:///{tmp_path / 'booking.db'}"
    upgrade(url)
    container = build_container(Settings(database_url=url, **settings))
    clock = FixedClock(NOW)
    container.clock.override(providers.Object(clock))
    everything = [*DEMO, *load_profiles(2)]
    for demo in everything:
        seed_profile(demo, container.onboarding_uow(), clock)
    seed_schedules([(d.id, d.city, d.kind is ProfileKind.STUDIO) for d in everything], container.commands())
    if not _signed_in(container):
        sign_in(container, "alice@example.com", "tok-alice-client")
        sign_in(container, "bob@example.com", "tok-bob-client")
        provider = sign_in(container, "pat@example.com", "tok-pat-provider")
        sign_in(container, "sam@example.com", "tok-sam-support", StaffRole.SUPPORT)
        for profile_id in ("prf_load_001", "prf_demo_photographer_la"):
            own_profile(container, profile_id, provider)
    return container, clock


def _signed_in(container: Container) -> bool:
    """True when the parties exist already (a second container over the same database: a restart)."""
    uow = container.identity_uow()
    with uow:
        return uow.users.get_by_email("alice@example.com") is not None


@contextmanager
def serving(container: Container) -> Iterator[TestClient[Any]]:
    with TestClient(create_app(container)) as client:
        yield client


def booking_rows(container: Container) -> int:
    from sqlalchemy import func, select

    from adapters.sqlalchemy.tables.booking import bookings

    with container.engine().connect() as connection:
        return int(connection.execute(select(func.count()).select_from(bookings)).scalar_one())
