"""Identity's handlers on the message bus: security notices reach the account's owner, the old address, or nobody."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

from tests.unit.identity.fakes import T0, World
from tests.unit.identity.flows import EMAIL, signed_up

from core.identity import events
from core.identity.events import (
    AccountLocked,
    EmailChanged,
    NewDeviceSeen,
    PasswordChanged,
    PasswordReset,
    PayoutDestinationChanged,
    PhoneVerified,
    SessionsRevoked,
    SignInFailed,
    SignInSucceeded,
    SignupAttemptedForExistingEmail,
)
from core.identity.on_events import SIGNALS, identity_handlers
from core.shared.events import Event
from core.shared.messagebus import MessageBus
from core.shared.outbox import outbound_types


class NoticesSent:
    def __init__(self) -> None:
        self.sent: list[tuple[str, str, str]] = []

    def send_notice(self, email: str, subject: str, text: str) -> None:
        self.sent.append((email, subject, text))


class SignalsSeen:
    def __init__(self) -> None:
        self.seen: list[tuple[str, dict[str, str]]] = []

    def observed(self, event: str, fields: Mapping[str, str]) -> None:
        self.seen.append((event, dict(fields)))


def _raise(_event: Event, _handler: str, error: Exception) -> None:
    raise error


def bus_for(world: World, notices: NoticesSent, done: list[object], signals: SignalsSeen | None = None) -> MessageBus:
    handlers = identity_handlers(notices, world.uow.fork, signals or SignalsSeen())
    return MessageBus(handlers, on_failure=_raise, on_handled=lambda _e, _h, what: done.append(what))


def test_security_events_tell_the_accounts_owner_and_an_email_change_tells_the_previous_address() -> None:
    world, notices, done = World(), NoticesSent(), []
    user_id = signed_up(world)
    bus_for(world, notices, done).dispatch([
        NewDeviceSeen(user_id, "dev_2", "Firefox", "198.51.100.0/24", T0),
        PasswordReset(user_id, T0),
        PasswordChanged(user_id, T0),
        PayoutDestinationChanged(user_id, T0),
        PhoneVerified(user_id, T0),
        SignupAttemptedForExistingEmail(user_id, "203.0.113.7", T0),
        EmailChanged(user_id, "old@example.com", T0),
        SignInSucceeded(user_id, "ses_1", "dev_2", "203.0.113.7", 0, T0),  # no notice for a plain sign-in
    ])  # fmt: skip
    owner = EMAIL.casefold()
    assert [(to, subject) for to, subject, _text in notices.sent] == [
        (owner, "new sign-in"), (owner, "password reset"), (owner, "password changed"),
        (owner, "payout destination changed"), (owner, "phone added"), (owner, "sign-up attempt"),
        ("old@example.com", "email changed"),
    ]  # fmt: skip
    assert "Firefox from 198.51.100.0/24" in notices.sent[0][2]
    assert done == ["notified"] * 7 + ["observed"]  # the plain sign-in is a signal


def test_an_account_deleted_since_is_told_nothing() -> None:
    world, notices, done = World(), NoticesSent(), []
    bus_for(world, notices, done).dispatch([PasswordReset("usr_gone", T0)])
    assert notices.sent == [] and done == ["no-account"]


def test_every_other_identity_event_is_a_signal_carrying_ids_and_reasons_but_never_an_email_or_an_address() -> None:
    world, signals, done = World(), SignalsSeen(), []
    bus = bus_for(world, NoticesSent(), done, signals)
    bus.dispatch([
        SignInFailed("ana@example.com", "203.0.113.7", True, T0),
        AccountLocked("ana@example.com", T0 + timedelta(minutes=15)),
        SessionsRevoked("usr_1", ("ses_1", "ses_2"), "password-reset", T0),
    ])  # fmt: skip
    assert signals.seen == [
        ("sign_in_failed", {"locked": "True"}),
        ("account_locked", {}),
        ("sessions_revoked", {"user_id": "usr_1", "reason": "password-reset", "sessions": "2"}),
    ]
    assert done == ["observed"] * 3
    for _name, fields in signals.seen:
        assert not any("@" in value or value.startswith("203.") for value in fields.values())
    recorded = {kind for kind in vars(events).values() if isinstance(kind, type) and issubclass(kind, events.Event)}
    handled = set(identity_handlers(NoticesSent(), world.uow.fork, signals))
    outbound = {kind for kind in outbound_types().values() if kind.__module__ == events.__name__}
    assert recorded - {events.Event} == handled | outbound  # every identity event has a handler or leaves by the outbox
    assert set(SIGNALS) <= handled
