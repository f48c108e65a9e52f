"""Services over HTTP: the owner offers and changes them, anyone lists them, checkout books under their policy."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from config.container import Container
from tests.unit.http.booking_world import ALICE, BOB, NOW, PROVIDER, iso, seeded_container, serving

PROFILE = "prf_demo_photographer_la"  # owned by PROVIDER in the booking world
STRICT = {"title": "Editorial day rate", "hourly_rate": {"amount": 20000, "currency": "USD"},
          "role": "photographer", "min_duration_minutes": 120, "cancellation_policy": "strict"}  # fmt: skip


@pytest.fixture
def world(tmp_path: Path) -> Iterator[tuple[TestClient[Any], Container, Any]]:
    container, clock = seeded_container(tmp_path)
    with serving(container) as client:
        yield client, container, clock


def _services(client: TestClient[Any]) -> list[dict[str, Any]]:
    listed = client.get(f"/api/profiles/{PROFILE}/services")
    assert listed.status_code == 200
    return list(listed.json())


def test_the_owner_offers_a_service_that_checkout_then_books_under_its_policy(world: Any) -> None:
    client, _container, _clock = world
    before = _services(client)
    offered = client.post(f"/api/profiles/{PROFILE}/services", json=STRICT, headers=PROVIDER)
    assert offered.status_code == 201, offered.text
    service = offered.json()
    assert service["cancellation_policy"] == "strict" and service["instant_book"] is False
    assert _services(client) == sorted([*before, service], key=lambda s: s["id"])
    start = NOW + timedelta(days=2, hours=1)  # Thursday 09:00 in Los Angeles
    body = {"serviceProfileId": service["id"], "startTs": iso(start), "endTs": iso(start + timedelta(hours=2))}
    quoted = client.post("/api/checkout/start", json=body, headers=ALICE)
    assert quoted.status_code == 200, quoted.text
    assert quoted.json()["cancellationPolicySummary"].startswith("Strict:")
    assert quoted.json()["state"] == "requested"  # no Instant Book until onboarding switches it on


def test_only_the_owner_offers_or_changes_and_strangers_learn_nothing(world: Any) -> None:
    client, _container, _clock = world
    before = _services(client)
    assert client.post(f"/api/profiles/{PROFILE}/services", json=STRICT).status_code == 401
    stranger = client.post(f"/api/profiles/{PROFILE}/services", json=STRICT, headers=BOB)
    assert stranger.status_code == 404 and stranger.json()["type"] == "/problems/not-found"
    assert _services(client) == before  # nothing was written
    service_id = before[0]["id"]
    refused = client.patch(f"/api/services/{service_id}", json={"title": "mine now"}, headers=BOB)
    assert refused.status_code == 404 and PROFILE not in refused.text  # names the service, not its profile
    change = {"hourly_rate": {"amount": 18000, "currency": "USD"}, "cancellation_policy": "flexible"}
    changed = client.patch(f"/api/services/{service_id}", json=change, headers=PROVIDER)
    assert changed.status_code == 200, changed.text
    assert changed.json()["hourly_rate"]["amount"] == 18000 and changed.json()["title"] == before[0]["title"]
    assert client.get(f"/api/services/{service_id}").json()["cancellation_policy"] == "flexible"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"cancellation_policy": "lenient"}, "cancellation_policy"),
        ({"role": "model"}, "role"),
        ({"min_duration_minutes": 5}, "min_duration_minutes"),
        ({"hourly_rate": {"amount": 0, "currency": "USD"}}, "hourly_rate"),
    ],
)
def test_a_service_that_makes_no_sense_is_refused_naming_the_field(
    world: Any, change: dict[str, Any], field: str
) -> None:
    client, _container, _clock = world
    before = _services(client)
    refused = client.post(f"/api/profiles/{PROFILE}/services", json={**STRICT, **change}, headers=PROVIDER)
    assert refused.status_code == 422, refused.text
    assert refused.json()["errors"][0]["field"].endswith(field)
    assert _services(client) == before


def test_the_public_profile_states_the_policy_its_services_book_under(world: Any) -> None:
    client, _container, _clock = world
    for service in _services(client):
        assert client.patch(f"/api/services/{service['id']}", json={"cancellation_policy": "strict"},
                            headers=PROVIDER).status_code == 200  # fmt: skip
    page = client.get(f"/api/profiles/{PROFILE}/public")
    assert page.status_code == 200
    assert page.json()["policies"]["cancellation"].startswith("Strict:")
    assert client.get("/api/profiles/prf_nope/services").status_code == 404
