"""Commands of the onboarding context."""

from __future__ import annotations

import attrs

from core.onboarding.verification import VerificationKind
from core.onboarding.weights import Wizard
from core.onboarding.wizard import Step


@attrs.frozen
class RecordStep:
    """The owner moved to ``step`` of ``wizard``: remember it so they resume there."""

    profile_id: str
    wizard: Wizard
    step: Step


@attrs.frozen
class PublishProfile:
    profile_id: str
    expected_version: int


@attrs.frozen
class UnpublishProfile:
    profile_id: str
    expected_version: int


@attrs.frozen
class SetInstantBook:
    service_id: str
    enabled: bool


@attrs.frozen
class SubmitVerification:
    profile_id: str
    kind: VerificationKind
    document_key: str


@attrs.frozen
class ApproveVerification:
    request_id: str
    staff: str


@attrs.frozen
class RejectVerification:
    request_id: str
    staff: str
    reason: str
