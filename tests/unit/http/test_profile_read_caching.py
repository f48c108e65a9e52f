"""A profile's JSON for its owner and for anyone else: two views, two validators, never a 304 across them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

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
