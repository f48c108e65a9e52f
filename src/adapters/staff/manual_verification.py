"""The manual verification provider: every document waits in the staff queue for a person to decide."""

from __future__ import annotations

from core.onboarding.verification import VerificationRequest


class ManualVerificationProvider:
    """Leaves every request pending; staff decide with ``rastup verification approve|reject``."""

    def begin(self, request: VerificationRequest) -> str:
        return f"manual:{request.id}"

    def automatic_decision(self, request: VerificationRequest) -> tuple[bool, str] | None:
        return None
