"""Errors of the onboarding context: data an entrypoint can show, never formatted prose alone."""

from __future__ import annotations

from core.shared.errors import DomainError


class StepBlocked(DomainError):
    """A wizard step was asked for while the steps it depends on are not valid yet."""

    code = "step-blocked"

    def __init__(self, step: str, blocked_by: tuple[str, ...], reasons: tuple[str, ...]) -> None:
        super().__init__(f"step {step!r} opens after {', '.join(blocked_by)}", step=step,
                         blocked_by=list(blocked_by), reasons=list(reasons))  # fmt: skip
        self.step = step
        self.blocked_by = blocked_by
        self.reasons = reasons


class ProfileIncomplete(DomainError):
    """Publishing needs a higher completeness score; ``missing`` lists ``(item, weight, hint)``."""

    code = "profile-incomplete"

    def __init__(self, profile_id: str, score: int, required: int, missing: tuple[tuple[str, int, str], ...]) -> None:
        super().__init__(f"profile {profile_id!r} scores {score}; publishing needs {required}",
                         profile_id=profile_id, score=score, required=required,
                         missing=[{"item": i, "weight": w, "hint": h} for i, w, h in missing])  # fmt: skip
        self.profile_id = profile_id
        self.score = score
        self.required = required
        self.missing = missing


class NotEligibleForInstantBook(DomainError):
    """Instant Book needs the Instant Book score, a verified identity and a defined schedule."""

    code = "instant-book-not-eligible"

    def __init__(self, service_id: str, reasons: tuple[str, ...]) -> None:
        super().__init__(f"service {service_id!r} cannot use Instant Book yet", service_id=service_id,
                         reasons=list(reasons))  # fmt: skip
        self.service_id = service_id
        self.reasons = reasons


class VerificationStateError(DomainError):
    """A verification decision was asked for a request that is not pending (already decided)."""

    code = "verification-not-pending"

    def __init__(self, request_id: str, status: str) -> None:
        super().__init__(f"verification {request_id!r} is {status}, not pending", request_id=request_id,
                         current_status=status)  # fmt: skip
        self.request_id = request_id
        self.status = status
