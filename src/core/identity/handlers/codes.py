"""Issuing and checking one-time codes inside a unit of work (shared by verification and reset)."""

from __future__ import annotations

from datetime import datetime

from core.identity.codes import DIGITS, CodeFormat, CodePurpose, OneTimeCode, hash_code
from core.identity.errors import InvalidCode
from core.identity.model import User
from core.identity.ports import IdentityUnitOfWork
from core.identity.services import IdentityServices


def issue_code(
    uow: IdentityUnitOfWork,
    svc: IdentityServices,
    user: User,
    purpose: CodePurpose,
    now: datetime,
    binding: str = "",
) -> tuple[str, OneTimeCode]:
    """Make a fresh code, store its hash (replacing any earlier one) and return the plain code to send."""
    settings = svc.settings.codes
    if settings.format is CodeFormat.DIGITS:
        code = svc.tokens.new_code(DIGITS, settings.digits)
    else:
        code = svc.tokens.new_token(settings.link_token_bytes)
    code_hash = hash_code(code, pepper=svc.pepper, user_id=user.id, purpose=purpose, binding=binding)
    record = OneTimeCode.issue(user.id, purpose, code_hash, now, settings)
    uow.codes.put(record)
    return code, record


def account_for_code(uow: IdentityUnitOfWork, email: str) -> User:
    """The account at ``email`` (normalised), whose code is being checked. Raises ``InvalidCode`` when there is
    none: an unknown address gets the answer a wrong code gets, so a caller learns nothing about accounts."""
    user = uow.users.get_by_email(email)
    if user is None:
        raise InvalidCode()
    return user


def matching_code(
    uow: IdentityUnitOfWork,
    svc: IdentityServices,
    user: User,
    purpose: CodePurpose,
    code: str,
    now: datetime,
    binding: str = "",
) -> OneTimeCode:
    """Return the user's live code if ``code`` matches it. Otherwise commit the spent attempt and raise
    ``InvalidCode``, the same for a missing, wrong, used, expired or exhausted code."""
    record = uow.codes.get(user.id, purpose)
    if record is None:
        raise InvalidCode()
    if record.matches(hash_code(code, pepper=svc.pepper, user_id=user.id, purpose=purpose, binding=binding), now):
        return record
    uow.codes.put(record)
    uow.commit()
    raise InvalidCode()
