"""Public pages: HTML and JSON of the seeded demo, JSON-LD that expands, SEO tags, Safe-Mode, 404s."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient
from pyld import jsonld

from adapters.memory.clock import FixedClock
from adapters.memory.public_sources import GalleryEntry, InMemoryPortfolioGallery, InMemoryReviewsSummary
from adapters.sqlalchemy.migrate import upgrade
from config.container import build_container
from config.settings import Settings
from core.profiles.public import PublicReview, ReviewStats
from core.reviews.events import ReviewsPublished
from entrypoints.cli.demo import DEMO, seed_profile
from entrypoints.http.app import create_app
from tests.unit.http.signed_in import bearer, own_profile, sign_in

BASE = "https://rastup.example"
APPROVED = "https://cdn.rastup.example/public/ana-1-card.webp"
PENDING = "https://cdn.rastup.example/public/ana-2-card.webp"
SCHEMA_CONTEXT = {"@context": {"@vocab": "https://schema.org/"}}


def offline_loader(url: str, _options: dict[str, Any]) -> dict[str, Any]:
    """schema.org's context, locally: every term is a schema.org IRI (no network during tests)."""
    assert url.rstrip("/") == "https://schema.org", url
    return {"contextUrl": None, "documentUrl": url, "document": SCHEMA_CONTEXT}


class AnnouncedReviews(InMemoryReviewsSummary):
    """Reviews a test puts in, then announces as the reviews context does (the view is rebuilt on the event)."""

    def __init__(self, container: Any) -> None:
        super().__init__()
        self._container = container

    def published(self, profile_id: str) -> None:
        event = ReviewsPublished("bkg_t", profile_id, "usr_t", datetime(2026, 11, 24, tzinfo=UTC))
        self._container.message_bus().dispatch([event])


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[TestClient, InMemoryPortfolioGallery, InMemoryReviewsSummary]]:
    url = f"sqlite:///{tmp_path / 'pages.db'}"
    upgrade(url)
    container = build_container(Settings(database_url=url, public_base_url=BASE))
    gallery, reviews = InMemoryPortfolioGallery(), AnnouncedReviews(container)
    sources = container.public_sources()
    container.public_sources.override(type(sources)(gallery, reviews, sources.availability, sources.policies, BASE))
    clock = FixedClock(datetime(2026, 11, 24, tzinfo=UTC))
    for demo in DEMO:
        seed_profile(demo, container.onboarding_uow(), clock)
    own_profile(container, "prf_demo_studio_ny", sign_in(container, "loft@example.com", "tok-loft-owner"))
    sign_in(container, "stranger@example.com", "tok-stranger")
    with TestClient(create_app(container)) as client:
        yield client, gallery, reviews


def ld_of(html: str) -> dict[str, Any]:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert found is not None
    return dict(json.loads(found.group(1)))


def test_the_demo_photographer_page_is_complete_and_indexable(site: Any) -> None:
    client, _, _ = site
    response = client.get("/p/demo-photographer-la")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    html = response.text
    assert f'<link rel="canonical" href="{BASE}/p/demo-photographer-la">' in html
    assert "noindex" not in html and "x-robots-tag" not in response.headers
    assert 'data-testid="verified-badge"' in html and "Ana Diaz" in html and "Los Angeles" in html
    assert "USD 150.00 - USD 900.00" in html and "Headshots" in html and "Moderate:" in html
    assert "Availability preview is not available yet." in html and "No reviews yet." in html
    assert '<meta property="og:url" content="https://rastup.example/p/demo-photographer-la">' in html


def test_json_ld_expands_to_schema_org_types(site: Any) -> None:
    client, gallery, _ = site
    gallery.put("prf_demo_photographer_la", [GalleryEntry(APPROVED, True, "Golden hour")])
    document = ld_of(client.get("/p/demo-photographer-la").text)
    expanded = jsonld.expand(document, {"documentLoader": offline_loader})
    types = {t for node in expanded for t in node["@type"]}
    assert types == {"https://schema.org/Person", "https://schema.org/CreativeWork"}
    person = next(n for n in document["@graph"] if n["@type"] == "Person")
    assert person["url"] == f"{BASE}/p/demo-photographer-la" and person["image"] == APPROVED
    studio = ld_of(client.get("/p/sunset-light-studio").text)["@graph"][0]
    assert studio["@type"] == "LocalBusiness" and studio["priceRange"] == "USD 95.00 - USD 150.00"
    assert "6000 Sunset" not in json.dumps(studio)  # the street is for confirmed bookings only


def test_safe_mode_shows_only_approved_media(site: Any) -> None:
    client, gallery, _ = site
    gallery.put("prf_demo_photographer_la", [GalleryEntry(PENDING, False), GalleryEntry(APPROVED, True)])
    html = client.get("/p/demo-photographer-la").text
    assert APPROVED in html and PENDING not in html
    assert f'<meta property="og:image" content="{APPROVED}">' in html
    body = client.get("/api/profiles/prf_demo_photographer_la/public").text
    assert APPROVED in body and PENDING not in body


def test_unpublished_pages_are_their_owners_noindex_preview_and_unknown_slugs_404(site: Any) -> None:
    client, _, _ = site
    draft = client.get("/p/brooklyn-loft-studio", headers=bearer("tok-loft-owner"))
    assert draft.status_code == 200 and '<meta name="robots" content="noindex, nofollow">' in draft.text
    assert draft.headers["x-robots-tag"] == "noindex"
    assert client.get("/api/profiles/prf_demo_studio_ny/public", headers=bearer("tok-loft-owner")).status_code == 200
    for headers in ({}, bearer("tok-stranger"), bearer("tok-expired-or-forged")):  # as if it did not exist
        hidden = client.get("/p/brooklyn-loft-studio", headers=headers)
        assert hidden.status_code == 404 and "Brooklyn Loft" not in hidden.text
        assert client.get("/api/profiles/prf_demo_studio_ny/public", headers=headers).status_code == 404
    missing = client.get("/p/nobody-here")
    assert missing.status_code == 404 and "Profile not found" in missing.text
    assert missing.headers["content-type"].startswith("text/html")
    api = client.get("/api/profiles/prf_nope/public")
    assert api.status_code == 404 and api.headers["content-type"].startswith("application/problem+json")


def test_public_json_hides_the_average_and_distribution_under_five_reviews(site: Any) -> None:
    client, _, reviews = site
    reviews._stats["prf_demo_photographer_la"] = ReviewStats(4, 4.75, (0, 0, 0, 1, 3))
    body = client.get("/api/profiles/prf_demo_photographer_la/public").json()
    assert body["reviews"] == {"count": 4, "average": None, "distribution": None, "new": True, "latest": []}
    assert "aggregateRating" not in body["json_ld"]["@graph"][0]
    assert body["verified"] is True and body["price_band"] == "USD 150.00 - USD 900.00"
    assert body["json_ld"]["@graph"][0]["@type"] == "Person" and body["availability"] is None
    reviews._stats["prf_demo_photographer_la"] = ReviewStats(5, 4.6, (0, 0, 0, 2, 3))
    reviews.published("prf_demo_photographer_la")
    assert client.get("/api/profiles/prf_demo_photographer_la/public").json()["reviews"]["distribution"] == [
        0, 0, 0, 2, 3,
    ]  # fmt: skip
    studio = client.get("/api/profiles/prf_demo_studio_la/public").json()
    assert studio["address"]["street"] is None and studio["address"]["area"] == "Hollywood"


def test_from_five_reviews_the_page_carries_an_aggregate_rating_and_its_latest_reviews(site: Any) -> None:
    client, _, reviews = site
    reviews._stats["prf_demo_photographer_la"] = ReviewStats(5, 4.6, (0, 0, 0, 2, 3))
    reviews.latest["prf_demo_photographer_la"] = [
        PublicReview("rvw_1", 5, "Ana <b>nailed</b> it", datetime(2026, 11, 20, tzinfo=UTC), "Thanks!"),
    ]
    body = client.get("/api/profiles/prf_demo_photographer_la/public").json()
    person = body["json_ld"]["@graph"][0]
    assert person["aggregateRating"] == {"@type": "AggregateRating", "ratingValue": 4.6, "reviewCount": 5,
                                         "bestRating": 5, "worstRating": 1}  # fmt: skip
    assert [r["reviewBody"] for r in person["review"]] == ["Ana <b>nailed</b> it"]
    assert body["reviews"]["new"] is False and body["reviews"]["latest"][0]["response"] == "Thanks!"
    html = client.get("/p/demo-photographer-la").text
    assert "4.6" in html and "Ana &lt;b&gt;nailed&lt;/b&gt; it" in html and "<b>nailed" not in html  # escaped
