"""Shared steps for the handler tests: a signed-up user, a logged-in session."""

from __future__ import annotations

from tests.unit.identity.fakes import World

from core.identity.codes import CodePurpose
from core.identity.commands import LoggedIn, LogIn, SignUp, VerifyEmail
from core.identity.devices import NetworkContext
from core.identity.handlers.login import log_in
from core.identity.handlers.signup import sign_up, verify_email
from core.shared.actor import Actor

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
HOME = NetworkContext("203.0.113.7", FIREFOX, "FR", 3215)
ABROAD = NetworkContext("198.51.100.20", "Mozilla/5.0 (Linux; Android 14) Chrome/126.0 Mobile", "BR", 28573)
EMAIL = "Ann.Lee@Example.com"
PASSWORD = "violet-Harbour-crane-58"


def signed_up(world: World, email: str = EMAIL, password: str = PASSWORD) -> str:
    """Sign up and verify; return the user id."""
    sign_up(SignUp(email, password, HOME), world.uow, world.svc)
    code = world.notifier.last_code(email.casefold(), CodePurpose.VERIFY_EMAIL)
    verify_email(VerifyEmail(email, code, HOME), world.uow, world.svc)
    user = world.uow.users.get_by_email(email.casefold())
    assert user is not None
    return user.id


def logged_in(world: World, password: str = PASSWORD, context: NetworkContext = HOME, **kw: object) -> LoggedIn:
    return log_in(LogIn(EMAIL, password, context, **kw), world.uow, world.svc)  # type: ignore[arg-type]


def acting(signed_in: LoggedIn) -> Actor:
    """Who acts from this session, as the HTTP edge's ``current_user`` makes it."""
    return Actor(signed_in.user_id)
