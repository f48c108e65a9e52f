"""The OpenAPI document names every problem a route can answer, as problem+json (what schemathesis holds us to)."""

from __future__ import annotations

from typing import Any

from litestar.testing import TestClient

from entrypoints.http.problems import PROBLEM_JSON


def _operations(client: TestClient) -> dict[str, dict[str, Any]]:
    document = client.get("/schema/openapi.json").json()
    return {f"{method.upper()} {path}": operation for path, item in document["paths"].items()
            for method, operation in item.items() if method in {"get", "post", "put", "patch", "delete"}}  # fmt: skip


def test_every_error_status_is_documented_as_problem_json(client: TestClient) -> None:
    operations = _operations(client)
    assert len(operations) > 50
    for name, operation in operations.items():
        errors = {status: response for status, response in operation["responses"].items() if int(status) >= 400}
        assert {"422", "503"} <= set(errors), name  # a malformed path or query; a peer down
        for status, response in errors.items():
            assert list(response["content"]) == [PROBLEM_JSON], (name, status)
            assert response["content"][PROBLEM_JSON]["schema"] == {"$ref": "#/components/schemas/Problem"}


def test_what_a_route_takes_and_declares_decides_its_statuses(client: TestClient) -> None:
    operations = _operations(client)
    change = operations["PATCH /api/services/{service_id}"]["responses"]
    assert {"400", "401", "403", "404", "413", "415", "422", "503"} <= set(change)  # body, caller, write, path
    assert "409" not in change
    start = operations["POST /api/checkout/start"]["responses"]
    assert start["402"]["description"] == "Payment Required (payment-declined)"
    assert "slot-unavailable" in start["409"]["description"]
    assert "401" not in operations["GET /healthz"]["responses"] and "404" not in operations["GET /healthz"]["responses"]
    assert "403" in operations["GET /api/ops/flags"]["responses"]  # staff only, declared beside the route
