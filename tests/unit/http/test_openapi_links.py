"""OpenAPI links (create -> read -> update) point at real operations, with the parameters those operations take:
schemathesis' stateful phase follows them to chain calls, and a client reads them as what may come next."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

import pytest
from litestar.testing import TestClient

from entrypoints.http.openapi_links import LINKS, Next, document_links


def _follow(document: dict[str, Any], reference: str) -> tuple[str, str, dict[str, Any]]:
    """The (path, method, operation) an operationRef names, resolved the way a client resolves a fragment."""
    assert reference.startswith("#/paths/"), reference
    pointer, method = reference.removeprefix("#/paths/").rsplit("/", 1)
    path = unquote(pointer).replace("~1", "/").replace("~0", "~")
    return path, method, document["paths"][path][method]


def test_each_link_names_an_operation_and_fills_exactly_its_path_parameters(client: TestClient) -> None:
    document = client.get("/schema/openapi.json").json()
    followed = 0
    for (method, path), follow_ups in LINKS.items():
        responses = document["paths"][path][method.lower()]["responses"]
        success = min(status for status in responses if status.startswith("2"))
        links = responses[success]["links"]
        assert len(links) == len(follow_ups), (method, path)
        for link in links.values():
            target, target_method, operation = _follow(document, link["operationRef"])
            taken = {parameter["name"] for parameter in operation.get("parameters", []) if parameter["in"] == "path"}
            assert set(link["parameters"]) == taken, (target_method, target)
            assert all(value.startswith("$response.body#/") for value in link["parameters"].values())
            followed += 1
    assert followed >= 30


def test_the_created_profile_leads_to_reading_and_changing_it(client: TestClient) -> None:
    document = client.get("/schema/openapi.json").json()
    links = document["paths"]["/api/profiles"]["post"]["responses"]["201"]["links"]
    targets = {(_follow(document, link["operationRef"])[:2]) for link in links.values()}
    assert {("/api/profiles/{profile_id}", "get"), ("/api/profiles/{profile_id}", "patch")} <= targets
    assert links["GetProfilesProfileId"]["parameters"] == {"profile_id": "$response.body#/id"}


def test_an_operation_without_links_documents_none(client: TestClient) -> None:
    document = client.get("/schema/openapi.json").json()
    assert "links" not in document["paths"]["/healthz"]["get"]["responses"]["200"]


@pytest.mark.parametrize(
    ("links", "complaint"),
    [({("GET", "/api/nowhere"): ()}, "GET /api/nowhere: no such route"),
     ({("POST", "/api/profiles"): (Next("GET", "/api/gone/{x}", {"x": "$response.body#/id"}),)}, "no such route"),
     ({("POST", "/api/profiles"): (Next("GET", "/api/profiles/{profile_id}", {"id": "$response.body#/id"}),)},
      "fills ['id']")],
)  # fmt: skip
def test_a_link_to_nothing_is_refused_when_the_app_is_built(
    client: TestClient, links: dict[tuple[str, str], tuple[Next, ...]], complaint: str
) -> None:
    app: Any = client.app
    with pytest.raises(ValueError, match=complaint.replace("[", r"\[").replace("]", r"\]")):
        document_links(app, links)
