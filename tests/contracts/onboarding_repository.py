"""The contract of the onboarding unit of work: wizard progress, verification requests and the facts port.

Subclass and provide ``new_uow``: a callable returning a fresh OnboardingUnitOfWork over one shared, empty
store. The in-memory twin runs it in tests/unit, SQLAlchemy (SQLite and PostgreSQL) in tests/integration.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import attrs
import pytest

from core.onboarding.ports import OnboardingUnitOfWork
from core.onboarding.verification import VerificationKind, VerificationRequest, VerificationStatus
from core.onboarding.weights import Wizard
from core.onboarding.wizard import Step
from core.shared.errors import AlreadyExists, NotFound
from tests.contracts.profile_repository import NOW, draft

NewOnboardingUow = Callable[[], OnboardingUnitOfWork]


def request(n: int, profile_id: str = "prf_0001", minutes: int = 0) -> VerificationRequest:
    return VerificationRequest.submit(request_id=f"ver_{n:04d}", profile_id=profile_id,
                                      kind=VerificationKind.IDENTITY, document_key=f"documents/{profile_id}/{n}.jpg",
                                      now=NOW + timedelta(minutes=minutes))  # fmt: skip


class OnboardingRepositoryContract:
    @pytest.fixture
    def new_uow(self) -> NewOnboardingUow:
        raise NotImplementedError("subclasses provide a unit-of-work factory over an empty store")

    @pytest.fixture(autouse=True)
    def profiles(self, new_uow: NewOnboardingUow) -> None:
        with new_uow() as uow:
            uow.profiles.add(draft(1))
            uow.profiles.add(draft(2))
            uow.commit()

    def test_progress_is_remembered_per_wizard_and_replaced(self, new_uow: NewOnboardingUow) -> None:
        with new_uow() as uow:
            assert uow.progress.last_step("prf_0001", Wizard.PHOTOGRAPHER) is None
            uow.progress.record("prf_0001", Wizard.PHOTOGRAPHER, Step.BASICS, NOW)
            uow.progress.record("prf_0001", Wizard.PHOTOGRAPHER, Step.PORTFOLIO, NOW)
            uow.progress.record("prf_0001", Wizard.MODEL, Step.ROLES_AND_TAGS, NOW)
            uow.commit()
        with new_uow() as uow:
            assert uow.progress.last_step("prf_0001", Wizard.PHOTOGRAPHER) is Step.PORTFOLIO
            assert uow.progress.last_step("prf_0001", Wizard.MODEL) is Step.ROLES_AND_TAGS
            assert uow.progress.last_step("prf_0002", Wizard.MODEL) is None

    def test_verification_requests_round_trip_and_decisions_persist(self, new_uow: NewOnboardingUow) -> None:
        first = attrs.evolve(request(1), provider_reference="manual:ver_0001")
        with new_uow() as uow:
            uow.verifications.add(first)
            uow.commit()
        with new_uow() as uow:
            assert uow.verifications.get("ver_0001") == first
            with pytest.raises(AlreadyExists):
                uow.verifications.add(first)
            decided = uow.verifications.get("ver_0001")
            decided.reject("staff:kim", "The photo is blurred.", NOW + timedelta(hours=1))
            uow.verifications.save(decided)
            uow.commit()
        with new_uow() as uow:
            assert uow.verifications.get("ver_0001") == decided
            assert uow.verifications.get("ver_0001").decided_at == NOW + timedelta(hours=1)
            with pytest.raises(NotFound):
                uow.verifications.get("ver_nope")
            with pytest.raises(NotFound):
                uow.verifications.save(request(9))

    def test_queue_and_per_profile_lists_are_oldest_first(self, new_uow: NewOnboardingUow) -> None:
        with new_uow() as uow:
            uow.verifications.add(request(3, minutes=30))
            uow.verifications.add(request(1, minutes=10))
            uow.verifications.add(request(2, profile_id="prf_0002", minutes=20))
            done = request(4, minutes=0)
            done.approve("staff:kim", NOW)
            uow.verifications.add(done)
            uow.commit()
        with new_uow() as uow:
            assert [r.id for r in uow.verifications.pending(10)] == ["ver_0001", "ver_0002", "ver_0003"]
            assert [r.id for r in uow.verifications.pending(2)] == ["ver_0001", "ver_0002"]
            assert [r.id for r in uow.verifications.of_profile("prf_0001")] == ["ver_0004", "ver_0001", "ver_0003"]
            assert uow.verifications.of_profile("prf_nope") == []

    def test_facts_know_identity_and_leave_the_rest_unknown_or_set(self, new_uow: NewOnboardingUow) -> None:
        with new_uow() as uow:
            assert uow.facts.facts_of("prf_0001").identity_verified is False
            pending = request(1)
            uow.verifications.add(pending)
            approved = request(2)
            approved.approve("staff:kim", NOW)
            uow.verifications.add(approved)
            uow.commit()
        with new_uow() as uow:
            assert uow.facts.facts_of("prf_0001").identity_verified is True
            assert uow.facts.facts_of("prf_0002").identity_verified is False
            assert uow.facts.facts_of("prf_nope").identity_verified is False
            status = uow.verifications.get("ver_0001").status
        assert status is VerificationStatus.PENDING

    def test_progress_rolls_back_with_its_unit(self, new_uow: NewOnboardingUow) -> None:
        with new_uow() as uow:
            uow.progress.record("prf_0001", Wizard.PHOTOGRAPHER, Step.BASICS, NOW)
            uow.verifications.add(request(1))
        with new_uow() as uow:
            assert uow.progress.last_step("prf_0001", Wizard.PHOTOGRAPHER) is None
            assert uow.verifications.pending(10) == []
