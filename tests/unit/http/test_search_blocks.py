"""A block hides each party from the other's search over HTTP (people and studios, counts and pages with it), for
as long as it lasts; anonymous searches, and the hot-query cache they share, are not changed by it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from config.container import Container
from tests.unit.http.booking_world import ALICE, BOB, PROVIDER, seeded_container, serving
from tests.unit.http.signed_in import own_profile

PAT = ("prf_demo_photographer_la", "prf_load_001")  # the provider's profiles
ALICES = ("prf_demo_model_la", "prf_demo_studio_la")


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient[Any]]:
    container, _clock = seeded_container(tmp_path, search_cursor_key="k" * 32, search_cache_ttl_s=60)
    for profile_id in ALICES:
        own_profile(container, profile_id, _user_id(container, "alice@example.com"))
    container.search().indexer.rebuild()
    with serving(container) as client:
        yield client


def _user_id(container: Container, email: str) -> str:
    uow = container.identity_uow()
    with uow:
        user = uow.users.get_by_email(email)
    assert user is not None
    return user.id


def _ids(client: TestClient[Any], kind: str, headers: dict[str, str] | None = None, **params: str) -> set[str]:
    answer = client.get(f"/api/search/{kind}", params={"limit": "100", **params}, headers=headers or {})
    assert answer.status_code == 200, answer.text
    return {result["id"] for result in answer.json()["results"]}


def _everything(client: TestClient[Any], headers: dict[str, str] | None = None) -> set[str]:
    return _ids(client, "people", headers) | _ids(client, "studios", headers)


def test_after_a_block_neither_party_finds_the_other_until_it_is_lifted(client: TestClient[Any]) -> None:
    everyone = _everything(client)  # an anonymous answer, kept by the hot-query cache
    assert {*PAT, *ALICES} <= everyone
    started = client.post("/api/messages/threads", headers=ALICE,
                          json={"recipientProfileId": PAT[0], "body": "Hi Pat!", "clientMessageId": "a1"})  # fmt: skip
    thread = started.json()["thread"]["id"]
    assert client.post(f"/api/messages/thread/{thread}/block", headers=PROVIDER).status_code in (200, 201)

    assert _everything(client, ALICE) == everyone - set(PAT)  # the blocked one no longer finds the blocker
    assert _everything(client, PROVIDER) == everyone - set(ALICES)  # nor the blocker the blocked one
    assert _everything(client, BOB) == everyone == _everything(client)  # nobody else's search moved
    assert _ids(client, "people", ALICE, q="photographer").isdisjoint(PAT)
    signed_in, anonymous = client.get("/api/search/people", headers=ALICE), client.get("/api/search/studios")
    assert signed_in.headers["cache-control"] == "private, no-store" and "cache-control" not in anonymous.headers
    assert signed_in.headers["vary"] == anonymous.headers["vary"] == "Authorization, Cookie"

    client.post(f"/api/messages/thread/{thread}/unblock", headers=PROVIDER)
    assert _everything(client, ALICE) == everyone == _everything(client, PROVIDER)


def test_counts_facets_and_pages_leave_the_hidden_profiles_out(client: TestClient[Any]) -> None:
    started = client.post("/api/messages/threads", headers=PROVIDER,
                          json={"recipientProfileId": ALICES[0], "body": "Hello", "clientMessageId": "p1"})  # fmt: skip
    client.post(f"/api/messages/thread/{started.json()['thread']['id']}/block", headers=PROVIDER)
    anyone = client.get("/api/search/people", params={"limit": "100"}).json()
    pat = client.get("/api/search/people", params={"limit": "100"}, headers=PROVIDER).json()
    assert pat["found"] == anyone["found"] - 1  # Alice's model profile (her studio is no person)
    models = {f["value"]: f["count"] for f in anyone["facets"]["roles"]}.get("model", 0)
    assert {f["value"]: f["count"] for f in pat["facets"]["roles"]}.get("model", 0) == models - 1
    paged: list[str] = []
    cursor: str | None = None
    while True:
        params = {"limit": "2"} | ({"cursor": cursor} if cursor else {})
        page = client.get("/api/search/people", params=params, headers=PROVIDER).json()
        paged += [result["id"] for result in page["results"]]
        if (cursor := page["next_cursor"]) is None:
            break
    assert sorted(paged) == sorted(r["id"] for r in pat["results"]) and ALICES[0] not in paged


def test_the_search_page_hides_them_too_and_a_dead_cookie_reads_as_anonymous(client: TestClient[Any]) -> None:
    started = client.post("/api/messages/threads", headers=ALICE,
                          json={"recipientProfileId": PAT[0], "body": "Hi Pat!", "clientMessageId": "a1"})  # fmt: skip
    client.post(f"/api/messages/thread/{started.json()['thread']['id']}/block", headers=ALICE)
    assert "/p/" in (anyone := client.get("/search", params={"limit": "100"}).text)
    slug = client.get(f"/api/profiles/{PAT[0]}").json()["slug"]
    assert f"/p/{slug}" in anyone
    assert f"/p/{slug}" not in client.get("/search", params={"limit": "100"}, headers=ALICE).text
    assert f"/p/{slug}" in client.get("/search", params={"limit": "100"}, headers={"Authorization": "Bearer dead"}).text
