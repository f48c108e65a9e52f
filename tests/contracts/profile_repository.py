"""The contract every ProfileDraftRepository + ProfilesUnitOfWork pair must keep.

Subclass and provide the ``new_uow`` fixture: a callable returning a fresh unit of work over one shared,
initially empty store. The in-memory fake runs this in tests/unit, SQLAlchemy in tests/integration.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import attrs
import pytest

from adapters.memory.clock import FixedClock
from core.profiles.commands import ListProfiles, UpdateProfileDraft
from core.profiles.details import GeoPoint, Link, ServicePackage
from core.profiles.events import ProfileDraftEdited
from core.profiles.handlers import update_profile_draft
from core.profiles.model import ProfileDraft, ProfileFields, ProfileKind, Role, ServiceProfile
from core.profiles.ports import ProfilesUnitOfWork
from core.profiles.studio import Address, Contact, StudioDetails
from core.shared.actor import OPERATOR
from core.shared.errors import AlreadyExists, NotFound, VersionConflict
from core.shared.idempotency import IdempotencyRecord
from core.shared.money import Money

NOW = datetime(2026, 11, 23, 9, 30, 15, 123456, tzinfo=UTC)
NewUow = Callable[[], ProfilesUnitOfWork]


def draft(n: int, *, city: str = "los-angeles", roles: tuple[Role, ...] = (Role.PHOTOGRAPHER,)) -> ProfileDraft:
    fields = ProfileFields.validated(kind=ProfileKind.PROVIDER, display_name=f"Person {n}", headline="Héllo ✨",
                                     bio="line one\nline two", roles=roles, city=city)  # fmt: skip
    return ProfileDraft.new(
        profile_id=f"prf_{n:04d}", kind=ProfileKind.PROVIDER, slug=f"person-{n}", fields=fields, now=NOW
    )


def detailed(n: int) -> ProfileDraft:
    """A provider with every detail filled in, so a round trip checks every column."""
    fields = attrs.evolve(
        draft(n).fields,
        tags=("portraits", "natural-light"),
        geo=GeoPoint(34.052235, -118.243683),
        price_min=Money(15000, "USD"),
        price_max=Money(60000, "USD"),
        languages=("en", "pt-BR"),
        links=(Link("Site", "https://example.com/ana"),),
        packages=(ServicePackage("Headshots", 60, Money(18000, "USD"), ("10 edited photos", "online gallery")),),
    )
    return attrs.evolve(draft(n), fields=fields)


def studio(n: int) -> ProfileDraft:
    details = StudioDetails.validated(
        contact=Contact("hello@studio.example", "+13105550100"),
        address=Address.validated(street="1 Sunset Blvd", city="Los Angeles", postal_code="90028", country="US",
                                  region="CA", area="Hollywood"),
        amenities=("cyclorama", "parking"),
        hourly_min=Money(9500, "USD"),
        hourly_max=Money(15000, "USD"),
        deposit=Money(20000, "USD"),
    )  # fmt: skip
    fields = ProfileFields.validated(kind=ProfileKind.STUDIO, display_name=f"Studio {n}", studio=details)
    return ProfileDraft.new(profile_id=f"prf_{n:04d}", kind=ProfileKind.STUDIO, slug=f"studio-{n}", fields=fields,
                            now=NOW)  # fmt: skip


def store(new_uow: NewUow, *profiles: ProfileDraft) -> None:
    with new_uow() as uow:
        for profile in profiles:
            uow.profiles.add(profile)
        uow.commit()


class ProfileDraftRepositoryContract:
    @pytest.fixture
    def new_uow(self) -> NewUow:
        raise NotImplementedError("subclasses provide a unit-of-work factory over an empty store")

    def test_a_stored_profile_reads_back_equal(self, new_uow: NewUow) -> None:
        profile = draft(1, roles=(Role.MODEL, Role.PHOTOGRAPHER))
        store(new_uow, profile)
        with new_uow() as uow:
            assert uow.profiles.get("prf_0001") == profile
            assert uow.profiles.get_by_slug("person-1") == profile
            assert uow.profiles.get("prf_0001").created_at.tzinfo is not None

    def test_every_detail_of_providers_and_studios_reads_back_equal(self, new_uow: NewUow) -> None:
        provider, place, bare = detailed(1), studio(2), attrs.evolve(studio(3), fields=ProfileFields.validated(
            kind=ProfileKind.STUDIO, display_name="Bare"))  # fmt: skip
        store(new_uow, provider, place, bare)
        with new_uow() as uow:
            assert uow.profiles.get("prf_0001") == provider
            assert uow.profiles.get("prf_0002") == place
            assert uow.profiles.get("prf_0003") == bare
            assert uow.profiles.get("prf_0003").fields.studio == StudioDetails()

    def test_a_new_slug_is_saved_unless_another_profile_holds_it(self, new_uow: NewUow) -> None:
        store(new_uow, draft(1), draft(2))
        with new_uow() as uow:
            profile = uow.profiles.get("prf_0001")
            profile.rename_slug("ana-diaz")
            profile.edit(profile.fields, NOW)
            uow.profiles.save(profile, expected_version=1)
            uow.commit()
        with new_uow() as uow:
            assert uow.profiles.get_by_slug("ana-diaz").id == "prf_0001"
            taker = uow.profiles.get("prf_0002")
            taker.rename_slug("ana-diaz")
            taker.edit(taker.fields, NOW)
            with pytest.raises(AlreadyExists) as caught:
                uow.profiles.save(taker, expected_version=1)
        assert caught.value.kind == "profile slug"
        with new_uow() as uow:
            assert uow.profiles.get("prf_0002").slug == "person-2"

    def test_missing_profiles_raise_not_found(self, new_uow: NewUow) -> None:
        with new_uow() as uow, pytest.raises(NotFound):
            uow.profiles.get("prf_nope")
        with new_uow() as uow, pytest.raises(NotFound):
            uow.profiles.get_by_slug("nope")

    def test_ids_and_slugs_are_unique(self, new_uow: NewUow) -> None:
        store(new_uow, draft(1))
        with new_uow() as uow, pytest.raises(AlreadyExists) as by_id:
            uow.profiles.add(draft(1))
        assert by_id.value.kind == "profile"
        clash = attrs.evolve(draft(2), slug="person-1")
        with new_uow() as uow, pytest.raises(AlreadyExists) as by_slug:
            uow.profiles.add(clash)
        assert by_slug.value.kind == "profile slug"

    def test_save_checks_the_version_atomically(self, new_uow: NewUow) -> None:
        store(new_uow, draft(1))
        with new_uow() as uow:
            profile = uow.profiles.get("prf_0001")
            profile.edit(attrs.evolve(profile.fields, headline="new"), NOW)
            uow.profiles.save(profile, expected_version=1)
            uow.commit()
        with new_uow() as uow:
            stale = uow.profiles.get("prf_0001")
            stale.edit(attrs.evolve(stale.fields, headline="lost?"), NOW)
            with pytest.raises(VersionConflict) as caught:
                uow.profiles.save(stale, expected_version=1)
        assert (caught.value.expected, caught.value.current) == (1, 2)
        with new_uow() as uow:
            assert uow.profiles.get("prf_0001").fields.headline == "new"

    def test_saving_a_missing_profile_raises_not_found(self, new_uow: NewUow) -> None:
        with new_uow() as uow, pytest.raises(NotFound):
            uow.profiles.save(draft(9), expected_version=1)

    def test_concurrent_edits_of_one_version_have_exactly_one_winner(self, new_uow: NewUow) -> None:
        store(new_uow, draft(1))
        outcomes: list[str] = []

        def edit(n: int) -> None:
            try:
                cmd = UpdateProfileDraft(OPERATOR, "prf_0001", expected_version=1, headline=f"writer {n}")
                update_profile_draft(cmd, new_uow(), FixedClock(NOW + timedelta(minutes=5)))
                outcomes.append("won")
            except VersionConflict:
                outcomes.append("conflict")

        threads = [threading.Thread(target=edit, args=(n,)) for n in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(outcomes) == ["conflict"] * 5 + ["won"]
        with new_uow() as uow:
            assert uow.profiles.get("prf_0001").version == 2

    def test_list_pages_by_id_and_filters(self, new_uow: NewUow) -> None:
        store(new_uow, *(draft(n, city="new-york" if n % 2 else "los-angeles") for n in range(1, 8)),
              draft(8, roles=(Role.MODEL,)))  # fmt: skip
        with new_uow() as uow:
            first = uow.profiles.page(ListProfiles(limit=3))
            second = uow.profiles.page(ListProfiles(limit=3, after=first[-1].id))
            in_ny = uow.profiles.page(ListProfiles(limit=50, city="new-york"))
            models = uow.profiles.page(ListProfiles(limit=50, role=Role.MODEL))
        assert [p.id for p in first] == ["prf_0001", "prf_0002", "prf_0003"]
        assert [p.id for p in second] == ["prf_0004", "prf_0005", "prf_0006"]
        assert [p.id for p in in_ny] == ["prf_0001", "prf_0003", "prf_0005", "prf_0007"]
        assert [p.id for p in models] == ["prf_0008"]
        assert models[0].fields.roles == (Role.MODEL,)

    def test_list_keeps_unpublished_profiles_out_unless_owned(self, new_uow: NewUow) -> None:
        published = draft(1)
        published.publish(NOW)
        mine, theirs = attrs.evolve(draft(2), owner_user_id="usr_ann"), attrs.evolve(draft(3), owner_user_id="usr_bo")
        store(new_uow, published, mine, theirs, draft(4))
        with new_uow() as uow:
            anyone = uow.profiles.page(ListProfiles(limit=50, published_only=True))
            ann = uow.profiles.page(ListProfiles(limit=50, published_only=True, also_owned_by="usr_ann"))
            first_of_ann = uow.profiles.page(ListProfiles(limit=1, after="prf_0001", published_only=True,
                                                          also_owned_by="usr_ann"))  # fmt: skip
            everyone = uow.profiles.page(ListProfiles(limit=50))
        assert [p.id for p in anyone] == ["prf_0001"]
        assert [p.id for p in ann] == ["prf_0001", "prf_0002"]
        assert [p.id for p in first_of_ann] == ["prf_0002"]
        assert [p.id for p in everyone] == ["prf_0001", "prf_0002", "prf_0003", "prf_0004"]

    def test_a_users_profiles_are_found_by_owner(self, new_uow: NewUow) -> None:
        mine = [attrs.evolve(draft(n), owner_user_id="usr_ann") for n in (3, 1)]
        store(new_uow, *mine, attrs.evolve(draft(2), owner_user_id="usr_bo"), draft(4))  # 4: seeded, no owner
        with new_uow() as uow:
            owned = uow.profiles.owned_by("usr_ann")
            assert [p.id for p in owned] == ["prf_0001", "prf_0003"]
            assert owned[0].fields.roles == (Role.PHOTOGRAPHER,) and owned[0].owner_user_id == "usr_ann"
            assert uow.profiles.owned_by("usr_nobody") == []
            assert uow.profiles.owner_ids() == ["usr_ann", "usr_bo"]  # each once; the ownerless one adds none
            owners = [uow.profiles.owner_of(p) for p in ("prf_0001", "prf_0002", "prf_0004")]
            assert owners == ["usr_ann", "usr_bo", None]
            with pytest.raises(NotFound):
                uow.profiles.owner_of("prf_nobody")

    def test_service_profiles(self, new_uow: NewUow) -> None:
        store(new_uow, draft(1))
        service = ServiceProfile("spf_1", "prf_0001", Role.PHOTOGRAPHER, "Portraits", Money(18000, "USD"), 90, True)
        with new_uow() as uow:
            uow.profiles.add_service(service)
            uow.commit()
        with new_uow() as uow:
            assert uow.profiles.get_service("spf_1") == service
            assert uow.profiles.services_of("prf_0001") == [service]
            assert uow.profiles.services_of("prf_nope") == []
            with pytest.raises(AlreadyExists):
                uow.profiles.add_service(service)
        with new_uow() as uow, pytest.raises(NotFound):
            uow.profiles.add_service(attrs.evolve(service, id="spf_2", profile_id="prf_nope"))
        with new_uow() as uow, pytest.raises(NotFound):
            uow.profiles.get_service("spf_nope")

    def test_a_saved_service_profile_replaces_the_stored_one(self, new_uow: NewUow) -> None:
        store(new_uow, draft(1))
        service = ServiceProfile("spf_1", "prf_0001", Role.PHOTOGRAPHER, "Portraits", Money(18000, "USD"))
        with new_uow() as uow:
            uow.profiles.add_service(service)
            uow.profiles.save_service(attrs.evolve(service, instant_book=True))
            uow.commit()
        with new_uow() as uow:
            assert uow.profiles.get_service("spf_1").instant_book is True
            with pytest.raises(NotFound):
                uow.profiles.save_service(attrs.evolve(service, id="spf_nope"))


class UnitOfWorkContract:
    @pytest.fixture
    def new_uow(self) -> NewUow:
        raise NotImplementedError

    def test_uncommitted_work_is_rolled_back(self, new_uow: NewUow) -> None:
        with new_uow() as uow:
            uow.profiles.add(draft(1))
        with new_uow() as uow, pytest.raises(NotFound):
            uow.profiles.get("prf_0001")

    def test_an_exception_rolls_back(self, new_uow: NewUow) -> None:
        with pytest.raises(RuntimeError), new_uow() as uow:
            uow.profiles.add(draft(1))
            raise RuntimeError("boom")
        with new_uow() as uow, pytest.raises(NotFound):
            uow.profiles.get("prf_0001")

    def test_committed_work_persists_and_later_work_can_still_roll_back(self, new_uow: NewUow) -> None:
        with new_uow() as uow:
            uow.profiles.add(draft(1))
            uow.commit()
            uow.profiles.add(draft(2))
        with new_uow() as uow:
            assert uow.profiles.get("prf_0001").id == "prf_0001"
            with pytest.raises(NotFound):
                uow.profiles.get("prf_0002")

    def test_a_reading_unit_sees_committed_work_and_cannot_commit(self, new_uow: NewUow) -> None:
        with new_uow() as uow:
            uow.profiles.add(draft(1))
            uow.commit()
        reader = new_uow()
        with reader.reading():
            assert reader.profiles.get("prf_0001").id == "prf_0001"
            with pytest.raises(RuntimeError, match="cannot commit"):
                reader.commit()
        with reader:  # the same unit writes again once it is out of its reading block
            reader.profiles.add(draft(2))
            reader.commit()
        with new_uow() as uow:
            assert uow.profiles.get("prf_0002").id == "prf_0002"

    def test_events_leave_only_with_a_commit(self, new_uow: NewUow) -> None:
        uow = new_uow()
        with uow:
            uow.record(ProfileDraftEdited("prf_0001", 2))
        assert uow.collect_events() == []
        with uow:
            uow.record(ProfileDraftEdited("prf_0001", 3))
            uow.commit()
        assert uow.collect_events() == [ProfileDraftEdited("prf_0001", 3)]

    def test_idempotency_records_are_transactional_and_unique(self, new_uow: NewUow) -> None:
        record = IdempotencyRecord("profiles.create", "key-1", "f" * 64, {"profile_id": "prf_0001"}, NOW)
        with new_uow() as uow:
            uow.idempotency.put(record)
        with new_uow() as uow:
            assert uow.idempotency.get("profiles.create", "key-1") is None
            uow.idempotency.put(record)
            uow.commit()
        with new_uow() as uow:
            assert uow.idempotency.get("profiles.create", "key-1") == record
            assert uow.idempotency.get("other.scope", "key-1") is None
            with pytest.raises(AlreadyExists):
                uow.idempotency.put(record)
