"""Types of the per-request dependencies the container provides (ports are not re-validated)."""

from __future__ import annotations

from litestar.params import SkipValidation

from adapters.system.outbox_relay import OutboxRelayWorker
from config.identity import IdentityEdge
from core.booking.money_ports import MoneyUnitOfWork
from core.calendar.ports import CalendarUnitOfWork
from core.flags.handlers import Switchboard
from core.identity.ports import IdentityUnitOfWork
from core.identity.services import IdentityServices
from core.media.ports import MediaUnitOfWork, ObjectStore
from core.moderation.ports import ModerationUnitOfWork
from core.onboarding.eligibility import Thresholds
from core.onboarding.ports import OnboardingUnitOfWork, VerificationProvider
from core.onboarding.public_page import PublicSources
from core.pages.reads import PublicReads
from core.profiles.ports import ProfilesUnitOfWork
from core.reviews.ports import ReviewsUnitOfWork
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
PublicReadsDep = SkipValidation[PublicReads]
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
