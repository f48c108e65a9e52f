"""In-memory fakes for the identity ports, and a `World` that wires them with a fixed clock."""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import attrs

from adapters.crypto.pyotp_totp import PyotpTotpVerifier
from adapters.crypto.segno_qr import SegnoQrCodeRenderer
from adapters.memory.clock import FixedClock, SequentialIds
from adapters.memory.identity import InMemoryIdentityUnitOfWork as MemoryIdentityUnitOfWork
from adapters.memory.rate_limiter import InMemoryRateLimiter
from adapters.memory.unit_of_work import InMemoryDatabase
from core.identity.codes import CodePurpose
from core.identity.errors import BreachCheckUnavailable
from core.identity.service_ports import IpActivity, StrengthEstimate
from core.identity.services import IdentityServices, IdentitySettings
from core.shared.events import Event

T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


class InMemoryIdentityUnitOfWork(MemoryIdentityUnitOfWork):
    """The shipped in-memory unit, plus what tests inspect: committed events in ``events``.

    ``fork()`` gives another unit over the same database (one per thread); the database lock makes
    units queue, as serialisable transactions would.
    """

    def __init__(self, database: InMemoryDatabase | None = None) -> None:
        super().__init__(database)
        self._uncommitted: list[Event] = []
        self.events: list[Event] = []
        self.commits = 0

    def fork(self) -> InMemoryIdentityUnitOfWork:
        return InMemoryIdentityUnitOfWork(self.database)

    def record(self, event: Event) -> None:
        super().record(event)
        self._uncommitted.append(event)

    def commit(self) -> None:
        super().commit()
        self.events.extend(self._uncommitted)
        self._uncommitted = []
        self.commits += 1

    def rollback(self) -> None:
        super().rollback()
        self._uncommitted = []

    def of_type(self, kind: type[Event]) -> list[Any]:
        return [e for e in self.events if isinstance(e, kind)]


class FakePasswordHasher:
    """Fast, salted with a counter (``fake$v<version>$<salt>$<digest>``); counts verifies (timing parity is
    asserted as equal work). Keeps the PasswordHasher contract (tests/contracts/password_hasher.py)."""

    def __init__(self, version: int = 1) -> None:
        self.version = version
        self.verifies = 0
        self.hashes = 0

    def hash(self, password: str) -> str:
        self.hashes += 1
        salt = f"{self.hashes:08x}"
        return f"fake$v{self.version}${salt}${_digest(salt, password)}"

    def verify(self, encoded: str, password: str) -> bool:
        self.verifies += 1
        parts = encoded.split("$")
        return len(parts) == 4 and parts[0] == "fake" and parts[3] == _digest(parts[2], password)

    def needs_rehash(self, encoded: str) -> bool:
        parts = encoded.split("$")
        return len(parts) != 4 or parts[1] != f"v{self.version}"


def _digest(salt: str, password: str) -> str:
    return hashlib.sha256(f"{salt}:{password}".encode()).hexdigest()


class DistinctCharsStrength:
    """Score = distinct characters // 3, capped at 4; user inputs inside the password score 0."""

    def estimate(self, password: str, user_inputs: Sequence[str]) -> StrengthEstimate:
        if any(i and i.casefold() in password.casefold() for i in user_inputs):
            return StrengthEstimate(0, ("avoid your email",))
        score = min(4, len(set(password)) // 3)
        return StrengthEstimate(score, () if score >= 3 else ("add more words",))


class SetBreachedPasswords:
    def __init__(self, breached: set[str] | None = None) -> None:
        self.breached = breached or set()
        self.down = False

    def is_breached(self, password: str) -> bool:
        if self.down:
            raise BreachCheckUnavailable("test outage")
        return password in self.breached


class CountingTokens:
    """Distinct, predictable tokens and codes."""

    def __init__(self) -> None:
        self._n = itertools.count(1)

    def new_token(self, nbytes: int) -> str:
        return f"tok{next(self._n):0{nbytes}d}"

    def new_code(self, alphabet: str, length: int) -> str:
        n, chars = next(self._n) * 7919, []
        for _ in range(length):
            n, digit = divmod(n, len(alphabet))
            chars.append(alphabet[digit])
        return "".join(chars)


class FakeCaptcha:
    def __init__(self) -> None:
        self.good_tokens = {"solved"}

    def verify(self, token: str, remote_ip: str) -> bool:
        return token in self.good_tokens


class InMemoryLoginTelemetry:
    def __init__(self) -> None:
        self.attempts: list[tuple[str, str, datetime]] = []

    def record_attempt(self, ip: str, login_key: str, now: datetime) -> None:
        self.attempts.append((ip, login_key, now))

    def ip_activity(self, ip: str, window_s: int, now: datetime) -> IpActivity:
        recent = [k for i, k, at in self.attempts if i == ip and (now - at).total_seconds() < window_s]
        return IpActivity(len(recent), len(set(recent)))


class RecordingNotifier:
    def __init__(self) -> None:
        self.sent: list[tuple[str, str, str, datetime]] = []

    def send_code(self, email: str, purpose: str, code: str, expires_at: datetime) -> None:
        self.sent.append((email, purpose, code, expires_at))

    def last_code(self, email: str, purpose: CodePurpose) -> str:
        return [c for e, p, c, _ in self.sent if e == email and p == purpose.value][-1]


@attrs.define
class World:
    """Everything a handler needs, in memory, with a clock that moves only when told."""

    clock: FixedClock = attrs.Factory(lambda: FixedClock(T0))
    uow: InMemoryIdentityUnitOfWork = attrs.Factory(InMemoryIdentityUnitOfWork)
    hasher: FakePasswordHasher = attrs.Factory(FakePasswordHasher)
    breached: SetBreachedPasswords = attrs.Factory(SetBreachedPasswords)
    captcha: FakeCaptcha = attrs.Factory(FakeCaptcha)
    telemetry: InMemoryLoginTelemetry = attrs.Factory(InMemoryLoginTelemetry)
    notifier: RecordingNotifier = attrs.Factory(RecordingNotifier)
    rate_limiter: InMemoryRateLimiter = attrs.Factory(InMemoryRateLimiter)
    totp: PyotpTotpVerifier = attrs.Factory(PyotpTotpVerifier)
    settings: IdentitySettings = attrs.Factory(IdentitySettings)

    @property
    def svc(self) -> IdentityServices:
        return IdentityServices(
            clock=self.clock,
            ids=self._ids,
            hasher=self.hasher,
            strength=DistinctCharsStrength(),
            breached=self.breached,
            tokens=self._tokens,
            totp=self.totp,
            qr=SegnoQrCodeRenderer(),
            rate_limiter=self.rate_limiter,
            captcha=self.captcha,
            telemetry=self.telemetry,
            notifier=self.notifier,
            pepper=b"p" * 32,
            dummy_password_hash=self.hasher.hash("dummy-password-never-matches"),
            settings=self.settings,
        )

    _ids: SequentialIds = attrs.Factory(SequentialIds)
    _tokens: CountingTokens = attrs.Factory(CountingTokens)
