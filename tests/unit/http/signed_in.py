"""Signed-in parties for HTTP tests: verified users holding a live session under a known bearer token."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from litestar.testing import TestClient

from config.container import Container
from core.identity.handlers.operators import create_user, grant_role
from core.identity.sessions import Session, hash_session_token
from core.identity.staff import CreateUser, GrantRole, StaffRole
from core.profiles.events import ProfileDraftEdited

PASSWORD = "violet-Harbour-crane-58-quay"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@contextmanager
def signed_out(client: TestClient[Any]) -> Iterator[TestClient[Any]]:
    """``client`` without its default ``Authorization`` header (and so with no credential) inside the block."""
    saved = client.headers.pop("Authorization", None)
    try:
        yield client
    finally:
        if saved is not None:
            client.headers["Authorization"] = saved


def refused_as(answer: Any, status: int, problem: str) -> bool:
    """Whether ``answer`` is an RFC 9457 problem of this status and type (``session-invalid``, ``not-found``)."""
    is_problem = answer.headers.get("content-type", "").startswith("application/problem+json")
    return answer.status_code == status and is_problem and answer.json()["type"] == f"/problems/{problem}"


def sign_in(container: Container, email: str, token: str, role: StaffRole | None = None) -> str:
    """Create a verified user (granted ``role`` if given) with a session whose token is ``token``; its id.

    Uses the operators' bootstrap path, so grant only non-admin roles here (an admin ends the bootstrap).
    """
    svc = container.identity_services()
    user = create_user(CreateUser(None, email, PASSWORD), container.identity_uow(), svc)
    if role is not None:
        grant_role(GrantRole(None, email, role), container.identity_uow(), svc)
    uow = container.identity_uow()
    with uow:
        session = Session.start(
            svc.ids.new_id("ses"), user.id, hash_session_token(token), None, svc.clock.now(), mfa_pending=False
        )
        uow.sessions.add(session)
        uow.commit()
    return user.id


def stepped_up(container: Container, token: str) -> None:
    """As if the session under ``token`` had just proven a second factor (the same token kept, for the header)."""
    uow = container.identity_uow()
    with uow:
        session = uow.sessions.get_by_token_hash(hash_session_token(token))
        assert session is not None
        session.record_second_factor(session.token_hash, container.clock().now())
        uow.sessions.save(session)
        uow.commit()


def own_profile(container: Container, profile_id: str, user_id: str) -> None:
    """Make ``user_id`` the owner of a seeded (unowned) profile."""
    uow = container.profiles_uow()
    with uow:
        profile = uow.profiles.get(profile_id)
        profile.owner_user_id = user_id
        uow.profiles.save(profile, profile.version)
        uow.record(ProfileDraftEdited(profile.id, profile.version))  # as ``give_unowned`` does: read models follow
        uow.commit()
