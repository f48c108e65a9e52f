"""The PublicViews contract: the in-memory twin (tests/unit) and the SQL store (SQLite and PostgreSQL,
tests/integration) must pass these."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import attrs
import pytest

from core.pages.views import PublicView, PublicViews
from core.profiles.details import Link, ServicePackage
from core.profiles.model import ProfileKind
from core.profiles.public import DaySlots, Policies, PortfolioItem, PublicProfile, ReviewsView, SlotPreview
from core.shared.money import Money

T0 = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


def a_view(profile_id: str = "prf_ana", slug: str = "ana", headline: str = "Portraits") -> PublicView:
    page = PublicProfile(
        id=profile_id, slug=slug, kind=ProfileKind.PROVIDER, display_name="Ana Díaz", headline=headline, bio="«hi»",
        city="los-angeles", roles=("photographer",), tags=("portrait",), languages=("en", "es"),
        links=(Link("site", "https://ana.example"),), packages=(ServicePackage("Headshots", 60, Money(15000, "USD")),),
        price_min=Money(15000, "USD"), price_max=None, amenities=(), address=None, deposit=None, verified=True,
        avatar=PortfolioItem("https://cdn.example/a.webp", "cover", 800, 600),
        portfolio=(PortfolioItem("https://cdn.example/a.webp", "cover", 800, 600),),
        reviews=ReviewsView(0, None, None), availability=None, policies=Policies("Moderate: ...", "Reschedule ..."),
        published=True, canonical_url=f"https://rastup.example/p/{slug}",
    )  # fmt: skip
    days = tuple(DaySlots(date(2026, 12, 3) + timedelta(days=i), (T0 + timedelta(days=i),)) for i in range(15))
    preview = SlotPreview("America/Los_Angeles", timedelta(hours=24), timedelta(days=60), days)
    return PublicView.of(page, "usr_ana", preview)


class PublicViewsContract:
    @pytest.fixture
    def views(self) -> PublicViews:
        raise NotImplementedError

    def test_nothing_is_found_before_anything_is_stored(self, views: PublicViews) -> None:
        assert views.find(profile_id="prf_ana") is None and views.find(slug="ana") is None
        assert views.generation_of("prf_ana") == 0

    def test_a_saved_view_is_found_fresh_by_id_and_by_slug_as_it_was(self, views: PublicViews) -> None:
        view = a_view()
        assert views.save(view, 0) is True
        by_id, by_slug = views.find(profile_id="prf_ana"), views.find(slug="ana")
        assert by_id is not None and by_id.fresh and by_id.view == view and by_id.generation == 0
        assert by_slug == by_id

    def test_a_marked_view_is_stale_and_a_build_from_before_the_mark_is_not_stored(self, views: PublicViews) -> None:
        views.save(a_view(), 0)
        before = views.generation_of("prf_ana")
        views.invalidate("prf_ana")
        found = views.find(profile_id="prf_ana")
        assert found is not None and not found.fresh and found.generation == before + 1
        assert views.save(a_view(headline="old"), before) is False
        assert views.save(a_view(headline="new"), before + 1) is True
        again = views.find(profile_id="prf_ana")
        assert again is not None and again.fresh and again.view is not None and again.view.page.headline == "new"

    def test_a_mark_before_the_first_build_makes_a_build_from_before_it_fail(self, views: PublicViews) -> None:
        views.invalidate("prf_ana")
        assert views.save(a_view(), 0) is False and views.generation_of("prf_ana") == 1
        assert views.save(a_view(), 1) is True

    def test_a_renamed_view_is_found_by_its_new_slug_only(self, views: PublicViews) -> None:
        views.save(a_view(), 0)
        views.save(a_view(slug="ana-diaz"), 0)
        assert views.find(slug="ana") is None
        found = views.find(slug="ana-diaz")
        assert found is not None and found.profile_id == "prf_ana"

    def test_the_fresh_view_comes_first_when_two_rows_have_a_slug(self, views: PublicViews) -> None:
        views.save(a_view("prf_old", "ana"), 0)
        views.invalidate("prf_old")  # stale: it was renamed, the slug is someone else's now
        views.save(a_view("prf_new", "ana"), 0)
        found = views.find(slug="ana")
        assert found is not None and found.profile_id == "prf_new" and found.fresh

    def test_the_version_names_the_content(self) -> None:
        assert a_view().version == a_view().version != a_view(headline="other").version
        assert attrs.evolve(a_view(), owner_user_id="usr_other") != a_view()
