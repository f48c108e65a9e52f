"""Profile details through HTTP: nested JSON shapes, studio fields, clearing, versions and field errors."""

from __future__ import annotations

from litestar.testing import TestClient

from tests.unit.http.conftest import STAFF

USD = "USD"


def test_provider_details_round_trip_and_stale_edits_get_409(client: TestClient) -> None:
    made = client.post("/api/profiles", json={"display_name": "Ana Diaz", "roles": ["photographer"]}).json()
    body = {
        "version": 1,
        "tags": ["portraits", "editorial"],
        "geo": {"lat": 34.05, "lon": -118.24},
        "price_min": {"amount": 15000, "currency": USD},
        "price_max": {"amount": 60000, "currency": USD},
        "languages": ["en", "es"],
        "links": [{"label": "Site", "url": "https://ana.example"}],
        "packages": [{"name": "Headshots", "duration_minutes": 60, "price": {"amount": 18000, "currency": USD},
                      "extras": ["10 edited photos"]}],
    }  # fmt: skip
    edited = client.patch(f"/api/profiles/{made['id']}", json=body)
    assert edited.status_code == 200, edited.text
    out = edited.json()
    assert out["version"] == 2 and out["tags"] == ["portraits", "editorial"] and out["studio"] is None
    assert out["packages"][0]["price"] == {"amount": 18000, "currency": USD}
    assert out["geo"] == {"lat": 34.05, "lon": -118.24}
    stale = client.patch(f"/api/profiles/{made['id']}", json={"version": 1, "tags": ["lost"]})
    assert stale.status_code == 409 and stale.json()["current_version"] == 2
    cleared = client.patch(f"/api/profiles/{made['id']}", json={"version": 2, "clear": ["geo"]}).json()
    assert cleared["geo"] is None and cleared["tags"] == ["portraits", "editorial"]


def test_studio_fields_and_their_refusals(client: TestClient) -> None:
    made = client.post("/api/profiles", json={"display_name": "Sunset Light", "kind": "studio"}).json()
    assert made["studio"]["amenities"] == []
    body = {
        "version": 1,
        "slug": "sunset-light-studio",
        "contact": {"email": "hello@sunset.example", "phone": "+13105550100"},
        "address": {"street": "1 Sunset Blvd", "city": "Los Angeles", "postal_code": "90028", "country": "US",
                    "area": "Hollywood"},
        "amenities": ["cyclorama", "parking"],
        "hourly_min": {"amount": 9500, "currency": USD},
        "deposit": {"amount": 20000, "currency": USD},
    }  # fmt: skip
    out = client.patch(f"/api/profiles/{made['id']}", json=body).json()
    assert out["slug"] == "sunset-light-studio" and out["studio"]["address"]["street"] == "1 Sunset Blvd"
    assert out["studio"]["hourly_min"] == {"amount": 9500, "currency": USD}
    bad = client.patch(f"/api/profiles/{made['id']}", json={"version": 2, "hourly_min": {"amount": "95"}})
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} == {"hourly_min.amount", "hourly_min.currency"}
    provider = client.post("/api/profiles", json={"display_name": "Ana"}).json()
    refused = client.patch(f"/api/profiles/{provider['id']}", json={"version": 1, "amenities": ["wifi"]})
    assert refused.status_code == 422 and refused.json()["errors"] == [
        {"field": "amenities", "reason": "only studios have this field"}
    ]


def test_a_taken_slug_is_409(client: TestClient) -> None:
    client.post("/api/profiles", json={"display_name": "Ana Diaz"})
    other = client.post("/api/profiles", json={"display_name": "Bo"}).json()
    taken = client.patch(f"/api/profiles/{other['id']}", json={"version": 1, "slug": "ana-diaz"})
    assert taken.status_code == 409 and taken.json()["type"] == "/problems/already-exists"


def test_a_studios_contact_street_and_exact_point_are_its_owners_only(client: TestClient) -> None:
    made = client.post("/api/profiles", json={"display_name": "Sunset Light", "kind": "studio"}).json()
    body = {
        "version": 1,
        "contact": {"email": "hello@sunset.example", "phone": "+13105550100"},
        "address": {"street": "1 Sunset Blvd", "city": "Los Angeles", "postal_code": "90028", "country": "US",
                    "area": "Hollywood"},
        "geo": {"lat": 34.098113, "lon": -118.326881},
    }  # fmt: skip
    assert client.patch(f"/api/profiles/{made['id']}", json=body).status_code == 200
    mine = client.get(f"/api/profiles/{made['id']}").json()["studio"]
    assert mine["contact"]["email"] == "hello@sunset.example" and mine["address"]["street"] == "1 Sunset Blvd"
    anonymous = {"Authorization": ""}
    assert client.get(f"/api/profiles/{made['id']}", headers=anonymous).status_code == 404  # a draft (issue 19)
    seen = client.get(f"/api/profiles/{made['id']}", headers=STAFF)  # staff see it, through the public view
    public = seen.json()
    assert public["studio"]["contact"] is None and public["studio"]["address"] is None
    location = public["studio"]["location"]
    assert (location["area"], location["city"], location["exact"], location["street"]) == (
        "Hollywood", "Los Angeles", False, None)  # fmt: skip
    assert public["geo"] == {"lat": 34.1, "lon": -118.33}  # about a kilometre, not the door
    assert "Sunset Blvd" not in seen.text and "hello@sunset.example" not in seen.text
    dead = client.get(f"/api/profiles/{made['id']}", headers={"Authorization": "Bearer tok-not-a-session"})
    assert dead.status_code == 401  # a dead credential is refused, not served as anonymous
    listed = client.get("/api/profiles", headers=STAFF).json()["items"]
    assert made["id"] in str(listed) and all("hello@sunset.example" not in str(item) for item in listed)
