"""JSON shapes of the onboarding routes: wizard state, score, nudges, banners, verification requests."""

from __future__ import annotations

from datetime import datetime

import attrs

from core.onboarding.completeness import Score
from core.onboarding.eligibility import Eligibility, Thresholds
from core.onboarding.handlers import OnboardingOverview
from core.onboarding.verification import Banner, VerificationKind, VerificationRequest
from core.onboarding.weights import Wizard
from core.onboarding.wizard import Step
from entrypoints.shapes.bounds import Reason, Version


@attrs.frozen
class ScoreItemOut:
    item: str
    weight: int
    done: bool
    hint: str


@attrs.frozen
class ScoreOut:
    total: int
    publish_min: int
    instant_book_min: int
    items: list[ScoreItemOut]

    @classmethod
    def of(cls, score: Score, thresholds: Thresholds) -> ScoreOut:
        items = [ScoreItemOut(i.item.value, i.weight, i.done, i.hint) for i in score.items]
        return cls(score.total, thresholds.publish_min, thresholds.instant_book_min, items)


@attrs.frozen
class StepOut:
    step: str
    status: str  # done | open | blocked
    missing: list[str]  # what this step still needs
    blocked_by: list[str]  # the steps that must be done first (when blocked)


@attrs.frozen
class NudgeOut:
    item: str
    goal: str
    message: str


@attrs.frozen
class BannerOut:
    level: str
    status: str
    message: str

    @classmethod
    def of(cls, banner: Banner) -> BannerOut:
        return cls(banner.level.value, banner.status, banner.message)


@attrs.frozen
class OnboardingOut:
    profile_id: str
    wizard: str
    resume_at: str
    published: bool
    steps: list[StepOut]
    score: ScoreOut
    nudges: list[NudgeOut]
    verification: BannerOut

    @classmethod
    def of(cls, profile_id: str, view: OnboardingOverview, thresholds: Thresholds) -> OnboardingOut:
        state = view.state
        steps = [StepOut(s.step.value, s.status.value, list(s.missing), [b.value for b in s.blocked_by])
                 for s in state.steps]  # fmt: skip
        return cls(profile_id, state.wizard.value, state.resume_at.value, view.published, steps,
                   ScoreOut.of(state.score, thresholds), [NudgeOut(n.item, n.goal, n.message) for n in view.nudges],
                   BannerOut.of(view.banner))  # fmt: skip


@attrs.frozen
class StepIn:
    wizard: Wizard
    step: Step


@attrs.frozen
class VersionIn:
    version: Version


@attrs.frozen
class InstantBookIn:
    enabled: bool


@attrs.frozen
class EligibilityOut:
    service_id: str
    eligible: bool
    reasons: list[str]

    @classmethod
    def of(cls, service_id: str, eligibility: Eligibility) -> EligibilityOut:
        return cls(service_id, eligibility.eligible, list(eligibility.reasons))


@attrs.frozen
class VerificationIn:
    kind: VerificationKind
    document_key: str  # the key the document upload returned, e.g. documents/prf_1/id-front.jpg


@attrs.frozen
class StaffDecisionIn:
    reason: Reason = ""  # the reviewer is the signed-in staff member, never a body field


@attrs.frozen
class VerificationOut:
    id: str
    profile_id: str
    kind: str
    status: str
    reason: str
    submitted_at: datetime
    decided_at: datetime | None
    decided_by: str | None

    @classmethod
    def of(cls, r: VerificationRequest) -> VerificationOut:
        return cls(r.id, r.profile_id, r.kind.value, r.status.value, r.reason, r.submitted_at, r.decided_at,
                   r.decided_by)  # fmt: skip


@attrs.frozen
class VerificationStatusOut:
    profile_id: str
    verified: bool
    banner: BannerOut
    latest: VerificationOut | None


@attrs.frozen
class QueueOut:
    items: list[VerificationOut]
