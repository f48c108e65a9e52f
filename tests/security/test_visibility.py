"""Drafts, taken-down and erased profiles are their owner's and staff's alone, on every read (issue 19).

Anyone else gets the 404 an unknown id gets (never a 403: ids must not leak); lists show them published
profiles only. The demo's published photographer stays readable signed out (the README's first curl).
"""

from __future__ import annotations

from typing import Any

import pytest
from litestar.testing import TestClient

from config.container import Container
from core.profiles.account import erase_profiles
from entrypoints.cli.calendar_demo import seed_schedules
from entrypoints.cli.demo import DEMO, seed_profile, user_id_of
from tests.security.conftest import STAFF, STRANGER
from tests.unit.http.signed_in import own_profile, refused_as, sign_in

PUBLISHED, DRAFT, TAKEN_DOWN, ERASED = (
    "prf_demo_photographer_la", "prf_demo_studio_ny", "prf_demo_model_la", "prf_demo_stylist_ny")  # fmt: skip
SERVICE_OF = {PUBLISHED: "spf_demo", DRAFT: "spf_demo_studio_ny", TAKEN_DOWN: "spf_demo_model",
              ERASED: "spf_demo_stylist"}  # fmt: skip
SLUG_OF = {PUBLISHED: "demo-photographer-la", DRAFT: "brooklyn-loft-studio", TAKEN_DOWN: "demo-model-la"}
ANONYMOUS = {"Authorization": ""}
HIDDEN = (DRAFT, TAKEN_DOWN, ERASED)


@pytest.fixture
def site(container: Container, client: TestClient[Any]) -> TestClient[Any]:
    """The demo, with the owner holding a draft and a page taken down, and a fourth user's page erased."""
    clock = container.clock()
    for demo in DEMO:
        seed_profile(demo, container.onboarding_uow(), clock)
    seed_schedules([(d.id, d.city, d.id.startswith("prf_demo_studio")) for d in DEMO], container.commands())
    owner = user_id_of("owner@example.com", container)
    own_profile(container, DRAFT, owner)
    own_profile(container, TAKEN_DOWN, owner)
    version = client.get(f"/api/profiles/{TAKEN_DOWN}").json()["version"]
    assert client.post(f"/api/profiles/{TAKEN_DOWN}/unpublish", json={"version": version}).status_code == 200
    gone = sign_in(container, "gone@example.com", "tok-gone")
    own_profile(container, ERASED, gone)
    assert erase_profiles(gone, container.profiles_uow(), clock.now()) == [ERASED]
    return client


def reads_of(profile_id: str) -> list[str]:
    """Every public read that names the profile (or what hangs off it)."""
    base = f"/api/profiles/{profile_id}"
    return [base, f"{base}/public", f"{base}/services", f"/api/services/{SERVICE_OF[profile_id]}",
            f"{base}/schedule", f"{base}/availability", f"{base}/media/public"]  # fmt: skip


@pytest.mark.parametrize("profile_id", HIDDEN)
@pytest.mark.parametrize("who", [ANONYMOUS, STRANGER], ids=["anonymous", "stranger"])
def test_a_hidden_profile_is_a_404_on_every_read_as_for_an_unknown_id(
    site: TestClient[Any], profile_id: str, who: dict[str, str]
) -> None:
    for path in reads_of(profile_id):
        answer = site.get(path, headers=who)
        unknown = site.get(path.replace(profile_id, "prf_nobody").replace(SERVICE_OF[profile_id], "spf_nobody"),
                           headers=who)  # fmt: skip
        assert refused_as(answer, 404, "not-found"), (path, answer.status_code, answer.text)
        assert answer.json().keys() == unknown.json().keys()  # the same problem as for an id that never was
        if path.startswith("/api/services/"):
            assert profile_id not in answer.text  # the service's 404 names the service alone


@pytest.mark.parametrize("profile_id", [DRAFT, TAKEN_DOWN])
def test_the_owner_and_staff_read_a_hidden_profile_everywhere(site: TestClient[Any], profile_id: str) -> None:
    for who in ({}, STAFF):  # {}: the client's default, the owner
        for path in reads_of(profile_id):
            assert site.get(path, headers=who).status_code == 200, (path, who)


def test_staff_read_an_erased_profile_and_its_owner_is_gone(site: TestClient[Any]) -> None:
    answer = site.get(f"/api/profiles/{ERASED}", headers=STAFF)
    assert answer.status_code == 200 and answer.json()["display_name"] == "Deleted profile"


def test_the_published_demo_profile_stays_public_on_every_read(site: TestClient[Any]) -> None:
    for who in (ANONYMOUS, STRANGER):
        for path in reads_of(PUBLISHED):
            assert site.get(path, headers=who).status_code == 200, (path, who)
    assert site.get(f"/api/profiles/{PUBLISHED}", headers=ANONYMOUS).json()["status"] == "published"


def test_the_public_page_of_a_hidden_profile_is_the_html_404(site: TestClient[Any]) -> None:
    unknown = site.get("/p/no-such-page", headers=ANONYMOUS)
    for slug in (SLUG_OF[DRAFT], SLUG_OF[TAKEN_DOWN]):
        for who in (ANONYMOUS, STRANGER):
            answer = site.get(f"/p/{slug}", headers=who)
            assert answer.status_code == 404 and answer.headers["content-type"].startswith("text/html")
            assert "Brooklyn" not in answer.text and "Jordan" not in answer.text
            assert len(answer.text.replace(slug, "")) == len(unknown.text.replace("no-such-page", ""))
        owners = site.get(f"/p/{slug}")
        assert owners.status_code == 200 and owners.headers["x-robots-tag"] == "noindex"
    assert site.get(f"/p/{SLUG_OF[PUBLISHED]}", headers=ANONYMOUS).status_code == 200


def listed(site: TestClient[Any], who: dict[str, str], **query: Any) -> list[str]:
    return [item["id"] for item in site.get("/api/profiles", params=query, headers=who).json()["items"]]


def test_lists_show_others_published_profiles_only(site: TestClient[Any]) -> None:
    published = sorted(d.id for d in DEMO if d.id not in HIDDEN)
    assert listed(site, ANONYMOUS) == published
    assert listed(site, STRANGER) == published
    assert listed(site, {}) == sorted([*published, DRAFT, TAKEN_DOWN])  # the owner: their own drafts too
    assert listed(site, STAFF) == sorted(d.id for d in DEMO)  # staff: every profile
    assert listed(site, ANONYMOUS, city="new-york") == []  # the draft studio and the erased stylist are hidden
    assert listed(site, {}, city="new-york") == [DRAFT]


def test_pages_of_a_filtered_list_are_full_and_chain(site: TestClient[Any]) -> None:
    """Hidden profiles are filtered in the query, so a page is never short of ``limit`` before the end."""
    walked, after = [], None
    while True:
        page = site.get("/api/profiles", params={"limit": 2, **({"after": after} if after else {})},
                        headers=ANONYMOUS).json()  # fmt: skip
        walked += [item["id"] for item in page["items"]]
        assert len(page["items"]) == 2 or page["next_after"] is None
        if page["next_after"] is None:
            break
        after = page["next_after"]
    assert walked == sorted(d.id for d in DEMO if d.id not in HIDDEN)


def test_a_dead_credential_is_401_not_a_peek(site: TestClient[Any]) -> None:
    """The API says the credential died; the page's JSON, like the page, reads it as anonymous."""
    dead = {"Authorization": "Bearer tok-not-a-session"}
    for path in reads_of(DRAFT):
        expected = (404, "not-found") if path.endswith(f"{DRAFT}/public") else (401, "session-invalid")
        assert refused_as(site.get(path, headers=dead), *expected), path


def test_booking_a_hidden_profiles_service_is_the_404_of_an_unknown_one(site: TestClient[Any]) -> None:
    body = {"serviceProfileId": SERVICE_OF[DRAFT], "startTs": "2030-01-07T17:00:00Z", "endTs": "2030-01-07T18:00:00Z",
            "extras": []}  # fmt: skip
    answer = site.post("/api/checkout/start", json=body, headers=STRANGER)
    assert refused_as(answer, 404, "not-found") and DRAFT not in answer.text
