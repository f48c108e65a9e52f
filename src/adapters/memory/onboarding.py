"""In-memory twins of the onboarding repositories, the facts port, and its unit of work."""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from adapters.memory.profiles import InMemoryProfileDraftRepository
from adapters.memory.tables import KeyedRepository, OnTables
from adapters.memory.unit_of_work import InMemoryDatabase, InMemoryUnitOfWork
from core.onboarding.facts import Facts
from core.onboarding.verification import VerificationRequest, VerificationStatus, is_verified
from core.onboarding.weights import Wizard
from core.onboarding.wizard import Step
from core.shared.unit_of_work import AfterCommit

Table = Callable[[str], dict[Any, Any]]


class InMemoryOnboardingProgress(OnTables):
    def last_step(self, profile_id: str, wizard: Wizard) -> Step | None:
        found: Step | None = self._table("onboarding_progress").get((profile_id, wizard))
        return found

    def record(self, profile_id: str, wizard: Wizard, step: Step, now: datetime) -> None:
        self._table("onboarding_progress")[(profile_id, wizard)] = step


class InMemoryVerificationRepository(KeyedRepository[VerificationRequest]):
    table_name = "verification_requests"
    kind = "verification"

    def save(self, request: VerificationRequest) -> None:
        self._replace(request.id, request)

    def of_profile(self, profile_id: str) -> list[VerificationRequest]:
        found = (r for r in self._rows.values() if r.profile_id == profile_id)
        return [copy.deepcopy(r) for r in sorted(found, key=lambda r: (r.submitted_at, r.id))]

    def pending(self, limit: int) -> list[VerificationRequest]:
        found = (r for r in self._rows.values() if r.status is VerificationStatus.PENDING)
        return [copy.deepcopy(r) for r in sorted(found, key=lambda r: (r.submitted_at, r.id))][:limit]


class InMemoryProfileFacts(OnTables):
    """Identity from the verification table; portfolio and schedule facts that tests and demos set with
    ``set_portfolio``/``set_schedule`` (unknown until set)."""

    def set_portfolio(self, profile_id: str, approved_images: int) -> None:
        self._table("facts_portfolio")[profile_id] = approved_images

    def set_schedule(self, profile_id: str, defined: bool) -> None:
        self._table("facts_schedule")[profile_id] = defined

    def facts_of(self, profile_id: str) -> Facts:
        requests = [r for r in self._table("verification_requests").values() if r.profile_id == profile_id]
        return Facts(
            approved_images=self._table("facts_portfolio").get(profile_id),
            schedule_defined=self._table("facts_schedule").get(profile_id),
            identity_verified=is_verified(requests),
        )

    def facts_of_many(self, profile_ids: Sequence[str]) -> dict[str, Facts]:
        return {profile_id: self.facts_of(profile_id) for profile_id in profile_ids}


class InMemoryOnboardingUnitOfWork(InMemoryUnitOfWork):
    """Profiles, wizard progress and verification requests in one in-memory transaction."""

    def __init__(self, database: InMemoryDatabase | None = None, *, after_commit: AfterCommit | None = None) -> None:
        super().__init__(database, after_commit=after_commit)
        self.profiles = InMemoryProfileDraftRepository(self.database.table)
        self.progress = InMemoryOnboardingProgress(self.database.table)
        self.verifications = InMemoryVerificationRepository(self.database.table)
        self.facts = InMemoryProfileFacts(self.database.table)
