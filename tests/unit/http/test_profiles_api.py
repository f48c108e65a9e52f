"""The profile-draft slice through HTTP: create, read, edit with versions, list, and every refusal."""

from __future__ import annotations

from litestar.testing import TestClient

PROBLEM = "application/problem+json"


def create(client: TestClient, **body: object) -> dict:
    response = client.post("/api/profiles", json={"display_name": "Ana Diaz", **body})
    assert response.status_code == 201, response.text
    return response.json()


def test_create_read_edit_round_trip(client: TestClient) -> None:
    made = create(client, roles=["photographer", "model"], city="los-angeles", headline="Portraits")
    assert made["version"] == 1 and made["slug"] == "ana-diaz" and made["roles"] == ["model", "photographer"]
    read = client.get(f"/api/profiles/{made['id']}")
    assert read.status_code == 200 and read.json() == made
    assert read.headers["etag"] == 'W/"1"'
    edited = client.patch(f"/api/profiles/{made['id']}", json={"version": 1, "bio": "Hello"})
    assert edited.status_code == 200
    assert edited.json()["version"] == 2 and edited.json()["bio"] == "Hello"
    assert edited.json()["headline"] == "Portraits"


def test_a_profile_read_again_is_304_for_its_etag_and_the_etag_follows_the_view(client: TestClient) -> None:
    made = create(client)
    path = f"/api/profiles/{made['id']}"
    read = client.get(path)
    assert read.headers["cache-control"] == "private, no-cache" and read.headers["vary"] == "Authorization, Cookie"
    again = client.get(path, headers={"If-None-Match": read.headers["etag"]})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == 'W/"1"'
    assert client.patch(path, json={"version": 1, "bio": "Hello"}).status_code == 200
    changed = client.get(path, headers={"If-None-Match": read.headers["etag"]})
    assert changed.status_code == 200 and changed.json()["bio"] == "Hello" and changed.headers["etag"] == 'W/"2"'


def test_a_stale_version_gets_409_with_the_current_version_and_loses_nothing(client: TestClient) -> None:
    made = create(client)
    assert client.patch(f"/api/profiles/{made['id']}", json={"version": 1, "headline": "tab one"}).status_code == 200
    stale = client.patch(f"/api/profiles/{made['id']}", json={"version": 1, "headline": "tab two"})
    assert stale.status_code == 409
    assert stale.headers["content-type"].startswith(PROBLEM)
    assert stale.json()["type"] == "/problems/version-conflict" and stale.json()["current_version"] == 2
    assert client.get(f"/api/profiles/{made['id']}").json()["headline"] == "tab one"


def test_unknown_profile_is_404_problem(client: TestClient) -> None:
    for response in (
        client.get("/api/profiles/prf_nope"),
        client.patch("/api/profiles/prf_nope", json={"version": 1}),
    ):
        assert response.status_code == 404
        body = response.json()
        assert body["type"] == "/problems/not-found" and body["status"] == 404 and body["request_id"]


def test_wrong_types_and_unknown_fields_get_422_with_field_details(client: TestClient) -> None:
    response = client.post("/api/profiles", json={"display_name": 7, "roles": ["model", "wizard"], "colour": "red"})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith(PROBLEM)
    fields = {e["field"]: e["reason"] for e in response.json()["errors"]}
    assert set(fields) == {"display_name", "roles[1]", "colour"}
    assert fields["colour"] == "unknown field"
    assert client.get("/api/profiles").json()["items"] == []  # nothing half-written


def test_missing_required_field_and_non_object_bodies(client: TestClient) -> None:
    missing = client.patch("/api/profiles/prf_x", json={"headline": "no version"})
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "version"
    listed = client.post("/api/profiles", json=["not", "an", "object"])
    assert listed.status_code == 422


def test_syntactically_broken_json_is_a_400_problem(client: TestClient) -> None:
    response = client.post("/api/profiles", content=b'{"display_name": ', headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert response.json()["type"] == "/problems/malformed-json"


def test_domain_rule_violations_are_422_naming_the_field(client: TestClient) -> None:
    response = client.post("/api/profiles", json={"display_name": "Studio", "kind": "studio", "roles": ["model"]})
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "roles", "reason": "a studio has no provider roles"}]


def test_oversize_bodies_get_413(client: TestClient) -> None:
    response = client.post("/api/profiles", json={"display_name": "A", "bio": "x" * 70_000})
    assert response.status_code == 413
    assert response.json()["type"] == "/problems/payload-too-large"


def test_taken_slug_is_409(client: TestClient) -> None:
    create(client)
    again = client.post("/api/profiles", json={"display_name": "Ana Diaz"})
    assert again.status_code == 409 and again.json()["type"] == "/problems/already-exists"


def test_idempotency_key_replays_the_first_create(client: TestClient) -> None:
    headers = {"Idempotency-Key": "create-ana-1"}
    first = client.post("/api/profiles", json={"display_name": "Ana"}, headers=headers)
    second = client.post("/api/profiles", json={"display_name": "Ana"}, headers=headers)
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] == second.json()["id"]
    other = client.post("/api/profiles", json={"display_name": "Bob"}, headers=headers)
    assert other.status_code == 409 and other.json()["type"] == "/problems/idempotency-key-reused"


def test_list_pages_and_filters(client: TestClient) -> None:
    ids = [
        create(client, display_name=f"Person {n}", city="new-york" if n % 2 else "los-angeles")["id"] for n in range(5)
    ]
    page = client.get("/api/profiles", params={"limit": 2}).json()
    assert [p["id"] for p in page["items"]] == sorted(ids)[:2] and page["next_after"] == sorted(ids)[1]
    rest = client.get("/api/profiles", params={"limit": 10, "after": page["next_after"]}).json()
    assert [p["id"] for p in rest["items"]] == sorted(ids)[2:] and rest["next_after"] is None
    assert len(client.get("/api/profiles", params={"city": "new-york"}).json()["items"]) == 2
    bad = client.get("/api/profiles", params={"limit": 0})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "limit"


def test_openapi_describes_the_slice(client: TestClient) -> None:
    schema = client.get("/schema/openapi.json").json()
    assert {"/api/profiles", "/api/profiles/{profile_id}"} <= set(schema["paths"])
    assert "CreateProfileIn" in schema["components"]["schemas"]
    assert schema["components"]["schemas"]["UpdateProfileIn"]["required"] == ["version"]


def test_creating_a_profile_needs_a_session_and_writes_nothing_without_one(client: TestClient) -> None:
    before = client.get("/api/profiles").json()["items"]
    refused = client.post("/api/profiles", json={"display_name": "Nobody"}, headers={"Authorization": ""})
    assert refused.status_code == 401 and refused.json()["type"] == "/problems/session-invalid"
    assert client.get("/api/profiles").json()["items"] == before
