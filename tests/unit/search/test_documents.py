"""A profile's search document: listed profiles only, the facts other contexts know, public images only."""

from __future__ import annotations

from datetime import date

from core.profiles.details import GeoPoint
from core.profiles.model import ProfileDraft, ProfileFields, ProfileKind, Role, ServiceProfile
from core.profiles.studio import StudioDetails
from core.search.documents import DayMinutes, ProfileSnapshot, document_of, search_text
from core.shared.money import Money
from tests.contracts.search_index import T0


def profile(kind: ProfileKind = ProfileKind.PROVIDER, published: bool = True, **fields: object) -> ProfileDraft:
    values: dict[str, object] = {"display_name": "Ana Díaz", "roles": (Role.PHOTOGRAPHER,), "city": "los-angeles"}
    values.update(fields)
    draft = ProfileDraft.new(
        profile_id="prf_1", kind=kind, slug="ana", fields=ProfileFields.validated(kind=kind, **values), now=T0
    )
    draft.owner_user_id = "usr_1"
    if published:
        draft.publish(T0)
    return draft


def snapshot(draft: ProfileDraft, **changes: object) -> ProfileSnapshot:
    values: dict[str, object] = {
        "services": (), "verified": True, "completeness": 88, "images": ("https://cdn/public/card.jpg",),
        "available_from": date(2026, 12, 1), "bookable_minutes": tuple(range(0, 20 * 60, 60)),
    }  # fmt: skip
    values.update(changes)
    return ProfileSnapshot(profile=draft, **values)  # type: ignore[arg-type]  # the fields above


def test_a_published_profile_becomes_its_document() -> None:
    draft = profile(geo=GeoPoint(34.05, -118.24), price_min=Money(15000, "USD"), price_max=Money(30000, "USD"),
                    tags=("film",), languages=("en",))  # fmt: skip
    service = ServiceProfile("spf_1", "prf_1", Role.PHOTOGRAPHER, "Shoot", Money(10000, "USD"), instant_book=True)
    document = document_of(snapshot(draft, services=(service,)), 7)
    assert document is not None
    assert (document.id, document.source_version, document.owner_id, document.kind) == ("prf_1", 7, "usr_1", "provider")
    assert (document.roles, document.tags, document.city, document.languages) == (
        ("photographer",), ("film",), "los-angeles", ("en",)
    )  # fmt: skip
    assert (document.price_min, document.price_max, document.currency) == (15000, 30000, "USD")
    assert document.geo == GeoPoint(34.05, -118.24) and document.verified and document.instant_book
    assert document.completeness == 88 and document.reputation == 0.0 and document.safe
    assert len(document.days) == 14 and document.days[1] == DayMinutes(date(2026, 12, 2), 60)
    assert document.bookable_minutes == sum(range(0, 14 * 60, 60))
    assert document.images == ("https://cdn/public/card.jpg",)
    assert search_text(document) == "ana diaz photographer film los angeles"


def test_drafts_are_never_documents() -> None:
    assert document_of(snapshot(profile(published=False)), 1) is None


def test_a_studio_is_priced_by_its_hourly_rates_and_unknown_availability_is_empty() -> None:
    studio = StudioDetails(hourly_min=Money(5000, "USD"), hourly_max=Money(9000, "USD"))
    draft = profile(ProfileKind.STUDIO, roles=(), studio=studio)
    document = document_of(snapshot(draft, available_from=None, bookable_minutes=()), 1)
    assert document is not None
    assert (document.kind, document.price_min, document.price_max, document.days) == ("studio", 5000, 9000, ())
