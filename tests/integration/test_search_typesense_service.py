"""The service's search on a real Typesense: people and studios behind their own aliases after a reindex, studio
filters answered by Typesense itself (not degraded), and an operator's synonym reaching the server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.typesense.search import typesense_client
from config.container import Container
from core.search.query import people_query, studio_query
from core.search.synonym_commands import SetSynonym
from core.shared.actor import OPERATOR
from tests.harness.typesense_peer import TypesenseServer
from tests.unit.http.booking_world import seeded_container

pytestmark = pytest.mark.integration


@pytest.fixture
def container(tmp_path: Path, typesense: TypesenseServer) -> Iterator[Container]:
    container, _clock = seeded_container(tmp_path, search_backend="typesense", typesense_url=typesense.url,
                                         typesense_api_key=typesense.api_key, search_cursor_key="k" * 32,
                                         search_cache_ttl_s=0)  # fmt: skip
    yield container
    client = typesense_client(typesense.url, typesense.api_key)
    for alias in ("people", "studios"):
        name = client.aliases[alias].retrieve()["collection_name"]
        client.aliases[alias].delete()
        client.collections[name].delete()


def test_studios_and_people_live_behind_their_own_aliases_and_synonyms_reach_the_server(
    container: Container, typesense: TypesenseServer
) -> None:
    services = container.search()
    assert services.reindex().failed == ()
    client = typesense_client(typesense.url, typesense.api_key)
    aliases = {alias: client.aliases[alias].retrieve()["collection_name"] for alias in ("people", "studios")}
    assert aliases == {"people": "people_2", "studios": "studios_2"}  # built anew, then swapped
    studios = services.desk.people(studio_query({"amenities": "cyclorama", "min_capacity": "10"}), "it")
    assert not studios.degraded and studios.hits
    assert all(hit.document.kind == "studio" and "cyclorama" in hit.document.amenities for hit in studios.hits)
    people = services.desk.people(people_query({"limit": "100"}), "it")
    assert not people.degraded and people.hits and all(hit.document.kind == "provider" for hit in people.hits)
    assert services.desk.people(people_query({"q": "zzphotog"}), "it").hits == ()
    container.commands().handle(SetSynonym(actor=OPERATOR, term="zzphotog", expansions=("photographer",)))
    stored = client.collections[aliases["people"]].synonyms.retrieve()["synonyms"]
    assert [(s["root"], s["synonyms"]) for s in stored] == [("zzphotog", ["photographer"])]
    services.desk.synonyms.forget()  # type: ignore[attr-defined]  # the desk's CachedSynonyms: read again now
    found = services.desk.people(people_query({"q": "zzphotog"}), "it")
    assert not found.degraded and found.hits and all("photographer" in h.document.roles for h in found.hits)
