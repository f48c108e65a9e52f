"""The facts port in SQL: identity from verification requests, the schedule from the calendar's store,
approved portfolio images from the media repository — each read through that context's repository."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from adapters.sqlalchemy.calendar import SqlAlchemyScheduleRepository
from adapters.sqlalchemy.calendar_rows import schedule_from
from adapters.sqlalchemy.keyed_rows import OnConnection, one_of
from adapters.sqlalchemy.media import SqlAlchemyMediaRepository
from adapters.sqlalchemy.tables.calendar import calendar_schedules
from adapters.sqlalchemy.tables.onboarding import verification_requests
from core.media.model import MediaStatus
from core.onboarding.facts import Facts
from core.onboarding.verification import VerificationStatus
from core.shared.errors import NotFound


class SqlAlchemyProfileFacts(OnConnection):
    def _identity_verified(self, profile_id: str) -> bool:
        approved = select(verification_requests.c.id).where(
            verification_requests.c.profile_id == profile_id,
            verification_requests.c.status == VerificationStatus.APPROVED.value,
        )
        return self._connection.execute(approved.limit(1)).first() is not None

    def _approved_images(self, profile_id: str) -> int | None:
        """Approved (public, SFW) portfolio items: the only media that count toward completeness."""
        items = SqlAlchemyMediaRepository(self._connection).of_profile(profile_id)
        return sum(1 for item in items if item.status is MediaStatus.APPROVED)

    def _schedule_defined(self, profile_id: str) -> bool:
        """Defined when the calendar holds a schedule for the profile with at least one weekly rule."""
        try:
            stored = SqlAlchemyScheduleRepository(self._connection).get(profile_id)
        except NotFound:
            return False
        return bool(stored.schedule.rules)

    def facts_of(self, profile_id: str) -> Facts:
        return Facts(
            approved_images=self._approved_images(profile_id),
            schedule_defined=self._schedule_defined(profile_id),
            identity_verified=self._identity_verified(profile_id),
        )

    def facts_of_many(self, profile_ids: Sequence[str]) -> dict[str, Facts]:
        """Three statements for the lot: approved verifications, media items, schedules (the same readings as
        ``facts_of``, set-based)."""
        ids = list(profile_ids)
        requests = verification_requests.c
        approved = select(requests.profile_id).where(
            one_of(self._connection, requests.profile_id, ids), requests.status == VerificationStatus.APPROVED.value
        )
        verified = set(self._connection.execute(approved).scalars())
        media = SqlAlchemyMediaRepository(self._connection).of_profiles(ids)
        rows = self._connection.execute(
            select(calendar_schedules).where(one_of(self._connection, calendar_schedules.c.owner_id, ids))
        )
        scheduled = {row.owner_id for row in rows if schedule_from(row).schedule.rules}
        return {
            profile_id: Facts(
                approved_images=sum(1 for item in media[profile_id] if item.status is MediaStatus.APPROVED),
                schedule_defined=profile_id in scheduled,
                identity_verified=profile_id in verified,
            )
            for profile_id in ids
        }
