"""In-memory fakes for the identity ports, and a `World` that wires them with a fixed clock."""

from __future__ import annotations

import copy
import hashlib
import itertools
import threading
from collections.abc import Sequence
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Self

import attrs

from adapters.crypto.pyotp_totp import PyotpTotpVerifier
from adapters.crypto.segno_qr import SegnoQrCodeRenderer
from adapters.memory.clock import FixedClock, SequentialIds
from adapters.memory.rate_limiter import InMemoryRateLimiter
from core.identity.codes import CodePurpose, OneTimeCode
from core.identity.devices import Device
from core.identity.errors import BreachCheckUnavailable
from core.identity.model import User
from core.identity.service_ports import IpActivity, StrengthEstimate
from core.identity.services import IdentityServices, IdentitySettings
from core.identity.sessions import Session
from core.identity.signin import SignInState
from core.shared.errors import AlreadyExists
from core.shared.events import Event

T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


class _Table:
    """Rows are copied in and out, as a database would: unsaved changes never leak."""

    def __init__(self, rows: dict[Any, Any]) -> None:
        self.rows = rows

    def load(self, key: Any) -> Any:
        return copy.deepcopy(self.rows.get(key))

    def store(self, key: Any, row: Any) -> None:
        self.rows[key] = copy.deepcopy(row)


class InMemoryUsers(_Table):
    def get(self, user_id: str) -> User | None:
        return self.load(user_id)  # type: ignore[no-any-return]

    def get_by_email(self, email: str) -> User | None:
        return next((copy.deepcopy(u) for u in self.rows.values() if u.email == email), None)

    def add(self, user: User) -> None:
        if user.id in self.rows or self.get_by_email(user.email) is not None:
            raise AlreadyExists("user", user.email)
        self.store(user.id, user)

    def save(self, user: User) -> None:
        self.store(user.id, user)


class InMemorySessions(_Table):
    def add(self, session: Session) -> None:
        if session.id in self.rows or self.get_by_token_hash(session.token_hash) is not None:
            raise AlreadyExists("session", session.id)
        self.store(session.id, session)

    def get(self, session_id: str) -> Session | None:
        return self.load(session_id)  # type: ignore[no-any-return]

    def get_by_token_hash(self, token_hash: str) -> Session | None:
        return next((copy.deepcopy(s) for s in self.rows.values() if s.token_hash == token_hash), None)

    def list_for_user(self, user_id: str) -> Sequence[Session]:
        return [copy.deepcopy(s) for s in self.rows.values() if s.user_id == user_id]

    def save(self, session: Session) -> None:
        self.store(session.id, session)


class InMemoryCodes(_Table):
    def put(self, code: OneTimeCode) -> None:
        self.store((code.user_id, code.purpose), code)

    def get(self, user_id: str, purpose: CodePurpose) -> OneTimeCode | None:
        return self.load((user_id, purpose))  # type: ignore[no-any-return]

    def delete(self, user_id: str, purpose: CodePurpose) -> None:
        self.rows.pop((user_id, purpose), None)


class InMemoryDevices(_Table):
    def find(self, user_id: str, ua_family: str, ip_prefix: str) -> Device | None:
        return self.load((user_id, ua_family, ip_prefix))  # type: ignore[no-any-return]

    def list_for_user(self, user_id: str) -> Sequence[Device]:
        return [copy.deepcopy(d) for d in self.rows.values() if d.user_id == user_id]

    def add(self, device: Device) -> None:
        key = (device.user_id, device.ua_family, device.ip_prefix)
        if key in self.rows:
            raise AlreadyExists("device", device.id)
        self.store(key, device)

    def save(self, device: Device) -> None:
        self.store((device.user_id, device.ua_family, device.ip_prefix), device)


class InMemorySignInStates(_Table):
    def get(self, login_key: str) -> SignInState:
        return self.load(login_key) or SignInState(login_key)  # type: ignore[no-any-return]

    def save(self, state: SignInState) -> None:
        self.store(state.login_key, state)


class InMemoryTotpReplays(_Table):
    def claim(self, user_id: str, time_step: int, now: datetime) -> bool:
        if (user_id, time_step) in self.rows:
            return False
        self.rows[(user_id, time_step)] = now
        return True


class InMemoryIdentityUnitOfWork:
    """Snapshot on enter, restore unless committed; committed events kept in ``events``.

    ``fork()`` gives another unit over the same tables (one per thread); a shared lock makes
    units queue, as serialisable transactions would.
    """

    def __init__(self, tables: dict[str, dict[Any, Any]] | None = None, lock: threading.RLock | None = None) -> None:
        self.tables = tables or {name: {} for name in ("users", "sessions", "codes", "devices", "states", "replays")}
        self._lock = lock or threading.RLock()
        self._bind()
        self._snapshot: dict[str, dict[Any, Any]] | None = None  # taken on enter, under the lock
        self._pending: list[Event] = []
        self.events: list[Event] = []
        self.commits = 0

    def _bind(self) -> None:
        self.users = InMemoryUsers(self.tables["users"])
        self.sessions = InMemorySessions(self.tables["sessions"])
        self.codes = InMemoryCodes(self.tables["codes"])
        self.devices = InMemoryDevices(self.tables["devices"])
        self.sign_in_states = InMemorySignInStates(self.tables["states"])
        self.totp_replays = InMemoryTotpReplays(self.tables["replays"])

    def fork(self) -> InMemoryIdentityUnitOfWork:
        return InMemoryIdentityUnitOfWork(self.tables, self._lock)

    def __enter__(self) -> Self:
        self._lock.acquire()
        self._snapshot = self._shallow()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            self.rollback()
        finally:
            self._lock.release()

    def _shallow(self) -> dict[str, dict[Any, Any]]:
        # Rows are copied on every store and load, so a stored row is never mutated in place and a
        # shallow copy of each table is a faithful snapshot.
        return {name: dict(rows) for name, rows in self.tables.items()}

    def commit(self) -> None:
        self._snapshot = self._shallow()
        self.events.extend(self._pending)
        self._pending = []
        self.commits += 1

    def rollback(self) -> None:
        for name, rows in (self._snapshot or {}).items():
            self.tables[name].clear()
            self.tables[name].update(rows)
        self._pending = []

    def record(self, event: Event) -> None:
        self._pending.append(event)

    def collect_events(self) -> list[Event]:
        events, self.events = self.events, []
        return events

    def of_type(self, kind: type[Event]) -> list[Any]:
        return [e for e in self.events if isinstance(e, kind)]


class FakePasswordHasher:
    """Fast and deterministic; counts verifies (timing parity is asserted as equal work)."""

    def __init__(self, version: int = 1) -> None:
        self.version = version
        self.verifies = 0
        self.hashes = 0

    def hash(self, password: str) -> str:
        self.hashes += 1
        return f"fake$v{self.version}${hashlib.sha256(password.encode()).hexdigest()}"

    def verify(self, encoded: str, password: str) -> bool:
        self.verifies += 1
        return encoded.split("$")[-1] == hashlib.sha256(password.encode()).hexdigest()

    def needs_rehash(self, encoded: str) -> bool:
        return encoded.split("$")[1] != f"v{self.version}"


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
