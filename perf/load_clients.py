"""API clients for load drivers: verified users with a live session each, whose bearer tokens the VUs send."""

from __future__ import annotations

import secrets

import sqlalchemy as sa

from config.container import build_container
from config.settings import Settings
from core.identity.handlers.operators import create_user
from core.identity.sessions import Session, hash_session_token
from core.identity.staff import CreateUser

PASSWORD = "violet-Harbour-crane-58-quay"


def load_clients(database_url: str, count: int) -> list[str]:
    """Create ``load-client-NNN@example.com`` for NNN in 1..count, each signed in; their bearer tokens, in order.

    Uses the operators' bootstrap path (no admin may exist yet): the benchmark database is a fresh one.
    """
    container = build_container(Settings(database_url=database_url))
    svc = container.identity_services()
    tokens = []
    for n in range(1, count + 1):
        user = create_user(
            CreateUser(None, f"load-client-{n:03d}@example.com", PASSWORD), container.identity_uow(), svc
        )
        token = secrets.token_urlsafe(32)
        uow = container.identity_uow()
        with uow:
            session_id = svc.ids.new_id("ses")
            uow.sessions.add(Session.start(session_id, user.id, hash_session_token(token), None, svc.clock.now(),
                                           mfa_pending=False))  # fmt: skip
            uow.commit()
        tokens.append(token)
    container.engine().dispose()
    return tokens


def client_ids(database_url: str) -> list[str]:
    """The user ids of the load clients in ``database_url``, in the order ``load_clients`` made them."""
    engine = sa.create_engine(database_url)
    with engine.connect() as connection:
        query = sa.text("SELECT id FROM identity_users WHERE email LIKE 'load-client-%' ORDER BY email")
        ids = list(connection.execute(query).scalars())
    engine.dispose()
    return ids
