"""Sign-in with an OpenID provider through the HTTP app: nonce cookie, JWKS on loopback, linking rules."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.unit.http.identity_world import AuthWorld, running_auth
from tests.unit.identity.oidc_issuer import CLIENT_ID, ISSUER, FakeIssuer, serving


@pytest.fixture
def world(tmp_path: Path) -> Iterator[tuple[AuthWorld, FakeIssuer]]:
    with serving(FakeIssuer()) as issuer:
        settings = {"google_client_ids": CLIENT_ID, "google_issuer": ISSUER, "google_jwks_url": issuer.url}
        for auth in running_auth(tmp_path, **settings):
            yield auth, issuer


def test_google_sign_in_creates_an_account_and_a_session(world: tuple[AuthWorld, FakeIssuer]) -> None:
    auth, issuer = world
    nonce = auth.client.post("/api/auth/oidc/google/start").json()["nonce"]
    token = issuer.token(auth.clock.now(), nonce=nonce)
    answer = auth.client.post("/api/auth/oidc/google/callback", json={"id_token": token})
    assert answer.status_code == 200, answer.text
    assert auth.client.get("/api/auth/sessions").status_code == 200


def test_a_token_for_another_nonce_or_an_unset_provider_is_refused(world: tuple[AuthWorld, FakeIssuer]) -> None:
    auth, issuer = world
    auth.client.post("/api/auth/oidc/google/start")
    stolen = issuer.token(auth.clock.now(), nonce="someone-elses")
    refused = auth.client.post("/api/auth/oidc/google/callback", json={"id_token": stolen})
    assert refused.status_code == 401 and refused.json()["type"] == "/problems/invalid-id-token"
    auth.client.post("/api/auth/oidc/apple/start")
    apple = auth.client.post("/api/auth/oidc/apple/callback", json={"id_token": stolen})
    assert apple.status_code == 401  # Apple has no client id configured: off
    assert auth.client.post("/api/auth/oidc/github/start").status_code == 404


def test_an_existing_account_links_only_on_a_verified_email(world: tuple[AuthWorld, FakeIssuer]) -> None:
    auth, issuer = world
    auth.signed_up("ann@example.com")
    nonce = auth.client.post("/api/auth/oidc/google/start").json()["nonce"]
    unverified = issuer.token(auth.clock.now(), nonce=nonce, email_verified=False)
    refused = auth.client.post("/api/auth/oidc/google/callback", json={"id_token": unverified})
    assert refused.status_code == 409 and refused.json()["type"] == "/problems/oidc-email-unverified"
    verified = issuer.token(auth.clock.now(), nonce=nonce)
    linked = auth.client.post("/api/auth/oidc/google/callback", json={"id_token": verified})
    with auth.container.identity_uow() as uow:
        user = uow.users.get_by_email("ann@example.com")
    assert user is not None and linked.json()["user_id"] == user.id


def test_a_form_post_answer_signs_in_and_redirects_with_the_session_cookie(
    world: tuple[AuthWorld, FakeIssuer],
) -> None:
    """Apple's web flow: the provider POSTs the ID token as a form from its own site (response_mode=form_post)."""
    auth, issuer = world
    started = auth.client.post("/api/auth/oidc/google/start?response_mode=form_post")
    nonce_cookie = started.headers["set-cookie"]
    assert "SameSite=none" in nonce_cookie or "samesite=none" in nonce_cookie.lower()
    assert "secure" in nonce_cookie.lower() and "httponly" in nonce_cookie.lower()
    token = issuer.token(auth.clock.now(), nonce=started.json()["nonce"])
    answer = auth.client.post("/api/auth/oidc/google/form-callback", data={"id_token": token, "state": "s"},
                              follow_redirects=False)  # fmt: skip
    assert answer.status_code == 303 and answer.headers["location"] == "/"
    assert auth.client.get("/api/auth/sessions").status_code == 200  # the session cookie came with the redirect
    again = auth.client.post("/api/auth/oidc/google/form-callback", data={"id_token": token}, follow_redirects=False)
    assert again.status_code == 401  # the nonce cookie is spent: a replayed form does not sign in again


def test_a_form_post_without_a_token_or_a_flow_in_progress_is_refused(world: tuple[AuthWorld, FakeIssuer]) -> None:
    auth, issuer = world
    no_flow = auth.client.post("/api/auth/oidc/google/form-callback",
                               data={"id_token": issuer.token(auth.clock.now(), nonce="n")})  # fmt: skip
    assert no_flow.status_code == 401 and no_flow.json()["type"] == "/problems/invalid-id-token"
    auth.client.post("/api/auth/oidc/google/start?response_mode=form_post")
    empty = auth.client.post("/api/auth/oidc/google/form-callback", data={"code": "abc"})
    assert empty.status_code == 401 and "id_token" in empty.json()["detail"]
    assert auth.client.post("/api/auth/oidc/google/start?response_mode=query").status_code == 422
    assert auth.client.get("/api/auth/sessions").status_code == 401  # nobody was signed in
