"""A profile's JSON for its owner and for anyone else: two views, two validators, never a 304 across them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from core.pages.reads import RecentReads
from tests.unit.http.booking_world import ALICE, PROVIDER, seeded_container, serving

PATH = "/api/profiles/prf_load_001"  # published, owned by PROVIDER


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient[Any]]:
    container, _clock = seeded_container(tmp_path)
    with serving(container) as test_client:
        yield test_client


def test_the_owners_view_and_anyone_elses_have_their_own_etags(client: TestClient[Any]) -> None:
    owners, strangers, anonymous = client.get(PATH, headers=PROVIDER), client.get(PATH, headers=ALICE), client.get(PATH)
    version = owners.json()["version"]
    assert owners.headers["etag"] == f'W/"{version}"'
    assert strangers.headers["etag"] == anonymous.headers["etag"] == f'W/"{version}.public"'
    assert all(r.headers["vary"] == "Authorization, Cookie" for r in (owners, strangers, anonymous))
    assert client.get(PATH, headers={**ALICE, "If-None-Match": strangers.headers["etag"]}).status_code == 304
    crossed = client.get(PATH, headers={**ALICE, "If-None-Match": owners.headers["etag"]})
    assert crossed.status_code == 200 and crossed.json() == strangers.json()  # the owner's copy is not hers


def test_an_anonymous_read_kept_a_moment_is_the_fresh_answer_and_a_change_shows_on_the_next_read(
    client: TestClient[Any],
) -> None:
    first, kept = client.get(PATH), client.get(PATH)  # the second from the answer kept a moment (same instant)
    assert kept.status_code == 200 and kept.content == first.content
    assert kept.headers["content-type"] == "application/json" and kept.headers["etag"] == first.headers["etag"]
    assert kept.headers["vary"] == "Authorization, Cookie" and kept.headers["cache-control"] == "private, no-cache"
    revalidated = client.get(PATH, headers={"If-None-Match": first.headers["etag"]})
    assert revalidated.status_code == 304 and revalidated.headers["etag"] == first.headers["etag"]
    version = first.json()["version"]
    edited = client.patch(PATH, json={"version": version, "headline": "Kept no longer"}, headers=PROVIDER)
    assert edited.status_code == 200, edited.text
    shown = client.get(PATH)  # the same instant: only the change forgot the kept answer
    assert shown.json()["headline"] == "Kept no longer" and shown.headers["etag"] == f'W/"{version + 1}.public"'
    assert client.get(PATH, headers={"If-None-Match": first.headers["etag"]}).status_code == 200
    owners = client.get(PATH, headers=PROVIDER)  # signed-in callers never get the anonymous answer
    assert owners.headers["etag"] == f'W/"{version + 1}"'
    unpublished = client.post(f"{PATH}/unpublish", json={"version": version + 1}, headers=PROVIDER)
    assert unpublished.status_code == 200, unpublished.text
    assert client.get(PATH).status_code == 404  # a draft is its owner's: not answered from the kept read
    assert client.get(PATH, headers=PROVIDER).status_code == 200
    assert client.get(PATH).status_code == 404  # and nothing of the draft was kept for anonymous callers


def test_a_read_that_began_before_a_change_is_not_kept_past_it() -> None:
    reads: RecentReads[str] = RecentReads()
    now = datetime(2026, 1, 1, tzinfo=UTC)
    since = reads.since()
    reads.forget("prf_a")  # a change lands while the read is in flight
    reads.put((True, "prf_a"), now, "prf_a", "old", since)
    assert reads.get((True, "prf_a"), now) is None
    reads.put((True, "prf_a"), now, "prf_a", "new", reads.since())
    assert reads.get((True, "prf_a"), now) == "new"


@pytest.mark.parametrize(("keep_s", "kept"), [(1.0, True), (0.0, False)])
def test_only_an_anonymous_read_is_kept_and_only_while_public_read_keep_s_allows(
    tmp_path: Path, keep_s: float, kept: bool
) -> None:
    container, clock = seeded_container(tmp_path, public_read_keep_s=keep_s)
    shown = container.public_reads().shown
    with serving(container) as client:
        assert client.get(PATH, headers=PROVIDER).status_code == 200  # the owner's view is never kept
        assert shown.get((True, "prf_load_001"), clock.now()) is None
        assert client.get(PATH).status_code == 200
        assert (shown.get((True, "prf_load_001"), clock.now()) is not None) is kept
