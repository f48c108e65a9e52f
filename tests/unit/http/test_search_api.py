"""Search over HTTP on the demo data: the plan's query, facets, cursors, bad input, and freshness through the
outbox (publish, edit and unpublish reach the index before the next request)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from adapters.sqlalchemy.search import SqlAlchemySearchIndex
from config.container import Container
from core.search.indexer import Indexer
from tests.harness.processes import free_loopback_port
from tests.unit.http.booking_world import PROVIDER, seeded_container, serving
from tests.unit.http.test_onboarding_api import FULL

PROBLEM = "application/problem+json"


@pytest.fixture
def container(tmp_path: Path) -> Container:
    container, _clock = seeded_container(tmp_path, publish_min_score=60, search_cursor_key="k" * 32)
    container.search().indexer.rebuild()  # the demo seed writes straight to the stores, as `rastup demo seed`
    return container


@pytest.fixture
def client(container: Container) -> Iterator[TestClient[Any]]:
    with serving(container) as client:
        yield client


def test_the_plans_query_answers_with_results_and_facets(client: TestClient[Any]) -> None:
    answer = client.get("/api/search/people", params={"q": "photographer", "city": "los-angeles", "limit": "24"})
    assert answer.status_code == 200
    body = answer.json()
    assert body["results"] and all(r["city"] == "los-angeles" for r in body["results"])
    assert all("photographer" in r["roles"] for r in body["results"]) and body["safe_mode"] is True
    assert body["found"] == len(body["results"])
    assert {"value": "los-angeles", "count": body["found"]} in body["facets"]["cities"]
    assert body["facets"]["roles"][0]["value"] == "photographer"
    assert "owner_id" not in body["results"][0] and body["results"][0]["url"].startswith("/p/")


def test_pages_follow_the_cursor_and_a_tampered_cursor_is_400(client: TestClient[Any]) -> None:
    first = client.get("/api/search/people", params={"limit": "1"}).json()
    assert first["next_cursor"]
    second = client.get("/api/search/people", params={"limit": "1", "cursor": first["next_cursor"]}).json()
    assert second["results"][0]["id"] != first["results"][0]["id"]
    tampered = client.get("/api/search/people", params={"limit": "1", "cursor": first["next_cursor"][:-3] + "abc"})
    assert tampered.status_code == 400 and tampered.headers["content-type"].startswith(PROBLEM)
    assert tampered.json()["type"] == "/problems/search-cursor-invalid"


@pytest.mark.parametrize(
    ("params", "field"),
    [({"role": "astronaut"}, "role"), ({"min_price": "9", "max_price": "1"}, "min_price"),
     ({"radius_km": "5"}, "radius_km"), ({"limit": "101"}, "limit")],
)  # fmt: skip
def test_bad_input_is_422_naming_the_parameter(client: TestClient[Any], params: dict[str, str], field: str) -> None:
    answer = client.get("/api/search/people", params=params)
    assert answer.status_code == 422 and answer.headers["content-type"].startswith(PROBLEM)
    assert answer.json()["errors"] == [{"field": field, "reason": answer.json()["errors"][0]["reason"]}]


def test_suggestions(client: TestClient[Any]) -> None:
    answer = client.get("/api/search/suggest", params={"q": "photo"})
    assert answer.status_code == 200 and "photographer" in answer.json()["suggestions"]
    assert client.get("/api/search/suggest", params={"q": ""}).json() == {"suggestions": []}


def test_publishing_editing_and_unpublishing_reach_the_index_at_once(client: TestClient[Any]) -> None:
    client.headers.update(PROVIDER)
    pid = client.post("/api/profiles", json={"display_name": "Quillon Freshwater"}).json()["id"]

    def found() -> list[dict[str, Any]]:
        return list(client.get("/api/search/people", params={"q": "quillon"}).json()["results"])

    client.patch(f"/api/profiles/{pid}", json={"version": 1, **FULL})
    assert found() == []  # a draft is never listed
    assert client.post(f"/api/profiles/{pid}/publish", json={"version": 2}).status_code == 200
    assert [r["id"] for r in found()] == [pid]
    client.patch(f"/api/profiles/{pid}", json={"version": 3, "headline": "Underwater portraits"})
    assert found()[0]["headline"] == "Underwater portraits"
    assert client.post(f"/api/profiles/{pid}/unpublish", json={"version": 4}).status_code == 200
    assert found() == []


def test_with_typesense_down_search_answers_from_the_sql_index_and_says_so(tmp_path: Path) -> None:
    dead = f"http://127.0.0.1:{free_loopback_port()}"  # nothing listens there
    container, _clock = seeded_container(tmp_path, publish_min_score=60, search_cursor_key="k" * 32,
                                         search_backend="typesense", typesense_url=dead, typesense_api_key="key",
                                         typesense_timeout_s=0.2)  # fmt: skip
    search = container.search()
    Indexer(search.indexer.snapshots, SqlAlchemySearchIndex(container.engine()), search.clock).rebuild()
    with serving(container) as client:
        answer = client.get("/api/search/people", params={"q": "photographer", "city": "los-angeles"})
        assert answer.status_code == 200 and answer.headers["x-search-degraded"] == "true"
        assert answer.json()["results"]
        assert "photographer" in client.get("/api/search/suggest", params={"q": "photo"}).json()["suggestions"]
        ready = client.get("/readyz")
        assert ready.status_code == 200
        assert any(c["component"] == "search (typesense)" and "degraded" in c["detail"]
                   for c in ready.json()["components"])  # fmt: skip


def test_the_sql_backend_never_says_degraded(client: TestClient[Any]) -> None:
    assert "x-search-degraded" not in client.get("/api/search/people").headers


def test_a_client_over_the_search_limit_gets_429_with_retry_after(tmp_path: Path) -> None:
    container, _clock = seeded_container(tmp_path, search_cursor_key="k" * 32, search_rate_limit=2)
    with serving(container) as client:
        assert [client.get("/api/search/people").status_code for _ in range(2)] == [200, 200]
        refused = client.get("/api/search/people", params={"q": "anything"})
        assert refused.status_code == 429 and refused.headers["content-type"].startswith(PROBLEM)
        assert int(refused.headers["Retry-After"]) >= 1 and refused.json()["type"] == "/problems/rate-limited"
        assert client.get("/api/search/suggest", params={"q": "ph"}).status_code == 200  # its own limit


def test_studios_by_amenities_capacity_and_hourly_price(client: TestClient[Any]) -> None:
    answer = client.get("/api/search/studios", params={"city": "los-angeles", "amenities": "cyclorama,parking",
                                                       "min_capacity": "10", "max_price": "120"})  # fmt: skip
    assert answer.status_code == 200
    results = answer.json()["results"]
    assert results and all(r["kind"] == "studio" and r["capacity"] >= 10 for r in results)
    assert all({"cyclorama", "parking"} <= set(r["amenities"]) and r["price_min"] <= 12000 for r in results)
    people = client.get("/api/search/people", params={"limit": "100"}).json()["results"]
    assert people and all(r["kind"] == "provider" for r in people)
    assert client.get("/api/search/studios", params={"min_capacity": "900"}).json()["results"] == []
    for params, field in [({"role": "photographer"}, "role"), ({"min_capacity": "0"}, "min_capacity"),
                          ({"amenities": "Not A Slug!"}, "amenities")]:  # fmt: skip
        refused = client.get("/api/search/studios", params=params)
        assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == field
