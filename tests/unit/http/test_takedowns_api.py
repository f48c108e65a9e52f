"""Copyright takedowns over HTTP on SQLite: anyone files a notice (CAPTCHA, no account) and the media is hidden at
once; bad input or a failed CAPTCHA is a problem with nothing stored; staff see the SLA deadlines in the queue and
on /metrics, acknowledge and remove (one proposes, another approves); the owner's counter-notice lets staff
restore the media after the wait."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest
from dependency_injector import providers
from litestar.testing import TestClient
from sqlalchemy import func, select

from adapters.memory.clock import FixedClock
from adapters.memory.moderation import ScriptedModerator
from adapters.sqlalchemy.migrate import upgrade
from adapters.sqlalchemy.tables.moderation import moderation_takedowns
from config.container import Container, build_container
from config.settings import Settings
from core.identity.staff import StaffRole
from core.media.model import Classification
from core.moderation.takedowns import TakedownLimits, TakedownSla
from entrypoints.http.app import create_app
from tests.unit.http.conftest import STAFF, STRANGER
from tests.unit.http.signed_in import bearer, refused_as, sign_in
from tests.unit.http.test_media_api import new_profile, upload
from tests.unit.media import images

OWNER = bearer("tok-ana-owner")
SECOND = bearer("tok-lee-support")  # another staff member: approves what STAFF proposes
WAIT = timedelta(minutes=5)
SLA = TakedownSla(acknowledge_within=timedelta(hours=1), act_within=timedelta(hours=3), counter_wait=WAIT)


@attrs.frozen
class Site:
    client: TestClient[Any]
    container: Container
    clock: FixedClock


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    url = f"sqlite:///{tmp_path / 'takedowns.db'}"
    upgrade(url)
    container = build_container(Settings(database_url=url, media_root=str(tmp_path / "m")))
    clock = FixedClock(datetime.now(UTC).replace(microsecond=0))
    container.clock.override(providers.Object(clock))
    container.moderator.override(ScriptedModerator(Classification.SAFE))
    container.takedown_sla.override(providers.Object(SLA))  # shorter than 24/72 h: sessions stay alive
    sign_in(container, "kim@example.com", "tok-kim-support", StaffRole.SUPPORT)
    sign_in(container, "lee@example.com", "tok-lee-support", StaffRole.SUPPORT)
    sign_in(container, "eve@example.com", "tok-eve-stranger")
    sign_in(container, "ana@example.com", "tok-ana-owner")
    with TestClient(create_app(container)) as client:
        yield Site(client, container, clock)


def public_media(site: Site) -> tuple[str, str]:
    site.client.headers.update(OWNER)
    profile_id = new_profile(site.client)
    media_id = upload(site.client, profile_id, images.jpeg(800, 600))["media_id"]
    assert site.client.post(f"/api/media/{media_id}/complete").json()["status"] == "approved"
    site.client.headers.pop("Authorization")
    return profile_id, media_id


def shown(site: Site, profile_id: str) -> list[str]:
    answer = site.client.get(f"/api/profiles/{profile_id}/media/public", headers=OWNER)  # a draft: the owner sees it
    return [i["media_id"] for i in answer.json()["items"]]


def later(site: Site, minutes: int) -> None:
    """Move the clock on, everyone staying signed in."""
    for _ in range(0, minutes, 15):
        site.clock.advance(timedelta(minutes=15))
        for who in (STAFF, SECOND, OWNER, STRANGER):
            site.client.get("/api/auth/sessions", headers=who)


def notice(media_id: str, **changes: Any) -> dict[str, Any]:
    body = {
        "claimantName": "Lee Rights", "claimantEmail": "lee@studio.example", "work": "My photo 'Dawn', 2024",
        "target": f"https://rastup.example/media/{media_id}", "goodFaith": True, "accurate": True,
        "signature": "Lee Rights", "captchaToken": "test-captcha-pass",
    }  # fmt: skip
    return {**body, **changes}


def stored(site: Site) -> int:
    with site.container.engine().connect() as connection:
        return int(connection.execute(select(func.count()).select_from(moderation_takedowns)).scalar_one())


def test_a_notice_hides_the_media_and_staff_work_it_through_the_sla(site: Site) -> None:
    profile_id, media_id = public_media(site)
    assert shown(site, profile_id) == [media_id]
    for bad, field in ((notice(media_id, goodFaith=False), "goodFaith"), (notice(media_id, claimantEmail="x"),
                       "claimantEmail"), (notice(media_id, target="https://elsewhere.example/a.jpg"), "target"),
                       (notice(media_id, signature=" "), "signature")):  # fmt: skip
        answer = site.client.post("/api/takedowns", json=bad)
        assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == field, answer.text
    assert refused_as(site.client.post("/api/takedowns", json=notice(media_id, captchaToken="wrong")), 403,
                      "captcha-failed")  # fmt: skip
    assert site.client.post("/api/takedowns", json={"work": "x"}).status_code == 422
    assert stored(site) == 0 and shown(site, profile_id) == [media_id]
    filed = site.client.post("/api/takedowns", json=notice(media_id))
    assert filed.status_code == 201, filed.text
    takedown_id = filed.json()["id"]
    assert filed.json()["status"] == "received" and shown(site, profile_id) == []  # hidden while pending
    assert site.client.get("/api/staff/takedowns", headers=STRANGER).status_code == 403
    later(site, 90)  # past the hour to acknowledge, within the three to act
    [queued] = site.client.get("/api/staff/takedowns", headers=STAFF).json()
    assert queued["id"] == takedown_id and queued["acknowledgeLate"] and not queued["actLate"]
    metrics = site.client.get("/metrics").text
    assert 'rastup_takedowns_overdue{step="acknowledge"} 1.0' in metrics
    assert 'rastup_takedowns_waiting{step="act"} 1.0' in metrics
    assert 'rastup_takedowns_oldest_waiting_age_seconds{step="act"} 5400.0' in metrics
    path = f"/api/staff/takedowns/{takedown_id}"
    assert site.client.post(f"{path}/acknowledge", headers=STAFF).json()["status"] == "acknowledged"
    assert refused_as(site.client.post(f"{path}/acknowledge", headers=STAFF), 409, "takedown-state")
    proposed = site.client.post(f"{path}/act", json={"action": "remove", "reason": "matches the work"}, headers=STAFF)
    assert proposed.status_code == 200 and proposed.json()["status"] == "proposed" and shown(site, profile_id) == []
    assert proposed.json()["actedAt"] is None  # not acted on until a second staff member approves
    assert refused_as(site.client.post(f"{path}/approve", headers=STAFF), 409, "dual-control")  # not the proposer
    assert site.client.post(f"{path}/approve", headers=STRANGER).status_code == 403
    assert site.client.get(path, headers=STAFF).json()["status"] == "proposed"  # nothing changed
    removed = site.client.post(f"{path}/approve", headers=SECOND)
    assert removed.status_code == 200 and removed.json()["status"] == "removed" and shown(site, profile_id) == []
    assert refused_as(site.client.post(f"{path}/approve", headers=SECOND), 409, "takedown-state")  # done once
    assert 'rastup_takedowns_waiting{step="act"} 0.0' in site.client.get("/metrics").text
    counter = {"statement": "I shot this photo myself; I consent to the jurisdiction.", "signature": "Ana Diaz"}
    assert site.client.post(f"/api/takedowns/{takedown_id}/counter-notice", json=counter,
                            headers=STRANGER).status_code == 404  # fmt: skip
    countered = site.client.post(f"/api/takedowns/{takedown_id}/counter-notice", json=counter, headers=OWNER)
    assert countered.status_code == 200 and countered.json()["status"] == "countered", countered.text
    assert refused_as(site.client.post(f"{path}/restore", headers=STAFF), 409, "takedown-state")
    later(site, 15)
    restored = site.client.post(f"{path}/restore", headers=STAFF)
    assert restored.status_code == 200 and restored.json()["status"] == "restored"
    assert shown(site, profile_id) == [media_id]
    with site.container.identity_uow() as uow:
        steps = [e.record.action for e in uow.audit.entries() if e.record.subject == takedown_id]
    assert steps == ["takedown.acknowledge", "takedown.propose_removal", "takedown.approve_removal",
                     "takedown.counter_notice", "takedown.restore"]  # fmt: skip


def test_a_rejected_notice_shows_the_media_again(site: Site) -> None:
    profile_id, media_id = public_media(site)
    takedown_id = site.client.post("/api/takedowns", json=notice(media_id)).json()["id"]
    assert shown(site, profile_id) == []
    rejected = site.client.post(f"/api/staff/takedowns/{takedown_id}/act", headers=STAFF,
                                json={"action": "reject", "reason": "no copyright work named"})  # fmt: skip
    assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"
    assert shown(site, profile_id) == [media_id]
    bad = site.client.post(f"/api/staff/takedowns/{takedown_id}/act", headers=STAFF,
                           json={"action": "delete", "reason": "x"})  # fmt: skip
    assert bad.status_code == 422


def test_one_address_is_limited_beyond_the_captcha_with_a_retry_after(site: Site) -> None:
    site.container.takedown_limits.override(providers.Object(TakedownLimits(per_address=2)))
    _, media_id = public_media(site)
    assert site.client.post("/api/takedowns", json=notice(media_id)).status_code == 201
    assert site.client.post("/api/takedowns", json=notice(media_id, captchaToken="wrong")).status_code == 403
    limited = site.client.post("/api/takedowns", json=notice(media_id))
    assert refused_as(limited, 429, "rate-limited")
    assert 0 < int(limited.headers["Retry-After"]) <= 3600 and stored(site) == 1
