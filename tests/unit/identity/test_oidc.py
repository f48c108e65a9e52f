"""OIDC: the JWKS verifier against a loopback issuer, and the sign-in handler's linking rules."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from joserfc.jwk import RSAKey
from tests.unit.identity.fakes import World
from tests.unit.identity.flows import signed_up
from tests.unit.identity.oidc_issuer import CLIENT_ID, ISSUER, FakeIssuer, serving

from adapters.memory.clock import FixedClock
from adapters.memory.flags import InMemoryFlagStore
from adapters.oidc.jwks_verifier import JwksIdTokenVerifier, OidcProvider
from core.flags.handlers import Switchboard
from core.flags.model import Flag, FlagState, SwitchedOff
from core.identity.devices import NetworkContext
from core.identity.handlers.oidc import sign_in_with_oidc
from core.identity.oidc import InvalidIdToken, SignInWithOidc, UnverifiedEmailLink

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
HOME = NetworkContext("203.0.113.7", "Firefox/128.0 (X11; Linux)")


@pytest.fixture
def issuer() -> Iterator[FakeIssuer]:
    with serving(FakeIssuer()) as running:
        yield running


ALL_ON = Switchboard(InMemoryFlagStore(), FixedClock(NOW))  # every switch on: sign-ups allowed


def verifier_for(issuer: FakeIssuer) -> JwksIdTokenVerifier:
    return JwksIdTokenVerifier([OidcProvider("google", ISSUER, issuer.url, (CLIENT_ID,))], min_refetch_s=0)


def test_a_good_token_verifies_and_the_keys_are_cached(issuer: FakeIssuer) -> None:
    verifier = verifier_for(issuer)
    identity = verifier.verify("google", issuer.token(NOW), "n-1", NOW)
    assert (identity.subject, identity.email, identity.email_verified) == ("sub-1", "ann@example.com", True)
    verifier.verify("google", issuer.token(NOW, sub="sub-2"), "n-1", NOW + timedelta(minutes=1))
    assert issuer.requests == 1


def test_an_unknown_kid_refetches_the_jwks(issuer: FakeIssuer) -> None:
    verifier = verifier_for(issuer)
    verifier.verify("google", issuer.token(NOW), "n-1", NOW)
    issuer.rotate("k2")
    assert verifier.verify("google", issuer.token(NOW), "n-1", NOW).subject == "sub-1"
    assert issuer.requests == 2


@pytest.mark.parametrize(
    ("claims", "nonce", "at"),
    [
        ({"iss": "https://evil.test"}, "n-1", NOW),
        ({"aud": "someone-else"}, "n-1", NOW),
        ({}, "other-nonce", NOW),
        ({}, "n-1", NOW + timedelta(minutes=12)),  # expired (10 minutes + 60 s leeway)
        ({"nonce": None}, "n-1", NOW),
    ],
)
def test_bad_claims_are_refused(issuer: FakeIssuer, claims: dict[str, object], nonce: str, at: datetime) -> None:
    with pytest.raises(InvalidIdToken):
        verifier_for(issuer).verify("google", issuer.token(NOW, **claims), nonce, at)


def test_a_forged_signature_and_an_unconfigured_provider_are_refused(issuer: FakeIssuer) -> None:
    forger = RSAKey.generate_key(2048, parameters={"kid": "k1"}, private=True)
    with pytest.raises(InvalidIdToken):
        verifier_for(issuer).verify("google", issuer.token(NOW, key=forger), "n-1", NOW)
    with pytest.raises(InvalidIdToken):
        verifier_for(issuer).verify("apple", issuer.token(NOW), "n-1", NOW)
    with pytest.raises(InvalidIdToken):
        verifier_for(issuer).verify("google", "not-a-jwt", "n-1", NOW)


def test_sign_in_creates_then_finds_the_account(issuer: FakeIssuer) -> None:
    world, verifier = World(), verifier_for(issuer)
    first = sign_in_with_oidc(
        SignInWithOidc("google", issuer.token(world.clock.now()), "n-1", HOME), world.uow, world.svc, verifier, ALL_ON
    )
    again = sign_in_with_oidc(
        SignInWithOidc("google", issuer.token(world.clock.now()), "n-1", HOME), world.uow, world.svc, verifier, ALL_ON
    )
    assert first.user_id == again.user_id and first.session_token != again.session_token
    user = world.uow.users.get(first.user_id)
    assert user is not None and user.email_verified_at is not None


def test_with_signups_switched_off_a_new_provider_identity_is_refused_and_a_linked_one_signs_in(
    issuer: FakeIssuer,
) -> None:
    world, verifier = World(), verifier_for(issuer)
    store = InMemoryFlagStore()
    switchboard = Switchboard(store, world.clock)
    linked = sign_in_with_oidc(
        SignInWithOidc("google", issuer.token(world.clock.now()), "n-1", HOME),
        world.uow,
        world.svc,
        verifier,
        switchboard,
    )
    switchboard.save(FlagState(Flag.SIGNUPS, False, "spam wave", "operator", world.clock.now()))
    with pytest.raises(SwitchedOff):
        sign_in_with_oidc(
            SignInWithOidc(
                "google", issuer.token(world.clock.now(), sub="someone-new", email="new@example.com"), "n-1", HOME
            ),
            world.uow,
            world.svc,
            verifier,
            switchboard,
        )
    again = sign_in_with_oidc(
        SignInWithOidc("google", issuer.token(world.clock.now()), "n-1", HOME),
        world.uow,
        world.svc,
        verifier,
        switchboard,
    )
    assert again.user_id == linked.user_id
    assert world.uow.users.get_by_email("new@example.com") is None


def test_an_existing_account_is_linked_only_by_a_verified_email(issuer: FakeIssuer) -> None:
    world, verifier = World(), verifier_for(issuer)
    user_id = signed_up(world, "ann@example.com")
    unverified = issuer.token(world.clock.now(), email_verified=False)
    with pytest.raises(UnverifiedEmailLink):
        sign_in_with_oidc(SignInWithOidc("google", unverified, "n-1", HOME), world.uow, world.svc, verifier, ALL_ON)
    linked = sign_in_with_oidc(
        SignInWithOidc("google", issuer.token(world.clock.now()), "n-1", HOME), world.uow, world.svc, verifier, ALL_ON
    )
    assert linked.user_id == user_id
