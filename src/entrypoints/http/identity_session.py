"""Sessions at the HTTP edge: the cookie or bearer token, the CSRF check and the network context.

CSRF: signed double-submit. At login the server sets ``rastup_csrf`` (readable by the page's script)
to HMAC(pepper, session token); a cookie-authenticated POST/PUT/PATCH/DELETE must echo it in
``X-CSRF-Token``. A cross-site page can make the browser send the cookies but can neither read the
CSRF cookie nor compute the HMAC. Bearer-authenticated requests carry no ambient credential and skip it.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

import attrs
from litestar import Request, Response
from litestar.datastructures import Cookie

from core.identity.errors import SessionInvalid
from core.shared.errors import DomainError
from entrypoints.http.client_address import network_context as network_context  # re-exported for routes

SESSION_COOKIE = "rastup_session"
CSRF_COOKIE = "rastup_csrf"
CSRF_HEADER = "X-CSRF-Token"
_UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class CsrfRefused(DomainError):
    """A cookie-authenticated write came without the CSRF token that matches its session."""

    code = "csrf-refused"


@attrs.frozen
class Credential:
    token: str = attrs.field(repr=False)
    from_cookie: bool


def csrf_token(session_token: str, pepper: bytes) -> str:
    return hmac.new(pepper, b"csrf\x00" + session_token.encode(), hashlib.sha256).hexdigest()


def credential(request: Request[Any, Any, Any]) -> Credential | None:
    """The bearer token if given (API clients), else the session cookie (browsers), else ``None``."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return Credential(token.strip(), from_cookie=False)
    cookie = request.cookies.get(SESSION_COOKIE)
    return Credential(cookie, from_cookie=True) if cookie else None


def session_token(request: Request[Any, Any, Any], pepper: bytes, form_token: str | None = None) -> str:
    """The caller's session token, CSRF-checked for cookie writes. Raises ``SessionInvalid``, ``CsrfRefused``.

    ``form_token``: the token a server-rendered form (the staff console's, where no script runs to set a header)
    carried in its hidden ``csrf`` field; it stands in for the header, checked the same way."""
    found = credential(request)
    if found is None:
        raise SessionInvalid()
    if found.from_cookie and request.method in _UNSAFE:
        sent = request.headers.get(CSRF_HEADER, "") if form_token is None else form_token
        if not hmac.compare_digest(sent.encode(), csrf_token(found.token, pepper).encode()):
            raise CsrfRefused("cookie-authenticated writes need the X-CSRF-Token header")
    return found.token


def with_session(response: Response[Any], token: str, pepper: bytes, secure: bool) -> Response[Any]:
    """Set (or rotate) the session cookie and its CSRF companion."""
    common: dict[str, Any] = {"path": "/", "secure": secure, "samesite": "lax"}
    response.set_cookie(Cookie(key=SESSION_COOKIE, value=token, httponly=True, **common))
    response.set_cookie(Cookie(key=CSRF_COOKIE, value=csrf_token(token, pepper), httponly=False, **common))
    return response


def without_session(response: Response[Any], secure: bool) -> Response[Any]:
    for key in (SESSION_COOKIE, CSRF_COOKIE):
        response.delete_cookie(key, path="/")
    return response
