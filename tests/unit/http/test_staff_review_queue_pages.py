"""The staff console's review queues as pages: a stepped-up staff member sees the pending verification requests and
the media items waiting for a person (each with its private rendition, for staff eyes only), and decides each with
a form that carries the session's CSRF token; the owner's data moves as through the API (an approved item becomes
public, a rejection keeps its reason)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient
from PIL import Image

from adapters.memory.moderation import ScriptedModerator
from adapters.sqlalchemy.migrate import upgrade
from config.container import Container, build_container
from config.settings import Settings
from core.identity.staff import StaffRole
from core.media.model import Classification
from entrypoints.http.app import create_app
from entrypoints.http.identity_session import SESSION_COOKIE, csrf_token
from tests.unit.http.signed_in import bearer, sign_in
from tests.unit.http.test_media_api import upload
from tests.unit.http.test_staff_refunds_api import stepped_up
from tests.unit.media import images

ANA = bearer("tok-ana-owner")


@pytest.fixture
def world(tmp_path: Path) -> Iterator[tuple[TestClient[Any], Container]]:
    url = f"sqlite:///{tmp_path / 'http.db'}"
    upgrade(url)
    container = build_container(Settings(database_url=url, media_root=str(tmp_path / "m")))
    container.moderator.override(ScriptedModerator(Classification.NEEDS_REVIEW))
    sign_in(container, "kim@example.com", "tok-kim-support", StaffRole.SUPPORT)
    sign_in(container, "ana@example.com", "tok-ana-owner")
    with TestClient(create_app(container)) as client:
        yield client, container


def staff_browser(client: TestClient[Any], container: Container) -> str:
    stepped_up(container, "tok-kim-support")
    client.cookies.set(SESSION_COOKIE, "tok-kim-support")
    return csrf_token("tok-kim-support", container.identity_services().pepper)


def test_media_waiting_for_a_person_is_approved_or_rejected_on_the_page(world: Any) -> None:
    client, container = world
    profile_id = client.post("/api/profiles", json={"display_name": "Ana <i>Diaz</i>"}, headers=ANA).json()["id"]
    client.headers.update(ANA)
    first, second = (upload(client, profile_id, images.jpeg(1200, 800))["media_id"] for _ in range(2))
    for media_id in (first, second):
        assert client.post(f"/api/media/{media_id}/complete").json()["status"] == "pending_review"
    client.headers.pop("Authorization")
    assert client.get("/staff/media").status_code == 401
    csrf = staff_browser(client, container)
    page = client.get("/staff/media")
    assert page.status_code == 200 and page.text.index(f'id="{first}"') < page.text.index(f'id="{second}"')
    assert "automatic check: needs_review" in page.text and f'name="csrf" value="{csrf}"' in page.text
    assert client.post(f"/staff/media/{first}/approve", data={}).status_code == 403  # no CSRF token
    approved = client.post(f"/staff/media/{first}/approve", data={"csrf": csrf}, follow_redirects=False)
    assert approved.status_code == 303 and approved.headers["location"] == "/staff/media"
    rejected = client.post(f"/staff/media/{second}/reject", data={"csrf": csrf, "reason": "Not your work"})
    assert rejected.status_code == 200 and 'data-testid="media"' not in rejected.text
    public = client.get(f"/api/profiles/{profile_id}/media/public").json()["items"]
    assert [item["media_id"] for item in public] == [first]
    unknown = client.post("/staff/media/med_nope/approve", data={"csrf": csrf})
    assert unknown.status_code == 404 and 'data-testid="error"' in unknown.text
    assert client.post(f"/staff/media/{second}/ban", data={"csrf": csrf}).status_code == 404


def test_staff_see_the_private_rendition_of_an_item_waiting_for_review(world: Any) -> None:
    client, container = world
    profile_id = client.post("/api/profiles", json={"display_name": "Ana Diaz"}, headers=ANA).json()["id"]
    client.headers.update(ANA)
    original = images.jpeg(1200, 800, gps=True)
    media_id = upload(client, profile_id, original)["media_id"]
    assert client.post(f"/api/media/{media_id}/complete").json()["status"] == "pending_review"
    client.headers.pop("Authorization")
    preview = f"/staff/media/{media_id}/preview"
    assert client.get(preview).status_code == 401  # no session: the sign-in page
    client.cookies.set(SESSION_COOKIE, "tok-ana-owner")
    refused = client.get(preview)
    assert refused.status_code == 403 and refused.headers["content-type"].startswith("text/html")
    client.cookies.set(SESSION_COOKIE, "tok-kim-support")
    step_up = client.get(preview)  # staff whose session has not proven a second factor: the step-up form
    assert step_up.status_code == 401 and 'action="/staff/step-up"' in step_up.text
    staff_browser(client, container)
    seen = client.get(preview)
    assert seen.status_code == 200, seen.text
    assert seen.headers["cache-control"] == "private, no-store" and seen.headers["x-content-type-options"] == "nosniff"
    assert seen.headers["content-disposition"] == "inline"
    image = Image.open(io.BytesIO(seen.content))
    assert f"image/{image.format.lower()}" == seen.headers["content-type"]
    assert image.size == (800, 533) and seen.content != original  # the card rendition, not the original
    assert image.getpixel((100, 266))[0] > 150 and image.getpixel((700, 266))[2] > 150  # red left, blue right
    assert "exif" not in image.info  # re-rendered without the camera's metadata (and its GPS position)
    page = client.get("/staff/media").text
    assert f'<img src="{preview}" alt="Image {media_id} of profile {profile_id}, waiting for review"' in page
    assert "/public/" not in page and "originals/" not in page
    assert client.get("/staff/media/med_nope/preview").status_code == 404
    csrf = csrf_token("tok-kim-support", container.identity_services().pepper)
    assert client.post(f"/staff/media/{media_id}/approve", data={"csrf": csrf}).status_code == 200
    approved = client.get(preview)  # decided: out of the queue, and public through its own URLs only
    assert approved.status_code == 404 and approved.headers["content-type"].startswith("text/html")


def test_verification_requests_are_decided_on_the_page(world: Any) -> None:
    client, container = world
    ids = []
    for name in ("Ana Diaz", "Ana Studio"):
        profile_id = client.post("/api/profiles", json={"display_name": name}, headers=ANA).json()["id"]
        document = {"kind": "identity", "document_key": f"documents/{profile_id}/passport.jpg"}
        ids.append(client.post(f"/api/profiles/{profile_id}/verifications", json=document, headers=ANA).json()["id"])
    assert client.get("/staff/verifications", headers=ANA).status_code in (401, 403)
    csrf = staff_browser(client, container)
    page = client.get("/staff/verifications").text
    assert all(f'id="{request_id}"' in page for request_id in ids) and "passport.jpg" in page
    empty = client.post(f"/staff/verifications/{ids[1]}/reject", data={"csrf": csrf, "reason": " "})
    assert empty.status_code == 422 and f'id="{ids[1]}"' in empty.text
    client.post(f"/staff/verifications/{ids[0]}/approve", data={"csrf": csrf})
    client.post(f"/staff/verifications/{ids[1]}/reject", data={"csrf": csrf, "reason": "The photo is blurred."})
    assert 'data-testid="verification"' not in client.get("/staff/verifications").text
    staff_view = client.get("/api/verifications", headers=bearer("tok-kim-support")).json()["items"]
    assert staff_view == []
