"""Message attachments over HTTP on SQLite and the local store: an image goes through the media pipeline
(re-rendered without metadata, moderated), is shown in the thread only once approved and only to the two parties
(staff with an audit entry), and a wrong type, an oversize file or someone else's attachment is a 4xx problem with
nothing stored."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from litestar.testing import TestClient

from adapters.memory.moderation import ScriptedModerator
from adapters.sqlalchemy.migrate import upgrade
from config.container import Container, build_container
from config.settings import Settings
from core.identity.staff import StaffRole
from core.media.model import Classification
from core.messaging.attachments import MAX_ATTACHMENT_BYTES, MAX_UPLOAD_BYTES, AttachmentRules
from entrypoints.http.app import create_app
from tests.unit.http.signed_in import bearer, sign_in
from tests.unit.media import images

PDF, PDF_CAP = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n", 4096
ANA, BO, EVE, KIM = bearer("tok-ana"), bearer("tok-bo"), bearer("tok-eve"), bearer("tok-kim")


@attrs.frozen
class App:
    client: TestClient[Any]
    container: Container
    users: dict[str, str]
    media_root: Path
    moderator: ScriptedModerator


@pytest.fixture
def app(tmp_path: Path) -> Iterator[App]:
    url = f"sqlite:///{tmp_path / 'attachments.db'}"
    upgrade(url)
    container = build_container(Settings(database_url=url, media_root=str(tmp_path / "m")))
    moderator = ScriptedModerator(Classification.SAFE)
    container.moderator.override(moderator)
    users = {name: sign_in(container, f"{name}@example.com", f"tok-{name}") for name in ("ana", "bo", "eve")}
    users["kim"] = sign_in(container, "kim@example.com", "tok-kim", StaffRole.SUPPORT)
    with TestClient(create_app(container)) as client:
        yield App(client, container, users, tmp_path / "m", moderator)


def stored_files(app: App) -> list[str]:
    return sorted(str(p.relative_to(app.media_root)) for p in app.media_root.rglob("*")
                  if p.is_file() and not p.name.startswith("."))  # fmt: skip


def upload(app: App, data: bytes, content_type: str = "image/jpeg", who: dict[str, str] = ANA) -> Any:
    return app.client.post("/api/messages/attachments", content=data, headers={**who, "Content-Type": content_type})


def send(app: App, thread: str, body: str, cid: str, ids: list[str]) -> Any:
    json = {"body": body, "clientMessageId": cid, "attachmentIds": ids}
    return app.client.post(f"/api/messages/thread/{thread}", headers=ANA, json=json)


def thread_with(app: App) -> str:
    json = {"recipientUserId": app.users["bo"], "body": "Hi Bo", "clientMessageId": "c0"}
    answer = app.client.post("/api/messages/threads", headers=ANA, json=json)
    assert answer.status_code == 201, answer.text
    return str(answer.json()["thread"]["id"])


def rows(app: App, table: str) -> int:
    from sqlalchemy import text

    with app.container.engine().connect() as connection:
        return int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def test_an_approved_image_is_shown_in_the_thread_to_both_parties_only_without_its_metadata(app: App) -> None:
    thread = thread_with(app)
    uploaded = upload(app, images.jpeg(1200, 800, gps=True))
    assert uploaded.status_code == 201, uploaded.text
    attachment = uploaded.json()
    assert attachment["status"] == "approved" and attachment["width"] == 1200
    posted = send(app, thread, "the moodboard", "c1", [attachment["id"]])
    assert posted.status_code == 201, posted.text
    assert [a["id"] for a in posted.json()["message"]["attachments"]] == [attachment["id"]]
    page = app.client.get(f"/api/messages/thread/{thread}", headers=BO).json()
    shown = page["messages"][0]["attachments"][0]
    assert {v["name"] for v in shown["variants"]} == {"thumb", "card", "full"}
    url = next(v["url"] for v in shown["variants"] if v["name"] == "card")
    for who in (ANA, BO):
        image = app.client.get(url, headers=who)
        assert image.status_code == 200 and image.headers["content-type"] == "image/webp"
        assert images.exif_of(image.content) == {} and max(images.size_of(image.content)) == 800
    assert "public" not in " ".join(stored_files(app))  # never a public copy, never an original
    assert not any(name.startswith("originals/") for name in stored_files(app))
    stranger = app.client.get(url, headers=EVE)
    assert stranger.status_code == 404 and stranger.headers["content-type"] == "application/problem+json"
    staff = app.client.get(url, headers=KIM)
    assert staff.status_code == 200
    assert rows(app, "messaging_audit") == 1  # staff saw it: an audit entry


def test_a_quarantined_image_is_not_shown_until_staff_approve_it(app: App) -> None:
    app.moderator.then(Classification.NEEDS_REVIEW)
    thread = thread_with(app)
    attachment = upload(app, images.png()).json()
    assert attachment["status"] == "pending_review" and attachment["variants"] == []
    send(app, thread, "see this", "c1", [attachment["id"]])
    shown = app.client.get(f"/api/messages/thread/{thread}", headers=BO).json()["messages"][0]["attachments"][0]
    assert shown["status"] == "pending_review" and shown["variants"] == []
    assert app.client.get(f"/api/messages/attachments/{attachment['id']}/card", headers=BO).status_code == 404
    queue = app.client.get("/api/messages/attachments/review-queue", headers=KIM).json()["attachments"]
    assert [a["id"] for a in queue] == [attachment["id"]]
    assert app.client.get("/api/messages/attachments/review-queue", headers=BO).status_code == 403
    decided = app.client.post(f"/api/messages/attachments/{attachment['id']}/review", headers=KIM,
                              json={"decision": "approve"})  # fmt: skip
    assert decided.status_code == 200 and decided.json()["status"] == "approved"
    assert app.client.get(f"/api/messages/attachments/{attachment['id']}/card", headers=BO).status_code == 200


@pytest.mark.parametrize(
    ("data", "content_type", "status", "code"),
    [
        (PDF, "image/jpeg", 415, "media-unsupported-type"),  # bytes decide: a PDF must be announced as one
        (images.jpeg(), "application/pdf", 415, "media-unsupported-type"),  # claims PDF, is not
        (b"%PDF-1.7\n1 0 obj <<>> endobj\n", "application/pdf", 422, "media-corrupt"),  # no %%EOF: truncated
        (PDF + b" " * PDF_CAP, "application/pdf", 413, "media-too-large"),  # over MESSAGING_PDF_MAX_BYTES
        (b"hello", "text/plain", 415, "media-unsupported-type"),
        (images.gif(), "image/gif", 415, "media-unsupported-type"),
        (images.truncated_jpeg(), "image/jpeg", 422, "media-corrupt"),
        (images.png_bomb(), "image/png", 422, "media-too-many-pixels"),
        (b"", "image/jpeg", 422, "invalid-input"),
        (b"\xff" * (MAX_ATTACHMENT_BYTES + 1), "image/jpeg", 413, "media-too-large"),
        (b"\xff" * (MAX_UPLOAD_BYTES + 1), "image/jpeg", 413, "payload-too-large"),
    ],
)
def test_a_bad_file_is_a_problem_and_nothing_is_stored(
    app: App, data: bytes, content_type: str, status: int, code: str
) -> None:
    app.container.attachment_rules.override(AttachmentRules(pdf_max_bytes=PDF_CAP))
    refused = upload(app, data, content_type)
    assert refused.status_code == status, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["type"] == f"/problems/{code}"
    assert stored_files(app) == [] and rows(app, "messaging_attachments") == 0


def test_someone_elses_or_a_posted_attachment_cannot_be_posted_and_nothing_is_stored(app: App) -> None:
    thread = thread_with(app)
    bos = upload(app, images.png(), "image/png", who=BO).json()
    theirs = send(app, thread, "mine now", "c1", [bos["id"]])
    assert theirs.status_code == 404 and theirs.json()["type"] == "/problems/not-found"
    unknown = send(app, thread, "x", "c2", ["att_nope"])
    assert unknown.status_code == 404
    mine = upload(app, images.jpeg()).json()
    first = send(app, thread, "one", "c3", [mine["id"]])
    assert first.status_code == 201
    again = send(app, thread, "two", "c4", [mine["id"]])
    assert again.status_code == 409 and again.json()["type"] == "/problems/attachment-in-use"
    too_many = send(app, thread, "many", "c5", ["a"] * 5)
    assert too_many.status_code == 422
    messages = app.client.get(f"/api/messages/thread/{thread}", headers=ANA).json()["messages"]
    assert [m["body"] for m in messages] == ["one", "Hi Bo"]  # the refused posts stored nothing
    assert app.client.get(f"/api/messages/attachments/{bos['id']}/card", headers=ANA).status_code == 404


def test_a_pdf_is_held_for_staff_then_downloaded_only_by_the_parties_never_shown_inline(app: App) -> None:
    thread = thread_with(app)
    uploaded = upload(app, PDF, "application/pdf")
    assert uploaded.status_code == 201, uploaded.text
    pdf = uploaded.json()
    assert pdf["status"] == "pending_review" and pdf["variants"] == []  # no image moderator judges a PDF
    assert send(app, thread, "the contract", "c1", [pdf["id"]]).status_code == 201
    url = f"/api/messages/attachments/{pdf['id']}/document"
    assert app.client.get(url, headers=BO).status_code == 404  # held until staff look
    queue = app.client.get("/api/messages/attachments/review-queue", headers=KIM).json()["attachments"]
    assert [a["id"] for a in queue] == [pdf["id"]]
    decided = app.client.post(f"/api/messages/attachments/{pdf['id']}/review", headers=KIM,
                              json={"decision": "approve"})  # fmt: skip
    assert decided.status_code == 200
    shown = app.client.get(f"/api/messages/thread/{thread}", headers=BO).json()["messages"][0]["attachments"][0]
    assert [v["url"] for v in shown["variants"]] == [url]
    for who in (ANA, BO):
        got = app.client.get(url, headers=who)
        assert got.status_code == 200 and got.content == PDF
        assert got.headers["content-type"] == "application/pdf"
        assert got.headers["content-disposition"].startswith("attachment")
        assert got.headers["x-content-type-options"] == "nosniff"
    stranger = app.client.get(url, headers=EVE)
    assert stranger.status_code == 404 and stranger.headers["content-type"] == "application/problem+json"
    assert app.client.get(url, headers=KIM).status_code == 200
    assert rows(app, "messaging_audit") == 2  # the staff approval and the staff download
    assert [f for f in stored_files(app) if "public" in f] == []
