"""Errors of the profiles context (the shared ``NotFound``, ``InvalidInput`` and ``VersionConflict`` aside)."""

from __future__ import annotations

from core.shared.errors import DomainError


class SignInRequired(DomainError):
    """An anonymous caller asked to create a profile: every profile has an owner to answer for it, a signed-in
    user or the operator. The same problem as a request without a session (401)."""

    code = "session-invalid"
