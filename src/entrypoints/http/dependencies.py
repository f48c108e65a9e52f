"""Types of the per-request dependencies the container provides (ports are not re-validated)."""

from __future__ import annotations

from litestar.params import SkipValidation

from core.profiles.ports import ProfilesUnitOfWork
from core.shared.clock import Clock, IdGenerator
from core.shared.health import HealthProbe

ProfilesUow = SkipValidation[ProfilesUnitOfWork]
ClockDep = SkipValidation[Clock]
IdsDep = SkipValidation[IdGenerator]
HealthProbes = SkipValidation[list[HealthProbe]]
