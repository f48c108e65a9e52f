"""The public page states the cancellation terms the profile's services actually book under."""

from __future__ import annotations

from core.cancellation.policies import FLEXIBLE, MODERATE, STRICT
from core.onboarding.public_page import platform_policies, policies_of
from core.profiles.model import Role, ServiceProfile
from core.shared.money import Money


def _service(n: int, policy: str) -> ServiceProfile:
    return ServiceProfile(f"spf_{n}", "prf_1", Role.PHOTOGRAPHER, f"Service {n}", Money.of_major(100, "USD"),
                          cancellation_policy=policy)  # fmt: skip


def test_without_services_the_platform_policy_is_shown() -> None:
    assert policies_of([], platform_policies()) == platform_policies()
    assert platform_policies().cancellation == MODERATE.summary()


def test_services_sharing_a_policy_show_it_once() -> None:
    shown = policies_of([_service(1, "strict"), _service(2, "strict")], platform_policies())
    assert shown.cancellation == STRICT.summary()
    assert shown.reschedule == platform_policies().reschedule


def test_services_with_different_policies_show_each_by_title() -> None:
    shown = policies_of([_service(1, "strict"), _service(2, "flexible")], platform_policies())
    assert shown.cancellation == f"Service 1: {STRICT.summary()} Service 2: {FLEXIBLE.summary()}"
