"""Service bodies: offer a service, change it, and the service as read (HTTP and ``rastup services``)."""

from __future__ import annotations

import attrs

from core.profiles.model import Role, ServiceProfile
from entrypoints.shapes.bounds import Minutes
from entrypoints.shapes.profile_details import MoneyIo


@attrs.frozen
class ServiceIn:
    title: str
    hourly_rate: MoneyIo  # minor units: {"amount": 15000, "currency": "USD"} is $150.00 an hour
    role: Role | None = None  # one of the profile's roles; may be left out when it has only one; none for studios
    min_duration_minutes: Minutes = 60
    cancellation_policy: str = "moderate"  # flexible | moderate | strict


@attrs.frozen
class ServicePatchIn:
    title: str | None = None
    hourly_rate: MoneyIo | None = None
    min_duration_minutes: Minutes | None = None
    cancellation_policy: str | None = None


@attrs.frozen
class ServiceOut:
    id: str
    profile_id: str
    role: Role | None
    title: str
    hourly_rate: MoneyIo
    min_duration_minutes: int
    cancellation_policy: str
    instant_book: bool

    @classmethod
    def of(cls, service: ServiceProfile) -> ServiceOut:
        rate = MoneyIo(service.hourly_rate.amount, service.hourly_rate.currency)
        return cls(service.id, service.profile_id, service.role, service.title, rate, service.min_duration_minutes,
                   service.cancellation_policy, service.instant_book)  # fmt: skip
