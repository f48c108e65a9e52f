"""Identity's handlers on the message bus: security notices reach the account's owner, the old address, or nobody."""

from __future__ import annotations

from tests.unit.identity.fakes import T0, World
from tests.unit.identity.flows import EMAIL, signed_up

from core.identity.events import (
    EmailChanged,
    NewDeviceSeen,
    PasswordChanged,
    PasswordReset,
    PayoutDestinationChanged,
    PhoneVerified,
    SignInSucceeded,
    SignupAttemptedForExistingEmail,
)
from core.identity.on_events import identity_handlers
from core.shared.events import Event
from core.shared.messagebus import MessageBus


class NoticesSent:
    def __init__(self) -> None:
        self.sent: list[tuple[str, str, str]] = []

    def send_notice(self, email: str, subject: str, text: str) -> None:
        self.sent.append((email, subject, text))


def _raise(_event: Event, _handler: str, error: Exception) -> None:
    raise error


def bus_for(world: World, notices: NoticesSent, done: list[object]) -> MessageBus:
    handlers = identity_handlers(notices, world.uow.fork)
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
    assert done == ["notified"] * 7


def test_an_account_deleted_since_is_told_nothing() -> None:
    world, notices, done = World(), NoticesSent(), []
    bus_for(world, notices, done).dispatch([PasswordReset("usr_gone", T0)])
    assert notices.sent == [] and done == ["no-account"]
