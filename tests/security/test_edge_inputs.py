"""Bounded input at the HTTP edge (issue 19): depth, content type, integers, floats, strings, instants, field names.

Every refusal is problem+json of the right type naming the field, and leaves nothing written behind it.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from litestar.testing import TestClient
from sqlalchemy import func, select

from adapters.sqlalchemy.migrate import upgrade
from adapters.sqlalchemy.tables.booking import bookings
from adapters.sqlalchemy.tables.identity import identity_users
from config.container import Container, build_container
from config.settings import Settings
from core.profiles.model import ProfileKind
from entrypoints.cli.calendar_demo import seed_schedules
from entrypoints.cli.demo import DEMO, seed_profile
from entrypoints.http.app import create_app
from tests.unit.http.signed_in import PASSWORD, bearer, sign_in, signed_out

DEEP_ARRAY = b"[" * 10_000 + b"]" * 10_000
DEEP_OBJECT = b'{"a":' * 10_000 + b"1" + b"}" * 10_000
UNCLOSED = b'{"a":' + b"[" * 10_000  # malformed, yet a decoder would recurse before noticing
HUGE = "x" * 50_000  # under the suite's 64 KiB body limit (413 above it); 100,000 below, at the default
MULTIPART = b'--b\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--b--\r\n'
NOT_JSON = [("text/plain", b'{"email": "owner@example.com"}'), ("application/x-www-form-urlencoded", b"a=1"),
            ("multipart/form-data; boundary=b", MULTIPART), ("", b'{"a": 1}')]  # fmt: skip


def json_routes() -> list[tuple[str, str]]:
    """Every (method, path) of the app whose handler takes an attrs JSON body, path parameters filled in."""
    app = create_app(build_container(Settings(database_url="sqlite://")))
    found = set()
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            field = getattr(handler, "parsed_data_field", None)
            for method in handler.http_methods & {"POST", "PUT", "PATCH"} if field is not None else ():
                found.add((method, re.sub(r"\{[^}]+\}", "x_1", route.path)))
    return sorted(found)


JSON_ROUTES = json_routes()


def is_problem(answer: Any, status: int, code: str, field: str | None = None) -> bool:
    """``answer`` is problem+json of this status and type and, if given, its errors name ``field`` first."""
    assert answer.status_code == status, answer.text[:500]
    assert answer.headers["content-type"].startswith("application/problem+json"), answer.headers
    body = answer.json()
    assert body["type"] == f"/problems/{code}" and body["status"] == status, body
    if field is not None:
        assert body["errors"][0]["field"] == field, body
    assert len(answer.content) < 4000  # nothing long is echoed back
    return True


def count(container: Container, table: Any) -> int:
    with container.engine().connect() as connection:
        return int(connection.execute(select(func.count()).select_from(table)).scalar_one())


def new_profile(client: TestClient[Any], **fields: Any) -> dict[str, Any]:
    made = client.post("/api/profiles", json={"display_name": "Ana Diaz", **fields})
    assert made.status_code == 201, made.text
    return dict(made.json())


def profile_total(client: TestClient[Any]) -> int:
    return len(client.get("/api/profiles", params={"limit": 200}).json()["items"])


def test_the_route_enumeration_covers_the_json_api() -> None:
    paths = {path for _, path in JSON_ROUTES}
    assert len(JSON_ROUTES) >= 30 and {"/api/auth/login", "/api/auth/signup", "/api/profiles"} <= paths


# -- depth: scanned before any decoder recurses, signed in or not ---------------------------------------------


@pytest.mark.parametrize(("method", "path"), JSON_ROUTES)
@pytest.mark.parametrize("body", [DEEP_ARRAY, DEEP_OBJECT, UNCLOSED], ids=["array", "object", "unclosed"])
def test_deep_json_is_refused_on_every_json_route(client: TestClient[Any], method: str, path: str, body: bytes) -> None:
    with signed_out(client):
        answer = client.request(method, path, content=body, headers={"content-type": "application/json"})
    assert is_problem(answer, 400, "json-too-deep")


def test_deep_json_is_refused_on_the_feed_route_and_at_sign_up(client: TestClient[Any], container: Container) -> None:
    profile_id = new_profile(client)["id"]
    feeds = client.post(f"/api/profiles/{profile_id}/calendar/feeds", content=DEEP_ARRAY,
                        headers={"content-type": "application/json"})  # fmt: skip
    assert feeds.status_code == 400 and "nests deeper" in feeds.json()["detail"]  # the calendar route's own 400
    users = count(container, identity_users)
    with signed_out(client):
        wrapped = json.dumps({"email": "new@example.com", "password": PASSWORD})[:-1] + ', "x": ' + "[" * 5000
        signup = client.post("/api/auth/signup", content=wrapped + "]" * 5000 + "}",
                             headers={"content-type": "application/json"})  # fmt: skip
    assert is_problem(signup, 400, "json-too-deep") and count(container, identity_users) == users


def test_shallow_json_still_passes_the_depth_scan(client: TestClient[Any]) -> None:
    brackets_in_strings = "[[[[{{{{" * 200  # inside a string, brackets are text
    made = client.post("/api/profiles", json={"display_name": "Ana", "bio": brackets_in_strings})
    assert made.status_code == 201 and made.json()["bio"] == brackets_in_strings


# -- content type: a JSON route takes JSON only (the login-CSRF fix) ------------------------------------------


@pytest.mark.parametrize(("method", "path"), JSON_ROUTES)
@pytest.mark.parametrize(("media_type", "body"), NOT_JSON, ids=["text", "form", "multipart", "none"])
def test_other_content_types_get_415(client: TestClient[Any], method: str, path: str, media_type: str,
                                     body: bytes) -> None:  # fmt: skip
    headers = {"content-type": media_type} if media_type else {}
    answer = client.request(method, path, content=body, headers=headers)
    assert is_problem(answer, 415, "unsupported-media-type")


def test_a_cross_site_text_plain_login_signs_nobody_in(client: TestClient[Any]) -> None:
    credentials = json.dumps({"email": "owner@example.com", "password": PASSWORD}).encode()
    with signed_out(client):
        forged = client.post("/api/auth/login", content=credentials, headers={"content-type": "text/plain"})
        assert is_problem(forged, 415, "unsupported-media-type")
        assert "set-cookie" not in forged.headers and not client.cookies
        genuine = client.post("/api/auth/login", content=credentials, headers={"content-type": "application/json"})
    assert genuine.status_code == 200 and "rastup_session=" in genuine.headers["set-cookie"]


def test_json_with_a_charset_or_a_json_suffix_is_json(client: TestClient[Any]) -> None:
    for n, media_type in enumerate(
        ("application/json; charset=utf-8", "application/merge-patch+json", "APPLICATION/JSON")
    ):
        body = json.dumps({"display_name": f"Ana {n}"}).encode()
        made = client.post("/api/profiles", content=body, headers={"content-type": media_type})
        assert made.status_code == 201, (media_type, made.text)


def test_profiles_refuse_text_and_form_bodies_and_write_nothing(client: TestClient[Any]) -> None:
    before = profile_total(client)
    for media_type, body in NOT_JSON[:2]:
        answer = client.post("/api/profiles", content=b'{"display_name": "Eve"}' if "text" in media_type else body,
                             headers={"content-type": media_type})  # fmt: skip
        assert is_problem(answer, 415, "unsupported-media-type")
    assert profile_total(client) == before


def test_routes_that_take_other_types_keep_taking_them(client: TestClient[Any]) -> None:
    profile_id = new_profile(client)["id"]
    ics = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nEND:VCALENDAR\r\n"
    feed = client.post(f"/api/profiles/{profile_id}/calendar/feeds", content=ics,
                       headers={"content-type": "text/calendar"})  # fmt: skip
    assert feed.status_code == 201, feed.text
    ticket = client.post(f"/api/profiles/{profile_id}/media", json={"content_type": "image/png", "size": 8}).json()
    put = client.put(urlsplit(ticket["upload_url"]).path, content=b"\x89PNG\r\n\x1a\n", headers=ticket["headers"])
    assert put.status_code == 200, put.text
    form = client.post("/api/auth/oidc/apple/form-callback", data={"id_token": "not-a-token"})
    assert is_problem(form, 401, "invalid-id-token")  # read as the form it is (and refused for the token)


# -- integers and floats: every one has a range; nothing above it reaches storage ------------------------------

BIG = [2**63, 2**64, 10**30, 2**53 + 1]


@pytest.mark.parametrize("value", [*BIG, -1, True, 1.5])
def test_a_version_out_of_range_is_422_and_the_profile_unchanged(client: TestClient[Any], value: Any) -> None:
    profile = new_profile(client)
    edit = client.patch(f"/api/profiles/{profile['id']}", json={"version": value, "headline": "changed"})
    assert is_problem(edit, 422, "validation-failed", "version")
    publish = client.post(f"/api/profiles/{profile['id']}/publish", json={"version": value})
    assert is_problem(publish, 422, "validation-failed", "version")
    again = client.get(f"/api/profiles/{profile['id']}").json()
    assert (again["version"], again["headline"], again["status"]) == (1, "", "draft")


MONEY = {"amount": 15000, "currency": "USD"}
PACKAGE = {"name": "Half day", "duration_minutes": 240, "price": MONEY}
PROFILE_INTS = [
    ({"price_min": {"amount": 2**63, "currency": "USD"}}, "price_min.amount"),
    ({"price_max": {"amount": -1, "currency": "USD"}}, "price_max.amount"),
    ({"packages": [{**PACKAGE, "duration_minutes": 2**63}]}, "packages[0].duration_minutes"),
    ({"packages": [{**PACKAGE, "duration_minutes": 1e20}]}, "packages[0].duration_minutes"),
    ({"packages": [PACKAGE, {**PACKAGE, "name": "b", "price": {"amount": 2**64, "currency": "USD"}}]},
     "packages[1].price.amount"),
    ({"geo": {"lat": 1e400, "lon": 0}}, "geo.lat"),
    ({"geo": {"lat": 0, "lon": 10**30}}, "geo.lon"),
]  # fmt: skip


@pytest.mark.parametrize(("change", "field"), PROFILE_INTS, ids=[f for _, f in PROFILE_INTS])
def test_numbers_out_of_range_in_a_profile_edit(client: TestClient[Any], change: dict[str, Any], field: str) -> None:
    profile = new_profile(client)
    raw = json.dumps({"version": 1, **change}).replace("Infinity", "1e400")  # a literal that decodes to inf
    edit = client.patch(f"/api/profiles/{profile['id']}", content=raw,
                        headers={"content-type": "application/json"})  # fmt: skip
    assert is_problem(edit, 422, "validation-failed", field)
    assert client.get(f"/api/profiles/{profile['id']}").json()["version"] == 1


def test_nan_and_infinity_are_not_json(client: TestClient[Any]) -> None:
    profile = new_profile(client)
    for literal in ("NaN", "Infinity", "-Infinity"):
        body = '{"version": 1, "geo": {"lat": LITERAL, "lon": 0}}'.replace("LITERAL", literal)
        edit = client.patch(
            f"/api/profiles/{profile['id']}", content=body, headers={"content-type": "application/json"}
        )
        assert is_problem(edit, 400, "malformed-json")
    assert client.get(f"/api/profiles/{profile['id']}").json()["version"] == 1


SERVICE = {"title": "Portraits", "hourly_rate": MONEY}
OTHER_INTS = [
    ("POST", "/api/profiles/{p}/services", {**SERVICE, "hourly_rate": {"amount": 2**63, "currency": "USD"}},
     "hourly_rate.amount"),
    ("POST", "/api/profiles/{p}/services", {**SERVICE, "min_duration_minutes": 2**63}, "min_duration_minutes"),
    ("PATCH", "/api/services/spf_x", {"min_duration_minutes": -5}, "min_duration_minutes"),
    ("POST", "/api/profiles/{p}/media", {"content_type": "image/png", "size": 2**70}, "size"),
    ("PATCH", "/api/media/med_x", {"crop": {"left": 2**63, "top": 0, "width": 16, "height": 16}}, "crop.left"),
    ("PATCH", "/api/media/med_x", {"position": 2**63}, "position"),
    ("POST", "/api/bookings/bkg_x/cancel", {"refundBps": 2**63, "reason": "x"}, "refundBps"),
    ("POST", "/api/bookings/bkg_x/cancel", {"refundBps": 10_001, "reason": "x"}, "refundBps"),
    ("PUT", "/api/profiles/{p}/schedule", {"zone": "UTC", "granularity_minutes": 1e20}, "granularity_minutes"),
    ("PUT", "/api/profiles/{p}/schedule", {"zone": "UTC", "buffer_before_minutes": 2**63}, "buffer_before_minutes"),
]  # fmt: skip


@pytest.mark.parametrize(("method", "path", "body", "field"), OTHER_INTS, ids=[f"{p}:{f}" for _, p, _, f in OTHER_INTS])
def test_numbers_out_of_range_elsewhere(client: TestClient[Any], method: str, path: str, body: dict[str, Any],
                                        field: str) -> None:  # fmt: skip
    profile_id = new_profile(client)["id"]
    answer = client.request(method, path.format(p=profile_id), json=body)
    assert is_problem(answer, 422, "validation-failed", field)
    assert client.get(f"/api/profiles/{profile_id}/services").json() == []
    assert client.get(f"/api/profiles/{profile_id}/media").json()["items"] == []
    assert client.get(f"/api/profiles/{profile_id}/schedule").status_code == 404


# -- strings: no NUL, controls or bidi overrides in names and emails; every string has a maximum ---------------

BAD_TEXT = {"nul": "Ana\x00Diaz", "rlo": "Ana\u202eziaD", "isolate": "Ana\u2066x\u2069", "c1": "Ana\x85",
            "newline": "Ana\nDiaz", "huge": HUGE}  # fmt: skip


@pytest.mark.parametrize("field", ["display_name", "slug", "headline", "city"])
@pytest.mark.parametrize("kind", sorted(BAD_TEXT))
def test_bad_names_are_refused_and_no_profile_is_made(client: TestClient[Any], field: str, kind: str) -> None:
    before = profile_total(client)
    body = {"display_name": "Ana", field: BAD_TEXT[kind]}
    assert is_problem(client.post("/api/profiles", json=body), 422, "validation-failed", field)
    assert profile_total(client) == before


def test_a_100k_name_at_the_default_body_limit_is_422_and_not_echoed(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'roomy.db'}"
    upgrade(url)
    roomy = build_container(Settings(database_url=url))  # MAX_BODY_BYTES at its default, 1 MiB
    sign_in(roomy, "roomy@example.com", "tok-roomy")
    with TestClient(create_app(roomy)) as client:
        made = client.post("/api/profiles", json={"display_name": "x" * 100_000}, headers=bearer("tok-roomy"))
        assert is_problem(made, 422, "validation-failed", "display_name")
        assert client.get("/api/profiles").json()["items"] == []


def test_a_lone_surrogate_is_refused(client: TestClient[Any]) -> None:
    made = client.post("/api/profiles", content=b'{"display_name": "Ana \\ud800"}',
                       headers={"content-type": "application/json"})  # fmt: skip
    assert is_problem(made, 422, "validation-failed", "display_name")


def test_free_text_keeps_line_breaks_but_not_overrides(client: TestClient[Any]) -> None:
    profile = new_profile(client, bio="Portraits.\n\nWeddings\ttoo.")
    assert profile["bio"] == "Portraits.\n\nWeddings\ttoo."
    for bad, field in ((f"{HUGE}", "bio"), ("a\u202eb", "bio"), ("a\x00b", "bio"), (HUGE, "headline")):
        edit = client.patch(f"/api/profiles/{profile['id']}", json={"version": 1, field: bad})
        assert is_problem(edit, 422, "validation-failed", field)
    assert client.get(f"/api/profiles/{profile['id']}").json()["version"] == 1


NESTED_TEXT = [
    ({"contact": {"email": "a\x00@example.com"}}, "contact.email"),
    ({"address": {"street": HUGE, "city": "LA", "postal_code": "9", "country": "US"}}, "address.street"),
    ({"links": [{"label": "site", "url": "https://x.example/" + HUGE}]}, "links[0].url"),
    ({"tags": ["ok", "a\u202eb"]}, "tags[1]"),
    ({"packages": [{**PACKAGE, "extras": ["x" * 600]}]}, "packages[0].extras[0]"),
]  # fmt: skip


@pytest.mark.parametrize(("change", "field"), NESTED_TEXT, ids=[f for _, f in NESTED_TEXT])
def test_nested_strings_are_bounded(client: TestClient[Any], change: dict[str, Any], field: str) -> None:
    profile = new_profile(client)
    assert is_problem(client.patch(f"/api/profiles/{profile['id']}", json={"version": 1, **change}),
                      422, "validation-failed", field)  # fmt: skip
    assert client.get(f"/api/profiles/{profile['id']}").json()["version"] == 1


@pytest.mark.parametrize("email", ["ana\x00@example.com", "\u202eana@example.com", "ana@exa\u2066mple.com",
                                   "ana@example.com\n", "a" * 300 + "@example.com"])  # fmt: skip
def test_sign_up_refuses_bad_emails_before_any_row_is_written(client: TestClient[Any], container: Container,
                                                              email: str) -> None:  # fmt: skip
    users = count(container, identity_users)
    with signed_out(client):
        answer = client.post("/api/auth/signup", json={"email": email, "password": PASSWORD})
    assert is_problem(answer, 422, "validation-failed", "email")
    assert count(container, identity_users) == users


def test_the_core_refuses_what_the_edge_would_let_through(container: Container) -> None:
    from core.identity.model import validated_email
    from core.shared.errors import InvalidInput

    for email in ("ana\x00@example.com", "ana\u202e@example.com", "ana\ud800@example.com"):
        with pytest.raises(InvalidInput) as refused:
            validated_email(email)
        assert refused.value.field == "email"


STRING_ROUTES = [
    ("POST", "/api/auth/login", {"email": "owner@example.com\x00", "password": PASSWORD}, "email"),
    ("POST", "/api/auth/login", {"email": "owner@example.com", "password": "p" * 5000}, "password"),
    ("POST", "/api/auth/password/reset/request", {"email": HUGE}, "email"),
    ("POST", "/api/auth/verify-email", {"email": "owner@example.com", "code": HUGE}, "code"),
    ("POST", "/api/auth/oidc/google/callback", {"id_token": HUGE}, "id_token"),
    ("PUT", "/api/account/payout-destination", {"reference": "acct\u202e1"}, "reference"),
    ("POST", "/api/bookings/bkg_x/decline", {"reason": HUGE}, "reason"),
    ("POST", "/api/checkout/start", {"serviceProfileId": "spf\x00", "startTs": "x", "endTs": "y"}, "serviceProfileId"),
    ("POST", "/api/checkout/confirm", {"txnId": "bkg_x", "method": HUGE}, "method"),
    ("POST", "/api/media/med_x/review", {"decision": "reject", "reason": HUGE}, "reason"),
    ("POST", "/api/media/med_x/review", {"decision": HUGE}, "decision"),
    ("POST", "/api/verifications/ver_x/reject", {"reason": "x\x00"}, "reason"),
    ("POST", "/api/profiles", {"display_name": "Ana", "roles": ["x" * 50_000]}, "roles[0]"),
]  # fmt: skip


@pytest.mark.parametrize(("method", "path", "body", "field"), STRING_ROUTES,
                         ids=[f"{p}:{f}" for _, p, _, f in STRING_ROUTES])  # fmt: skip
def test_strings_on_other_routes_are_bounded(client: TestClient[Any], method: str, path: str, body: dict[str, Any],
                                             field: str) -> None:  # fmt: skip
    answer = client.request(method, path, json=body)
    assert is_problem(answer, 422, "validation-failed", field)
    assert "set-cookie" not in answer.headers


def test_an_unknown_huge_key_is_named_briefly(client: TestClient[Any]) -> None:
    answer = client.post("/api/profiles", json={"display_name": "Ana", HUGE: 1})
    assert is_problem(answer, 422, "validation-failed")
    assert answer.json()["errors"][0] == {"field": "x" * 100, "reason": "unknown field"}


IN_THE_URL = [("/api/profiles/prf%00x", "path"), ("/api/profiles?city=a%00b", "query.city"),
              ("/api/profiles?after=" + "x" * 3000, "query.after"),
              ("/api/profiles/prf%E2%80%AEx", "path")]  # fmt: skip


@pytest.mark.parametrize(("url", "field"), IN_THE_URL)
def test_controls_and_huge_values_in_the_path_and_query(client: TestClient[Any], url: str, field: str) -> None:
    assert is_problem(client.get(url), 422, "validation-failed", field)


# -- instants: years 1 and 9999 never reach arithmetic; core field names become the body's ---------------------


@pytest.fixture
def bookable(container: Container) -> str:
    """The published demo photographer's service (spf_demo), bookable through checkout."""
    clock = container.clock()
    for demo in DEMO:
        seed_profile(demo, container.onboarding_uow(), clock)
    seed_schedules([(d.id, d.city, d.kind is ProfileKind.STUDIO) for d in DEMO], container.commands())
    return "spf_demo"


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


SOON = datetime.now(UTC).replace(microsecond=0, second=0, minute=0) + timedelta(days=3)
INSTANTS = [
    ("0001-01-01T00:00:00Z", iso(SOON), "startTs"), ("0001-01-01T00:00:00+05:00", iso(SOON), "startTs"),
    (iso(SOON), "9999-12-31T23:59:59Z", "endTs"), (iso(SOON), "9999-12-31T23:59:59-05:00", "endTs"),
    ("9999-12-31T23:59:59Z", "9999-12-31T23:59:59Z", "startTs"), ("2026-12-01T10:00:00", iso(SOON), "startTs"),
    (HUGE, iso(SOON), "startTs"),
]  # fmt: skip


@pytest.mark.parametrize(("start", "end", "field"), INSTANTS)
def test_checkout_instants_out_of_range_are_422(client: TestClient[Any], container: Container, bookable: str,
                                                start: str, end: str, field: str) -> None:  # fmt: skip
    answer = client.post("/api/checkout/start", json={"serviceProfileId": bookable, "startTs": start, "endTs": end})
    status, code = (422, "validation-failed") if len(start) > 500 else (422, "invalid-input")
    assert is_problem(answer, status, code, field)
    assert count(container, bookings) == 0


@pytest.mark.parametrize(("change", "field"), [
    ({"extras": ["no-such-package"]}, "extras[0]"),
    ({"startTs": iso(SOON - timedelta(days=30)), "endTs": iso(SOON - timedelta(days=30, hours=-1))}, "startTs"),
    ({"endTs": iso(SOON - timedelta(hours=1))}, "endTs"),
])  # fmt: skip
def test_checkout_errors_name_the_body_fields(client: TestClient[Any], container: Container, bookable: str,
                                              change: dict[str, Any], field: str) -> None:  # fmt: skip
    body = {"serviceProfileId": bookable, "startTs": iso(SOON), "endTs": iso(SOON + timedelta(hours=2)), **change}
    answer = client.post("/api/checkout/start", json=body)
    assert is_problem(answer, 422, "invalid-input", field)
    assert count(container, bookings) == 0
