"""The signed-in caller of a request: one read of the session with its account, a writing unit only when the
session's activity is due (at most once a minute), and every dead credential refused."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Self

import pytest
from tests.unit.identity.fakes import T0, InMemoryIdentityUnitOfWork, World
from tests.unit.identity.flows import logged_in, signed_up

from core.identity.commands import LogOut
from core.identity.errors import SessionInvalid
from core.identity.handlers.sessions import log_out, signed_in_user
from core.identity.sessions import Session, SessionSettings, hash_session_token

SETTINGS = SessionSettings()


class CountingUnitOfWork(InMemoryIdentityUnitOfWork):
    """Counts the writing units opened (``with uow``); reading units (``uow.reading()``) are not counted."""

    writing_units = 0
    _in_reading = False

    @contextmanager
    def reading(self) -> Iterator[Self]:
        self._in_reading = True  # the in-memory reading unit enters itself: not a writing unit
        try:
            with super().reading() as uow:
                yield uow
        finally:
            self._in_reading = False

    def __enter__(self) -> Self:
        if not self._in_reading:
            self.writing_units += 1
        return super().__enter__()


def counting_world() -> World:
    return World(uow=CountingUnitOfWork())


def last_seen(w: World, session_id: str) -> object:
    with w.uow.reading():
        session = w.uow.sessions.get(session_id)
    assert session is not None
    return session.last_seen_at


def test_activity_is_due_once_the_resolution_has_passed_or_the_clock_went_back() -> None:
    session = Session.start("ses_1", "usr_1", "1" * 64, None, T0, mfa_pending=False)
    assert not session.activity_due(T0, SETTINGS)
    assert not session.activity_due(T0 + timedelta(seconds=59), SETTINGS)
    assert session.activity_due(T0 + timedelta(minutes=1), SETTINGS)
    assert session.activity_due(T0 - timedelta(seconds=1), SETTINGS)


def test_the_caller_is_the_sessions_account() -> None:
    w = World()
    user_id = signed_up(w)
    token = logged_in(w).session_token
    user = signed_in_user(token, w.uow, w.svc)
    assert (user.id, user.email, user.staff_roles) == (user_id, "ann.lee@example.com", ())


def test_within_the_resolution_a_request_opens_no_writing_unit() -> None:
    w = counting_world()
    signed_up(w)
    signed = logged_in(w)
    uow = w.uow
    assert isinstance(uow, CountingUnitOfWork)
    before, seen = uow.writing_units, last_seen(w, signed.session_id)
    w.clock.advance(timedelta(seconds=59))
    for _ in range(3):
        signed_in_user(signed.session_token, w.uow, w.svc)
    assert uow.writing_units == before and last_seen(w, signed.session_id) == seen


def test_due_activity_is_recorded_in_one_writing_unit_and_restarts_the_idle_clock() -> None:
    w = counting_world()
    signed_up(w)
    signed = logged_in(w)
    uow = w.uow
    assert isinstance(uow, CountingUnitOfWork)
    w.clock.advance(timedelta(minutes=29))
    before, commits = uow.writing_units, uow.commits
    signed_in_user(signed.session_token, w.uow, w.svc)
    assert (uow.writing_units, uow.commits) == (before + 1, commits + 1)
    assert last_seen(w, signed.session_id) == w.clock.now()
    w.clock.advance(timedelta(minutes=29))
    signed_in_user(signed.session_token, w.uow, w.svc)  # alive: the idle clock restarted 29 minutes ago


def test_dead_credentials_are_refused() -> None:
    w = World()
    user_id = signed_up(w)
    idle, ended = logged_in(w), logged_in(w)
    log_out(LogOut(ended.session_token), w.uow, w.svc)
    with w.uow:
        w.uow.sessions.add(Session.start("ses_mfa", user_id, hash_session_token("pending"), None, w.clock.now(),
                                         mfa_pending=True))  # fmt: skip
        w.uow.commit()
    for token in ("no-such-token", ended.session_token, "pending"):
        with pytest.raises(SessionInvalid):
            signed_in_user(token, w.uow, w.svc)
    w.clock.advance(timedelta(minutes=30))
    with pytest.raises(SessionInvalid):
        signed_in_user(idle.session_token, w.uow, w.svc)


def test_a_session_whose_account_was_deleted_is_refused() -> None:
    w = World()
    user_id = signed_up(w)
    token = logged_in(w).session_token
    with w.uow:
        w.uow.users.delete(user_id)
        w.uow.commit()
    with pytest.raises(SessionInvalid):
        signed_in_user(token, w.uow, w.svc)
