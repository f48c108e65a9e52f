"""Errors of the onboarding context: data an entrypoint can show, never formatted prose alone."""

from __future__ import annotations

import attrs

from core.shared.errors import DomainError


@attrs.define
class StepBlocked(DomainError):
    """A wizard step was asked for while the steps it depends on are not valid yet."""

    code = "step-blocked"
    message = "step {step!r} opens after {blocked_by}"
    step: str
    blocked_by: tuple[str, ...]
    reasons: tuple[str, ...]


@attrs.define
class ProfileIncomplete(DomainError):
    """Publishing needs a higher completeness score; ``missing`` lists ``(item, weight, hint)``."""

    code = "profile-incomplete"
    message = "profile {profile_id!r} scores {score}; publishing needs {required}"
    profile_id: str
    score: int
    required: int
    missing: tuple[tuple[str, int, str], ...]

    def members(self) -> dict[str, object]:
        missing = [{"item": item, "weight": weight, "hint": hint} for item, weight, hint in self.missing]
        return {**super().members(), "missing": missing}


@attrs.define
class NotEligibleForInstantBook(DomainError):
    """Instant Book needs the Instant Book score, a verified identity and a defined schedule."""

    code = "instant-book-not-eligible"
    message = "service {service_id!r} cannot use Instant Book yet"
    service_id: str
    reasons: tuple[str, ...]


@attrs.define
class VerificationStateError(DomainError):
    """A verification decision was asked for a request that is not pending (already decided)."""

    code = "verification-not-pending"
    message = "verification {request_id!r} is {status}, not pending"
    request_id: str
    status: str

    def members(self) -> dict[str, object]:
        return {"request_id": self.request_id, "current_status": self.status}  # ``status`` is the HTTP one


@attrs.define
class ListingsRestricted(DomainError):
    """Staff decisions against the owner's account keep their profiles unpublished for a while (403)."""

    code = "listings-restricted"
    message = "profile {profile_id!r} cannot be published for now, after decisions on reports against its owner"
    profile_id: str
