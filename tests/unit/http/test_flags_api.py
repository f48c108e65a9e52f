"""Kill switches over HTTP and the CLI: staff read them, admins flip them with a reason, and a switched-off
command answers 503 problem+json with Retry-After."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar.testing import TestClient
from typer.testing import CliRunner

from adapters.sqlalchemy.migrate import upgrade
from config.container import build_container
from config.settings import Settings
from core.flags.model import Flag
from core.identity.staff import StaffRole
from core.shared.audit import first_broken
from entrypoints.cli.app import app as cli
from entrypoints.http.app import create_app
from tests.unit.http.conftest import STAFF, STRANGER
from tests.unit.http.signed_in import bearer, sign_in

ADMIN, CLIENT = bearer("tok-ada-admin"), bearer("tok-cleo-client")


@pytest.fixture
def url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'flags.db'}"
    upgrade(url)
    return url


@pytest.fixture
def client(url: str) -> Iterator[TestClient]:
    container = build_container(Settings(database_url=url))
    sign_in(container, "kim@example.com", "tok-kim-support", StaffRole.SUPPORT)
    sign_in(container, "eve@example.com", "tok-eve-stranger")
    sign_in(container, "cleo@example.com", "tok-cleo-client")
    sign_in(container, "ada@example.com", "tok-ada-admin", StaffRole.ADMIN)  # last: an admin ends the bootstrap
    with TestClient(create_app(container)) as test_client:
        yield test_client


def test_staff_read_every_switch_on_by_default_and_others_get_403(client: TestClient) -> None:
    shown = client.get("/api/ops/flags", headers=STAFF)
    assert shown.status_code == 200
    assert {flag["name"]: flag["on"] for flag in shown.json()}["checkout"] is True
    assert all(flag["when_off"] for flag in shown.json())
    refused = client.get("/api/ops/flags", headers=STRANGER)
    assert refused.status_code == 403 and refused.json()["type"] == "/problems/staff-only"
    assert client.get("/api/ops/flags", headers={"Authorization": ""}).status_code == 401


def test_only_admins_flip_a_switch_and_must_say_why(client: TestClient) -> None:
    body = {"on": False, "reason": "PSP incident INC-7"}
    refused = client.put("/api/ops/flags/checkout", json=body, headers=STAFF)  # support is not enough
    assert refused.status_code == 403 and refused.json()["roles"] == ["admin"]
    no_reason = client.put("/api/ops/flags/checkout", json={"on": False, "reason": " "}, headers=ADMIN)
    assert no_reason.status_code == 422 and no_reason.json()["errors"][0]["field"] == "reason"
    unknown = client.put("/api/ops/flags/teleport", json=body, headers=ADMIN)
    assert unknown.status_code in (400, 422) and unknown.headers["content-type"].startswith("application/problem+json")
    flipped = client.put("/api/ops/flags/checkout", json=body, headers=ADMIN)
    assert flipped.status_code == 200
    assert {k: flipped.json()[k] for k in ("name", "on", "reason")} == {"name": "checkout", "on": False,
                                                                         "reason": "PSP incident INC-7"}  # fmt: skip
    assert flipped.json()["changed_by"].startswith("usr_")
    shown = {flag["name"]: flag["on"] for flag in client.get("/api/ops/flags", headers=STAFF).json()}
    assert shown["checkout"] is False and shown["signups"] is True


def test_the_operator_flips_a_switch_from_the_cli_and_a_service_process_reads_it(url: str) -> None:
    runner = CliRunner()
    env = {"DATABASE_URL": url}
    turned = runner.invoke(cli, ["flags", "set", "signups", "off", "--reason", "spam wave"], env=env)
    assert turned.exit_code == 0, turned.output
    assert '"changed_by": "operator"' in turned.output
    no_reason = runner.invoke(cli, ["flags", "set", "signups", "off", "--reason", ""], env=env)
    assert no_reason.exit_code != 0 and "reason" in no_reason.output
    unknown = runner.invoke(cli, ["flags", "set", "teleport", "off", "--reason", "x"], env=env)
    assert unknown.exit_code == 2
    history = runner.invoke(cli, ["flags", "history"], env=env)
    assert history.exit_code == 0 and history.output.count("spam wave") == 1
    listed = runner.invoke(cli, ["flags", "list"], env=env)
    assert '"name": "signups", "on": false' in listed.output
    another_process = build_container(Settings(database_url=url)).flags()  # a service process started after it
    assert not another_process.is_on(Flag.SIGNUPS) and another_process.states()[Flag.SIGNUPS].reason == "spam wave"


def test_every_flip_over_http_or_the_cli_is_in_the_hash_chained_audit_log_which_verifies(
    client: TestClient, url: str
) -> None:
    flipped = client.put("/api/ops/flags/checkout", json={"on": False, "reason": "PSP incident INC-7"}, headers=ADMIN)
    assert flipped.status_code == 200
    turned = CliRunner().invoke(cli, ["flags", "set", "checkout", "on", "--reason", "PSP back"],
                                env={"DATABASE_URL": url})  # fmt: skip
    assert turned.exit_code == 0, turned.output
    uow = build_container(Settings(database_url=url)).identity_uow()
    with uow:
        entries = uow.audit.entries()
    assert first_broken(entries) is None  # one chain with the sign-ups' entries, unbroken
    flips = [entry.record for entry in entries if entry.record.action == "flag.set"]
    assert [(r.actor, r.subject, dict(r.details)) for r in flips] == [
        (f"staff:{flipped.json()['changed_by']}", "flag:checkout",
         {"from": "on", "to": "off", "reason": "PSP incident INC-7"}),
        ("operator", "flag:checkout", {"from": "off", "to": "on", "reason": "PSP back"}),
    ]  # fmt: skip


def test_with_signups_switched_off_a_new_account_gets_503_with_retry_after_and_nothing_is_created(
    client: TestClient,
) -> None:
    body = {"email": "new@example.com", "password": "violet-Harbour-crane-58-quay"}
    off = client.put("/api/ops/flags/signups", json={"on": False, "reason": "spam wave"}, headers=ADMIN)
    assert off.status_code == 200
    refused = client.post("/api/auth/signup", json=body)
    assert refused.status_code == 503 and refused.headers["retry-after"] == "300"
    assert refused.json()["type"] == "/problems/switched-off" and refused.json()["flag"] == "signups"
    assert client.post("/api/auth/login", json={**body, "api_client": True}).status_code == 401  # no account made
    assert client.put("/api/ops/flags/signups", json={"on": True, "reason": "over"}, headers=ADMIN).status_code == 200
    assert client.post("/api/auth/signup", json=body).status_code == 202


def test_each_switched_command_answers_503_while_its_switch_is_off_and_its_usual_answer_after(
    client: TestClient,
) -> None:
    cleo = CLIENT  # signed in, owns nothing: once switched on, each call gets the answer it gets today
    calls = [
        ("checkout", "/api/checkout/start",
         {"serviceProfileId": "spf_nope", "startTs": "2030-01-07T10:00:00Z", "endTs": "2030-01-07T11:00:00Z"}),
        ("media-uploads", "/api/profiles/prf_nope/media", {"content_type": "image/jpeg", "size": 1024}),
    ]  # fmt: skip
    for name, path, body in calls:
        assert (
            client.put(f"/api/ops/flags/{name}", json={"on": False, "reason": "drill"}, headers=ADMIN).status_code
            == 200
        )
        refused = client.post(path, json=body, headers={**cleo, "Idempotency-Key": f"k-{name}"})
        assert (refused.status_code, refused.json()["flag"]) == (503, name) and refused.headers["retry-after"] == "300"
        assert (
            client.put(f"/api/ops/flags/{name}", json={"on": True, "reason": "over"}, headers=ADMIN).status_code == 200
        )
        assert client.post(path, json=body, headers={**cleo, "Idempotency-Key": f"k2-{name}"}).status_code == 404
    off = client.put("/api/ops/flags/instant-book", json={"on": False, "reason": "drill"}, headers=ADMIN)
    assert off.status_code == 200
    switching_on = client.put("/api/services/spf_nope/instant-book", json={"enabled": True}, headers=cleo)
    assert switching_on.status_code == 503 and switching_on.json()["flag"] == "instant-book"
    switching_off = client.put("/api/services/spf_nope/instant-book", json={"enabled": False}, headers=cleo)
    assert switching_off.status_code == 404  # turning Instant Book off is never held back
