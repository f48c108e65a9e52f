"""Types of the per-request dependencies the container provides (ports are not re-validated)."""

from __future__ import annotations

from collections.abc import Callable

import attrs
from litestar.params import SkipValidation

from adapters.system.outbox_relay import OutboxRelayWorker
from config.identity import IdentityEdge
from core.booking.account import PartiesUnitOfWork
from core.booking.money_ports import MoneyUnitOfWork
from core.calendar.ports import CalendarUnitOfWork
from core.flags.handlers import Switchboard
from core.identity.ports import IdentityUnitOfWork
from core.identity.services import IdentityServices
from core.media.ports import MediaUnitOfWork, ObjectStore
from core.moderation.ports import ModerationUnitOfWork, ReportEvidence
from core.moderation.strikes import StrikePolicy
from core.onboarding.eligibility import Thresholds
from core.onboarding.ports import OnboardingUnitOfWork, VerificationProvider
from core.onboarding.public_page import PublicSources
from core.pages.reads import PublicReads
from core.profiles.ports import ProfilesUnitOfWork
from core.reviews.ports import ReviewsUnitOfWork
from core.shared.actor import Actor
from core.shared.clock import Clock, IdGenerator
from core.shared.commands import CommandBus
from core.shared.health import HealthProbe

CommandsDep = SkipValidation[CommandBus]  # bus.handle(command): every change goes through it
SwitchboardDep = SkipValidation[Switchboard]
ProfilesUow = SkipValidation[ProfilesUnitOfWork]
PublicBaseUrl = SkipValidation[str]  # settings.public_base_url: the origin of every absolute URL built
ClockDep = SkipValidation[Clock]
IdsDep = SkipValidation[IdGenerator]
HealthProbes = SkipValidation[list[HealthProbe]]
OnboardingUow = SkipValidation[OnboardingUnitOfWork]
ThresholdsDep = SkipValidation[Thresholds]
VerificationProviderDep = SkipValidation[VerificationProvider]
PublicSourcesDep = SkipValidation[PublicSources]


@attrs.frozen
class PublicPageDesk:
    """What a public page's read needs, as ONE dependency: Litestar resolves several dependencies of a handler in
    an anyio task group (about 0.3 ms a request here), and a lone one directly."""

    reads: PublicReads
    clock: Clock
    viewer: Callable[[], Actor]  # the caller, resolved only when asked (an unpublished page's preview)


PublicPageDeskDep = SkipValidation[PublicPageDesk]


@attrs.frozen
class ProfileReadDesk:
    """A profile read's unit of work (made when asked: a kept answer needs none), caller, clock and the public
    reads of a moment ago, as one dependency (see ``PublicPageDesk``)."""

    new_uow: Callable[[], ProfilesUnitOfWork]
    viewer: Actor
    clock: Clock
    reads: PublicReads


@attrs.frozen
class CalendarReadDesk:
    """A calendar read's unit of work (made when asked), clock, caller and the public reads of a moment ago, as one
    dependency (see ``PublicPageDesk``)."""

    new_uow: Callable[[], CalendarUnitOfWork]
    clock: Clock
    viewer: Actor
    reads: PublicReads


ProfileReadDeskDep = SkipValidation[ProfileReadDesk]
CalendarReadDeskDep = SkipValidation[CalendarReadDesk]
CalendarUow = SkipValidation[CalendarUnitOfWork]
BookingUow = SkipValidation[MoneyUnitOfWork]  # checkout's unit, with the ledger, refunds and payouts
IdentityUow = SkipValidation[IdentityUnitOfWork]
IdentityServicesDep = SkipValidation[IdentityServices]
IdentityEdgeDep = SkipValidation[IdentityEdge]
OutboxRelayDep = SkipValidation[OutboxRelayWorker]  # its run_once: a relay round on the calling thread
MediaUow = SkipValidation[MediaUnitOfWork]
MediaStoreDep = SkipValidation[ObjectStore]
ReviewsUow = SkipValidation[ReviewsUnitOfWork]
ModerationUow = SkipValidation[ModerationUnitOfWork]
ReportEvidenceDep = SkipValidation[ReportEvidence]
StrikePolicyDep = SkipValidation[StrikePolicy]
PartiesUow = SkipValidation[PartiesUnitOfWork]  # the booking unit, read for who booked whom
