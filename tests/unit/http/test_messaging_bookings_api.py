"""Messaging before and after a booking, over HTTP on the seeded marketplace: an inquiry to a profile is a request;
the booking opens its own thread with the booking's notices, where a phone number is fine once confirmed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.unit.http.booking_world import ALICE, BOB, PROVIDER, seeded_container, serving, slot


@pytest.fixture
def client(tmp_path: Path) -> Iterator[Any]:
    container, _clock = seeded_container(tmp_path)
    with serving(container) as client:
        yield client


def test_an_inquiry_before_and_the_booking_thread_after(client: Any) -> None:
    first = {"recipientProfileId": "prf_load_001", "body": "Free next week?", "clientMessageId": "q1"}
    inquiry = client.post("/api/messages/threads", headers=ALICE, json=first)
    assert inquiry.status_code == 201 and inquiry.json()["thread"]["status"] == "request"
    requests = client.get("/api/messages/inbox", params={"folder": "requests"}, headers=PROVIDER).json()["threads"]
    assert [t["id"] for t in requests] == [inquiry.json()["thread"]["id"]]

    started = client.post("/api/checkout/start", json={**slot(24), "extras": []}, headers=ALICE).json()
    client.post("/api/checkout/confirm", json={"txnId": started["txnId"], "method": "pm_card_visa"}, headers=ALICE)
    [booking_thread] = client.get("/api/messages/inbox", params={"folder": "bookings"}, headers=PROVIDER).json()[
        "threads"
    ]
    assert booking_thread["bookingId"] == started["txnId"] and booking_thread["status"] == "open"
    page = client.get(f"/api/messages/thread/{booking_thread['id']}", headers=ALICE).json()
    assert page["messages"][0]["body"].startswith("Booking confirmed") and page["messages"][0]["senderId"] is None
    shared = client.post(f"/api/messages/thread/{booking_thread['id']}", headers=PROVIDER,
                         json={"body": "Day-of contact: 555 123 4567", "clientMessageId": "p1"})  # fmt: skip
    assert shared.status_code == 201 and shared.json()["message"]["screening"] == "deliver"
    assert client.get(f"/api/messages/thread/{booking_thread['id']}", headers=BOB).status_code == 404
