"""Errors of the onboarding context: data an entrypoint can show, never formatted prose alone."""

from __future__ import annotations

import attrs

from core.shared.errors import DomainError


@attrs.define
class StepBlocked(DomainError):
    """A wizard step was asked for while the steps it depends on are not valid yet."""

    code = "step-blocked"
    step: str
    blocked_by: tuple[str, ...]
    reasons: tuple[str, ...]

    def describe(self) -> str:
        return f"step {self.step!r} opens after {', '.join(self.blocked_by)}"


@attrs.define
class ProfileIncomplete(DomainError):
    """Publishing needs a higher completeness score; ``missing`` lists ``(item, weight, hint)``."""

    code = "profile-incomplete"
    profile_id: str
    score: int
    required: int
    missing: tuple[tuple[str, int, str], ...]

    def describe(self) -> str:
        return f"profile {self.profile_id!r} scores {self.score}; publishing needs {self.required}"

    def members(self) -> dict[str, object]:
        missing = [{"item": item, "weight": weight, "hint": hint} for item, weight, hint in self.missing]
        return {**super().members(), "missing": missing}


@attrs.define
class NotEligibleForInstantBook(DomainError):
    """Instant Book needs the Instant Book score, a verified identity and a defined schedule."""

    code = "instant-book-not-eligible"
    service_id: str
    reasons: tuple[str, ...]

    def describe(self) -> str:
        return f"service {self.service_id!r} cannot use Instant Book yet"


@attrs.define
class VerificationStateError(DomainError):
    """A verification decision was asked for a request that is not pending (already decided)."""

    code = "verification-not-pending"
    request_id: str
    status: str

    def describe(self) -> str:
        return f"verification {self.request_id!r} is {self.status}, not pending"

    def members(self) -> dict[str, object]:
        return {"request_id": self.request_id, "current_status": self.status}  # ``status`` is the HTTP one
