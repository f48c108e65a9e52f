"""Ports of the moderation context: the reports and strikes stores, a unit of work that also appends to the audit
log and reads accounts (a reporter's address, an assignee's roles) in the same transaction, and who is responsible
for a reported target."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import attrs

from core.identity.ports import UserRepository
from core.moderation.evidence import Evidence
from core.moderation.model import Report, ReportStatus, TargetKind
from core.moderation.strikes import Strike
from core.moderation.takedowns import Takedown, TakedownStatus
from core.shared.audit import AuditLog
from core.shared.unit_of_work import UnitOfWork


@attrs.frozen
class QueueFilter:
    """Which reports the staff queue shows: by status, target kind (and id), assignee, reporter and the account
    responsible for the target (``Report.responsible_id``), oldest first."""

    status: ReportStatus | None = ReportStatus.OPEN
    target_kind: TargetKind | None = None
    assignee_id: str | None = None
    limit: int = 50
    target_id: str | None = None
    reporter_id: str | None = None
    responsible_id: str | None = None


class ReportRepository(Protocol):
    def add(self, report: Report) -> None:
        """Store a new report (its ``version`` becomes 1). Raises ``AlreadyExists`` for a taken id."""
        ...

    def get(self, report_id: str) -> Report:
        """The report as last committed. Raises ``NotFound``."""
        ...

    def save(self, report: Report) -> None:
        """Write back a report read by ``get``, bumping its version. Raises ``VersionConflict``, ``NotFound``."""
        ...

    def queue(self, where: QueueFilter) -> Sequence[Report]:
        """Reports matching ``where``, oldest first (then by id), at most ``where.limit``. Read-only."""
        ...


class StrikeRepository(Protocol):
    def add(self, strike: Strike) -> bool:
        """Store ``strike``; False (and nothing changed) when a strike with its id is already there (idempotent)."""
        ...

    def of_user(self, user_id: str) -> Sequence[Strike]:
        """Every strike against ``user_id``, lapsed ones too, oldest first (then by id). Read-only."""
        ...


class TakedownRepository(Protocol):
    def add(self, takedown: Takedown) -> None:
        """Store a new takedown (its ``version`` becomes 1). Raises ``AlreadyExists`` for a taken id."""
        ...

    def get(self, takedown_id: str) -> Takedown:
        """The takedown as last committed. Raises ``NotFound``."""
        ...

    def save(self, takedown: Takedown) -> None:
        """Write back a takedown read by ``get``, bumping its version. Raises ``VersionConflict``, ``NotFound``."""
        ...

    def queue(self, statuses: frozenset[TakedownStatus], limit: int) -> Sequence[Takedown]:
        """Up to ``limit`` takedowns in ``statuses`` (every status when empty), oldest first (then by id)."""
        ...


class Offenders(Protocol):
    """Who answers for a reported target: a profile's or a media item's owner, a review's author, a message's
    sender (read from the contexts that hold them)."""

    def account_of(self, target_kind: TargetKind, target_id: str) -> str | None:
        """The user responsible for the target; ``None`` when there is none (an unknown id, an unowned profile)."""
        ...


class ReportEvidence(Protocol):
    """What a reported target shows staff, read from the context that holds it (contact details masked)."""

    def evidence_of(self, target_kind: TargetKind, target_id: str) -> Evidence:
        """The target as it stands now; ``Evidence.missing`` for an unknown id (deleted since, or never there).
        Read-only."""
        ...


class ModerationUnitOfWork(UnitOfWork, Protocol):
    @property
    def reports(self) -> ReportRepository:
        """The reports store bound to this unit's transaction."""
        ...

    @property
    def strikes(self) -> StrikeRepository:
        """The strikes store bound to this unit's transaction."""
        ...

    @property
    def takedowns(self) -> TakedownRepository:
        """The takedowns store bound to this unit's transaction."""
        ...

    @property
    def audit(self) -> AuditLog:
        """The hash-chained audit log, appended in this unit's transaction."""
        ...

    @property
    def users(self) -> UserRepository:
        """Accounts, read in this unit's transaction."""
        ...
