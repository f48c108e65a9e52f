"""A user's account across contexts: open bookings block deletion (named), the export carries profiles and
bookings, and deleting the account takes the user's published pages down."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from config.container import Container
from tests.unit.http.booking_world import ALICE, PROVIDER, seeded_container, serving, slot
from tests.unit.http.signed_in import stepped_up
from tests.unit.media.images import png


@pytest.fixture
def world(tmp_path: Path) -> Iterator[tuple[TestClient[Any], Container, Any]]:
    container, clock = seeded_container(tmp_path, media_root=str(tmp_path / "media"))
    with serving(container) as client:
        yield client, container, clock


def test_open_bookings_block_deletion_for_both_parties_and_are_named(world: Any) -> None:
    client, container, _clock = world
    held = client.post("/api/checkout/start", json=slot(24), headers=ALICE).json()["txnId"]
    stepped_up(container, "tok-alice-client")
    stepped_up(container, "tok-pat-provider")

    alice = client.get("/api/auth/account/deletion", headers=ALICE).json()
    (item,) = alice["open_items"]
    assert item.startswith(f"booking {held} (held, ") and item.endswith("as client)")
    assert alice["can_delete"] is False and alice["step_up_required"] is False
    (provider_item,) = client.get("/api/auth/account/deletion", headers=PROVIDER).json()["open_items"]
    assert provider_item.startswith(f"booking {held} (held, ") and provider_item.endswith("as provider)")

    refused = client.delete("/api/auth/account?confirm=true", headers=ALICE)
    assert refused.status_code == 409 and refused.json()["type"] == "/problems/open-commitments"
    assert refused.json()["items"] == [item]
    assert client.get("/api/auth/account/export", headers=ALICE).status_code == 200  # nothing was deleted

    assert client.post(f"/api/bookings/{held}/cancel", json={}, headers=ALICE).status_code == 200
    assert client.get("/api/auth/account/deletion", headers=ALICE).json()["can_delete"] is True
    assert client.delete("/api/auth/account?confirm=true", headers=ALICE).status_code == 204


def test_the_export_carries_the_users_profiles_and_bookings(world: Any) -> None:
    client, container, _clock = world
    held = client.post("/api/checkout/start", json=slot(30), headers=ALICE).json()["txnId"]
    stepped_up(container, "tok-pat-provider")
    stepped_up(container, "tok-alice-client")

    provider = client.get("/api/auth/account/export", headers=PROVIDER).json()
    profiles = {p["id"]: p for p in provider["profiles"]["profiles"]}
    assert set(profiles) == {"prf_load_001", "prf_demo_photographer_la"}
    assert profiles["prf_demo_photographer_la"]["fields"]["display_name"]
    assert any(s["id"] == "spf_load_001" for s in profiles["prf_load_001"]["services"])
    (as_provider,) = provider["bookings"]["bookings"]
    assert (as_provider["id"], as_provider["role"], as_provider["state"]) == (held, "provider", "held")

    assert provider["media"] == {"media": []}  # the seeded profiles have no uploads (tests/unit/media: with some)
    alice = client.get("/api/auth/account/export", headers=ALICE).json()
    assert alice["profiles"] == {"profiles": []}
    (as_client,) = alice["bookings"]["bookings"]
    assert as_client["role"] == "client" and as_client["amounts"]["subtotal"]["currency"] == "USD"
    assert [card["state"] for card in as_client["timeline"]] == ["held"]


def test_deleting_an_account_takes_its_pages_down_and_erases_their_images(world: Any) -> None:
    from tests.contracts.media_repository import asset

    client, container, _clock = world
    image, store = asset(1, "prf_demo_photographer_la"), container.media_store()
    with container.media_uow() as uow:
        uow.media.add(image)
        uow.commit()
    store.put(image.original_key, b"original pixels", "image/jpeg")
    assert client.get("/p/demo-photographer-la").status_code == 200
    stepped_up(container, "tok-pat-provider")
    assert client.delete("/api/auth/account?confirm=true", headers=PROVIDER).status_code == 204
    assert client.get("/p/demo-photographer-la").status_code == 404
    assert client.post("/api/checkout/start", json=slot(24), headers=ALICE).status_code == 404  # nothing to book
    assert not store.exists(image.original_key)
    with container.media_uow() as uow:
        assert uow.media.of_profile("prf_demo_photographer_la") == []
    with container.profiles_uow() as uow:
        erased = uow.profiles.get("prf_demo_photographer_la")
        assert erased.status.value == "draft" and erased.fields.display_name == "Deleted profile"
        assert erased.fields.bio == "" and erased.slug == "deleted-prf-demo-photographer-la"
        assert uow.profiles.get("prf_demo_model_la").status.value == "published"  # not theirs: untouched


def test_a_failing_cleanup_is_retried_from_the_outbox_and_does_not_undo_or_fail_the_deletion(
    world: Any, monkeypatch: Any
) -> None:
    import structlog

    from core.accounts import cleanup

    def broken(*_args: Any) -> list[str]:
        raise RuntimeError("database hiccup")

    monkeypatch.setattr(cleanup, "erase_profiles", broken)
    client, container, clock = world
    relay = container.outbox_relay()
    assert relay.close()  # this test runs the relay's rounds itself
    stepped_up(container, "tok-pat-provider")
    with structlog.testing.capture_logs() as logs:
        assert client.delete("/api/auth/account?confirm=true", headers=PROVIDER).status_code == 204
    (failed,) = [entry for entry in logs if entry["event"] == "outbox_retrying"]
    assert (failed["topic"], failed["reason"]) == ("identity.account_deleted", "account-cleanup: RuntimeError")
    with container.identity_uow() as uow:
        assert uow.users.get_by_email("pat@example.com") is None  # deleted all the same
    assert client.get("/p/demo-photographer-la").status_code == 200  # ... but the page is still up
    assert container.outbox().stats(clock.now()).due == 1  # ... and the clean-up waits in the outbox

    monkeypatch.undo()  # the database is back: the relay's next round cleans up
    done = {consumed.consumer: consumed.done for consumed in relay.run_once().consumed}
    assert set(done) == {"account-cleanup", "messaging-account-cleanup", "search-indexer"}  # search forgets too
    steps = done["account-cleanup"]
    assert isinstance(steps, dict) and sorted(steps["profiles_erased"]) == ["prf_demo_photographer_la", "prf_load_001"]
    assert client.get("/p/demo-photographer-la").status_code == 404
    assert relay.run_once().handled == 0 and container.outbox().stats(clock.now()).pending == 0
    (again,) = container.account_cleanup().reconcile().values()  # the repair finds nothing left to do
    assert again == {"profiles_erased": [], "media_erased": [], "digest_consent_forgotten": [],
                     "reminder_consent_forgotten": False}  # fmt: skip


def test_message_notice_preferences_and_attachments_are_exported_and_erased_with_the_account(
    world: Any, tmp_path: Path
) -> None:
    client, container, _clock = world
    stepped_up(container, "tok-alice-client")
    empty = {"notice_preferences": None, "attachments": []}
    assert client.get("/api/auth/account/export", headers=ALICE).json()["messages"] == empty
    image = client.post("/api/messages/attachments", content=png(), headers={**ALICE, "Content-Type": "image/png"})
    assert image.status_code == 201, image.text
    chosen = {"emailConsent": False, "timeZone": "Europe/Paris", "quietStartMinute": 1200, "quietEndMinute": 480}
    assert client.put("/api/messages/notice-preferences", json=chosen, headers=ALICE).status_code == 200
    messages = client.get("/api/auth/account/export", headers=ALICE).json()["messages"]
    assert [a["id"] for a in messages["attachments"]] == [image.json()["id"]]
    rendered = [p for p in (tmp_path / "media").rglob("*") if p.is_file() and "attachments" in p.parts]
    assert rendered
    exported = messages["notice_preferences"]
    assert exported == {"email_consent": False, "time_zone": "Europe/Paris", "quiet_start_minute": 1200,
                        "quiet_end_minute": 480}  # fmt: skip
    with container.identity_uow() as identity:
        alice = identity.users.get_by_email("alice@example.com").id
    assert client.delete("/api/auth/account?confirm=true", headers=ALICE).status_code == 204
    uow = container.messaging_uow()
    with uow.reading():
        assert uow.notice_preferences.get(alice) is None and uow.attachments.of_owner(alice) == []
    assert not any(p.exists() for p in rendered)  # the renditions are gone too


def test_the_deletion_routes_are_in_the_openapi_schema(world: Any) -> None:
    client, _container, _clock = world
    paths = client.get("/schema/openapi.json").json()["paths"]
    assert "get" in paths["/api/auth/account/deletion"]
    confirm = [p for p in paths["/api/auth/account"]["delete"]["parameters"] if p["name"] == "confirm"]
    assert confirm and confirm[0]["in"] == "query" and confirm[0]["schema"]["type"] == "boolean"
