"""Onboarding in SQL: wizard progress, verification requests, the facts port, and the unit of work."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, insert, select, update

from adapters.sqlalchemy.keyed_rows import OnConnection, insert_new, one, update_existing
from adapters.sqlalchemy.onboarding_facts import SqlAlchemyProfileFacts
from adapters.sqlalchemy.profiles import SqlAlchemyProfileDraftRepository, SqlAlchemyProfilesUnitOfWork
from adapters.sqlalchemy.tables.onboarding import onboarding_progress, verification_requests
from core.onboarding.verification import VerificationKind, VerificationRequest, VerificationStatus
from core.onboarding.weights import Wizard
from core.onboarding.wizard import Step


class SqlAlchemyOnboardingProgress(OnConnection):
    def last_step(self, profile_id: str, wizard: Wizard) -> Step | None:
        found = self._connection.execute(
            select(onboarding_progress.c.last_step).where(
                onboarding_progress.c.profile_id == profile_id, onboarding_progress.c.wizard == wizard.value
            )
        ).scalar()
        return None if found is None else Step(found)

    def record(self, profile_id: str, wizard: Wizard, step: Step, now: datetime) -> None:
        key = (onboarding_progress.c.profile_id == profile_id, onboarding_progress.c.wizard == wizard.value)
        changed = self._connection.execute(
            update(onboarding_progress).where(*key).values(last_step=step.value, updated_at=now)
        )
        if changed.rowcount == 0:
            self._connection.execute(
                insert(onboarding_progress).values(
                    profile_id=profile_id, wizard=wizard.value, last_step=step.value, updated_at=now
                )
            )


def _request_row(request: VerificationRequest) -> dict[str, Any]:
    return {
        "id": request.id,
        "profile_id": request.profile_id,
        "kind": request.kind.value,
        "document_key": request.document_key,
        "status": request.status.value,
        "reason": request.reason,
        "provider_reference": request.provider_reference,
        "submitted_at": request.submitted_at,
        "decided_at": request.decided_at,
        "decided_by": request.decided_by,
    }


def _request_from(row: Row[Any]) -> VerificationRequest:
    return VerificationRequest(
        id=row.id,
        profile_id=row.profile_id,
        kind=VerificationKind(row.kind),
        document_key=row.document_key,
        status=VerificationStatus(row.status),
        submitted_at=row.submitted_at,
        provider_reference=row.provider_reference,
        reason=row.reason,
        decided_at=row.decided_at,
        decided_by=row.decided_by,
    )


class SqlAlchemyVerificationRepository(OnConnection):
    def add(self, request: VerificationRequest) -> None:
        insert_new(self._connection, verification_requests, _request_row(request), "verification", request.id)

    def get(self, request_id: str) -> VerificationRequest:
        return _request_from(one(self._connection, verification_requests, "verification", request_id))

    def save(self, request: VerificationRequest) -> None:
        values = _request_row(request)
        del values["id"]
        update_existing(self._connection, verification_requests, "verification", request.id, values)

    def _ordered(self, condition: Any, limit: int | None = None) -> list[VerificationRequest]:
        query = select(verification_requests).where(condition)
        query = query.order_by(verification_requests.c.submitted_at, verification_requests.c.id).limit(limit)
        return [_request_from(row) for row in self._connection.execute(query)]

    def of_profile(self, profile_id: str) -> list[VerificationRequest]:
        return self._ordered(verification_requests.c.profile_id == profile_id)

    def pending(self, limit: int) -> list[VerificationRequest]:
        return self._ordered(verification_requests.c.status == VerificationStatus.PENDING.value, limit)


class SqlAlchemyOnboardingUnitOfWork(SqlAlchemyProfilesUnitOfWork):
    """Profiles, wizard progress and verification requests in one transaction, and the facts port."""

    profiles: SqlAlchemyProfileDraftRepository
    progress: SqlAlchemyOnboardingProgress
    verifications: SqlAlchemyVerificationRepository
    facts: SqlAlchemyProfileFacts

    def _bind(self, connection: Connection) -> None:
        super()._bind(connection)
        self.progress = SqlAlchemyOnboardingProgress(connection)
        self.verifications = SqlAlchemyVerificationRepository(connection)
        self.facts = SqlAlchemyProfileFacts(connection)
