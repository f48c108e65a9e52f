"""Identity and business-document verification: submitted -> pending -> approved or rejected by staff."""

from __future__ import annotations

import re
from datetime import datetime
from enum import Enum

import attrs

from core.onboarding.errors import VerificationStateError
from core.shared.errors import InvalidInput

DOCUMENT_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9/_.=-]{0,299}\Z")


class VerificationKind(Enum):
    IDENTITY = "identity"  # a person's government ID
    BUSINESS = "business"  # a studio's business registration or lease


class VerificationStatus(Enum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


@attrs.define
class VerificationRequest:
    """One submitted document and its review. Decided exactly once."""

    id: str
    profile_id: str
    kind: VerificationKind
    document_key: str  # the media/document store key of the uploaded file; never a public URL
    status: VerificationStatus
    submitted_at: datetime
    provider_reference: str = ""
    reason: str = ""
    decided_at: datetime | None = None
    decided_by: str | None = None

    @classmethod
    def submit(
        cls, *, request_id: str, profile_id: str, kind: VerificationKind, document_key: str, now: datetime
    ) -> VerificationRequest:
        if not DOCUMENT_KEY.match(document_key) or ".." in document_key:
            raise InvalidInput("document_key", "must be a storage key such as 'documents/prf_1/id-front.jpg'")
        return cls(request_id, profile_id, kind, document_key, VerificationStatus.PENDING, now)

    def _decide(self, status: VerificationStatus, staff: str, reason: str, now: datetime) -> None:
        if self.status is not VerificationStatus.PENDING:
            raise VerificationStateError(self.id, self.status.value)
        if not staff.strip():
            raise InvalidInput("staff", "name the staff member who decided")
        self.status, self.decided_by, self.reason, self.decided_at = status, staff.strip(), reason, now

    def approve(self, staff: str, now: datetime) -> None:
        self._decide(VerificationStatus.APPROVED, staff, "", now)

    def reject(self, staff: str, reason: str, now: datetime) -> None:
        reason = reason.strip()
        if not 3 <= len(reason) <= 500:
            raise InvalidInput("reason", "tell the owner why, in 3..500 characters")
        self._decide(VerificationStatus.REJECTED, staff, reason, now)


class BannerLevel(Enum):
    INFO = "info"
    SUCCESS = "success"
    WARNING = "warning"


@attrs.frozen
class Banner:
    """The status banner an owner sees about verification."""

    level: BannerLevel
    status: str  # none | pending | approved | rejected
    message: str


def banner(latest: VerificationRequest | None) -> Banner:
    """The banner for the owner's latest request (``None`` when they never submitted). Pure."""
    if latest is None:
        return Banner(BannerLevel.INFO, "none", "Verify your identity to earn the verified badge and Instant Book.")
    if latest.status is VerificationStatus.PENDING:
        return Banner(BannerLevel.INFO, "pending", "Your document is being reviewed; this usually takes a day.")
    if latest.status is VerificationStatus.APPROVED:
        return Banner(BannerLevel.SUCCESS, "approved", "You are verified: the badge shows on your public profile.")
    return Banner(BannerLevel.WARNING, "rejected", f"Your document was not accepted: {latest.reason} Please upload "
                                                   "a new one.")  # fmt: skip


def is_verified(requests: list[VerificationRequest]) -> bool:
    """Verified once any request was approved (a later rejected re-upload does not take it away)."""
    return any(r.status is VerificationStatus.APPROVED for r in requests)
