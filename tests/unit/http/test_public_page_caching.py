"""Public pages over HTTP: the cache matrix (NTB-CACHE-001), 304 revalidation, and a change seen on the next read."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from adapters.sqlalchemy.migrate import upgrade
from config.container import build_container
from config.settings import Settings
from entrypoints.cli.demo import DEMO, seed_profile
from entrypoints.http.app import create_app
from entrypoints.http.page_cache import PUBLIC
from tests.unit.http.signed_in import bearer, own_profile, sign_in
from tests.unit.http.test_calendar_api import schedule_body

ANA, SLUG = "prf_demo_photographer_la", "demo-photographer-la"
PAGES = [f"/p/{SLUG}", f"/api/profiles/{ANA}/public"]
OWNER, STRANGER, ANONYMOUS = bearer("tok-ana"), bearer("tok-eve"), {"Authorization": ""}


@pytest.fixture
def site(tmp_path: Path) -> Iterator[TestClient[Any]]:
    url = f"sqlite:///{tmp_path / 'pages.db'}"
    upgrade(url)
    container = build_container(Settings(database_url=url, public_base_url="https://rastup.example"))
    clock = container.clock()
    for demo in DEMO:
        seed_profile(demo, container.onboarding_uow(), clock)
    own_profile(container, ANA, sign_in(container, "ana@example.com", "tok-ana"))
    sign_in(container, "eve@example.com", "tok-eve")
    with TestClient(create_app(container)) as client:
        yield client


@pytest.mark.parametrize("path", PAGES)
def test_a_published_page_is_publicly_cacheable_with_a_strong_etag_and_the_same_for_everyone(
    site: TestClient[Any], path: str
) -> None:
    answers = [site.get(path, headers=who) for who in (ANONYMOUS, STRANGER, OWNER, bearer("tok-dead"))]
    assert [a.status_code for a in answers] == [200] * 4
    etag = answers[0].headers["etag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    assert {a.headers["etag"] for a in answers} == {etag} and {a.content for a in answers} == {answers[0].content}
    assert answers[0].headers["cache-control"] == PUBLIC == "public, max-age=60, stale-while-revalidate=300"
    assert "vary" not in answers[0].headers


@pytest.mark.parametrize("path", PAGES)
def test_if_none_match_with_the_current_etag_is_a_304_without_a_body(site: TestClient[Any], path: str) -> None:
    etag = site.get(path).headers["etag"]
    for held in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        again = site.get(path, headers={"If-None-Match": held})
        assert again.status_code == 304 and again.content == b"", held
        assert again.headers["etag"] == etag and again.headers["cache-control"] == PUBLIC
    assert site.get(path, headers={"If-None-Match": '"other"'}).status_code == 200


@pytest.mark.parametrize("path", PAGES)
def test_an_edit_is_on_the_next_read_with_a_new_etag_and_the_old_one_no_longer_matches(
    site: TestClient[Any], path: str
) -> None:
    before = site.get(path, headers=ANONYMOUS)
    version = site.get(f"/api/profiles/{ANA}", headers=OWNER).json()["version"]
    edited = site.patch(f"/api/profiles/{ANA}", json={"version": version, "headline": "Portraits in natural light"},
                        headers=OWNER)  # fmt: skip
    assert edited.status_code == 200
    after = site.get(path, headers={**ANONYMOUS, "If-None-Match": before.headers["etag"]})
    assert after.status_code == 200 and "Portraits in natural light" in after.text
    assert after.headers["etag"] != before.headers["etag"]


def test_a_new_schedule_is_on_the_next_read(site: TestClient[Any]) -> None:
    before = site.get(f"/p/{SLUG}")
    assert "Availability preview is not available yet." in before.text
    assert site.put(f"/api/profiles/{ANA}/schedule", json=schedule_body(), headers=OWNER).status_code == 200
    after = site.get(f"/p/{SLUG}", headers={"If-None-Match": before.headers["etag"]})
    assert after.status_code == 200 and "not available yet" not in after.text and " slots" in after.text
    days = site.get(f"/api/profiles/{ANA}/public").json()["availability"]
    assert len(days) == 14 and sum(day["open_slots"] for day in days) > 0


@pytest.mark.parametrize("path", PAGES)
def test_an_unpublished_preview_is_private_and_a_hidden_page_is_a_404_nobody_stores(
    site: TestClient[Any], path: str
) -> None:
    version = site.get(f"/api/profiles/{ANA}", headers=OWNER).json()["version"]
    assert site.post(f"/api/profiles/{ANA}/unpublish", json={"version": version}, headers=OWNER).status_code == 200
    preview = site.get(path, headers=OWNER)
    assert preview.status_code == 200 and preview.headers["x-robots-tag"] == "noindex"
    assert preview.headers["cache-control"] == "private, no-store" and "etag" not in preview.headers
    assert preview.headers["vary"] == "Authorization, Cookie"
    for who in (ANONYMOUS, STRANGER):
        hidden = site.get(path, headers=who)
        assert hidden.status_code == 404 and hidden.headers["cache-control"] == "no-store"
        assert hidden.headers["vary"] == "Authorization, Cookie"
