"""`rastup demo seed`: a small, realistic marketplace with the stable ids the load scripts use."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

import attrs
import typer
from rich.progress import track

from config.container import Container
from core.identity.handlers.operators import account_by_email
from core.onboarding.ports import OnboardingUnitOfWork
from core.profiles.commands import GiveUnownedProfiles
from core.profiles.model import ProfileDraft, ProfileFields, ProfileKind, Role, ServiceProfile
from core.shared.actor import OPERATOR
from core.shared.clock import Clock
from core.shared.errors import NotFound
from core.shared.money import Money
from entrypoints.cli.calendar_demo import seed_schedules
from entrypoints.cli.demo_details import DETAILS, VERIFIED, verified_identity
from entrypoints.cli.errors import reports_errors
from entrypoints.cli.invocation import current_container, handle

app = typer.Typer(help="Demo data for newcomers and load tests.", no_args_is_help=True)

P, V, M, MUA, STY = Role.PHOTOGRAPHER, Role.VIDEOGRAPHER, Role.MODEL, Role.MAKEUP_ARTIST, Role.STYLIST


@attrs.frozen
class DemoProfile:
    id: str
    slug: str
    kind: ProfileKind
    name: str
    headline: str
    city: str
    roles: tuple[Role, ...]
    services: tuple[tuple[str, Role | None, str, int, str], ...]  # id, role, title, hourly major units, currency
    published: bool = True


DEMO: tuple[DemoProfile, ...] = (
    DemoProfile("prf_demo_photographer_la", "demo-photographer-la", ProfileKind.PROVIDER, "Ana Diaz",
                "Editorial and portrait photographer; also shoots short-form video", "los-angeles", (P, V),
                (("spf_demo", P, "Portrait session", 180, "USD"),
                 ("spf_demo_video", V, "Short-form video", 220, "USD"))),
    DemoProfile("prf_demo_model_la", "demo-model-la", ProfileKind.PROVIDER, "Jordan Lee",
                "Fashion model and makeup artist", "los-angeles", (M, MUA),
                (("spf_demo_model", M, "Fashion shoot", 150, "USD"),)),
    DemoProfile("prf_demo_stylist_ny", "demo-stylist-ny", ProfileKind.PROVIDER, "Priya Shah",
                "Wardrobe stylist for campaigns", "new-york", (STY,),
                (("spf_demo_stylist", STY, "Campaign styling", 120, "USD"),)),
    DemoProfile("prf_demo_videographer_ldn", "demo-videographer-london", ProfileKind.PROVIDER, "Tom Hughes",
                "Music-video director of photography", "london", (V, P),
                (("spf_demo_video_ldn", V, "Music video day", 160, "GBP"),)),
    DemoProfile("prf_demo_studio_la", "sunset-light-studio", ProfileKind.STUDIO, "Sunset Light Studio",
                "Daylight studio with cyclorama, 2,000 sq ft", "los-angeles", (),
                (("spf_demo_studio_la", None, "Studio hire", 95, "USD"),)),
    DemoProfile("prf_demo_studio_ny", "brooklyn-loft-studio", ProfileKind.STUDIO, "Brooklyn Loft Studio",
                "Industrial loft with north light", "new-york", (),
                (("spf_demo_studio_ny", None, "Loft hire", 110, "USD"),), published=False),
)  # fmt: skip


def load_profiles(count: int) -> Iterator[DemoProfile]:
    """Profiles ``prf_load_001..N`` with services ``spf_load_001..N`` for load tests."""
    for n in range(1, count + 1):
        yield DemoProfile(f"prf_load_{n:03d}", f"load-provider-{n:03d}", ProfileKind.PROVIDER, f"Load Provider {n:03d}",
                          "Load-test provider", "los-angeles", (P,),
                          ((f"spf_load_{n:03d}", P, "Load-test session", 100, "USD"),))  # fmt: skip


def seed_profile(demo: DemoProfile, uow: OnboardingUnitOfWork, clock: Clock) -> bool:
    """Create ``demo`` unless its id already exists; return whether anything was written."""
    with uow:
        try:
            uow.profiles.get(demo.id)
            return False
        except NotFound:
            pass
        fields = ProfileFields.validated(kind=demo.kind, display_name=demo.name, headline=demo.headline,
                                         roles=demo.roles, city=demo.city, **DETAILS.get(demo.id, {}))  # fmt: skip
        now = clock.now()
        profile = ProfileDraft.new(profile_id=demo.id, kind=demo.kind, slug=demo.slug, fields=fields, now=now)
        if demo.published:
            profile.publish(now)
        uow.profiles.add(profile)
        instant = demo.id.startswith("prf_load_")  # booking load test: holds are paid without a provider's accept
        for service_id, role, title, major, currency in demo.services:
            price = Money.of_major(major, currency)
            uow.profiles.add_service(ServiceProfile(service_id, demo.id, role, title, price, instant_book=instant))
        if demo.id in VERIFIED:
            uow.verifications.add(verified_identity(demo.id, now))
        uow.commit()
        return True


OWNER_HELP = ("An existing account's email: the seeded profiles nobody owns yet become its own, so it may edit "
              "them, their calendars, media and onboarding over HTTP.")  # fmt: skip


def user_id_of(email: str, container: Container) -> str:
    """The id of the account with this email. Raises ``NotFound`` (create it with ``rastup users create``)."""
    uow = container.identity_uow()
    with uow.reading():
        return account_by_email(email, uow).id


@app.command()
@reports_errors
def seed(
    load_profiles_count: Annotated[
        int,
        typer.Option("--load-profiles", min=0, max=10_000, help="Also create spf_load_001..N for load tests."),
    ] = 0,
    owner: Annotated[str | None, typer.Option(help=OWNER_HELP)] = None,
) -> None:
    """Load the demo marketplace (idempotent: existing ids are left alone)."""
    container = current_container()
    owner_user_id = None if owner is None else user_id_of(owner, container)  # fail before writing anything
    clock = container.clock()
    everything = [*DEMO, *load_profiles(load_profiles_count)]
    written = sum(
        seed_profile(demo, container.onboarding_uow(), clock) for demo in track(everything, description="Seeding")
    )
    everyone = [(d.id, d.city, d.kind is ProfileKind.STUDIO) for d in everything]
    schedules = seed_schedules(everyone, container.commands())  # and refreshes the availability index
    typer.echo(f"demo data: {written} profiles written, {len(everything) - written} already present")
    typer.echo(f"demo calendars: {schedules} schedules written")
    if owner_user_id is not None:
        given = handle(GiveUnownedProfiles(OPERATOR, tuple(d.id for d in everything), owner_user_id))
        typer.echo(f"demo owner: {owner} was given {given} profiles nobody owned")
    indexed = container.search().indexer.rebuild()  # seeded straight into the stores: no event told the indexer
    typer.echo(f"demo search: {indexed.upserted} documents indexed")
