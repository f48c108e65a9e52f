"""The media routes end to end over HTTP on SQLite and the local store: upload by signed PUT, complete,
review, crop, order, and the public files (only ever approved variants); all but the public ones the owner's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from litestar.testing import TestClient

from adapters.memory.moderation import ScriptedModerator
from adapters.sqlalchemy.migrate import upgrade
from config.container import build_container
from config.settings import Settings
from core.identity.staff import StaffRole
from core.media.model import Classification
from entrypoints.http.app import create_app
from tests.unit.http.conftest import STAFF, STRANGER
from tests.unit.http.signed_in import bearer, refused_as, sign_in, signed_out
from tests.unit.media import images


@pytest.fixture
def moderator() -> ScriptedModerator:
    return ScriptedModerator(Classification.NEEDS_REVIEW)


@pytest.fixture
def client(tmp_path: Path, moderator: ScriptedModerator) -> Iterator[TestClient]:
    url = f"sqlite:///{tmp_path / 'http.db'}"
    upgrade(url)
    container = build_container(Settings(database_url=url, max_body_bytes=64 * 1024, media_root=str(tmp_path / "m")))
    container.moderator.override(moderator)
    sign_in(container, "kim@example.com", "tok-kim-support", StaffRole.SUPPORT)
    sign_in(container, "eve@example.com", "tok-eve-stranger")
    sign_in(container, "ana@example.com", "tok-ana-owner")
    with TestClient(create_app(container)) as test_client:
        test_client.headers.update(bearer("tok-ana-owner"))  # Ana: the profiles it creates are hers
        yield test_client


def path_of(url: str) -> str:
    return urlsplit(url).path


def new_profile(client: TestClient) -> str:
    response = client.post("/api/profiles", json={"display_name": "Ana Diaz"})
    assert response.status_code == 201
    return str(response.json()["id"])


def stored_files(tmp_path: Path) -> list[str]:
    return sorted(str(p.relative_to(tmp_path / "m")) for p in (tmp_path / "m").rglob("*")
                  if p.is_file() and not p.name.startswith("."))  # fmt: skip


def upload(client: TestClient, profile_id: str, data: bytes, content_type: str = "image/jpeg") -> dict:
    ticket = client.post(f"/api/profiles/{profile_id}/media", json={"content_type": content_type, "size": len(data)})
    assert ticket.status_code == 201, ticket.text
    body = ticket.json()
    assert body["method"] == "PUT" and body["headers"]["Content-Type"] == content_type
    put = client.put(path_of(body["upload_url"]), content=data, headers=body["headers"])
    assert put.status_code == 200, put.text
    again = client.put(path_of(body["upload_url"]), content=data, headers=body["headers"])
    assert again.status_code == 403 and again.json()["type"] == "/problems/media-upload-rejected"
    return body


def test_upload_review_and_public_files(client: TestClient, tmp_path: Path) -> None:
    profile_id = new_profile(client)
    ticket = upload(client, profile_id, images.jpeg(1200, 800, gps=True))
    done = client.post(f"/api/media/{ticket['media_id']}/complete")
    assert done.status_code == 200 and done.json()["status"] == "pending_review"
    assert all(v["url"] is None for v in done.json()["variants"])
    assert client.get(f"/api/profiles/{profile_id}/media/public").json() == {"items": []}
    assert [i["id"] for i in client.get("/api/media/review-queue", headers=STAFF).json()["items"]] == [
        ticket["media_id"]
    ]

    approved = client.post(f"/api/media/{ticket['media_id']}/review", json={"decision": "approve"}, headers=STAFF)
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    (item,) = client.get(f"/api/profiles/{profile_id}/media/public").json()["items"]
    card = next(v for v in item["variants"] if v["name"] == "card")
    served = client.get(path_of(card["url"]))
    assert served.status_code == 200 and served.headers["content-type"] == "image/webp"
    assert images.exif_of(served.content) == {} and images.size_of(served.content) == (800, 533)
    page = client.get(f"/api/profiles/{profile_id}/public")
    assert card["url"] in page.text  # the public profile page shows it, through the media gallery
    for probe in (f"/media/../originals/{profile_id}/{ticket['media_id']}", f"/media/%2e%2e/originals/{profile_id}"):
        assert client.get(probe).status_code == 404

    rejected = client.post(f"/api/media/{ticket['media_id']}/review", json={"decision": "reject"}, headers=STAFF)
    assert rejected.status_code == 422 and rejected.json()["errors"][0]["field"] == "reason"
    client.post(f"/api/media/{ticket['media_id']}/review", json={"decision": "reject", "reason": "x"}, headers=STAFF)
    assert client.get(path_of(card["url"])).status_code == 404
    assert client.get(f"/api/profiles/{profile_id}/media/public").json() == {"items": []}
    assert card["url"] not in client.get(f"/api/profiles/{profile_id}/public").text


def test_crop_order_and_cover(client: TestClient, moderator: ScriptedModerator) -> None:
    moderator.default = Classification.SAFE
    profile_id = new_profile(client)
    first, second = (upload(client, profile_id, images.jpeg())["media_id"] for _ in range(2))
    for media_id in (first, second):
        assert client.post(f"/api/media/{media_id}/complete").json()["status"] == "approved"
    cropped = client.patch(f"/api/media/{second}", json={"crop": {"left": 0, "top": 0, "width": 300, "height": 300},
                                                         "position": 0, "is_cover": True})  # fmt: skip
    assert cropped.status_code == 200, cropped.text
    assert (cropped.json()["revision"], cropped.json()["position"], cropped.json()["is_cover"]) == (2, 0, True)
    owner = client.get(f"/api/profiles/{profile_id}/media").json()["items"]
    assert [i["id"] for i in owner] == [second, first]
    public = client.get(f"/api/profiles/{profile_id}/media/public").json()["items"]
    assert [(i["media_id"], i["width"], i["height"]) for i in public] == [(second, 300, 300), (first, 600, 400)]
    bad = client.patch(f"/api/media/{first}", json={"crop": {"left": 0, "top": 0, "width": 9000, "height": 20}})
    assert bad.status_code == 422
    unknown = client.patch(f"/api/media/{first}", json={"rotate": 90})
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "rotate"


def test_bad_uploads_are_refused_clearly_and_leave_nothing(client: TestClient, tmp_path: Path) -> None:
    profile_id = new_profile(client)
    gif = client.post(f"/api/profiles/{profile_id}/media", json={"content_type": "image/gif", "size": 10})
    assert gif.status_code == 415 and gif.json()["type"] == "/problems/media-unsupported-type"
    huge = client.post(f"/api/profiles/{profile_id}/media", json={"content_type": "image/png", "size": 60_000_000})
    assert huge.status_code == 413 and huge.json()["limit"] == 50 * 1024 * 1024
    missing = client.post("/api/profiles/prf_nobody/media", json={"content_type": "image/png", "size": 10})
    assert missing.status_code == 404

    ticket = client.post(f"/api/profiles/{profile_id}/media", json={"content_type": "image/jpeg", "size": 10})
    early = client.post(f"/api/media/{ticket.json()['media_id']}/complete")
    assert early.status_code == 409 and early.json()["type"] == "/problems/media-upload-missing"

    for data, problem in ((images.truncated_jpeg(), "media-corrupt"), (images.png_bomb(), "media-too-many-pixels")):
        media_id = upload(client, profile_id, data)["media_id"]
        refused = client.post(f"/api/media/{media_id}/complete")
        assert refused.status_code in (413, 415, 422) and refused.json()["type"] == f"/problems/{problem}"
    assert [i["id"] for i in client.get(f"/api/profiles/{profile_id}/media").json()["items"]] == [
        ticket.json()["media_id"]]  # fmt: skip
    assert stored_files(tmp_path) == []


def test_uploads_edits_and_the_owner_list_are_the_owners_alone(
    client: TestClient, tmp_path: Path, moderator: ScriptedModerator
) -> None:
    moderator.default = Classification.SAFE
    profile_id = new_profile(client)
    mine = f"/api/profiles/{profile_id}/media"  # POST starts an upload, GET is the owner's list
    ticket_body = {"content_type": "image/jpeg", "size": 10}
    with signed_out(client):
        assert refused_as(client.post(mine, json=ticket_body), 401, "session-invalid")
        assert refused_as(client.get(mine), 401, "session-invalid")
    for someone in (STRANGER, STAFF):  # staff read every profile but change none
        assert refused_as(client.post(mine, json=ticket_body, headers=someone), 404, "not-found")
    assert client.get(mine).json() == {"items": []}  # the stranger reserved nothing

    data = images.jpeg()
    media_id = upload(client, profile_id, data)["media_id"]
    complete, item = f"/api/media/{media_id}/complete", f"/api/media/{media_id}"
    with signed_out(client):
        assert refused_as(client.post(complete), 401, "session-invalid")
        assert refused_as(client.patch(item, json={"is_cover": True}), 401, "session-invalid")
    unknown = client.post("/api/media/med_nope/complete").json()
    for someone in (STRANGER, STAFF):
        for answer in (
            client.post(complete, headers=someone),
            client.patch(item, json={"is_cover": True}, headers=someone),
        ):
            assert refused_as(answer, 404, "not-found") and profile_id not in answer.text  # whose item stays unsaid
            assert answer.json()["title"] == unknown["title"] and answer.json()["type"] == unknown["type"]
        listed = client.get(mine, headers=someone)
        assert refused_as(listed, 404, "not-found") and "items" not in listed.json()
    assert [(i["status"], i["is_cover"]) for i in client.get(mine).json()["items"]] == [("uploading", False)]
    assert stored_files(tmp_path) == [f"originals/{profile_id}/{media_id}"]  # nothing rendered for the stranger

    assert client.post(complete).json()["status"] == "approved"
    assert client.patch(item, json={"is_cover": True}).json()["is_cover"] is True
    assert [i["id"] for i in client.get(mine).json()["items"]] == [media_id]
    with signed_out(client):  # the public list of a draft is its owner's and staff's (issue 19)
        assert refused_as(client.get(f"{mine}/public"), 404, "not-found")
    assert [i["media_id"] for i in client.get(f"{mine}/public", headers=STAFF).json()["items"]] == [media_id]
